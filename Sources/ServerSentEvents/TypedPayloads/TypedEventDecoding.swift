/// Turns events into a stream's typed events. Generated client decoders conform: one per
/// stream, with a case per event and `unknown` for types the schema does not name.
///
/// They read an event's data where it lies, as ``ServerSentEventDecoder`` hands it over in
/// place (``ServerSentEventDecoder/InPlaceEvent``): the JSON goes straight into the payload
/// types, with no `String` or `Data` in between. ``decode(_:)-(ServerSentEvent)`` views a
/// `ServerSentEvent` the same way.
public protocol ServerSentEventTypedDecoder: Sendable {
    /// The stream's event enum.
    associatedtype Event: Sendable

    /// The typed event, `unknown` for a type the schema does not name, or an error naming the
    /// event when its data does not match the schema.
    func decode(_ event: ServerSentEventDecoder.InPlaceEvent) throws(ServerSentEventPayloadError) -> Event

    /// Whether the event ends the stream (`terminal: true` in the schema).
    func isTerminal(_ event: Event) -> Bool
}

extension ServerSentEventTypedDecoder {
    /// The typed event, `unknown` for a type the schema does not name, or an error naming the
    /// event when its data does not match the schema.
    @inlinable
    public func decode(_ event: ServerSentEvent) throws(ServerSentEventPayloadError) -> Event {
        try event.withInPlaceView { (view) throws(ServerSentEventPayloadError) in try decode(view) }
    }
}

/// What a typed sequence does with an event whose payload does not match the schema.
public struct InvalidEventPolicy: Sendable {
    @usableFromInline package let report: (@Sendable (ServerSentEventPayloadError) -> Void)?

    /// The sequence throws the ``ServerSentEventPayloadError`` and ends: the default, so that a
    /// mismatch between server and client is never silent.
    public static var fail: Self { .init(report: nil) }

    /// The sequence hands the error to `report` (a log, a metric) and goes on with the next event.
    public static func skip(reporting report: @escaping @Sendable (ServerSentEventPayloadError) -> Void) -> Self {
        .init(report: report)
    }
}

/// A stream's typed events, from a sequence of `ServerSentEvent`s. It ends after a terminal
/// event, when its base ends, or (with ``InvalidEventPolicy/fail``) at the first invalid event.
public struct TypedServerSentEventSequence<Base: AsyncSequence, Decoder: ServerSentEventTypedDecoder>: AsyncSequence
where Base.Element == ServerSentEvent {
    /// A typed event.
    public typealias Element = Decoder.Event

    @usableFromInline let base: Base
    @usableFromInline let decoder: Decoder
    @usableFromInline let policy: InvalidEventPolicy

    /// Decodes `base` with `decoder`.
    @inlinable
    public init(_ base: Base, decoder: Decoder, onInvalid policy: InvalidEventPolicy = .fail) {
        self.base = base
        self.decoder = decoder
        self.policy = policy
    }

    /// Starts reading.
    @inlinable
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), decoder: decoder, policy: policy)
    }

    /// Reads typed events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline var base: Base.AsyncIterator
        @usableFromInline let decoder: Decoder
        @usableFromInline let policy: InvalidEventPolicy
        @usableFromInline var isDone = false

        @inlinable
        init(base: Base.AsyncIterator, decoder: Decoder, policy: InvalidEventPolicy) {
            self.base = base
            self.decoder = decoder
            self.policy = policy
        }

        /// The next typed event, or `nil` after a terminal event or at the end of the base.
        @inlinable
        public mutating func next() async throws -> Decoder.Event? {
            try await next(isolation: nil)
        }

        /// The next typed event, read on the caller's actor.
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> Decoder.Event? {
            while !isDone {
                guard let event = try await base.next(isolation: actor) else {
                    isDone = true
                    return nil
                }
                do {
                    let typed = try decoder.decode(event)
                    if decoder.isTerminal(typed) { isDone = true }
                    return typed
                } catch {
                    guard let report = policy.report else {
                        isDone = true
                        throw error
                    }
                    report(error)
                }
            }
            return nil
        }
    }
}

extension ServerSentEventTypedDecoder {
    /// The typed events of a sequence of `ServerSentEvent`s.
    @inlinable
    public func events<Events: AsyncSequence>(
        _ events: Events,
        onInvalid policy: InvalidEventPolicy = .fail
    ) -> TypedServerSentEventSequence<Events, Self> where Events.Element == ServerSentEvent {
        TypedServerSentEventSequence(events, decoder: self, onInvalid: policy)
    }

    /// The typed events of a `text/event-stream` byte stream (chunks of bytes as they arrive):
    /// each event's data is read where it lies in the chunk.
    @inlinable
    public func events<Bytes: AsyncSequence>(
        fromBytes bytes: Bytes,
        limits: ServerSentEventDecoder.Limits = .default,
        lastEventID: String = "",
        onInvalid policy: InvalidEventPolicy = .fail
    ) -> TypedServerSentEventByteSequence<Bytes, Self> where Bytes.Element: Collection<UInt8> {
        TypedServerSentEventByteSequence(
            bytes, decoder: self, limits: limits, lastEventID: lastEventID, onInvalid: policy)
    }
}

/// A stream's typed events, read from its bytes: each event is framed by
/// ``ServerSentEventDecoder`` and its data read in place by the typed decoder. It ends after a
/// terminal event, when the bytes end, or (with ``InvalidEventPolicy/fail``) at the first
/// invalid event.
public struct TypedServerSentEventByteSequence<Bytes: AsyncSequence, Decoder: ServerSentEventTypedDecoder>:
    AsyncSequence
where Bytes.Element: Collection, Bytes.Element.Element == UInt8 {
    /// A typed event.
    public typealias Element = Decoder.Event

    @usableFromInline let bytes: Bytes
    @usableFromInline let decoder: Decoder
    @usableFromInline let limits: ServerSentEventDecoder.Limits
    @usableFromInline let lastEventID: String
    @usableFromInline let policy: InvalidEventPolicy

    /// Decodes `bytes` with `decoder`.
    @inlinable
    public init(
        _ bytes: Bytes, decoder: Decoder, limits: ServerSentEventDecoder.Limits = .default, lastEventID: String = "",
        onInvalid policy: InvalidEventPolicy = .fail
    ) {
        self.bytes = bytes
        self.decoder = decoder
        self.limits = limits
        self.lastEventID = lastEventID
        self.policy = policy
    }

    /// Starts reading.
    @inlinable
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            reader: ChunkedEventReader(
                base: bytes.makeAsyncIterator(),
                decoder: ServerSentEventDecoder(limits: limits, lastEventID: lastEventID)),
            decoder: decoder,
            policy: policy
        )
    }

    /// Reads typed events, and tells the stream state a reconnecting client needs.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline var reader: ChunkedEventReader<Bytes.AsyncIterator>
        @usableFromInline let decoder: Decoder
        @usableFromInline let policy: InvalidEventPolicy
        @usableFromInline var isDone = false

        @inlinable
        init(reader: ChunkedEventReader<Bytes.AsyncIterator>, decoder: Decoder, policy: InvalidEventPolicy) {
            self.reader = reader
            self.decoder = decoder
            self.policy = policy
        }

        /// The last event ID as of the last event returned: send it as `Last-Event-ID` when
        /// reconnecting.
        @inlinable
        public var lastEventID: String { reader.decoder.lastEventID }

        /// The reconnection time the stream set with `retry:` so far, or `nil`.
        @inlinable
        public var reconnectionTime: Duration? { reader.decoder.reconnectionTime }

        /// The next typed event, or `nil` after a terminal event or at the end of the bytes.
        @inlinable
        public mutating func next() async throws -> Decoder.Event? {
            try await next(isolation: nil)
        }

        /// The next typed event, read on the caller's actor.
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> Decoder.Event? {
            guard !isDone else { return nil }
            let decoder = self.decoder
            let policy = self.policy
            do {
                let typed = try await reader.next(isolation: actor) { framer, chunk -> Decoder.Event? in
                    do {
                        return try framer.withDispatchedEvent(in: chunk) { view in try decoder.decode(view) }
                    } catch let error as ServerSentEventPayloadError {
                        guard let report = policy.report else { throw error }
                        report(error)
                        return nil
                    }
                }
                guard let typed else {
                    isDone = true
                    return nil
                }
                if decoder.isTerminal(typed) { isDone = true }
                return typed
            } catch {
                isDone = true
                throw error
            }
        }
    }
}

extension TypedServerSentEventByteSequence: Sendable where Bytes: Sendable {}

@available(*, unavailable)
extension TypedServerSentEventByteSequence.AsyncIterator: Sendable {}

/// Generated code states the version of this support it was generated for; code from an
/// incompatible generator then fails to compile with a message naming this type.
@_spi(Generated) public enum GeneratedCodeVersion1 {}
