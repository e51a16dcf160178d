#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Android)
import Android
#elseif canImport(ucrt)
import ucrt
#endif

/// The bytes that the SSE grammar cares about.
@usableFromInline
enum ASCII {
    @usableFromInline static let lineFeed: UInt8 = 0x0A
    @usableFromInline static let carriageReturn: UInt8 = 0x0D
    @usableFromInline static let colon: UInt8 = 0x3A
    @usableFromInline static let space: UInt8 = 0x20
    @usableFromInline static let null: UInt8 = 0x00
    @usableFromInline static let zero: UInt8 = 0x30
    @usableFromInline static let nine: UInt8 = 0x39

    /// The value of a hexadecimal digit (either case), or `nil`.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension UnsafeRawBufferPointer {
    /// The offset of the first `byte` at or after `start`, or `nil`.
    ///
    /// Uses the C library's `memchr`, which is vectorised on every platform we run on: the
    /// decoder's throughput rests on it. Not inlinable: the C library stays an internal import.
    @usableFromInline
    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        firstIndex(of: byte, from: start, before: count)
    }

    /// The offset of the first `byte` in `start..<end`, or `nil`.
    @usableFromInline
    func firstIndex(of byte: UInt8, from start: Int, before end: Int) -> Int? {
        let remaining = end &- start
        guard remaining > 0, let base = baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), remaining) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// Whether both buffers hold the same bytes.
    @usableFromInline
    func elementsEqualBytes(_ other: UnsafeRawBufferPointer) -> Bool {
        guard count == other.count else { return false }
        guard count > 0 else { return true }
        return memcmp(baseAddress!, other.baseAddress!, count) == 0
    }

    /// Whether the buffer holds a NUL byte; searched inline a word at a time, for the short
    /// values of a field.
    @inline(__always)
    func containsNull() -> Bool {
        let count = count
        guard count >= 4 else {
            for byte in self where byte == ASCII.null { return true }
            return false
        }
        if count < 8 {
            // Two words that overlap cover 4 to 7 bytes.
            let low = UInt64(loadUnaligned(as: UInt32.self))
            let high = UInt64(loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
            return Self.hasZeroByte(low | high << 32)
        }
        var offset = 0
        while offset &+ 8 <= count {
            if Self.hasZeroByte(loadUnaligned(fromByteOffset: offset, as: UInt64.self)) { return true }
            offset &+= 8
        }
        // The last word overlaps the one before.
        return offset < count && Self.hasZeroByte(loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
    }

    /// Whether a byte of `word` is zero. The borrow of a zero byte flags it; a borrow can
    /// only flag bytes above one that is zero, so there are no false positives.
    @inline(__always)
    private static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
    }

    /// Whether any byte in the buffer is CR, LF or NUL.
    @usableFromInline
    func containsLineBreakOrNull() -> Bool {
        firstIndex(of: ASCII.lineFeed, from: 0) != nil
            || firstIndex(of: ASCII.carriageReturn, from: 0) != nil
            || firstIndex(of: ASCII.null, from: 0) != nil
    }
}
