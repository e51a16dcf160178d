/// Checks that bytes are well-formed UTF-8, as The Unicode Standard defines it (Table 3-7,
/// "Well-Formed UTF-8 Byte Sequences"), skipping ASCII 128 bytes a step.
///
/// `String(decoding:as:)` checks ASCII text quickly but text with any non-ASCII character a
/// byte at a time: about 10 instructions a byte, nearly 5× the cost of an ASCII string of the
/// same length (Benchmarks/RESULTS.md). Here only the multi-byte sequences themselves are
/// checked one by one.
enum UTF8Validation {
    /// What the bytes are.
    enum Result: Equatable {
        /// Every byte is below 0x80.
        case ascii
        /// Well-formed, with at least one multi-byte sequence.
        case wellFormed
        /// Not UTF-8: a byte that cannot begin a sequence, a sequence cut short, or one that is
        /// overlong, a surrogate or above U+10FFFF.
        case illFormed
    }

    static func validate(_ bytes: UnsafeRawBufferPointer) -> Result {
        let count = bytes.count
        var offset = 0
        var isASCII = true
        while true {
            offset = endOfASCII(in: bytes, from: offset)
            if offset == count { return isASCII ? .ascii : .wellFormed }
            isASCII = false
            guard let length = sequenceLength(in: bytes, at: offset) else { return .illFormed }
            offset &+= length
        }
    }

    /// The offset of the first byte at or after `start` that is not ASCII, or the count.
    @inline(__always)
    private static func endOfASCII(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        let count = bytes.count
        var offset = start
        while offset &+ 128 <= count {
            // Spelled out: a loop over the eight blocks is not unrolled.
            let first = block(at: offset, of: bytes) | block(at: offset &+ 16, of: bytes)
            let second = block(at: offset &+ 32, of: bytes) | block(at: offset &+ 48, of: bytes)
            let third = block(at: offset &+ 64, of: bytes) | block(at: offset &+ 80, of: bytes)
            let fourth = block(at: offset &+ 96, of: bytes) | block(at: offset &+ 112, of: bytes)
            if hasHighBit((first | second) | (third | fourth)) { break }
            offset &+= 128
        }
        while offset &+ 16 <= count, !hasHighBit(block(at: offset, of: bytes)) {
            offset &+= 16
        }
        // The last 16 bytes, overlapping those already seen: most runs end at the end.
        if count >= 16, offset > count &- 16, offset < count, !hasHighBit(block(at: count &- 16, of: bytes)) {
            return count
        }
        while offset < count, bytes[offset] < 0x80 {
            offset &+= 1
        }
        return offset
    }

    /// The length of the well-formed multi-byte sequence at `offset`, or `nil`.
    ///
    /// | First byte | Second byte | Third and fourth |
    /// |---|---|---|
    /// | C2..DF | 80..BF | |
    /// | E0 | A0..BF | 80..BF |
    /// | E1..EC, EE..EF | 80..BF | 80..BF |
    /// | ED | 80..9F | 80..BF |
    /// | F0 | 90..BF | 80..BF 80..BF |
    /// | F1..F3 | 80..BF | 80..BF 80..BF |
    /// | F4 | 80..8F | 80..BF 80..BF |
    @inline(__always)
    private static func sequenceLength(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        let length: Int
        var secondLowest: UInt8 = 0x80
        var secondHighest: UInt8 = 0xBF
        switch bytes[offset] {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, secondLowest) = (3, 0xA0)  // not overlong
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, secondHighest) = (3, 0x9F)  // not a surrogate
        case 0xF0: (length, secondLowest) = (4, 0x90)  // not overlong
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, secondHighest) = (4, 0x8F)  // not above U+10FFFF
        default: return nil  // ASCII was skipped; 80..C1 and F5..FF never begin a sequence
        }
        guard bytes.count &- offset >= length else { return nil }
        let second = bytes[offset &+ 1]
        guard second >= secondLowest, second <= secondHighest else { return nil }
        for continuation in (offset &+ 2)..<(offset &+ length) where bytes[continuation] & 0xC0 != 0x80 {
            return nil
        }
        return length
    }

    @inline(__always)
    private static func block(at offset: Int, of bytes: UnsafeRawBufferPointer) -> SIMD16<UInt8> {
        bytes.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
    }

    /// Whether any lane is 0x80 or above. Read as words, since `any(_:)` is not inlined.
    @inline(__always)
    private static func hasHighBit(_ block: SIMD16<UInt8>) -> Bool {
        let words = unsafeBitCast(block, to: (UInt64, UInt64).self)
        return (words.0 | words.1) & 0x8080_8080_8080_8080 != 0
    }
}
