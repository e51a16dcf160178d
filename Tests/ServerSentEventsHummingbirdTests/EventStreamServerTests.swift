#if Hummingbird
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@_spi(Generated) import ServerSentEvents
import Testing

@testable import ServerSentEventsHummingbird

/// `.http1ForEventStreams`: small receive buffers under the router's requests, and hub
/// streams answered before the router (`EventStreamRoutes`).
@Suite("Event-stream server", .timeLimit(.minutes(2)))
struct EventStreamServerTests {
    func application(
        routes: EventStreamRoutes = .init(), _ build: (Router<BasicRequestContext>) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        build(router)
        return Application(
            router: router,
            server: .http1ForEventStreams(initialReceiveBufferSize: 64, routes: routes),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    @Test("the router's requests read whole through 64-byte first reads: a 16 KiB header, a 1 MiB body, keep-alive")
    func smallReceiveBuffers() async throws {
        let app = application { router in
            router.get("/header") { request, _ in String(request.headers[.init("X-Big")!]?.count ?? -1) }
            router.post("/count") { request, _ in
                var count = 0
                for try await part in request.body { count += part.readableBytes }
                return String(count)
            }
        }
        try await app.test(.live) { client in
            let big = String(repeating: "b", count: 16 * 1024)
            for _ in 0..<3 {
                try await client.execute(uri: "/header", method: .get, headers: [.init("X-Big")!: big]) { response in
                    #expect(String(buffer: response.body) == "16384")
                }
                let body = ByteBuffer(repeating: 7, count: 1 << 20)
                try await client.execute(uri: "/count", method: .post, body: body) { response in
                    #expect(String(buffer: response.body) == "1048576")
                }
            }
        }
    }

    @Test("a route streams its hub's topic: headers with Date, replay after Last-Event-ID, the canonical path as topic")
    func routedStream() async throws {
        let hub = ServerSentEventHub()
        let seen = Recorder()
        var routes = EventStreamRoutes()
        routes.add("/rooms/{roomID}/events", hub: hub, configuration: .init(retry: .seconds(3))) {
            request, parameters in
            await seen.record(parameters["roomID"] ?? "")
        }
        // What a generated `…Event.path(roomID:)` gives the publisher.
        let topic = "/rooms/" + EventStreamPath.encodeParameter("a b/c") + "/events"
        var published: [String] = []
        for text in ["one", "two", "three"] {
            published.append(try await hub.publish(ServerSentEvent(type: "m", data: text), to: topic).id!)
        }
        published.append(
            try await hub.publish(ServerSentEvent(type: "closed", data: ""), to: topic, terminal: true).id!)
        let ids = published
        try await application(routes: routes).test(.live) { client in
            let socket = try RawClient(port: client.port!)
            defer { socket.close() }
            // Encoded otherwise than encodeParameter does (lowercase hex): the same topic.
            try socket.send(
                "GET /rooms/a%20b%2fc/events HTTP/1.1\r\nHost: localhost\r\nLast-Event-ID: \(ids[0])\r\n\r\n")
            let text = try await socket.read(until: "event: closed\nid: \(ids[3])\ndata:\n\n")
            let parts = text.split(separator: "\r\n\r\n", maxSplits: 1)
            let head = parts[0].lowercased()
            #expect(head.hasPrefix("http/1.1 200 ok"))
            for field in [
                "content-type: text/event-stream; charset=utf-8", "cache-control: no-cache", "x-accel-buffering: no",
                "date: ", "transfer-encoding: chunked", "last-event-id: \(ids[0])",
            ] {
                #expect(head.contains(field), "\(field)")
            }
            #expect(!head.contains("content-length"))
            // Chunked: size, data, size, data…
            let chunks = parts[1].split(separator: "\r\n", omittingEmptySubsequences: false)
            let body = stride(from: 1, to: chunks.count, by: 2).map { chunks[$0] }.joined()
            #expect(
                body
                    == "retry: 3000\nevent: m\nid: \(ids[1])\ndata: two\n\nevent: m\nid: \(ids[2])\ndata: three\n\n"
                    + "event: closed\nid: \(ids[3])\ndata:\n\n"
            )
        }
        #expect(await seen.values == ["a b/c"])
        #expect(hub.subscriberCount(topic: topic) == 0)
    }

    @Test("a routed stream takes the cursor from the query too (a page's first request), and says where it resumed")
    func routedCursorInTheQuery() async throws {
        let hub = ServerSentEventHub()
        var routes = EventStreamRoutes()
        routes.add("/feed", hub: hub)
        var published: [String] = []
        for text in ["one", "two"] {
            published.append(try await hub.publish(ServerSentEvent(type: "m", data: text), to: "/feed").id!)
        }
        published.append(
            try await hub.publish(ServerSentEvent(type: "closed", data: ""), to: "/feed", terminal: true).id!)
        let ids = published
        try await application(routes: routes).test(.live) { client in
            for (query, answer, present, absent) in [
                ("lastEventID=\(ids[1])", ids[1], "event: closed", "data: two"),
                ("lastEventId=99", "earliest", "event: replay-gap", "no such line"),
            ] {
                let socket = try RawClient(port: client.port!)
                defer { socket.close() }
                try socket.send("GET /feed?\(query) HTTP/1.1\r\nHost: localhost\r\n\r\n")
                let text = try await socket.read(until: "event: closed\nid: \(ids[2])\ndata:\n\n")
                let parts = text.split(separator: "\r\n\r\n", maxSplits: 1)
                #expect(parts[0].lowercased().contains("last-event-id: \(answer)"), "\(query)")
                #expect(parts[1].contains(present) && !parts[1].contains(absent), "\(query)")
            }
        }
    }

    @Test("authorize refuses with the HTTPError's status, headers and message, and no stream opens")
    func refused() async throws {
        let hub = ServerSentEventHub()
        var routes = EventStreamRoutes()
        routes.add("/private", hub: hub) { request, _ in
            guard request.headers[.authorization] == "Bearer good" else {
                throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "a token, please")
            }
        }
        routes.add("/broken", hub: hub) { _, _ in throw CancellationError() }
        try await application(routes: routes).test(.live) { client in
            try await client.execute(uri: "/private", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(response.headers[.date] != nil)
                #expect(String(buffer: response.body) == "a token, please")
            }
            try await client.execute(uri: "/broken", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(response.body.readableBytes == 0)
            }
            // The connection is still good for the next request, which is let in.
            let socket = try RawClient(port: client.port!)
            defer { socket.close() }
            try socket.send("GET /private HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer good\r\n\r\n")
            #expect(try await socket.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 200 OK"))
        }
        #expect(hub.subscriberCount(topic: "/broken") == 0)
    }

    @Test("what the routes do not answer goes to the router: other methods, other paths, bad encodings")
    func fallsThroughToRouter() async throws {
        var routes = EventStreamRoutes()
        routes.add("/rooms/{roomID}/events", hub: ServerSentEventHub())
        let app = application(routes: routes) { router in
            router.post("/rooms/:roomID/events") { _, _ in "router post" }
            router.get("/rooms/:roomID/events/extra") { _, _ in "router extra" }
            router.get("/elsewhere") { _, _ in "router elsewhere" }
        }
        try await app.test(.live) { client in
            for (method, uri, expected) in [
                (HTTPRequest.Method.post, "/rooms/a/events", "router post"),
                (.get, "/rooms/a/events/extra", "router extra"),
                (.get, "/elsewhere", "router elsewhere"),
            ] {
                try await client.execute(uri: uri, method: method) { #expect(String(buffer: $0.body) == expected) }
            }
            try await client.execute(uri: "/rooms/%zz/events", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test(
        "a routed stream releases a client that hangs up (at the next heartbeat, at once when watched) and ends on graceful shutdown"
    )
    func routedLifetimes() async throws {
        let hub = ServerSentEventHub()
        var routes = EventStreamRoutes()
        routes.add("/beat", hub: hub, configuration: .init(heartbeat: .milliseconds(50)))
        routes.add("/quiet", hub: hub)
        routes.add("/watched", hub: hub, configuration: .init(heartbeat: nil), watchesConnectionClose: true)
        let quiet = try await application(routes: routes).test(.live) { client in
            // Each stream opens, is subscribed, then its client hangs up (but the last).
            func open(_ path: String, until marker: String = "\r\n\r\n") async throws -> RawClient {
                let socket = try RawClient(port: client.port!)
                try socket.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n")
                #expect(try await socket.read(until: marker).contains("text/event-stream"))
                #expect(hub.subscriberCount(topic: path) == 1)
                return socket
            }
            // Two heartbeats written, then gone: noticed at the next write.
            try await open("/beat", until: "\r\n2\r\n:\n\r\n2\r\n:\n\r\n").close()
            #expect(try await hub.subscribersAfterRelease(topic: "/beat") == 0)
            // Watched, with no heartbeats: only the closed connection can tell.
            try await open("/watched").close()
            #expect(try await hub.subscribersAfterRelease(topic: "/watched") == 0)
            return try await open("/quiet")
        }
        // The server shut down gracefully and returned: the open stream ended.
        #expect(hub.subscriberCount(topic: "/quiet") == 0)
        quiet.close()
    }
}

/// Values seen by a route's `authorize`.
actor Recorder {
    private(set) var values: [String] = []
    func record(_ value: String) { values.append(value) }
}

@Suite("HTTP dates")
struct HTTPDateTests {
    @Test("IMF-fixdate, as RFC 9110's example and across a leap day")
    func imfFixdate() {
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }
}
#endif  // Hummingbird
