/// Finds the line breaks (CR or LF) of one contiguous chunk, front to back.
///
/// One pass looks for both bytes at once, 32 bytes a step (`SIMD32`), and the step that holds
/// a break is searched eight bytes at a time to find it. Two `memchr` passes, one for each byte,
/// cost a quarter of the decoder's time on long lines; this pass runs at about `memchr`'s speed
/// for one byte (Benchmarks/RESULTS.md).
@usableFromInline
enum LineBreakScanner {
    /// The offset of the first CR or LF at or after `start`, or `nil` when the rest of the chunk
    /// holds none.
    @inlinable @inline(__always)
    static func next(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        let lineFeeds = SIMD32<UInt8>(repeating: ASCII.lineFeed)
        let carriageReturns = SIMD32<UInt8>(repeating: ASCII.carriageReturn)
        var offset = start
        while offset &+ 32 <= bytes.count {
            let block = bytes.loadUnaligned(fromByteOffset: offset, as: SIMD32<UInt8>.self)
            // Each lane of the mask is 0x00 or 0xFF. Read as words, since `any(_:)` is not
            // inlined across modules.
            let found = unsafeBitCast(
                (block .== lineFeeds) .| (block .== carriageReturns), to: (UInt64, UInt64, UInt64, UInt64).self)
            if found.0 | found.1 | found.2 | found.3 != 0 {
                let (word, wordOffset) =
                    found.0 != 0
                    ? (found.0, 0) : found.1 != 0 ? (found.1, 8) : found.2 != 0 ? (found.2, 16) : (found.3, 24)
                return offset &+ wordOffset &+ UInt64(littleEndian: word).trailingZeroBitCount &>> 3
            }
            offset &+= 32
        }
        return firstLineBreak(in: bytes, from: offset, to: bytes.count)
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
