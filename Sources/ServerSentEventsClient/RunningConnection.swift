#if AsyncHTTPClient
import AsyncAlgorithms
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import ServerSentEvents
import Synchronization

/// What a connection makes of an event it framed, as views of its bytes.
enum Taken<Element: Sendable> {
    /// An element to hand over; `isLast` ends the stream after it (a terminal typed event).
    case element(Element, isLast: Bool)
    /// Nothing (an invalid event reported under `.skip`).
    case skip
    /// The stream ends with this error, after the elements before it.
    case failure(any Error)
}

/// The task that connects, reads and reconnects, feeding a channel; it stops when the last
/// iterator holding it goes away. Each event is taken where it lies in the response's buffer:
/// as a `ServerSentEvent`, or as a typed event read straight from its bytes.
final class RunningConnection<Element: Sendable>: Sendable {
    typealias Take = @Sendable (ServerSentEventDecoder.InPlaceEvent) -> Taken<Element>

    let channel = AsyncThrowingChannel<Element, any Error>()
    /// The last event ID, the server's `retry:` and the failures in a row, across connections.
    let state: Locked<ServerSentEventReconnection>
    private let task = Locked<Task<Void, Never>?>(nil)

    init(connection: ServerSentEventClient.Connection, take: @escaping Take) {
        state = Locked(
            ServerSentEventReconnection(
                policy: connection.client.configuration.reconnection, lastEventID: connection.lastEventID))
        let channel = channel
        let state = state
        let task = Task {
            do {
                try await Self.run(connection, take: take, channel: channel, state: state)
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
        take: Take,
        channel: AsyncThrowingChannel<Element, any Error>,
        state: Locked<ServerSentEventReconnection>
    ) async throws {
        while !Task.isCancelled {
            let outcome: Outcome
            do {
                outcome = try await connect(connection, take: take, channel: channel, state: state)
            } catch let error as ServerSentEventClientError {
                throw error
            } catch let error as ServerSentEventPayloadError {
                throw error  // an invalid typed event under `.fail`: a reconnection would not mend it
            } catch is CancellationError {
                return
            } catch {
                outcome = .dropped(deliveredEvents: false)
            }
            guard case .dropped(let delivered) = outcome else { return }  // 204 No Content, or a terminal event
            switch state.withLock({ $0.connectionEnded(deliveredEvents: delivered) }) {
            case .reconnect(let delay):
                try await Task.sleep(for: delay)
            case .giveUp:
                throw ServerSentEventClientError(code: .tooManyFailedAttempts, url: connection.url)
            }
        }
    }
}

extension RunningConnection {
    enum Outcome {
        case noContent
        case dropped(deliveredEvents: Bool)
        /// A terminal event was delivered.
        case ended
    }

    /// What one chunk gave, in stream order, handed over after the chunk is read.
    private enum Pending {
        case element(Element, lastEventID: String, isLast: Bool)
        case reconnectionTime(Duration)
        case failure(any Error)
    }

    private static func connect(
        _ connection: ServerSentEventClient.Connection,
        take: Take,
        channel: AsyncThrowingChannel<Element, any Error>,
        state: Locked<ServerSentEventReconnection>
    ) async throws -> Outcome {
        let configuration = connection.client.configuration
        let reconnection = state.withLock { $0 }
        var request = HTTPClientRequest(url: connection.url)
        request.method = connection.method
        request.headers = try await connection.headers()
        request.headers.replaceOrAdd(name: "Accept", value: "text/event-stream")
        request.headers.replaceOrAdd(name: "Cache-Control", value: "no-cache")
        if let header = reconnection.lastEventIDHeaderValue {
            request.headers.replaceOrAdd(name: "Last-Event-ID", value: header)
        }
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

        var decoder = ServerSentEventDecoder(limits: configuration.limits, lastEventID: reconnection.lastEventID)
        var delivered = false
        let lastByte = Locked(ContinuousClock.now)
        var ended = false
        do {
            ended = try await withThrowingTaskGroup(of: Void.self, returning: Bool.self) { group in
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
                    var pending: [Pending] = []
                    var failed = false
                    try decoder.decodeInPlace(buffer.readableBytesView) { output in
                        guard !failed else { return }
                        switch output {
                        case .event(let event):
                            switch take(event) {
                            case .element(let element, let isLast):
                                let lastEventID = String(decoding: event.lastEventID, as: UTF8.self)
                                pending.append(.element(element, lastEventID: lastEventID, isLast: isLast))
                                failed = isLast
                            case .skip: break
                            case .failure(let error):
                                pending.append(.failure(error))
                                failed = true
                            }
                        case .reconnectionTime(let time):
                            pending.append(.reconnectionTime(time))
                        }
                    }
                    for item in pending {
                        switch item {
                        case .reconnectionTime(let time):
                            state.withLock { $0.record(.reconnectionTime(time), lastEventID: $0.lastEventID) }
                        case .element(let element, let lastEventID, let isLast):
                            state.withLock { $0.record(lastEventID: lastEventID) }
                            delivered = true
                            await channel.send(element)
                            if isLast {
                                group.cancelAll()
                                return true
                            }
                        case .failure(let error):
                            throw error
                        }
                    }
                    state.withLock { $0.record(lastEventID: decoder.lastEventID) }
                    try Task.checkCancellation()
                }
                group.cancelAll()
                return false
            }
        } catch let error as ServerSentEventDecodingError {
            throw ServerSentEventClientError(code: .streamTooLarge, url: connection.url, underlying: error.description)
        } catch is IdleTimeout {
            // Dropped for silence: reconnect.
        }
        decoder.finish()
        state.withLock { $0.record(lastEventID: decoder.lastEventID) }
        return ended ? .ended : .dropped(deliveredEvents: delivered)
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
#endif  // AsyncHTTPClient
