/// Finds the line breaks (CR or LF) of one contiguous chunk, front to back.
///
/// Both bytes are looked for at once, 16 bytes a step (`SIMD16`, one vector compare on every
/// machine we run on). The decoder searches short lines, most fields, that way and hands the
/// rest of a long line to `memchr`, which outruns 16-byte vectors severalfold on long lines
/// (Benchmarks/RESULTS.md).
@usableFromInline
enum LineBreakScanner {
    /// The offset of the first CR or LF at or after `start`, or `nil` when the rest of the chunk
    /// holds none.
    @inlinable @inline(__always)
    static func next(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var offset = start
        while offset &+ 16 <= bytes.count {
            if let found = lineBreak(inBlockAt: offset, of: bytes) { return found }
            offset &+= 16
        }
        return firstLineBreak(in: bytes, from: offset, to: bytes.count)
    }

    /// The same, for a decoder that reads one chunk front to back: the first
    /// ``inlineBlocks`` blocks of a line are searched inline, the rest with `memchr`.
    ///
    /// `memchr` looks for one byte, so CR is searched for a window at a time, and
    /// `noCarriageReturnBefore` remembers how far the chunk is known to hold none (start each
    /// chunk with 0): each byte is searched at most once for each of the two, and a window is
    /// still in the cache when it is searched for LF.
    @inlinable @inline(__always)
    static func next(in bytes: UnsafeRawBufferPointer, from start: Int, noCarriageReturnBefore: inout Int) -> Int? {
        var offset = start
        for _ in 0..<inlineBlocks where offset &+ 16 <= bytes.count {
            if let found = lineBreak(inBlockAt: offset, of: bytes) { return found }
            offset &+= 16
        }
        while offset < bytes.count {
            if noCarriageReturnBefore <= offset {
                let windowEnd = min(bytes.count, offset &+ carriageReturnWindow)
                noCarriageReturnBefore =
                    bytes.firstIndex(of: ASCII.carriageReturn, from: offset, before: windowEnd) ?? windowEnd
            }
            if let lineFeed = bytes.firstIndex(of: ASCII.lineFeed, from: offset, before: noCarriageReturnBefore) {
                return lineFeed
            }
            offset = noCarriageReturnBefore
            if offset < bytes.count, bytes[offset] == ASCII.carriageReturn { return offset }
        }
        return nil
    }

    /// How many 16-byte blocks of a line the decoder searches inline: past field names, IDs and
    /// short events.
    @inlinable @inline(__always)
    static var inlineBlocks: Int { 4 }

    /// How far the decoder searches for CR at a time: small enough that the window is still in
    /// the cache when it is searched for LF. 1, 2, 4 and 16 KiB were measured (RESULTS.md):
    /// larger windows run fewer instructions but take longer.
    @inlinable @inline(__always)
    static var carriageReturnWindow: Int { 2 << 10 }

    /// The first CR or LF in the 16 bytes at `offset`, or `nil`.
    @inlinable @inline(__always)
    static func lineBreak(inBlockAt offset: Int, of bytes: UnsafeRawBufferPointer) -> Int? {
        let block = bytes.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
        // Each lane of the mask is 0x00 or 0xFF. Read as words, since `any(_:)` is not inlined
        // across modules.
        let found = unsafeBitCast(
            (block .== splat(ASCII.lineFeed)) .| (block .== splat(ASCII.carriageReturn)), to: (UInt64, UInt64).self)
        guard found.0 | found.1 != 0 else { return nil }
        // Which word holds the break varies line by line: a select, not a branch that would
        // mispredict on every other line.
        let bit =
            found.0 != 0
            ? UInt64(littleEndian: found.0).trailingZeroBitCount
            : 64 &+ UInt64(littleEndian: found.1).trailingZeroBitCount
        return offset &+ bit &>> 3
    }

    /// `byte` in every lane, made from words: `SIMD16(repeating:)` is not inlined across modules
    /// and fills the lanes one by one.
    @inlinable @inline(__always)
    static func splat(_ byte: UInt8) -> SIMD16<UInt8> {
        let word = 0x0101_0101_0101_0101 &* UInt64(byte)
        return unsafeBitCast((word, word), to: SIMD16<UInt8>.self)
    }

    /// The first CR or LF in `start..<end`, tested eight bytes at a time (SWAR).
    @inlinable @inline(__always)
    static func firstLineBreak(in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var offset = start
        while offset &+ 8 <= end {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            // A byte of `x` is zero exactly where the word holds LF (or CR). The lowest flagged
            // byte is exact; borrows can only flag bytes above it.
            let lineFeeds = word ^ (ones &* UInt64(ASCII.lineFeed))
            let carriageReturns = word ^ (ones &* UInt64(ASCII.carriageReturn))
            let flags =
                ((lineFeeds &- ones) & ~lineFeeds | (carriageReturns &- ones) & ~carriageReturns) & highBits
            if flags != 0 { return offset &+ flags.trailingZeroBitCount &>> 3 }
            offset &+= 8
        }
        while offset < end {
            let byte = bytes[offset]
            if byte == ASCII.lineFeed || byte == ASCII.carriageReturn { return offset }
            offset &+= 1
        }
        return nil
    }
}
