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
/// let events = client.events(url: "https://chat.example/rooms/lobby/events") { ["Authorization": "Bearer \(await token())"] }
/// for try await event in ChatRoomDecoder().events(events) { … }        // ends after roomClosed
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
            private let run: RunningConnection
            private var channelIterator: AsyncThrowingChannel<ServerSentEvent, any Error>.AsyncIterator

            init(connection: Connection) {
                run = RunningConnection(connection: connection)
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
