/// Reads one JSON text (RFC 8259) from bytes in place, as generated payload types ask for
/// their values: no `String` for the text, no `Data`, no tree of values.
///
/// The rules, where JSON parsers differ:
/// - Exactly RFC 8259: no trailing commas, comments, `NaN`, leading zeros or byte order mark;
///   strings must be valid UTF-8, control characters escaped, and surrogate escapes paired.
/// - An object that names a member twice: the last one wins, as in JavaScript's `JSON.parse`,
///   so that Swift and browser clients read the same value.
/// - Arrays and objects nest at most ``maximumDepth`` deep. The text itself is bounded by the
///   event it came in (``ServerSentEventDecoder/Limits/maximumEventSize``).
/// - Members the type does not know are skipped, but they must be well-formed JSON too.
///
/// Generated code reads objects member by member:
///
/// ```swift
/// try __reader.beginObject()
/// while let __key = try __reader.nextMember() {
///     switch __key {
///     case "price": _price = try __reader.readString()
///     default: try __reader.skipValue()
///     }
/// }
/// ```
@_spi(Generated) public struct JSONReader {
    /// How deep arrays and objects may nest.
    public static let maximumDepth = 128

    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline var index = 0
    @usableFromInline var depth = 0
    /// Right after `[` or `{`: the next member or element needs no comma.
    @usableFromInline var atContainerStart = false
    /// Where the value read last began: checks on it report this offset.
    @usableFromInline var start = 0

    /// Where the value read last began: checks on it report this offset.
    public var valueStart: Int { start }

    @usableFromInline
    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Reads `bytes` as one JSON text: `body` reads its value, and only whitespace may follow.
    @inlinable
    public static func read<Value>(
        _ bytes: UnsafeRawBufferPointer,
        _ body: (inout JSONReader) throws(JSONPayloadError) -> Value
    ) throws(JSONPayloadError) -> Value {
        var reader = JSONReader(bytes: bytes)
        let value = try body(&reader)
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw reader.trailingText() }
        return value
    }

    @usableFromInline
    func trailingText() -> JSONPayloadError {
        malformed("unexpected \(describeByte(at: index)) after the JSON value")
    }

    // MARK: - Structure

    /// Reads `{` and returns where the object starts.
    @inlinable
    @discardableResult
    public mutating func beginObject() throws(JSONPayloadError) -> Int {
        let first = try startValue()
        guard first == UInt8(ascii: "{") else { throw mismatch(expected: "an object", found: first) }
        try enterContainer()
        return valueStart
    }

    /// The next member's name, the reader then at its value; `nil` after the closing `}`.
    @inlinable
    @inline(__always)
    public mutating func nextMember() throws(JSONPayloadError) -> JSONKey? {
        guard try continuesContainer(closing: UInt8(ascii: "}")) else { return nil }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw expectedName() }
        let key = try readKey()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw expectedColon() }
        index += 1
        return key
    }

    /// Reads `[` and returns where the array starts.
    @inlinable
    @discardableResult
    public mutating func beginArray() throws(JSONPayloadError) -> Int {
        let first = try startValue()
        guard first == UInt8(ascii: "[") else { throw mismatch(expected: "an array", found: first) }
        try enterContainer()
        return valueStart
    }

    /// Whether another element follows, the reader then at it; `false` after the closing `]`.
    @inlinable
    public mutating func nextElement() throws(JSONPayloadError) -> Bool {
        try continuesContainer(closing: UInt8(ascii: "]"))
    }

    /// Reads `null` if it comes next, and says whether it did.
    @inlinable
    public mutating func readNull() throws(JSONPayloadError) -> Bool {
        guard try startValue() == UInt8(ascii: "n") else { return false }
        try readLiteral("null")
        return true
    }

    /// Reads `true` or `false`.
    public mutating func readBool() throws(JSONPayloadError) -> Bool {
        switch try startValue() {
        case UInt8(ascii: "t"):
            try readLiteral("true")
            return true
        case UInt8(ascii: "f"):
            try readLiteral("false")
            return false
        case let first:
            throw mismatch(expected: "a boolean", found: first)
        }
    }

    /// Reads any value, checking that it is well-formed, and drops it.
    public mutating func skipValue() throws(JSONPayloadError) {
        switch try startValue() {
        case UInt8(ascii: "{"):
            try enterContainer()
            while try nextMember() != nil { try skipValue() }
        case UInt8(ascii: "["):
            try enterContainer()
            while try nextElement() { try skipValue() }
        case UInt8(ascii: "\""):
            _ = try readStringContent(validating: true)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try readBool()
        case UInt8(ascii: "n"):
            try readLiteral("null")
        default:
            _ = try scanNumber()
        }
    }

    /// The string value of member `name` of the object that starts here, without moving the
    /// reader: a `oneOf`'s discriminator, which may come after the members it decides.
    public mutating func peekDiscriminator(_ name: StaticString) throws(JSONPayloadError) -> String {
        let saved = self
        let object = try beginObject()
        var tag: (value: String, start: Int)?
        while let key = try nextMember() {
            if name ~= key { tag = (try readString(), valueStart) } else { try skipValue() }
        }
        guard let tag else { throw missing(name.description, objectAt: object) }
        self = saved
        // A tag no alternative has is reported at the tag.
        start = tag.start
        return tag.value
    }

    // MARK: - Errors

    /// A value the schema does not allow, at the value read last.
    public func invalid(_ message: String) -> JSONPayloadError {
        JSONPayloadError(offset: start, message: message, isMalformed: false)
    }

    /// Throws `problem` (a ``PayloadCheck`` result) about the value read last, or the one at `offset`.
    @inlinable
    public func check(_ problem: String?, at offset: Int? = nil) throws(JSONPayloadError) {
        guard let problem else { return }
        throw JSONPayloadError(offset: offset ?? valueStart, message: problem, isMalformed: false)
    }

    /// The value of a required member that was read, or an error at the object that lacks it.
    @inlinable
    public func required<Value>(
        _ value: Value?, _ name: StaticString, objectAt start: Int
    ) throws(JSONPayloadError) -> Value {
        guard let value else { throw missing(name.description, objectAt: start) }
        return value
    }

    /// A required member that is absent from the object at `start`.
    public func missing(_ name: String, objectAt start: Int) -> JSONPayloadError {
        JSONPayloadError(offset: start, message: "required property '\(name)' is missing", isMalformed: false)
    }

    @usableFromInline
    func malformed(_ message: String, at offset: Int? = nil) -> JSONPayloadError {
        JSONPayloadError(offset: offset ?? index, message: message, isMalformed: true)
    }

    @usableFromInline
    func mismatch(expected: String, found first: UInt8) -> JSONPayloadError {
        guard let found = Self.kind(startingWith: first) else {
            return malformed("\(describeByte(at: index)) cannot start a JSON value")
        }
        return JSONPayloadError(offset: valueStart, message: "expected \(expected), found \(found)", isMalformed: false)
    }

    static func kind(startingWith byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): "a number"
        default: nil
        }
    }

    func describeByte(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the JSON" }
        let byte = bytes[offset]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    // MARK: - Tokens

    /// Inlinable: the generated decoders call it between every two tokens.
    @inlinable
    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index &+= 1
            default: return
            }
        }
    }

    /// The first byte of the next value, after whitespace; its offset becomes ``valueStart``.
    @inlinable
    @inline(__always)
    mutating func startValue() throws(JSONPayloadError) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw endedEarly() }
        start = index
        return bytes[index]
    }

    @usableFromInline
    mutating func enterContainer() throws(JSONPayloadError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw malformed("arrays and objects nest deeper than \(Self.maximumDepth)")
        }
        index += 1
        atContainerStart = true
    }

    /// After `[`/`{` or a value inside: `true` at the next element (past its comma), `false`
    /// past the closing bracket.
    @inlinable
    @inline(__always)
    mutating func continuesContainer(closing: UInt8) throws(JSONPayloadError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw endedInside(closing: closing) }
        let byte = bytes[index]
        if byte == closing {
            index &+= 1
            depth &-= 1
            atContainerStart = false
            return false
        }
        if atContainerStart {
            atContainerStart = false
            return true
        }
        guard byte == UInt8(ascii: ",") else { throw expectedComma(closing: closing) }
        index &+= 1
        skipWhitespace()
        return true
    }

    // The errors of the inlined paths, made out of line.

    @usableFromInline
    func endedEarly() -> JSONPayloadError { malformed("the JSON ends where a value should be") }

    @usableFromInline
    func endedInside(closing: UInt8) -> JSONPayloadError {
        malformed("the JSON ends inside \(closing == UInt8(ascii: "]") ? "an array" : "an object")")
    }

    @usableFromInline
    func expectedComma(closing: UInt8) -> JSONPayloadError {
        let container = closing == UInt8(ascii: "]") ? "an array" : "an object"
        return malformed(
            "expected ',' or '\(Character(Unicode.Scalar(closing)))' in \(container), found \(describeByte(at: index))")
    }

    @usableFromInline
    func expectedName() -> JSONPayloadError {
        malformed("expected a member name in double quotes, found \(describeByte(at: index))")
    }

    @usableFromInline
    func expectedColon() -> JSONPayloadError {
        malformed("expected ':' after a member name, found \(describeByte(at: index))")
    }

    @usableFromInline
    mutating func readLiteral(_ literal: StaticString) throws(JSONPayloadError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count,
            UnsafeRawBufferPointer(rebasing: bytes[index..<(index + count)]).elementsEqualBytes(
                UnsafeRawBufferPointer(start: literal.utf8Start, count: count))
        else { throw malformed("\(describeByte(at: index)) cannot start a JSON value") }
        index += count
    }
}

/// A member name as read, matched against the names a type knows with `case "name":`.
@_spi(Generated) public struct JSONKey {
    /// The name's bytes in the text, between its quotes.
    @usableFromInline let raw: UnsafeRawBufferPointer
    /// Whether the name has escapes (checked when it was read): undone when asked for.
    @usableFromInline let hasEscapes: Bool

    @usableFromInline
    init(raw: UnsafeRawBufferPointer, hasEscapes: Bool) {
        self.raw = raw
        self.hasEscapes = hasEscapes
    }

    /// The name.
    public var string: String {
        guard hasEscapes else { return String(utf8: raw) }
        // The quotes around the name are in the text too.
        var reader = JSONReader(bytes: UnsafeRawBufferPointer(start: raw.baseAddress! - 1, count: raw.count + 2))
        return (try? reader.readStringContent(validating: false)) ?? ""
    }

    /// Whether the name is `pattern`. Inlined where a generated `switch` matches names: most
    /// names differ in length, which settles it.
    @inlinable
    @inline(__always)
    public static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        let count = pattern.utf8CodeUnitCount
        guard !key.hasEscapes else {
            return key.equals(UnsafeRawBufferPointer(start: pattern.utf8Start, count: count))
        }
        guard key.raw.count == count else { return false }
        let expected = pattern.utf8Start
        for offset in 0..<count where key.raw[offset] != expected[offset] { return false }
        return true
    }

    @usableFromInline
    func equals(_ name: UnsafeRawBufferPointer) -> Bool {
        guard hasEscapes else { return raw.elementsEqualBytes(name) }
        var unescaped = string
        return unescaped.withUTF8 { UnsafeRawBufferPointer($0).elementsEqualBytes(name) }
    }
}
