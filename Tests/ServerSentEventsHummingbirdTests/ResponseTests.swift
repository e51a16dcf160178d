#if Hummingbird
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@_spi(Generated) import ServerSentEvents
import ServerSentEventsHummingbird
import Testing

// The adapter keeps its header names internal; a test names them as any user would.
extension HTTPField.Name {
    fileprivate static let lastEventID = Self("Last-Event-ID")!
    fileprivate static let xAccelBuffering = Self("X-Accel-Buffering")!
}

/// The Hummingbird adapter: headers, bytes, Last-Event-ID, the hub, clients going away,
/// graceful shutdown.
@Suite("Hummingbird adapter", .timeLimit(.minutes(2)))
struct ResponseTests {
    func application(_ routes: (Router<BasicRequestContext>) -> Void) -> some ApplicationProtocol {
        let router = Router()
        routes(router)
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    @Test("headers for proxies, retry: first, events as sent, no length")
    func headersAndBody() async throws {
        let app = application { router in
            router.get("/events") { _, _ in
                Response.serverSentEvents(configuration: .init(retry: .seconds(2))) { emitter in
                    try await emitter.send(ServerSentEvent(type: "notice", data: "hello\nworld", id: "1"))
                    try await emitter.comment("bye")
                }
            }
        }
        try await app.test(.router) { client in
            try await client.execute(uri: "/events", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(response.headers[.xAccelBuffering] == "no")
                #expect(response.headers[.contentLength] == nil)
                #expect(response.headers[.contentEncoding] == nil)
                #expect(
                    String(buffer: response.body)
                        == "retry: 2000\nevent: notice\nid: 1\ndata: hello\ndata: world\n\n: bye\n"
                )
            }
        }
    }

    @Test("a hub topic: replay after the request's Last-Event-ID, live events, ends at the terminal event")
    func hubTopic() async throws {
        let hub = ServerSentEventHub()
        let app = application { router in
            router.get("/rooms/:room/events") { request, context in
                let room = try context.parameters.require("room")
                return await Response.serverSentEvents(from: hub, topic: "/rooms/\(room)/events", request: request)
            }
        }
        var published: [String] = []
        for text in ["one", "two", "three"] {
            published.append(try await hub.publish(ServerSentEvent(type: "m", data: text), to: "/rooms/a/events").id!)
        }
        let ids = published
        let closed = try await hub.publish(
            ServerSentEvent(type: "closed", data: ""), to: "/rooms/a/events", terminal: true)
        try await app.test(.router) { client in
            try await client.execute(uri: "/rooms/a/events", method: .get, headers: [.lastEventID: ids[0]]) {
                response in
                #expect(
                    String(buffer: response.body)
                        == ":\nevent: m\nid: \(ids[1])\ndata: two\n\nevent: m\nid: \(ids[2])\ndata: three\n\n"
                        + "event: closed\nid: \(closed.id!)\ndata:\n\n"
                )
            }
        }
    }

    @Test("the cursor: Last-Event-ID, or the lastEventID / lastEventId query parameter; the header wins")
    func cursorInTheQuery() async throws {
        let hub = ServerSentEventHub(configuration: .init(replayLimit: .init(events: 2)))
        let app = application { router in
            router.get("/events") { request, _ in
                await Response.serverSentEvents(from: hub, topic: "t", request: request)
            }
        }
        var published: [String] = []
        for text in ["one", "two", "three"] {
            published.append(try await hub.publish(ServerSentEvent(type: "m", data: text), to: "t").id!)
        }
        let ids = published
        try await hub.publish(ServerSentEvent(type: "end", data: "x"), to: "t", terminal: true)
        try await app.test(.router) { client in
            // (query, header) → the response's Last-Event-ID, the data that follows.
            let cases: [(String, String?, String?, String)] = [
                ("?lastEventID=\(ids[2])", nil, ids[2], "data: x"),
                ("?lastEventId=\(ids[2])", nil, ids[2], "data: x"),
                ("?lastEventID=\(ids[0])", ids[2], ids[2], "data: x"),  // the header wins
                (
                    "?lastEventID=\(ids[0])", nil, "earliest",
                    #"data: {"lastEventID":"\#(ids[0])","firstEventID":"\#(ids[2])"},data: three,data: x"#
                ),
                ("?lastEventID=earliest", nil, "earliest", "data: three,data: x"),
                ("", nil, nil, "data: y"),
            ]
            for (query, header, answered, data) in cases {
                let headers: HTTPFields = header.map { [.lastEventID: $0] } ?? [:]
                // A subscriber without a cursor gets only live events: end its stream once it listens.
                if query.isEmpty {
                    Task {
                        while hub.subscriberCount(topic: "t") == 0 { try await Task.sleep(for: .milliseconds(5)) }
                        try await hub.publish(ServerSentEvent(type: "end", data: "y"), to: "t", terminal: true)
                    }
                }
                try await client.execute(uri: "/events\(query)", method: .get, headers: headers) { response in
                    #expect(response.headers[.lastEventID] == answered, "\(query) \(header ?? "")")
                    #expect(Self.dataLines(String(buffer: response.body)) == data, "\(query) \(header ?? "")")
                }
            }
        }
    }

    /// The `data:` lines of a body, joined with commas.
    static func dataLines(_ body: String) -> String {
        body.split(separator: "\n").filter { $0.hasPrefix("data:") }.joined(separator: ",")
    }

    @Test("Last-Event-ID is read as a client sends it")
    func lastEventIDHeader() async throws {
        let app = application { router in
            router.get("/id") { request, _ in ServerSentEvent.lastEventID(of: request) ?? "none" }
        }
        try await app.test(.router) { client in
            for (sent, read) in [(" 42 ", "42"), ("", "none")] {
                try await client.execute(uri: "/id", method: .get, headers: [.lastEventID: sent]) { response in
                    #expect(String(buffer: response.body) == read)
                }
            }
            try await client.execute(uri: "/id", method: .get) { #expect(String(buffer: $0.body) == "none") }
            // From the bytes sent: UTF-8 is read as such; anything else could not be an ID a
            // client got, and reads as none (not as U+FFFD, which would replay everything).
            for (sent, read) in [(Array("café-7".utf8), "café-7"), ([0x6B, 0xFF, 0x2D, 0x37], "none")] {
                let headers = HTTPFields([HTTPField(name: .lastEventID, lenientValue: sent)])
                try await client.execute(uri: "/id", method: .get, headers: headers) { response in
                    #expect(String(buffer: response.body) == read)
                }
            }
        }
    }

    @Test("route parameters percent-decoded once: the topic a page's encodeURIComponent names; 400 for bad encodings")
    func percentDecodedParameters() async throws {
        let app = application { router in
            router.get("/rooms/:roomID/messages") { _, context in
                // What a publisher passes to the generated `…Event.path(roomID:)`.
                "/rooms/"
                    + EventStreamPath.encodeParameter(try context.parameters.requireEventStreamParameter("roomID"))
            }
        }
        try await app.test(.router) { client in
            for (path, decoded) in [
                ("x%20y", "x y"), ("a%2Fb", "a/b"), ("a%2fb", "a/b"), ("100%25", "100%"), ("caf%C3%A9", "café"),
                ("%F0%9F%8E%89", "🎉"), ("lobby", "lobby"),
            ] {
                try await client.execute(uri: "/rooms/\(path)/messages", method: .get) { response in
                    #expect(String(buffer: response.body) == "/rooms/" + EventStreamPath.encodeParameter(decoded))
                }
            }
            for bad in ["%zz", "%C3", "50%"] {
                try await client.execute(uri: "/rooms/\(bad)/messages", method: .get) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                }
            }
        }
    }

    @Test(
        "a client that hangs up releases its hub subscription: at the next heartbeat, or at once when watched",
        arguments: [false, true])
    func clientGoesAway(watched: Bool) async throws {
        let hub = ServerSentEventHub()
        let app = application { router in
            router.get("/events") { request, _ in
                // Watched: no heartbeats, so no write would ever fail and only the closed
                // connection can tell.
                await Response.serverSentEvents(
                    from: hub, topic: "t", request: request,
                    configuration: .init(heartbeat: watched ? nil : .milliseconds(50)),
                    watchesConnectionClose: watched)
            }
        }
        try await app.test(.live) { client in
            let socket = try RawClient(port: client.port!)
            try socket.send("GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try await socket.read(until: "\r\n\r\n").contains("text/event-stream"))
            while hub.subscriberCount(topic: "t") == 0 { try await Task.sleep(for: .milliseconds(5)) }
            let live = try await hub.publish(ServerSentEvent(type: "m", data: "live"), to: "t")
            #expect(try await socket.read(until: "data: live\n\n").contains("id: \(live.id!)\ndata: live"))
            socket.close()
            #expect(try await hub.subscribersAfterRelease(topic: "t") == 0)
        }
    }

    @Test("an idle hub stream sends heartbeat comments")
    func hubHeartbeats() async throws {
        let hub = ServerSentEventHub()
        let app = application { router in
            router.get("/events") { request, _ in
                await Response.serverSentEvents(
                    from: hub, topic: "t", request: request,
                    configuration: .init(retry: .seconds(1), heartbeat: .milliseconds(50)))
            }
        }
        try await app.test(.live) { client in
            let socket = try RawClient(port: client.port!)
            defer { socket.close() }
            try socket.send("GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            // Chunked: the opening `retry:` is one chunk, each heartbeat `:\n` another.
            let text = try await socket.read(until: "\r\n2\r\n:\n\r\n2\r\n:\n\r\n")
            #expect(text.contains("\r\nretry: 1000\n\r\n2\r\n:\n\r\n"))
        }
    }

    @Test("graceful shutdown ends open streams, so the server stops")
    func gracefulShutdown() async throws {
        let hub = ServerSentEventHub()
        let app = application { router in
            router.get("/events") { request, _ in
                await Response.serverSentEvents(from: hub, topic: "t", request: request)
            }
        }
        let socket = try await app.test(.live) { client in
            let socket = try RawClient(port: client.port!)
            try socket.send("GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            _ = try await socket.read(until: "\r\n\r\n")
            while hub.subscriberCount(topic: "t") == 0 { try await Task.sleep(for: .milliseconds(5)) }
            return socket
        }
        // The test framework shut the server down gracefully and it returned: the stream ended.
        #expect(hub.subscriberCount(topic: "t") == 0)
        socket.close()
    }
}
#endif  // Hummingbird
