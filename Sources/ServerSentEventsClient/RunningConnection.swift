#if AsyncHTTPClient
import AsyncAlgorithms
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import ServerSentEvents
import Synchronization

/// The task that connects, reads and reconnects, feeding a channel; it stops when the last
/// iterator holding it goes away.
final class RunningConnection: Sendable {
    let channel = AsyncThrowingChannel<ServerSentEvent, any Error>()
    /// The last event ID, the server's `retry:` and the failures in a row, across connections.
    let state: Locked<ServerSentEventReconnection>
    private let task = Locked<Task<Void, Never>?>(nil)

    init(connection: ServerSentEventClient.Connection) {
        state = Locked(
            ServerSentEventReconnection(
                policy: connection.client.configuration.reconnection, lastEventID: connection.lastEventID))
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
        state: Locked<ServerSentEventReconnection>
    ) async throws {
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
            guard case .dropped(let delivered) = outcome else { return }  // 204 No Content
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
    }

    private static func connect(
        _ connection: ServerSentEventClient.Connection,
        channel: AsyncThrowingChannel<ServerSentEvent, any Error>,
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
                        state.withLock { $0.record(output, lastEventID: decoder.lastEventID) }
                        if case .event(let event) = output {
                            delivered = true
                            await channel.send(event)
                        }
                    }
                    state.withLock { $0.record(lastEventID: decoder.lastEventID) }
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
        state.withLock { $0.record(lastEventID: decoder.lastEventID) }
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
#endif  // AsyncHTTPClient
