#if AsyncHTTPClient
import AsyncAlgorithms
public import AsyncHTTPClient
import NIOCore
public import NIOHTTP1
public import ServerSentEvents
import Synchronization

/// Follows an event stream across reconnections, as `EventSource` does, over AsyncHTTPClient.
///
/// - `retry:` from the server sets the reconnection delay, never below a floor
///   (`ServerSentEventReconnection.Policy.minimumReconnectionDelay`: `retry: 0` cannot turn
///   the client into a loop); failed attempts back off exponentially from it, with jitter, up
///   to a cap; a connection that delivered events resets the backoff.
/// - Every reconnection sends `Last-Event-ID` (the last ID the stream set), so a server with a
///   replay window (`ServerSentEventHub`) resends what was missed.
/// - `204 No Content` ends the stream without reconnecting; another status, or a content type
///   other than `text/event-stream`, ends it with a ``ServerSentEventClientError``.
/// - A connection that sends no byte (not even a heartbeat comment) for
///   ``Configuration/idleTimeout`` is dropped and reconnected.
/// - Headers are computed again for every connection (a refreshed token); any method and body
///   (POST streams) work.
///
/// Events are handed over with backpressure: the connection is read only as fast as the
/// sequence is consumed, so nothing queues without bound. Stop iterating (or let a generated
/// decoder's sequence end at a terminal event) to close the connection for good.
///
/// ```swift
/// let client = ServerSentEventClient()
/// let events = client.events(url: "https://chat.example/rooms/lobby/events", decoder: ChatRoomDecoder()) {
///     ["Authorization": "Bearer \(await token())"]
/// }
/// for try await event in events { … }        // typed, read from the bytes; ends after roomClosed
/// ```
public struct ServerSentEventClient: Sendable {
    /// Reconnection and timeout behaviour.
    public struct Configuration: Sendable, Hashable {
        /// The waits between connections (the runtime's transport-free policy, shared by every
        /// client of this package).
        public var reconnection: ServerSentEventReconnection.Policy
        /// A connection silent for this long is dropped and reconnected; `nil` waits forever.
        /// Keep it above the server's heartbeat interval.
        public var idleTimeout: Duration?
        /// How long a connection may take to answer with its headers.
        public var connectTimeout: Duration
        /// The decoder's limits on lines and events.
        public var limits: ServerSentEventDecoder.Limits

        /// Creates a configuration: the policy's waits (3 s before the first reconnection, 0.5 s
        /// at least, doubling for each failure in a row up to 60 s, up to 50 % shorter at
        /// random); a connection silent for 60 s is dropped.
        public init(
            reconnection: ServerSentEventReconnection.Policy = .init(),
            idleTimeout: Duration? = .seconds(60),
            connectTimeout: Duration = .seconds(30),
            limits: ServerSentEventDecoder.Limits = .default
        ) {
            self.reconnection = reconnection
            self.idleTimeout = idleTimeout
            self.connectTimeout = connectTimeout
            self.limits = limits
        }
    }

    /// The HTTP client connections are made with.
    public let httpClient: HTTPClient
    /// Reconnection and timeout behaviour.
    public let configuration: Configuration

    /// A client on `httpClient` (the shared one by default).
    public init(httpClient: HTTPClient = .shared, configuration: Configuration = .init()) {
        self.httpClient = httpClient
        self.configuration = configuration
    }

    /// The events of the stream at `url`, across reconnections.
    ///
    /// - Parameters:
    ///   - url: The stream's URL.
    ///   - method: `GET` unless the stream is, say, a POST.
    ///   - lastEventID: The ID to resume after, sent as `Last-Event-ID` on the first connection.
    ///   - body: The request body of each connection, made anew for each.
    ///   - headers: Extra headers, computed for each connection.
    public func events(
        url: String,
        method: HTTPMethod = .GET,
        lastEventID: String? = nil,
        body: (@Sendable () -> HTTPClientRequest.Body?)? = nil,
        headers: @escaping @Sendable () async throws -> HTTPHeaders = { [:] }
    ) -> Events {
        Events(
            connection: Connection(
                client: self,
                url: url,
                method: method,
                body: body,
                headers: headers,
                lastEventID: lastEventID ?? ""
            )
        )
    }

    /// The stream's events; iterating starts the connection, and dropping the iterator stops it.
    public struct Events: AsyncSequence, Sendable {
        /// A dispatched event (its `id` is the last event ID at dispatch).
        public typealias Element = ServerSentEvent

        let connection: Connection

        /// Connects and starts reading.
        public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(connection: connection) }

        /// Reads events as they arrive, reconnecting as needed.
        public struct AsyncIterator: AsyncIteratorProtocol {
            private let run: RunningConnection<ServerSentEvent>
            private var channelIterator: AsyncThrowingChannel<ServerSentEvent, any Error>.AsyncIterator

            init(connection: Connection) {
                run = RunningConnection(connection: connection) { .element($0.event, isLast: false) }
                channelIterator = run.channel.makeAsyncIterator()
            }

            /// The next event, or `nil` after `204 No Content`; throws when the stream fails.
            public mutating func next() async throws -> ServerSentEvent? {
                try await channelIterator.next()
            }

            /// The last event ID the stream set, sent as `Last-Event-ID` on reconnection.
            public var lastEventID: String { run.state.withLock { $0.lastEventID } }
        }
    }

    /// The typed events of the stream at `url`, across reconnections: each event's data is read
    /// by `decoder` where it lies in the response's buffer, with no `String` or `Data` in between.
    /// The sequence ends after a terminal event (without reconnecting), and with the
    /// `ServerSentEventPayloadError` of an invalid event unless `policy` skips it.
    ///
    /// ```swift
    /// for try await event in client.events(url: base + ChatRoomEvent.path(roomID: "lobby"), decoder: ChatRoomDecoder()) { … }
    /// ```
    ///
    /// The other parameters are those of ``events(url:method:lastEventID:body:headers:)``.
    public func events<Decoder: ServerSentEventTypedDecoder>(
        url: String,
        decoder: Decoder,
        onInvalid policy: InvalidEventPolicy = .fail,
        method: HTTPMethod = .GET,
        lastEventID: String? = nil,
        body: (@Sendable () -> HTTPClientRequest.Body?)? = nil,
        headers: @escaping @Sendable () async throws -> HTTPHeaders = { [:] }
    ) -> TypedEvents<Decoder> {
        TypedEvents(
            connection: Connection(
                client: self, url: url, method: method, body: body, headers: headers, lastEventID: lastEventID ?? ""),
            decoder: decoder,
            policy: policy
        )
    }

    /// A stream's typed events; iterating starts the connection, and dropping the iterator stops it.
    public struct TypedEvents<Decoder: ServerSentEventTypedDecoder>: AsyncSequence, Sendable {
        /// A typed event.
        public typealias Element = Decoder.Event

        let connection: Connection
        let decoder: Decoder
        let policy: InvalidEventPolicy

        /// Connects and starts reading.
        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(connection: connection, decoder: decoder, policy: policy)
        }

        /// Reads typed events as they arrive, reconnecting as needed.
        public struct AsyncIterator: AsyncIteratorProtocol {
            private let run: RunningConnection<Decoder.Event>
            private var channelIterator: AsyncThrowingChannel<Decoder.Event, any Error>.AsyncIterator

            init(connection: Connection, decoder: Decoder, policy: InvalidEventPolicy) {
                run = RunningConnection(connection: connection) { event in
                    do throws(ServerSentEventPayloadError) {
                        let typed = try decoder.decode(event)
                        return .element(typed, isLast: decoder.isTerminal(typed))
                    } catch {
                        guard let report = policy.report else { return .failure(error) }
                        report(error)
                        return .skip
                    }
                }
                channelIterator = run.channel.makeAsyncIterator()
            }

            /// The next typed event, or `nil` after a terminal event or `204 No Content`; throws
            /// when the stream fails or (under `.fail`) at an invalid event.
            public mutating func next() async throws -> Decoder.Event? {
                try await channelIterator.next()
            }

            /// The last event ID the stream set, sent as `Last-Event-ID` on reconnection.
            public var lastEventID: String { run.state.withLock { $0.lastEventID } }
        }
    }

    /// One stream's request, made again on every reconnection.
    struct Connection: Sendable {
        let client: ServerSentEventClient
        let url: String
        let method: HTTPMethod
        let body: (@Sendable () -> HTTPClientRequest.Body?)?
        let headers: @Sendable () async throws -> HTTPHeaders
        let lastEventID: String
    }
}
#endif  // AsyncHTTPClient
