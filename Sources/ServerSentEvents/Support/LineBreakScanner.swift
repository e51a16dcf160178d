/// Finds the line breaks (CR or LF) of one contiguous chunk, front to back.
///
/// Short lines (most fields) are searched inline, eight bytes at a time; the rest of a long line
/// with `memchr`. It remembers where the next CR and the next LF are, so each byte is searched
/// at most once for each of the two however the lines fall: a chunk of LF-terminated lines
/// costs at most one `memchr` per long line, plus one that finds no CR at all.
@usableFromInline
struct LineBreakScanner {
    /// Offset of the next LF at or after the last query; the chunk's count when there is none;
    /// below the query's start when not yet searched.
    @usableFromInline var nextLineFeed = -1
    /// The same for CR.
    @usableFromInline var nextCarriageReturn = -1

    @inlinable
    init() {}

    /// The offset of the first CR or LF at or after `start`, or `nil` when the rest of the chunk
    /// holds none. Successive calls must not move `start` backwards within one chunk.
    @inlinable @inline(__always)
    mutating func next(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var searchFrom = start
        if nextLineFeed < start || nextCarriageReturn < start {
            let inlineEnd = min(bytes.count, start &+ Self.inlineSearchLength)
            if let found = Self.firstLineBreak(in: bytes, from: start, to: inlineEnd) { return found }
            searchFrom = inlineEnd
        }
        if nextLineFeed < start {
            nextLineFeed = bytes.firstIndex(of: ASCII.lineFeed, from: searchFrom) ?? bytes.count
        }
        if nextCarriageReturn < start {
            nextCarriageReturn = bytes.firstIndex(of: ASCII.carriageReturn, from: searchFrom) ?? bytes.count
        }
        let end = min(nextLineFeed, nextCarriageReturn)
        return end < bytes.count ? end : nil
    }

    /// How far to search inline before handing over to `memchr`: past most field names and IDs.
    @usableFromInline static let inlineSearchLength = 32

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
