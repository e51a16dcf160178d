/// Turns `ServerSentEvent`s into a stream's typed events. Generated client decoders conform:
/// one per stream, with a case per event and `unknown` for types the schema does not name.
public protocol ServerSentEventTypedDecoder: Sendable {
    /// The stream's event enum.
    associatedtype Event: Sendable

    /// The typed event, `unknown` for a type the schema does not name, or an error naming the
    /// event when its data does not match the schema.
    func decode(_ event: ServerSentEvent) throws(ServerSentEventPayloadError) -> Event

    /// Whether the event ends the stream (`terminal: true` in the schema).
    func isTerminal(_ event: Event) -> Bool
}

/// What a typed sequence does with an event whose payload does not match the schema.
public struct InvalidEventPolicy: Sendable {
    let report: (@Sendable (ServerSentEventPayloadError) -> Void)?

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
    public init(_ base: Base, decoder: Decoder, onInvalid policy: InvalidEventPolicy = .fail) {
        self.base = base
        self.decoder = decoder
        self.policy = policy
    }

    /// Starts reading.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), decoder: decoder, policy: policy)
    }

    /// Reads typed events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline var base: Base.AsyncIterator
        @usableFromInline let decoder: Decoder
        @usableFromInline let policy: InvalidEventPolicy
        @usableFromInline var isDone = false

        init(base: Base.AsyncIterator, decoder: Decoder, policy: InvalidEventPolicy) {
            self.base = base
            self.decoder = decoder
            self.policy = policy
        }

        /// The next typed event, or `nil` after a terminal event or at the end of the base.
        public mutating func next() async throws -> Decoder.Event? {
            try await next(isolation: nil)
        }

        /// The next typed event, read on the caller's actor.
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
    public func events<Events: AsyncSequence>(
        _ events: Events,
        onInvalid policy: InvalidEventPolicy = .fail
    ) -> TypedServerSentEventSequence<Events, Self> where Events.Element == ServerSentEvent {
        TypedServerSentEventSequence(events, decoder: self, onInvalid: policy)
    }

    /// The typed events of a `text/event-stream` byte stream (chunks of bytes as they arrive),
    /// framed by ``ServerSentEventSequence``.
    public func events<Bytes: AsyncSequence>(
        fromBytes bytes: Bytes,
        limits: ServerSentEventDecoder.Limits = .default,
        lastEventID: String = "",
        onInvalid policy: InvalidEventPolicy = .fail
    ) -> TypedServerSentEventSequence<ServerSentEventSequence<Bytes>, Self> where Bytes.Element: Collection<UInt8> {
        TypedServerSentEventSequence(
            bytes.serverSentEvents(limits: limits, lastEventID: lastEventID),
            decoder: self,
            onInvalid: policy
        )
    }
}

/// Generated code states the version of this support it was generated for; code from an
/// incompatible generator then fails to compile with a message naming this type.
@_spi(Generated) public enum GeneratedCodeVersion1 {}
