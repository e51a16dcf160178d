/// Writes one JSON text straight into a byte buffer (an event's frame), as generated payload
/// types write their values, with the rules of ``EventPayloadJSON``: one line, members in the
/// order the generator sorted them (by the UTF-8 bytes of their names; maps sort at run time
/// the same way), strings escaped as `JSONEncoder` escapes them, numbers as it writes them.
///
/// Commas go in by themselves: a value or member that follows another gets one.
///
/// ```swift
/// __writer.beginObject()
/// __writer.key("price")
/// __writer.write(self.price)
/// __writer.endObject()
/// ```
@_spi(Generated) public struct JSONWriter {
    /// The buffer, holding whatever preceded the JSON text and the text so far.
    public var bytes: [UInt8]
    /// Where the JSON text starts in ``bytes``.
    public let start: Int
    /// Whether the last thing written was a whole value, which the next one follows after a comma.
    @usableFromInline var followsValue = false

    /// A writer that appends to `bytes`.
    public init(appendingTo bytes: consuming [UInt8] = []) {
        self.start = bytes.count
        self.bytes = bytes
    }

    // MARK: - Structure

    /// Writes the comma a value needs when it follows another in an array or an object.
    /// Writers call it themselves; an array whose items are checked calls it before the check,
    /// so that an error names the item.
    @inlinable
    public mutating func beginElement() {
        if followsValue {
            bytes.append(UInt8(ascii: ","))
            followsValue = false
        }
    }

    /// `{`
    @inlinable
    public mutating func beginObject() {
        beginElement()
        bytes.append(UInt8(ascii: "{"))
    }

    /// `}`
    @inlinable
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        followsValue = true
    }

    /// `[`
    @inlinable
    public mutating func beginArray() {
        beginElement()
        bytes.append(UInt8(ascii: "["))
    }

    /// `]`
    @inlinable
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        followsValue = true
    }

    /// A member's name and its colon.
    public mutating func key(_ name: StaticString) {
        beginElement()
        appendQuoted(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A map's key and its colon.
    public mutating func key(_ name: String) {
        beginElement()
        var name = name
        name.withUTF8 { appendQuoted(UnsafeRawBufferPointer($0)) }
        bytes.append(UInt8(ascii: ":"))
    }

    // MARK: - Values

    /// A string, escaped.
    public mutating func write(_ value: String) {
        beginElement()
        var value = value
        value.withUTF8 { appendQuoted(UnsafeRawBufferPointer($0)) }
        followsValue = true
    }

    /// `true` or `false`.
    public mutating func write(_ value: Bool) {
        beginElement()
        ServerSentEventEncoder.appendASCII(value ? "true" : "false", into: &bytes)
        followsValue = true
    }

    /// `null`
    public mutating func writeNull() {
        beginElement()
        ServerSentEventEncoder.appendASCII("null", into: &bytes)
        followsValue = true
    }

    /// An integer in decimal.
    public mutating func write(_ value: Int64) {
        beginElement()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        ServerSentEventEncoder.appendDecimal(value.magnitude, into: &bytes)
        followsValue = true
    }

    /// An integer in decimal.
    public mutating func write(_ value: Int32) {
        write(Int64(value))
    }

    /// The shortest text that reads back as `value` (`0.1`, `1e-07`, `100`), as `JSONEncoder`
    /// writes it; a value that is not finite has no JSON and is refused.
    public mutating func write(_ value: Double) throws(JSONPayloadError) {
        guard value.isFinite else { throw notFinite(value) }
        beginElement()
        appendShortest(value.description)
        followsValue = true
    }

    /// The shortest text that reads back as `value`, as `JSONEncoder` writes it.
    public mutating func write(_ value: Float) throws(JSONPayloadError) {
        guard value.isFinite else { throw notFinite(value) }
        beginElement()
        appendShortest(value.description)
        followsValue = true
    }

    /// Throws `problem` (a ``PayloadCheck`` result) about the value about to be written: a
    /// server never sends what its own clients refuse.
    @inlinable
    public func check(_ problem: String?) throws(JSONPayloadError) {
        if let problem { throw JSONPayloadError(offset: bytes.count - start, message: problem, isMalformed: false) }
    }

    /// A map's members in the order they are written: by the UTF-8 bytes of their keys, as
    /// `JSONEncoder` sorts them.
    public static func sorted<Value>(_ map: [String: Value]) -> [(key: String, value: Value)] {
        map.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    // MARK: - Text

    private func notFinite(_ value: some BinaryFloatingPoint) -> JSONPayloadError {
        JSONPayloadError(
            offset: bytes.count - start, message: "\(value) is not a number JSON can hold", isMalformed: false)
    }

    /// Swift's shortest round-trip text, less a trailing `.0` (`JSONEncoder` writes `1`, not `1.0`).
    private mutating func appendShortest(_ description: String) {
        var description = description
        description.withUTF8 { text in
            if text.count > 2, text[text.count - 2] == UInt8(ascii: "."), text[text.count - 1] == UInt8(ascii: "0") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<(text.count - 2)]))
            } else {
                bytes.append(contentsOf: text)
            }
        }
    }

    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// `"` content `"`, escaped as `JSONEncoder` escapes: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
    /// `\t`, `\u00XX` for the other control characters; `/` and everything else as it is.
    private mutating func appendQuoted(_ content: UnsafeRawBufferPointer) {
        bytes.append(UInt8(ascii: "\""))
        // Most text needs no escape: one copy, after a scan eight bytes at a time.
        guard Self.needsEscaping(content) else {
            bytes.append(contentsOf: content)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        var runStart = 0
        for offset in 0..<content.count {
            let byte = content[offset]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: content[runStart..<offset]))
            runStart = offset + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                ServerSentEventEncoder.appendASCII("u00", into: &bytes)
                bytes.append(Self.hexDigit(byte >> 4))
                bytes.append(Self.hexDigit(byte & 0xF))
            }
        }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: content[runStart...]))
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether `content` holds a quote, a backslash or a control character.
    private static func needsEscaping(_ content: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        if let base = content.baseAddress {
            while offset + 8 <= content.count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                if JSONReader.bytes(of: word, equalTo: 0x22) | JSONReader.bytes(of: word, equalTo: 0x5C)
                    | JSONReader.bytes(of: word, below: 0x20) != 0
                {
                    return true
                }
                offset += 8
            }
        }
        while offset < content.count {
            let byte = content[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            offset += 1
        }
        return false
    }
}
