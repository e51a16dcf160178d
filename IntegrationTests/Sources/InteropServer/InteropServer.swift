import Hummingbird
import ServerSentEvents
import ServerSentEventsHummingbird

/// A server for interoperability tests with third-party clients (httpx-sse, sseclient-py,
/// Node's EventSource): `interop-server [port]` logs `listening on 127.0.0.1:PORT` when ready.
///
/// `GET /numbers?count=N[&drop=K]` sends events `number` with ids 1…N (data `{"n":i}`; every
/// third one has two data lines) after the request's `Last-Event-ID`, then a terminal `done`
/// event; with `drop`, it hangs up after K events per connection, so clients must reconnect
/// with `Last-Event-ID`. Past the end it answers 204, which tells EventSource to stop.
/// `GET /hub/numbers` replays events 1…4 and `done` after the request's `Last-Event-ID` from a
/// hub, answered before the router by ``EventStreamRoutes``.
@main
struct InteropServer {
    static func main() async throws {
        let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 0
        let router = Router()
        router.get("/numbers") { request, _ in
            let count = request.uri.queryParameters.get("count", as: Int.self) ?? 5
            let drop = request.uri.queryParameters.get("drop", as: Int.self)
            let start = (ServerSentEvent.lastEventID(of: request).flatMap { Int($0) } ?? 0) + 1
            guard start <= count + 1 else { return Response(status: .noContent) }
            return Response.serverSentEvents(configuration: .init(retry: .milliseconds(50))) { emitter in
                var sent = 0
                for index in start...(count + 1) {
                    if let drop, sent == drop { return }
                    if index == count + 1 {
                        try await emitter.send(
                            ServerSentEvent(type: "done", data: "", id: String(index)), terminal: true)
                        return
                    }
                    let data = index % 3 == 0 ? "{\"n\":\(index)}\nsecond line" : "{\"n\":\(index)}"
                    try await emitter.send(ServerSentEvent(type: "number", data: data, id: String(index)))
                    sent += 1
                }
            }
        }
        // The same events from a hub, answered before the router (`EventStreamRoutes`).
        let hub = ServerSentEventHub()
        for index in 1...4 {
            let data = index % 3 == 0 ? "{\"n\":\(index)}\nsecond line" : "{\"n\":\(index)}"
            try await hub.publish(ServerSentEvent(type: "number", data: data), to: "/hub/numbers")
        }
        try await hub.publish(ServerSentEvent(type: "done", data: ""), to: "/hub/numbers", terminal: true)
        var streams = EventStreamRoutes()
        streams.add("/hub/{name}", hub: hub, configuration: .init(retry: .milliseconds(50)))
        let app = Application(
            router: router, server: .http1ForEventStreams(routes: streams),
            configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}
