#if AsyncHTTPClient && Hummingbird
import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import ServerSentEvents
import ServerSentEventsClient
import ServerSentEventsHummingbird
import Synchronization
import Testing

// The adapter keeps its header names internal; a test names them as any user would.
extension HTTPField.Name {
    fileprivate static let lastEventID = Self("Last-Event-ID")!
}

/// The reconnecting client against a real server on loopback (our Hummingbird adapter).
@Suite("Reconnecting client", .timeLimit(.minutes(2)))
struct ClientTests {
    /// What the server saw: one entry per connection.
    final class Connections: Sendable {
        private let seen = Mutex<[HTTPFields]>([])
        func record(_ headers: HTTPFields) { seen.withLock { $0.append(headers) } }
        var all: [HTTPFields] { seen.withLock { $0 } }
        var count: Int { seen.withLock { $0.count } }
    }

    static let fast = ServerSentEventClient.Configuration(
        reconnection: .init(
            reconnectionDelay: .milliseconds(10), minimumReconnectionDelay: .milliseconds(1),
            maximumReconnectionDelay: .milliseconds(50)),
        idleTimeout: .seconds(30)
    )

    func withServer(
        _ routes: (Router<BasicRequestContext>) -> Void,
        _ test: @Sendable (String) async throws -> Void
    ) async throws {
        let router = Router()
        routes(router)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await test("http://127.0.0.1:\(client.port!)") }
    }

    /// A route that streams a hub topic but hangs up after `limit()` events each time.
    static func droppingRoute(
        _ router: Router<BasicRequestContext>,
        hub: ServerSentEventHub,
        connections: Connections,
        limit: @escaping @Sendable () -> Int
    ) {
        router.get("/events") { request, _ in
            connections.record(request.headers)
            let lastEventID = ServerSentEvent.lastEventID(of: request)
            let count = limit()
            return Response.serverSentEvents(configuration: .init(retry: .milliseconds(5))) { emitter in
                var sent = 0
                for try await event in await hub.subscribe(lastEventID: lastEventID) {
                    try await emitter.send(event)
                    sent += 1
                    if sent >= count { return }
                }
            }
        }
    }

    @Test("dropped after every 2 events, the client resumes with Last-Event-ID and gets each event once, in order")
    func resumes() async throws {
        let hub = ServerSentEventHub()
        let connections = Connections()
        var published: [String] = []
        for index in 1...10 {
            published.append(try await hub.publish(ServerSentEvent(type: "n", data: "\(index)")).id!)
        }
        let ids = published
        try await withServer({ Self.droppingRoute($0, hub: hub, connections: connections) { 2 } }) { base in
            var received: [String] = []
            // Resuming from `earliest`: everything the hub keeps.
            let events = ServerSentEventClient(configuration: Self.fast).events(
                url: base + "/events", lastEventID: ServerSentEventHub.earliest)
            for try await event in events {
                received.append(event.data)
                if received.count == 10 { break }
            }
            #expect(received == (1...10).map(String.init))
            let lastEventIDs = connections.all.map { $0[.lastEventID] }
            #expect(lastEventIDs.prefix(5) == ["earliest", ids[1], ids[3], ids[5], ids[7]])
        }
    }

    @Test("connections dropped at random during a long stream: every event exactly once and in order")
    func randomDrops() async throws {
        let hub = ServerSentEventHub(configuration: .init(replayLimit: .init(events: 5_000)))
        let connections = Connections()
        let total = 1_000
        try await withServer({ router in
            Self.droppingRoute(router, hub: hub, connections: connections) { Int.random(in: 1...40) }
        }) { base in
            let publisher = Task {
                for index in 1...total {
                    try await hub.publish(ServerSentEvent(type: "n", data: "\(index)"))
                    if index % 50 == 0 { try await Task.sleep(for: .milliseconds(2)) }
                }
            }
            var received: [Int] = []
            let events = ServerSentEventClient(configuration: Self.fast).events(
                url: base + "/events", lastEventID: ServerSentEventHub.earliest)
            for try await event in events {
                received.append(Int(event.data)!)
                if received.count == total { break }
            }
            try await publisher.value
            #expect(received == Array(1...total))
            #expect(connections.count > 10)
        }
    }

    /// A typed decoder written by hand, as generated ones are: `n` events carry an integer,
    /// `end` is terminal, anything else is unknown.
    struct NumberDecoder: ServerSentEventTypedDecoder {
        enum Event: Equatable, Sendable {
            case number(Int)
            case end
            case unknown(String)
        }

        func decode(_ event: ServerSentEventDecoder.InPlaceEvent) throws(ServerSentEventPayloadError) -> Event {
            switch String(decoding: event.type, as: UTF8.self) {
            case "n":
                guard let number = Int(String(decoding: event.data, as: UTF8.self)) else {
                    throw ServerSentEventPayloadError(event: event.event, reason: "not a number")
                }
                return .number(number)
            case "end": return .end
            default: return .unknown(event.event.type)
            }
        }

        func isTerminal(_ event: Event) -> Bool { event == .end }
    }

    /// A route that streams `events` and hangs up.
    static func streamingRoute(
        _ router: Router<BasicRequestContext>, connections: Connections, events: [ServerSentEvent]
    ) {
        router.get("/typed") { request, _ in
            connections.record(request.headers)
            return Response.serverSentEvents(configuration: .init(retry: .milliseconds(5))) { emitter in
                for event in events { try await emitter.send(event) }
            }
        }
    }

    @Test("typed events read in the connection: in order, ended by a terminal event without reconnecting")
    func typedEvents() async throws {
        let connections = Connections()
        let events = [
            ServerSentEvent(type: "n", data: "1", id: "1"), ServerSentEvent(type: "other", data: "x"),
            ServerSentEvent(type: "n", data: "2", id: "2"), ServerSentEvent(type: "end", data: "", id: "3"),
            ServerSentEvent(type: "n", data: "4", id: "4"),
        ]
        try await withServer({ Self.streamingRoute($0, connections: connections, events: events) }) { base in
            var received: [NumberDecoder.Event] = []
            let typed = ServerSentEventClient(configuration: Self.fast).events(
                url: base + "/typed", decoder: NumberDecoder())
            var iterator = typed.makeAsyncIterator()
            while let event = try await iterator.next() { received.append(event) }
            #expect(received == [.number(1), .unknown("other"), .number(2), .end])
            #expect(iterator.lastEventID == "3")
            try await Task.sleep(for: .milliseconds(100))
            #expect(connections.count == 1, "the stream ended at its terminal event, and was not reconnected")
        }
    }

    @Test(
        "an invalid typed event ends the stream with its error after the events before it; .skip reports it and goes on"
    )
    func invalidTypedEvents() async throws {
        let connections = Connections()
        let events = [
            ServerSentEvent(type: "n", data: "1"), ServerSentEvent(type: "n", data: "one"),
            ServerSentEvent(type: "n", data: "2"), ServerSentEvent(type: "end", data: ""),
        ]
        try await withServer({ Self.streamingRoute($0, connections: connections, events: events) }) { base in
            var received: [NumberDecoder.Event] = []
            do {
                for try await event in ServerSentEventClient(configuration: Self.fast).events(
                    url: base + "/typed", decoder: NumberDecoder())
                {
                    received.append(event)
                }
                Issue.record("the invalid event did not end the stream")
            } catch let error as ServerSentEventPayloadError {
                #expect(error.reason == "not a number")
                #expect(error.event.data == "one")
            }
            #expect(received == [.number(1)])

            let reported = Mutex<[String]>([])
            received = []
            for try await event in ServerSentEventClient(configuration: Self.fast).events(
                url: base + "/typed", decoder: NumberDecoder(),
                onInvalid: .skip { error in reported.withLock { $0.append(error.event.data) } })
            {
                received.append(event)
            }
            #expect(received == [.number(1), .number(2), .end])
            #expect(reported.withLock { $0 } == ["one"])
        }
    }

    @Test("204 No Content ends the sequence without reconnecting")
    func noContent() async throws {
        let connections = Connections()
        try await withServer({ router in
            router.get("/events") { request, _ in
                connections.record(request.headers)
                return Response(status: .noContent)
            }
        }) { base in
            var count = 0
            for try await _ in ServerSentEventClient(configuration: Self.fast).events(url: base + "/events") {
                count += 1
            }
            #expect(count == 0)
            try await Task.sleep(for: .milliseconds(100))
            #expect(connections.count == 1)
        }
    }

    @Test("a status other than 200, or another content type, is a typed error")
    func failures() async throws {
        try await withServer({ router in
            router.get("/missing") { _, _ in Response(status: .notFound) }
            router.get("/html") { _, _ in "<html></html>" }
        }) { base in
            let client = ServerSentEventClient(configuration: Self.fast)
            await #expect {
                for try await _ in client.events(url: base + "/missing") {}
            } throws: { error in
                (error as? ServerSentEventClientError)?.code == .unexpectedStatus
                    && (error as? ServerSentEventClientError)?.status == 404
            }
            await #expect {
                for try await _ in client.events(url: base + "/html") {}
            } throws: { error in
                (error as? ServerSentEventClientError)?.code == .unexpectedContentType
            }
        }
    }

    @Test("a silent connection (no heartbeat) is dropped after the idle timeout and reconnected")
    func idleTimeout() async throws {
        let connections = Connections()
        try await withServer({ router in
            router.get("/events") { request, _ in
                connections.record(request.headers)
                let first = connections.count == 1
                return Response.serverSentEvents(configuration: .init(heartbeat: nil)) { emitter in
                    if first {
                        try await Task.sleep(for: .seconds(2))  // silent, past the client's idle timeout
                    } else {
                        try await emitter.send(ServerSentEvent(type: "n", data: "after reconnect"))
                    }
                }
            }
        }) { base in
            var configuration = Self.fast
            configuration.idleTimeout = .milliseconds(300)
            for try await event in ServerSentEventClient(configuration: configuration).events(url: base + "/events") {
                #expect(event.data == "after reconnect")
                break
            }
            #expect(connections.count >= 2)
        }
    }

    @Test("headers are computed for every connection (a refreshed token); POST with a body works")
    func headersAndBody() async throws {
        let connections = Connections()
        try await withServer({ router in
            router.post("/events") { request, _ in
                connections.record(request.headers)
                let body = try await String(buffer: request.body.collect(upTo: 1 << 10))
                return Response.serverSentEvents(configuration: .init(retry: .milliseconds(5))) { emitter in
                    try await emitter.send(ServerSentEvent(type: "echo", data: body))
                }
            }
        }) { base in
            let tokens = Mutex(0)
            let events = ServerSentEventClient(configuration: Self.fast).events(
                url: base + "/events",
                method: .POST,
                body: { .bytes(ByteBuffer(string: "question")) },
                headers: {
                    let token = tokens.withLock {
                        $0 += 1; return $0
                    }
                    return ["Authorization": "Bearer \(token)"]
                }
            )
            var received: [String] = []
            for try await event in events {
                received.append(event.data)
                if received.count == 3 { break }
            }
            #expect(received == ["question", "question", "question"])
            #expect(connections.all.prefix(3).map { $0[.authorization] } == ["Bearer 1", "Bearer 2", "Bearer 3"])
            #expect(connections.all.first?[.accept] == "text/event-stream")
        }
    }

    @Test("the server's retry: sets the reconnection delay")
    func serverRetry() async throws {
        let connections = Connections()
        try await withServer({ router in
            router.get("/events") { request, _ in
                connections.record(request.headers)
                return Response.serverSentEvents(configuration: .init(retry: .milliseconds(20))) { emitter in
                    try await emitter.send(ServerSentEvent(type: "n", data: "x"))
                }
            }
        }) { base in
            // Without the server's retry: the client would wait a minute before reconnecting.
            var configuration = Self.fast
            configuration.reconnection.reconnectionDelay = .seconds(60)
            configuration.reconnection.maximumReconnectionDelay = .seconds(60)
            var count = 0
            for try await _ in ServerSentEventClient(configuration: configuration).events(url: base + "/events") {
                count += 1
                if count == 3 { break }
            }
            #expect(connections.count >= 3)
        }
    }

    @Test("retry: 0 and a hang-up meet the floor, then backoff: no reconnection loop")
    func retryZeroFloor() async throws {
        let connections = Connections()
        try await withServer({ router in
            router.get("/events") { request, _ in
                connections.record(request.headers)
                // retry: 0, then the stream ends at once, without an event.
                return Response.serverSentEvents(configuration: .init(retry: .zero, heartbeat: nil)) { _ in }
            }
        }) { base in
            // The defaults but the first delay (which retry: 0 replaces anyway).
            let configuration = ServerSentEventClient.Configuration(
                reconnection: .init(reconnectionDelay: .milliseconds(10)))
            let following = Task {
                for try await _ in ServerSentEventClient(configuration: configuration).events(url: base + "/events") {}
            }
            try await Task.sleep(for: .milliseconds(1_200))
            following.cancel()
            // 0.5 s at least between attempts (then 1 s, 2 s…): 3 connections at most in 1.2 s.
            #expect((1...3).contains(connections.count), "\(connections.count) connections")
        }
    }
}
#endif  // AsyncHTTPClient && Hummingbird
