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
/// `load-server ours|handwritten PORT`.
///
/// - `GET /events`: a stream; `ours` serves it from a ``ServerSentEventHub`` through
///   `Response.serverSentEvents(from:topic:request:)`; `handwritten` is the plain Hummingbird
///   endpoint a team would write by hand (an `AsyncStream` per client fed by a broadcaster).
/// - `POST /broadcast?data=X`: one event to every open stream.
/// - `GET /rss`: the process's resident memory in bytes.
@main
struct LoadServer {
    static func main() async throws {
        let mode = CommandLine.arguments.dropFirst().first ?? "ours"
        let port = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 8080
        let router = Router()
        let hub = ServerSentEventHub(configuration: .init(replayLimit: .init(events: 16)))
        let broadcaster = Broadcaster()
        router.get("/events") { request, _ in
            if mode == "handwritten" {
                return broadcaster.response()
            }
            // Heartbeats every 5 s: a client that left is noticed at the next write.
            return Response.serverSentEvents(
                from: hub, topic: "load", request: request, configuration: .init(heartbeat: .seconds(5)))
        }
        router.post("/broadcast") { request, _ -> HTTPResponse.Status in
            let data = request.uri.queryParameters.get("data") ?? "x"
            if mode == "handwritten" {
                broadcaster.send(data)
            } else {
                hub.publish(ServerSentEvent(type: "tick", data: data), to: "load")
            }
            return .ok
        }
        router.get("/rss") { _, _ in
            // What the process holds, not what malloc keeps cached for later.
            #if canImport(Glibc)
            _ = malloc_trim(0)
            #endif
            return String(residentBytes())
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
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
    private let clients = Locked<[Int: AsyncStream<String>.Continuation]>([:])
    private let nextID = Locked(0)

    func response() -> Response {
        let id = nextID.withLock {
            $0 += 1; return $0
        }
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        clients.withLock { $0[id] = continuation }
        continuation.onTermination = { [clients] _ in _ = clients.withLock { $0.removeValue(forKey: id) } }
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
        for continuation in clients.withLock({ Array($0.values) }) { continuation.yield(data) }
    }
}

/// A value behind a lock.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try mutex.withLock { try body(&$0) }
    }
}
