/// Feeds chunks from an iterator of byte chunks to a ``ServerSentEventDecoder`` and hands each
/// dispatched event to a `take` function, while its bytes are still in the chunk: the
/// `String` events of ``ServerSentEventSequence`` and the typed events decoded from byte views
/// share it.
///
/// It is inlinable so that it is specialized for the caller's chunk type: the per-event path
/// then makes no generic calls.
@usableFromInline
struct ChunkedEventReader<Base: AsyncIteratorProtocol> where Base.Element: Collection, Base.Element.Element == UInt8 {
    @usableFromInline
    enum Chunk {
        case contiguous(Base.Element)
        case copied([UInt8])
    }

    @usableFromInline var base: Base
    @usableFromInline var decoder: ServerSentEventDecoder
    @usableFromInline var chunk: Chunk?
    @usableFromInline var cursor = ServerSentEventDecoder.Cursor()
    @usableFromInline var baseEnded = false

    @inlinable
    init(base: Base, decoder: ServerSentEventDecoder) {
        self.base = base
        self.decoder = decoder
    }

    /// What `take` makes of the next event; `take` returns `nil` to pass an event over.
    /// `nil` at the end of the stream; after an error, the reader is over.
    @inlinable
    mutating func next<Output>(
        isolation actor: isolated (any Actor)?,
        _ take: (inout ServerSentEventDecoder, UnsafeRawBufferPointer) throws -> Output?
    ) async throws -> Output? {
        do {
            while true {
                if let chunk {
                    if let output = try next(in: chunk, take) { return output }
                    self.chunk = nil
                }
                guard !baseEnded else { return nil }
                guard let bytes = try await base.next(isolation: actor) else {
                    baseEnded = true
                    decoder.finish()
                    return nil
                }
                let isContiguous = bytes.withContiguousStorageIfAvailable { _ in true } ?? false
                chunk = isContiguous ? .contiguous(bytes) : .copied(Array(bytes))
                cursor = ServerSentEventDecoder.Cursor()
            }
        } catch {
            // A reader that threw is over: later calls return nil.
            chunk = nil
            baseEnded = true
            throw error
        }
    }

    /// What `take` makes of the next event in `chunk`, or `nil` when the chunk is used up.
    @inlinable
    mutating func next<Output>(
        in chunk: Chunk,
        _ take: (inout ServerSentEventDecoder, UnsafeRawBufferPointer) throws -> Output?
    ) throws -> Output? {
        switch chunk {
        case .contiguous(let bytes):
            return try bytes.withContiguousStorageIfAvailable { buffer in
                try next(in: UnsafeRawBufferPointer(buffer), take)
            } ?? nil
        case .copied(let bytes):
            return try bytes.withUnsafeBytes { buffer in
                try next(in: buffer, take)
            }
        }
    }

    @inlinable
    mutating func next<Output>(
        in bytes: UnsafeRawBufferPointer,
        _ take: (inout ServerSentEventDecoder, UnsafeRawBufferPointer) throws -> Output?
    ) throws -> Output? {
        while true {
            switch try decoder.step(in: bytes, cursor: &cursor) {
            case .event:
                if let output = try take(&decoder, bytes) { return output }
            case .reconnectionTime: continue
            case .needsMoreBytes: return nil
            }
        }
    }
}
