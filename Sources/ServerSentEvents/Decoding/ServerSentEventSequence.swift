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

    @usableFromInline let base: Base
    @usableFromInline let limits: ServerSentEventDecoder.Limits
    @usableFromInline let lastEventID: String

    /// Creates the sequence.
    /// - Parameters:
    ///   - base: The stream's bytes, in chunks of any size.
    ///   - limits: Bounds on line length and event size.
    ///   - lastEventID: The last event ID to start from (see ``ServerSentEventDecoder/init(limits:lastEventID:)``).
    @inlinable
    public init(_ base: Base, limits: ServerSentEventDecoder.Limits = .default, lastEventID: String = "") {
        self.base = base
        self.limits = limits
        self.lastEventID = lastEventID
    }

    /// Creates an iterator.
    @inlinable
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            base: base.makeAsyncIterator(),
            decoder: ServerSentEventDecoder(limits: limits, lastEventID: lastEventID)
        )
    }

    /// Iterates the events and tells the stream state a reconnecting client needs.
    ///
    /// It is inlinable so that it is specialized for the caller's chunk type: the per-event path
    /// then makes no generic calls.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline var reader: ChunkedEventReader<Base.AsyncIterator>

        @inlinable
        init(base: Base.AsyncIterator, decoder: ServerSentEventDecoder) {
            reader = ChunkedEventReader(base: base, decoder: decoder)
        }

        /// The last event ID as of the last event returned (or of the end of the stream):
        /// send it as `Last-Event-ID` when reconnecting.
        @inlinable
        public var lastEventID: String { reader.decoder.lastEventID }

        /// The reconnection time the stream set with `retry:` so far, or `nil`.
        @inlinable
        public var reconnectionTime: Duration? { reader.decoder.reconnectionTime }

        /// The next event, or `nil` at the end of the stream.
        @inlinable
        public mutating func next() async throws -> ServerSentEvent? {
            try await next(isolation: nil)
        }

        /// The next event, or `nil` at the end of the stream, decoded on the caller's actor.
        ///
        /// Runs where the caller runs and asks the chunks for more on the same actor, so
        /// `for try await` pays no executor hop per event.
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> ServerSentEvent? {
            try await reader.next(isolation: actor) { decoder, chunk in decoder.takeEvent(in: chunk) }
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
    @inlinable
    public func serverSentEvents(
        limits: ServerSentEventDecoder.Limits = .default,
        lastEventID: String = ""
    ) -> ServerSentEventSequence<Self> {
        ServerSentEventSequence(self, limits: limits, lastEventID: lastEventID)
    }
}
