// Strings: RFC 8259 section 7. "All Unicode characters may be placed within the quotation
// marks, except for the characters that MUST be escaped: quotation mark, reverse solidus, and
// the control characters (U+0000 through U+001F)."

extension JSONReader {
    /// Reads a string.
    @inlinable
    public mutating func readString() throws(JSONPayloadError) -> String {
        let first = try startValue()
        guard first == UInt8(ascii: "\"") else { throw mismatch(expected: "a string", found: first) }
        return try readStringContent(validating: false)
    }

    /// Reads a string that is matched against the values an enumeration allows, with
    /// `case "value":` as member names are: by its characters exactly, as JavaScript compares
    /// strings, and without making a `String` unless ``JSONKey/string`` asks for one.
    @inlinable
    public mutating func readEnumerationValue() throws(JSONPayloadError) -> JSONKey {
        let first = try startValue()
        guard first == UInt8(ascii: "\"") else { throw mismatch(expected: "a string", found: first) }
        return try readKey()
    }

    /// Scans the content of a string from `start` to its closing quote or its first escape,
    /// whichever comes first: where it stopped, and whether a byte was not ASCII.
    ///
    /// Eight bytes at a time while none of them is a quote, a backslash or a control character.
    /// Inlined into its two callers: most strings are short, and a call costs as much as the scan.
    @inlinable
    @inline(__always)
    func scanPlainString(from start: Int) throws(JSONPayloadError) -> (stop: Int, isASCII: Bool) {
        var cursor = start
        var high: UInt64 = 0
        if let base = bytes.baseAddress {
            while cursor &+ 8 <= bytes.count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: cursor, as: UInt64.self))
                let special =
                    Self.bytes(of: word, equalTo: 0x22) | Self.bytes(of: word, equalTo: 0x5C)
                    | Self.bytes(of: word, below: 0x20)
                guard special == 0 else {
                    // Only the lowest marked byte is sure; the bytes before it are plain.
                    let plain = special.trailingZeroBitCount / 8
                    high |= word & ((1 << (plain * 8)) &- 1)
                    cursor &+= plain
                    break
                }
                high |= word
                cursor &+= 8
            }
        }
        var bits = UInt8(truncatingIfNeeded: (high & 0x8080_8080_8080_8080) == 0 ? 0 : 0x80)
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return (cursor, bits < 0x80) }
            if byte < 0x20 { throw unescapedControl(at: cursor) }
            bits |= byte
            cursor &+= 1
        }
        throw malformed("a string never ends", at: start - 1)
    }

    /// The high bit of each byte of `word` that equals `byte` (exact for the lowest such byte).
    @inlinable
    @inline(__always)
    static func bytes(of word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let difference = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (difference &- 0x0101_0101_0101_0101) & ~difference & 0x8080_8080_8080_8080
    }

    /// The high bit of each byte of `word` below `limit` (exact for the lowest such byte).
    @inlinable
    @inline(__always)
    static func bytes(of word: UInt64, below limit: UInt8) -> UInt64 {
        (word &- 0x0101_0101_0101_0101 &* UInt64(limit)) & ~word & 0x8080_8080_8080_8080
    }

    /// Reads a member name, at its opening quote.
    ///
    /// Inlined where generated code reads members: names are short, and the call cost as much
    /// as the scan. Names with escapes or bytes beyond ASCII take ``readOtherKey(from:stop:)``.
    @inlinable
    @inline(__always)
    mutating func readKey() throws(JSONPayloadError) -> JSONKey {
        let start = index &+ 1
        let (stop, isASCII) = try scanPlainString(from: start)
        guard isASCII, bytes[stop] == UInt8(ascii: "\"") else { return try readOtherKey(from: start, stop: stop) }
        index = stop &+ 1
        return JSONKey(raw: UnsafeRawBufferPointer(rebasing: bytes[start..<stop]), hasEscapes: false)
    }

    /// A member name that is not plain ASCII: `stop` is its closing quote or its first escape.
    @usableFromInline
    mutating func readOtherKey(from start: Int, stop: Int) throws(JSONPayloadError) -> JSONKey {
        guard bytes[stop] == UInt8(ascii: "\"") else {
            // Escapes are checked now and undone only when the name is asked for.
            _ = try readStringContent(validating: true)
            return JSONKey(raw: UnsafeRawBufferPointer(rebasing: bytes[start..<(index - 1)]), hasEscapes: true)
        }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<stop])
        try validateUTF8(raw, at: start)
        index = stop + 1
        return JSONKey(raw: raw, hasEscapes: false)
    }

    /// The content of the string whose opening quote is at ``index``, unescaped and checked;
    /// the reader then after its closing quote. `validating` only checks it (for skipped values).
    @usableFromInline
    mutating func readStringContent(validating: Bool) throws(JSONPayloadError) -> String {
        let start = index + 1
        let (stop, isASCII) = try scanPlainString(from: start)
        guard bytes[stop] == UInt8(ascii: "\"") else { return try readEscapedString(from: start, firstEscape: stop) }
        index = stop + 1
        let content = UnsafeRawBufferPointer(rebasing: bytes[start..<stop])
        if isASCII { return validating ? "" : String(utf8: content) }
        if let text = String(validating: content, as: UTF8.self) { return validating ? "" : text }
        try validateUTF8(content, at: start)
        throw malformed("a string is not valid UTF-8", at: start)
    }

    /// The slow path: a string with escapes, copied as it is unescaped.
    private mutating func readEscapedString(from start: Int, firstEscape: Int) throws(JSONPayloadError) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count - start)
        utf8.append(contentsOf: bytes[start..<firstEscape])
        var cursor = firstEscape
        while cursor < bytes.count {
            let byte = bytes[cursor]
            switch byte {
            case UInt8(ascii: "\""):
                index = cursor + 1
                // Escapes write whole UTF-8 sequences, so checking the result checks the
                // unescaped parts as they came.
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    try validateUTF8(UnsafeRawBufferPointer(rebasing: bytes[start..<cursor]), at: start)
                    throw malformed("a string is not valid UTF-8", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                cursor = try unescape(at: cursor, into: &utf8)
            case ..<0x20:
                throw unescapedControl(at: cursor)
            default:
                utf8.append(byte)
                cursor += 1
            }
        }
        throw malformed("a string never ends", at: start - 1)
    }

    /// Appends the character of the escape at `cursor` and returns the offset after it.
    private func unescape(at cursor: Int, into utf8: inout [UInt8]) throws(JSONPayloadError) -> Int {
        guard cursor + 1 < bytes.count else { throw malformed("a string never ends", at: cursor) }
        let simple: UInt8? =
            switch bytes[cursor + 1] {
            case UInt8(ascii: "\""): UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): UInt8(ascii: "\\")
            case UInt8(ascii: "/"): UInt8(ascii: "/")
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            utf8.append(simple)
            return cursor + 2
        }
        guard bytes[cursor + 1] == UInt8(ascii: "u") else {
            throw malformed("\\\(describeByte(at: cursor + 1)) is not an escape", at: cursor)
        }
        let unit = try hexUnit(at: cursor + 2, escapeAt: cursor)
        var scalarValue = UInt32(unit)
        var after = cursor + 6
        switch unit {
        case 0xD800...0xDBFF:
            // "To escape an extended character that is not in the Basic Multilingual Plane, the
            // character is represented as a 12-character sequence, encoding the UTF-16 surrogate pair."
            guard after + 1 < bytes.count, bytes[after] == UInt8(ascii: "\\"), bytes[after + 1] == UInt8(ascii: "u")
            else { throw malformed("a lone surrogate \\u\(String(unit, radix: 16, uppercase: true))", at: cursor) }
            let low = try hexUnit(at: after + 2, escapeAt: after)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw malformed("a lone surrogate \\u\(String(unit, radix: 16, uppercase: true))", at: cursor)
            }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            after += 6
        case 0xDC00...0xDFFF:
            throw malformed("a lone surrogate \\u\(String(unit, radix: 16, uppercase: true))", at: cursor)
        default:
            break
        }
        utf8.append(contentsOf: Unicode.Scalar(scalarValue)!.utf8)
        return after
    }

    private func hexUnit(at start: Int, escapeAt escape: Int) throws(JSONPayloadError) -> UInt16 {
        guard start + 4 <= bytes.count else { throw malformed("\\u needs four hexadecimal digits", at: escape) }
        var unit: UInt16 = 0
        for offset in start..<(start + 4) {
            guard let digit = ASCII.hexValue(bytes[offset]) else {
                throw malformed("\\u needs four hexadecimal digits", at: escape)
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    @usableFromInline
    func unescapedControl(at offset: Int) -> JSONPayloadError {
        malformed(
            "control character U+\(String(bytes[offset], radix: 16, uppercase: true).leftPadded(4)) must be escaped in a string",
            at: offset)
    }

    /// Throws at the first byte that is not valid UTF-8 (overlong forms, surrogates and values
    /// past U+10FFFF included).
    private func validateUTF8(_ content: UnsafeRawBufferPointer, at start: Int) throws(JSONPayloadError) {
        var decoder = UTF8()
        var iterator = content.makeIterator()
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): consumed += scalar.utf8.count
            case .emptyInput: return
            case .error: throw malformed("a string is not valid UTF-8", at: start + consumed)
            }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
