#if Hummingbird
public import HTTPTypes
import Hummingbird
public import HummingbirdCore
import NIOCore
@_spi(Generated) public import ServerSentEvents

/// Hub streams that a server answers on each connection before its router: for servers that
/// hold very many open streams.
///
/// A stream through the router (`Response.serverSentEvents(from:topic:request:headers:configuration:watchesConnectionClose:)`)
/// keeps, for as long as it is open, what every Hummingbird request keeps: the responder's
/// and router's async frames, a request context and a logger with the request's id. A route
/// here is answered by the connection itself, with none of that: about 2 KiB less per open
/// stream (Benchmarks/RESULTS.md). What it gives up is the router's middleware: `authorize`
/// is where a route checks credentials (throw `HTTPError(.unauthorized)` to refuse), and only
/// `GET` is answered here (anything else goes on to the router).
///
/// ```swift
/// var streams = EventStreamRoutes()
/// streams.add(ChatRoomEvent.pathTemplate, hub: hub, configuration: ChatRoomEmitter.configuration) { request, parameters in
///     guard request.headers[.authorization] != nil else { throw HTTPError(.unauthorized) }
/// }
/// let app = Application(router: router, server: .http1ForEventStreams(routes: streams))
/// // elsewhere: try await ChatRoomEmitter.publish(.message(…), to: hub, topic: ChatRoomEvent.path(roomID: "lobby"))
/// ```
public struct EventStreamRoutes: Sendable {
    /// Checks a request before its stream opens; throwing refuses it (an `HTTPError` with its
    /// status, headers and message; any other error as 500).
    public typealias Authorize = @Sendable (_ request: Request, _ parameters: [String: String]) async throws -> Void

    final class Route: Sendable {
        let template: String
        let hub: ServerSentEventHub
        let configuration: ServerSentEventEmitter.Configuration
        let headers: HTTPFields
        let watchesConnectionClose: Bool
        let authorize: Authorize?

        init(
            template: String, hub: ServerSentEventHub, configuration: ServerSentEventEmitter.Configuration,
            headers: HTTPFields, watchesConnectionClose: Bool, authorize: Authorize?
        ) {
            self.template = template
            self.hub = hub
            self.configuration = configuration
            self.headers = headers
            self.watchesConnectionClose = watchesConnectionClose
            self.authorize = authorize
        }
    }

    /// A request one of the routes answers.
    struct Match: Sendable {
        let route: Route
        let topic: String
        let parameters: [String: String]
    }

    private(set) var routes: [Route] = []

    /// No routes: every request goes to the router.
    public init() {}

    /// Answers `GET` requests whose path fills in `pathTemplate` with `hub`'s topic named by
    /// the path in canonical form: each parameter percent-encoded as the generated
    /// `…Event.path(…)` encodes it, so `ChatRoomEvent.path(roomID: "lobby")` is the topic the
    /// server publishes to. Replay after `Last-Event-ID`, heartbeats, release of clients that
    /// went away and graceful shutdown are those of
    /// `Response.serverSentEvents(from:topic:request:headers:configuration:watchesConnectionClose:)`.
    ///
    /// - Parameters:
    ///   - pathTemplate: The stream's path, `{name}` for a parameter (one path segment), e.g.
    ///     a generated `ChatRoomEvent.pathTemplate`.
    ///   - hub: The hub the events come from.
    ///   - configuration: `retry:` at the start, and the heartbeat interval.
    ///   - headers: More response headers.
    ///   - watchesConnectionClose: Whether to release a client that closes its connection at
    ///     once rather than at the next heartbeat (a task more per open stream).
    ///   - authorize: Checks the request and its decoded path parameters; throwing refuses it.
    public mutating func add(
        _ pathTemplate: String,
        hub: ServerSentEventHub,
        configuration: ServerSentEventEmitter.Configuration = .init(heartbeat: .seconds(15)),
        headers: HTTPFields = [:],
        watchesConnectionClose: Bool = false,
        authorize: Authorize? = nil
    ) {
        routes.append(
            Route(
                template: pathTemplate, hub: hub, configuration: configuration, headers: headers,
                watchesConnectionClose: watchesConnectionClose, authorize: authorize))
    }

    /// `responder` with these routes answered first.
    func responder(before responder: @escaping HTTPChannelHandler.Responder) -> HTTPChannelHandler.Responder {
        guard !routes.isEmpty else { return responder }
        let routes = self.routes
        return { request, writer, channel in
            // The match is made synchronously: this closure's frame stays allocated as long as
            // the stream is open.
            if let match = Self.match(request, in: routes) {
                try await match.respond(to: request, writer: writer)
            } else {
                try await responder(request, writer, channel)
            }
        }
    }

    @inline(never)
    private static func match(_ request: Request, in routes: [Route]) -> Match? {
        guard request.method == .get else { return nil }
        let path = request.uri.path
        for route in routes {
            if let match = EventStreamPath.match(path, template: route.template) {
                return Match(route: route, topic: match.canonicalPath, parameters: match.parameters)
            }
        }
        return nil
    }
}

extension EventStreamRoutes.Match {
    func respond(to request: Request, writer: consuming ResponseWriter) async throws {
        if let refusal = await refusal(of: request) {
            return try await Self.write(refusal, to: writer)
        }
        let subscription = await route.hub.subscribe(to: topic, lastEventID: ServerSentEvent.lastEventID(of: request))
        let watchedBody = route.watchesConnectionClose ? request.body : nil
        var body = try await writer.writeHead(responseHead(resumedAfter: subscription.resumedAfter))
        try await Response.writeEvents(
            of: subscription, configuration: route.configuration, watchedBody: watchedBody, to: &body)
    }

    @inline(never)
    private func responseHead(resumedAfter: String?) -> HTTPResponse {
        var fields = Response.eventStreamHeaders(route.headers, resumedAfter: resumedAfter)
        fields[.date] = HTTPDate.now()
        return HTTPResponse(status: .ok, headerFields: fields)
    }

    private func refusal(of request: Request) async -> HTTPError? {
        guard let authorize = route.authorize else { return nil }
        do {
            try await authorize(request, parameters)
            return nil
        } catch let error as HTTPError {
            return error
        } catch {
            return HTTPError(.internalServerError)
        }
    }

    private static func write(_ refusal: HTTPError, to writer: consuming ResponseWriter) async throws {
        var fields = refusal.headers
        fields[.date] = HTTPDate.now()
        let message = refusal.body.map { ByteBuffer(string: $0) }
        fields[.contentLength] = String(message?.readableBytes ?? 0)
        if let message {
            if fields[.contentType] == nil { fields[.contentType] = "text/plain; charset=utf-8" }
            var body = try await writer.writeHead(HTTPResponse(status: refusal.status, headerFields: fields))
            try await body.write(message)
            try await body.finish(nil)
        } else {
            try await writer.writeResponse(HTTPResponse(status: refusal.status, headerFields: fields))
        }
    }
}
#endif  // Hummingbird
