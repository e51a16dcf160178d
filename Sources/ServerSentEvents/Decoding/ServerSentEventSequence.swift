/// The events of an `AsyncSequence` of byte chunks, decoded by ``ServerSentEventDecoder``.
///
/// Chunks may be `[UInt8]`, `ArraySlice<UInt8>`, `Data`, NIO's `ByteBufferView`, or any other
/// `Collection` of bytes; contiguous ones are decoded in place, without a copy.
///
/// ```swift
/// var events = response.body.serverSentEvents().makeAsyncIterator()
/// while let event = try await events.next() {
///     print(event.type, event.data)
/// }
/// reconnect(lastEventID: events.lastEventID, after: events.reconnectionTime ?? .seconds(3))
/// ```
///
/// The sequence ends when the chunks end (an unfinished event is dropped), and throws what the
/// chunks throw or ``ServerSentEventDecodingError`` when the stream breaks a limit.
public struct ServerSentEventSequence<Base: AsyncSequence>: AsyncSequence
where Base.Element: Collection, Base.Element.Element == UInt8 {
    /// A decoded event.
    public typealias Element = ServerSentEvent

    private let base: Base
    private let limits: ServerSentEventDecoder.Limits
    private let lastEventID: String

    /// Creates the sequence.
    /// - Parameters:
    ///   - base: The stream's bytes, in chunks of any size.
    ///   - limits: Bounds on line length and event size.
    ///   - lastEventID: The last event ID to start from (see ``ServerSentEventDecoder/init(limits:lastEventID:)``).
    public init(_ base: Base, limits: ServerSentEventDecoder.Limits = .default, lastEventID: String = "") {
        self.base = base
        self.limits = limits
        self.lastEventID = lastEventID
    }

    /// Creates an iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            base: base.makeAsyncIterator(),
            decoder: ServerSentEventDecoder(limits: limits, lastEventID: lastEventID)
        )
    }

    /// Iterates the events and tells the stream state a reconnecting client needs.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private enum Chunk {
            case contiguous(Base.Element)
            case copied([UInt8])
        }

        private var base: Base.AsyncIterator
        private var decoder: ServerSentEventDecoder
        private var chunk: Chunk?
        private var cursor = ServerSentEventDecoder.Cursor()
        private var baseEnded = false

        init(base: Base.AsyncIterator, decoder: ServerSentEventDecoder) {
            self.base = base
            self.decoder = decoder
        }

        /// The last event ID as of the last event returned (or of the end of the stream):
        /// send it as `Last-Event-ID` when reconnecting.
        public var lastEventID: String { decoder.lastEventID }

        /// The reconnection time the stream set with `retry:` so far, or `nil`.
        public var reconnectionTime: Duration? { decoder.reconnectionTime }

        /// The next event, or `nil` at the end of the stream.
        public mutating func next() async throws -> ServerSentEvent? {
            while true {
                if let chunk {
                    if let output = try decodeNext(from: chunk) {
                        if case .event(let event) = output { return event }
                        continue
                    }
                    self.chunk = nil
                }
                guard !baseEnded else { return nil }
                guard let bytes = try await base.next() else {
                    baseEnded = true
                    decoder.finish()
                    return nil
                }
                let isContiguous = bytes.withContiguousStorageIfAvailable { _ in true } ?? false
                chunk = isContiguous ? .contiguous(bytes) : .copied(Array(bytes))
                cursor = ServerSentEventDecoder.Cursor()
            }
        }

        private mutating func decodeNext(from chunk: Chunk) throws -> ServerSentEventDecoder.Output? {
            switch chunk {
            case .contiguous(let bytes):
                return try bytes.withContiguousStorageIfAvailable { buffer in
                    try decoder.next(in: UnsafeRawBufferPointer(buffer), cursor: &cursor)
                } ?? nil
            case .copied(let bytes):
                return try bytes.withUnsafeBytes { buffer in
                    try decoder.next(in: buffer, cursor: &cursor)
                }
            }
        }
    }
}

extension ServerSentEventSequence: Sendable where Base: Sendable {}

@available(*, unavailable)
extension ServerSentEventSequence.AsyncIterator: Sendable {}

extension AsyncSequence where Element: Collection, Element.Element == UInt8 {
    /// The Server-Sent Events in this stream of byte chunks.
    ///
    /// - Parameters:
    ///   - limits: Bounds on line length and event size; a stream that breaks one ends with
    ///     ``ServerSentEventDecodingError``.
    ///   - lastEventID: The last event ID to start from, e.g. the one a reconnecting client sent.
    /// - Returns: A sequence of the decoded events.
    public func serverSentEvents(
        limits: ServerSentEventDecoder.Limits = .default,
        lastEventID: String = ""
    ) -> ServerSentEventSequence<Self> {
        ServerSentEventSequence(self, limits: limits, lastEventID: lastEventID)
    }
}
