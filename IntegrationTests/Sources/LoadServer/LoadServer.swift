import HTTPTypes
import Hummingbird
import NIOCore
import ServerSentEvents
import ServerSentEventsHummingbird
import Synchronization

#if canImport(Glibc)
import Glibc

/// glibc's `malloc_trim` (malloc.h is not part of the Glibc module): returns freed memory to the system.
@_silgen_name("malloc_trim")
func malloc_trim(_ pad: Int) -> Int32
#endif

/// The server side of the load benchmark (Benchmarks/Load/run.sh):
/// `load-server ours|ours-watching|handwritten PORT`.
///
/// - `GET /events`: a stream; `ours` serves it from a ``ServerSentEventHub`` through
///   `Response.serverSentEvents(from:topic:request:)` on `.http1ForEventStreams()`
///   (`ours-watching` also watches each connection for the client closing it;
///   `ours-routes` answers it before the router, from ``EventStreamRoutes``);
///   `handwritten` is the plain Hummingbird endpoint a team would write by hand (an
///   `AsyncStream` per client fed by a broadcaster, on `.http1()`).
/// - `POST /broadcast?data=X`: one event to every open stream.
/// - `GET /rss`: the process's resident memory in bytes.
@main
struct LoadServer {
    static func main() async throws {
        let mode = CommandLine.arguments.dropFirst().first ?? "ours"
        let port = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 8080
        let router = Router()
        var streams = EventStreamRoutes()
        // Each mode registers only its own routes, as its author would: a server holds one
        // task per open stream whose async frames (Hummingbird's, then the route's) stay allocated.
        switch mode {
        case "handwritten":
            let broadcaster = Broadcaster()
            router.get("/events") { _, _ in broadcaster.response() }
            router.post("/broadcast") { request, _ -> HTTPResponse.Status in
                broadcaster.send(request.uri.queryParameters.get("data") ?? "x")
                return .ok
            }
        default:
            let hub = ServerSentEventHub(configuration: .init(replayLimit: .init(events: 16)))
            // Heartbeats every 5 s: a client that left is noticed at the next write, or at once
            // when the server watches connections.
            let configuration = ServerSentEventEmitter.Configuration(heartbeat: .seconds(5))
            if mode == "ours-routes" {
                streams.add("/events", hub: hub, configuration: configuration)
            } else if mode == "ours-watching" {
                router.get("/events") { request, _ in
                    await Response.serverSentEvents(
                        from: hub, topic: "/events", request: request, configuration: configuration,
                        watchesConnectionClose: true)
                }
            } else {
                router.get("/events") { request, _ in
                    await Response.serverSentEvents(
                        from: hub, topic: "/events", request: request, configuration: configuration)
                }
            }
            router.post("/broadcast") { request, _ -> HTTPResponse.Status in
                let data = request.uri.queryParameters.get("data") ?? "x"
                try await hub.publish(ServerSentEvent(type: "tick", data: data), to: "/events")
                return .ok
            }
        }
        router.get("/rss") { _, _ in
            // What the process holds, not what malloc keeps cached for later.
            #if canImport(Glibc)
            _ = malloc_trim(0)
            #endif
            return String(residentBytes())
        }
        let address = BindAddress.hostname("127.0.0.1", port: port)
        // Ours runs the server setup this package offers for event streams; the hand-written
        // peer runs Hummingbird's default, as a team without this package would.
        let app = Application(
            router: router,
            server: mode == "handwritten" ? .http1() : .http1ForEventStreams(routes: streams),
            configuration: .init(address: address))
        try await app.runService()
    }

    /// VmRSS from /proc/self/status.
    static func residentBytes() -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("VmRSS:") {
                return (Int(text.filter(\.isNumber)) ?? 0) * 1024
            }
        }
        return 0
    }
}

/// The hand-written peer: what a team writes without this package.
final class Broadcaster: Sendable {
    private let clients = Mutex<(next: Int, continuations: [Int: AsyncStream<String>.Continuation])>((0, [:]))

    func response() -> Response {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let id = clients.withLock { clients in
            clients.next += 1
            clients.continuations[clients.next] = continuation
            return clients.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.clients.withLock { $0.continuations.removeValue(forKey: id) }
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(
            status: .ok,
            headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: ":\n"))
                for await data in stream {
                    try await writer.write(ByteBuffer(string: "event: tick\ndata: \(data)\n\n"))
                }
                try await writer.finish(nil)
            }
        )
    }

    func send(_ data: String) {
        for continuation in clients.withLock({ Array($0.continuations.values) }) { continuation.yield(data) }
    }
}
