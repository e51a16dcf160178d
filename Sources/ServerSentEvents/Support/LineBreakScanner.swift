/// Finds the line breaks (CR or LF) of one contiguous chunk, front to back.
///
/// It remembers where the next CR and the next LF are, so each byte is searched at most once
/// for each of the two, however the lines fall: a chunk of LF-terminated lines costs one
/// `memchr` per line plus one that finds no CR at all.
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
    @inlinable
    mutating func next(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        if nextLineFeed < start {
            nextLineFeed = bytes.firstIndex(of: ASCII.lineFeed, from: start) ?? bytes.count
        }
        if nextCarriageReturn < start {
            nextCarriageReturn = bytes.firstIndex(of: ASCII.carriageReturn, from: start) ?? bytes.count
        }
        let end = min(nextLineFeed, nextCarriageReturn)
        return end < bytes.count ? end : nil
    }
}
