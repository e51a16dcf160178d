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
///   (``Configuration/minimumReconnectionDelay``: `retry: 0` cannot turn the client into a
///   loop); failed attempts back off exponentially from it, with jitter, up to a cap; a
///   connection that delivered events resets the backoff.
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
        /// The reconnection delay until the server sends `retry:` (EventSource's default is
        /// about 3 seconds).
        public var reconnectionDelay: Duration
        /// The shortest wait before a reconnection, whatever the server's `retry:` says (and
        /// after jitter): a server that sends `retry: 0` and hangs up meets a floor, then the
        /// exponential backoff.
        public var minimumReconnectionDelay: Duration
        /// Each failed attempt in a row multiplies the delay by this.
        public var backoffMultiplier: Double
        /// The longest delay between attempts.
        public var maximumReconnectionDelay: Duration
        /// Each delay is shortened by a random fraction up to this (0 … 1), so that clients
        /// dropped together do not come back together.
        public var jitter: Double
        /// A connection silent for this long is dropped and reconnected; `nil` waits forever.
        /// Keep it above the server's heartbeat interval.
        public var idleTimeout: Duration?
        /// How long a connection may take to answer with its headers.
        public var connectTimeout: Duration
        /// The decoder's limits on lines and events.
        public var limits: ServerSentEventDecoder.Limits
        /// The most connection attempts in a row that fail before the sequence throws; `nil`
        /// keeps trying.
        public var maximumFailedAttempts: Int?

        /// Creates a configuration: 3 s before the first reconnection, 0.5 s at least, doubling
        /// for each failure in a row up to 60 s, up to 50 % shorter at random.
        public init(
            reconnectionDelay: Duration = .seconds(3),
            minimumReconnectionDelay: Duration = .milliseconds(500),
            backoffMultiplier: Double = 2,
            maximumReconnectionDelay: Duration = .seconds(60),
            jitter: Double = 0.5,
            idleTimeout: Duration? = .seconds(60),
            connectTimeout: Duration = .seconds(30),
            limits: ServerSentEventDecoder.Limits = .default,
            maximumFailedAttempts: Int? = nil
        ) {
            self.reconnectionDelay = reconnectionDelay
            self.minimumReconnectionDelay = max(.zero, minimumReconnectionDelay)
            self.backoffMultiplier = max(1, backoffMultiplier)
            self.maximumReconnectionDelay = maximumReconnectionDelay
            self.jitter = min(max(0, jitter), 1)
            self.idleTimeout = idleTimeout
            self.connectTimeout = connectTimeout
            self.limits = limits
            self.maximumFailedAttempts = maximumFailedAttempts
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

/// The task that connects, reads and reconnects, feeding a channel; it stops when the last
/// iterator holding it goes away.
final class RunningConnection: Sendable {
    struct State {
        var lastEventID: String
        var serverRetry: Duration?
    }

    let channel = AsyncThrowingChannel<ServerSentEvent, any Error>()
    let state: Locked<State>
    private let task = Locked<Task<Void, Never>?>(nil)

    init(connection: ServerSentEventClient.Connection) {
        state = Locked(State(lastEventID: connection.lastEventID))
        let channel = channel
        let state = state
        let task = Task {
            do {
                try await Self.run(connection, channel: channel, state: state)
                channel.finish()
            } catch {
                channel.fail(error)
            }
        }
        self.task.withLock { $0 = task }
    }

    deinit {
        task.withLock { $0?.cancel() }
    }

    private static func run(
        _ connection: ServerSentEventClient.Connection,
        channel: AsyncThrowingChannel<ServerSentEvent, any Error>,
        state: Locked<State>
    ) async throws {
        let configuration = connection.client.configuration
        var failures = 0
        while !Task.isCancelled {
            let outcome: Outcome
            do {
                outcome = try await connect(connection, channel: channel, state: state)
            } catch let error as ServerSentEventClientError {
                throw error
            } catch is CancellationError {
                return
            } catch {
                outcome = .dropped(deliveredEvents: false)
            }
            switch outcome {
            case .noContent:
                return
            case .dropped(let delivered):
                failures = delivered ? 0 : failures + 1
            }
            if let maximum = configuration.maximumFailedAttempts, failures >= maximum {
                throw ServerSentEventClientError(code: .tooManyFailedAttempts, url: connection.url)
            }
            let base = state.withLock { $0.serverRetry } ?? configuration.reconnectionDelay
            try await Task.sleep(for: delay(base: base, failures: failures, configuration: configuration))
        }
    }

    static func delay(base: Duration, failures: Int, configuration: ServerSentEventClient.Configuration) -> Duration {
        ServerSentEventClient.reconnectionDelay(base: base, failures: failures, configuration: configuration)
    }
}

extension ServerSentEventClient {
    /// The wait before a reconnection: `base` (the server's `retry:`, or the configured delay)
    /// raised to ``Configuration/minimumReconnectionDelay``, multiplied for each failed attempt
    /// in a row, capped at the maximum, then shortened by a random fraction up to
    /// ``Configuration/jitter``, never below the floor.
    public static func reconnectionDelay(base: Duration, failures: Int, configuration: Configuration) -> Duration {
        let floor = configuration.minimumReconnectionDelay
        let base = max(base, floor)
        var delay = base
        for _ in 0..<min(failures, 32) {
            delay = delay * configuration.backoffMultiplier
            if delay >= configuration.maximumReconnectionDelay { break }
        }
        delay = min(delay, max(base, configuration.maximumReconnectionDelay))
        return max(floor, delay * (1 - Double.random(in: 0...configuration.jitter)))
    }
}

extension RunningConnection {
    enum Outcome {
        case noContent
        case dropped(deliveredEvents: Bool)
    }

    private static func connect(
        _ connection: ServerSentEventClient.Connection,
        channel: AsyncThrowingChannel<ServerSentEvent, any Error>,
        state: Locked<State>
    ) async throws -> Outcome {
        let configuration = connection.client.configuration
        let lastEventID = state.withLock { $0.lastEventID }
        var request = HTTPClientRequest(url: connection.url)
        request.method = connection.method
        request.headers = try await connection.headers()
        request.headers.replaceOrAdd(name: "Accept", value: "text/event-stream")
        request.headers.replaceOrAdd(name: "Cache-Control", value: "no-cache")
        if !lastEventID.isEmpty { request.headers.replaceOrAdd(name: "Last-Event-ID", value: lastEventID) }
        request.body = connection.body?()

        let response = try await connection.client.httpClient.execute(
            request,
            // AsyncHTTPClient applies the deadline until the response head only.
            deadline: .now() + TimeAmount(configuration.connectTimeout),
            logger: nil
        )
        if response.status == .noContent { return .noContent }
        guard response.status == .ok else {
            throw ServerSentEventClientError(
                code: .unexpectedStatus, url: connection.url, status: Int(response.status.code))
        }
        let contentType = response.headers.first(name: "Content-Type") ?? ""
        guard contentType.lowercased().split(separator: ";").first?.trimmingSpaces == "text/event-stream" else {
            throw ServerSentEventClientError(
                code: .unexpectedContentType, url: connection.url, contentType: contentType)
        }

        var decoder = ServerSentEventDecoder(limits: configuration.limits, lastEventID: lastEventID)
        var delivered = false
        let lastByte = Locked(ContinuousClock.now)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let idleTimeout = configuration.idleTimeout {
                    group.addTask {
                        while true {
                            let due = lastByte.withLock { $0 } + idleTimeout
                            if ContinuousClock.now >= due { throw IdleTimeout() }
                            try await Task.sleep(until: due)
                        }
                    }
                }
                for try await buffer in response.body {
                    lastByte.withLock { $0 = .now }
                    var outputs: [ServerSentEventDecoder.Output] = []
                    try decoder.decode(buffer.readableBytesView) { outputs.append($0) }
                    for output in outputs {
                        switch output {
                        case .event(let event):
                            state.withLock { $0.lastEventID = decoder.lastEventID }
                            delivered = true
                            await channel.send(event)
                        case .reconnectionTime(let time):
                            state.withLock { $0.serverRetry = time }
                        }
                    }
                    state.withLock { $0.lastEventID = decoder.lastEventID }
                    try Task.checkCancellation()
                }
                group.cancelAll()
            }
        } catch let error as ServerSentEventDecodingError {
            throw ServerSentEventClientError(code: .streamTooLarge, url: connection.url, underlying: error.description)
        } catch is IdleTimeout {
            // Dropped for silence: reconnect.
        }
        decoder.finish()
        state.withLock { $0.lastEventID = decoder.lastEventID }
        return .dropped(deliveredEvents: delivered)
    }

    private struct IdleTimeout: Error {}
}

/// A value behind a lock, shareable between tasks.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try mutex.withLock { try body(&$0) }
    }
}

extension TimeAmount {
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}

/// A stream that cannot go on: the server answered with something that is not an event stream,
/// or it kept failing.
public struct ServerSentEventClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why; more cases may come, so `switch` needs a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case unexpectedStatus
            case unexpectedContentType
            case streamTooLarge
            case tooManyFailedAttempts
        }
        private let wrapped: Wrapped

        /// A status other than 200 (or 204, which ends the stream quietly).
        public static var unexpectedStatus: Self { .init(wrapped: .unexpectedStatus) }
        /// A content type other than `text/event-stream`.
        public static var unexpectedContentType: Self { .init(wrapped: .unexpectedContentType) }
        /// A line or event over the decoder's limits.
        public static var streamTooLarge: Self { .init(wrapped: .streamTooLarge) }
        /// ``ServerSentEventClient/Configuration/maximumFailedAttempts`` attempts failed in a row.
        public static var tooManyFailedAttempts: Self { .init(wrapped: .tooManyFailedAttempts) }

        /// A short name of the code.
        public var description: String {
            switch wrapped {
            case .unexpectedStatus: "unexpected status"
            case .unexpectedContentType: "unexpected content type"
            case .streamTooLarge: "stream over the limits"
            case .tooManyFailedAttempts: "too many failed attempts"
            }
        }
    }

    /// Why.
    public var code: Code
    /// The stream's URL.
    public var url: String
    /// The status, for `unexpectedStatus`.
    public var status: Int?
    /// The content type, for `unexpectedContentType`.
    public var contentType: String?
    /// More detail, e.g. the decoder's error.
    public var underlying: String?

    /// Creates an error.
    public init(code: Code, url: String, status: Int? = nil, contentType: String? = nil, underlying: String? = nil) {
        self.code = code
        self.url = url
        self.status = status
        self.contentType = contentType
        self.underlying = underlying
    }

    /// A sentence for logs.
    public var description: String {
        var text = "\(code) from \(url)"
        if let status { text += ": status \(status)" }
        if let contentType { text += ": content type '\(contentType)'" }
        if let underlying { text += ": \(underlying)" }
        return text
    }
}
#endif  // AsyncHTTPClient
