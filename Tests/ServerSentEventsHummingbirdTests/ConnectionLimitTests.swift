#if Hummingbird
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOCore
import NIOPosix
import ServerSentEvents
import ServerSentEventsHummingbird
import Synchronization
import Testing

/// `.http1ForEventStreams` against clients that hold what they can: too many connections,
/// and request heads sent a byte at a time. Raw TCP, as such a client is.
@Suite("Connection bounds", .timeLimit(.minutes(1)))
struct ConnectionLimitTests {
    /// A server with a stream that never ends (a heartbeat every 100 ms).
    func withServer(
        _ server: HTTPServerBuilder, _ test: @Sendable (Int) async throws -> Void
    ) async throws {
        let router = Router()
        router.get("/stream") { _, _ in
            Response.serverSentEvents(configuration: .init(heartbeat: .milliseconds(100))) { _ in
                try await Task.sleep(for: .seconds(60))
            }
        }
        // Run here rather than with HummingbirdTesting, whose client holds a connection of its own.
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, server: server, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                port.yield(channel.localAddress?.port ?? 0)
                port.finish()
            })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = ports.makeAsyncIterator()
            let bound = try #require(await iterator.next())
            try await test(bound)
            group.cancelAll()
        }
    }

    /// A raw connection: what it sent, and the text it read until `readFor` passed or the
    /// server closed it.
    struct RawClient {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

        static func connect(_ port: Int) async throws -> RawClient {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            return RawClient(channel: channel)
        }

        /// Sends `text`, then reads for `duration` or until the server closes: the text, and
        /// whether it closed.
        func exchange(_ text: String, readFor duration: Duration) async throws -> (text: String, closed: Bool) {
            try await channel.executeThenClose { inbound, outbound in
                // A refused connection is answered and closed at once, maybe before the request
                // goes out: then the write fails, and what matters is what was read.
                if !text.isEmpty { try? await outbound.write(ByteBuffer(string: text)) }
                return try await Self.read(inbound, for: duration)
            }
        }

        static func read(
            _ inbound: NIOAsyncChannelInboundStream<ByteBuffer>, for duration: Duration
        ) async throws -> (text: String, closed: Bool) {
            let received = ReceivedText()
            let closed = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    // Closed either way: a server that closes with bytes of ours unread resets
                    // the connection (what it sent before that is already read).
                    do {
                        for try await buffer in inbound { received.append(String(buffer: buffer)) }
                    } catch let error as IOError where error.errnoCode == ECONNRESET {}
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: duration)
                    return false
                }
                defer { group.cancelAll() }
                return try await group.next() ?? false
            }
            return (received.text, closed)
        }
    }

    final class ReceivedText: Sendable {
        private let parts = Mutex<[String]>([])
        func append(_ part: String) { parts.withLock { $0.append(part) } }
        var text: String { parts.withLock { $0.joined() } }
    }

    /// A stream held open, read until the task is cancelled (then closed, as NIO requires).
    static func hold(_ port: Int) async throws -> Task<Void, any Error> {
        let client = try await RawClient.connect(port)
        return Task {
            try await client.channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: streamRequest))
                for try await _ in inbound {}
            }
        }
    }

    static let streamRequest = "GET /stream HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n"

    @Test(
        "past the connection limit a connection is answered 503 with Retry-After and closed; a freed place is taken again"
    )
    func connectionLimit() async throws {
        try await withServer(.http1ForEventStreams(maximumConnections: 2)) { port in
            // Two streams hold the two places.
            let first = try await Self.hold(port)
            let second = try await Self.hold(port)
            try await Task.sleep(for: .milliseconds(200))

            let refused = try await RawClient.connect(port).exchange(Self.streamRequest, readFor: .seconds(5))
            #expect(refused.text.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
            #expect(refused.text.contains("Retry-After: 5\r\n"))
            #expect(refused.closed)

            first.cancel()
            _ = await first.result
            try await Task.sleep(for: .milliseconds(200))
            let admitted = try await RawClient.connect(port).exchange(Self.streamRequest, readFor: .milliseconds(300))
            #expect(admitted.text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            second.cancel()
            _ = await second.result
        }
    }

    @Test("a request head sent a byte at a time is cut at the idle timeout; a stream being sent is never idle")
    func slowloris() async throws {
        let server = HTTPServerBuilder.http1ForEventStreams(configuration: .init(idleTimeout: .milliseconds(300)))
        try await withServer(server) { port in
            let slow = try await RawClient.connect(port)
            let start = ContinuousClock.now
            let outcome = try await slow.channel.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: (text: String, closed: Bool)?.self) { group in
                    group.addTask {
                        // Until the server cuts the connection: then a write fails, and the
                        // reader below says whether it was closed.
                        for byte in Self.streamRequest.utf8.dropLast(2) {
                            guard (try? await outbound.write(ByteBuffer(bytes: [byte]))) != nil else { break }
                            try await Task.sleep(for: .milliseconds(100))
                        }
                        return nil
                    }
                    group.addTask { try await RawClient.read(inbound, for: .seconds(10)) }
                    defer { group.cancelAll() }
                    while let result = try await group.next() {
                        if let result { return result }
                    }
                    return ("", false)
                }
            }
            #expect(outcome.closed)
            #expect(ContinuousClock.now - start < .seconds(5))

            // A stream outlives the idle timeout by far, heartbeats flowing.
            let stream = try await RawClient.connect(port).exchange(Self.streamRequest, readFor: .seconds(1))
            #expect(!stream.closed)
            // Heartbeats: ":" then LF, each in a chunk of its own (headers hold ": ").
            let bytes = Array(stream.text.utf8)
            let heartbeats = zip(bytes, bytes.dropFirst()).filter { $0 == (UInt8(ascii: ":"), 0x0A) }.count
            #expect(heartbeats > 5)
        }
    }

    @Test("the default limit keeps a reserve below the descriptor limit")
    func defaultLimit() {
        #expect(HTTPServerBuilder.defaultMaximumConnections >= 16)
    }
}
#endif  // Hummingbird
