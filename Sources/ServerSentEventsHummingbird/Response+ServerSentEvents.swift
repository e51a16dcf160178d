#if Hummingbird
import AsyncAlgorithms
public import HTTPTypes
public import Hummingbird
public import ServerSentEvents
import ServiceLifecycle

extension Response {
    /// A `text/event-stream` response whose events `produce` sends through an emitter.
    ///
    /// The response carries the headers proxies need to stream it: `Content-Type:
    /// text/event-stream`, `Cache-Control: no-cache`, `X-Accel-Buffering: no` (nginx), and no
    /// `Content-Length` or compression. The emitter writes `retry:` first (or, without one, an
    /// empty comment, so that the headers go out at once) and heartbeat comments while the
    /// stream is idle, as `configuration` says.
    ///
    /// The stream ends when `produce` returns or throws, after a terminal event, or when the
    /// server shuts down gracefully (`produce` is cancelled). When the client goes away, the
    /// next write fails and `produce` is cancelled, so whatever it holds (a hub subscription,
    /// a database cursor) is released.
    ///
    /// ```swift
    /// router.get("/rooms/:roomID/events") { request, context in
    ///     let roomID = try context.parameters.require("roomID")
    ///     return Response.serverSentEvents(configuration: ChatRoomEmitter.configuration) { emitter in
    ///         let room = ChatRoomEmitter(emitter: emitter)
    ///         try await room.sendNotice("welcome to \(roomID)", id: "0")
    ///     }
    /// }
    /// ```
    public static func serverSentEvents(
        headers: HTTPFields = [:],
        configuration: ServerSentEventEmitter.Configuration = .init(heartbeat: .seconds(15)),
        _ produce: @escaping @Sendable (ServerSentEventEmitter) async throws -> Void
    ) -> Response {
        Response(
            status: .ok,
            headers: eventStreamHeaders(headers),
            body: ResponseBody { writer in
                let channel = AsyncChannel<[UInt8]>()
                let sink = ChannelSink(channel: channel)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        defer { channel.finish() }
                        try await ServerSentEventEmitter.withEmitter(sink: sink, configuration: configuration) {
                            // The response starts at once (EventSource fires `open` on its
                            // headers): `retry:` when there is one, else an empty comment.
                            if configuration.retry == nil { try await $0.comment("") }
                            try await produce($0)
                        }
                    }
                    // On graceful shutdown the stream ends and the producer is cancelled. (A
                    // handler, not `cancelWhenGracefulShutdown`: no extra tasks per connection.)
                    try await withGracefulShutdownHandler {
                        try await writeAll(from: channel, to: &writer, group: &group)
                    } onGracefulShutdown: {
                        channel.finish()
                    }
                }
            }
        )
    }

    private static func writeAll(
        from channel: AsyncChannel<[UInt8]>,
        to writer: inout any ResponseBodyWriter,
        group: inout ThrowingTaskGroup<Void, any Error>
    ) async throws {
        do {
            for await bytes in channel {
                try await writer.write(ByteBuffer(bytes: bytes))
            }
        } catch {
            // The client went away: stop the producer and release what it holds.
            group.cancelAll()
            throw error
        }
        try await writer.finish(nil)
        // The channel ended: the producer returned, or a graceful shutdown finished the channel
        // under it; either way it has nothing left to send.
        group.cancelAll()
        do {
            try await group.waitForAll()
        } catch is CancellationError {}
    }

    /// A `text/event-stream` response of a hub topic: the events after the request's
    /// `Last-Event-ID` in the replay window (or a replay-gap event), then live ones, until a
    /// terminal event, `ServerSentEventHub.finish(topic:)`, the client going away, or a
    /// graceful shutdown (which ends the stream after the events already queued).
    ///
    /// The response's own task writes the events: it waits on the subscription, writes each
    /// burst in one write, and writes a heartbeat when the hub wakes it after
    /// `configuration.heartbeat` without an event; no other task or buffer per connection.
    /// A client that went away is noticed at the next write, at the latest the next heartbeat,
    /// and its subscription released then.
    ///
    /// - Parameters:
    ///   - hub: The hub.
    ///   - topic: The topic, e.g. the stream's concrete path.
    ///   - request: The request, for its `Last-Event-ID` (and its connection, see below).
    ///   - headers: More response headers.
    ///   - configuration: `retry:` at the start, and the heartbeat interval.
    ///   - watchesConnectionClose: Whether to also watch the connection, so that a client that
    ///     closes it is released at once rather than at the next heartbeat (useful when
    ///     thousands reconnect at once and heartbeats are far apart). It costs a task that
    ///     reads the connection: about 9 KiB more per open stream (Benchmarks/RESULTS.md). It
    ///     uses Hummingbird's inbound-close handler, so the request's body must not have been
    ///     replaced by a middleware.
    public static func serverSentEvents(
        from hub: ServerSentEventHub,
        topic: String,
        request: Request,
        headers: HTTPFields = [:],
        configuration: ServerSentEventEmitter.Configuration = .init(heartbeat: .seconds(15)),
        watchesConnectionClose: Bool = false
    ) async -> Response {
        // Subscribed now, so that the body captures the subscription and not the request (the
        // body lives as long as the stream); a body that never runs unsubscribes when released.
        let subscription = await hub.subscribe(to: topic, lastEventID: ServerSentEvent.lastEventID(of: request))
        let watchedBody = watchesConnectionClose ? request.body : nil
        return Response(
            status: .ok,
            headers: eventStreamHeaders(headers, resumedAfter: subscription.resumedAfter),
            body: ResponseBody { writer in
                try await writeEvents(
                    of: subscription, configuration: configuration, watchedBody: watchedBody, to: &writer)
            }
        )
    }

    /// Writes a subscription to a response body until it ends (see
    /// ``serverSentEvents(from:topic:request:headers:configuration:watchesConnectionClose:)``),
    /// then finishes the body.
    // These functions run for the whole life of a stream, on top of the connection's task: each
    // async frame stays allocated as long as the stream, so they keep little across awaits and
    // encode in synchronous functions.
    static func writeEvents(
        of subscription: ServerSentEventHub.Subscription,
        configuration: ServerSentEventEmitter.Configuration,
        watchedBody: RequestBody?,
        to writer: inout some ResponseBodyWriter
    ) async throws {
        try await writer.write(openingFrame(configuration))
        let heartbeat = configuration.heartbeat
        if let watchedBody {
            try await watchedBody.consumeWithInboundCloseHandler { _ in
                try await writeBatches(of: subscription, heartbeat: heartbeat, to: &writer)
            } onInboundClosed: {
                subscription.finish()
            }
        } else {
            try await writeBatches(of: subscription, heartbeat: heartbeat, to: &writer)
        }
        try await writer.finish(nil)
    }

    private static func writeBatches(
        of subscription: ServerSentEventHub.Subscription,
        heartbeat: Duration?,
        to writer: inout some ResponseBodyWriter
    ) async throws {
        try await withGracefulShutdownHandler {
            // The hub frames each event once for all its subscribers: this copies its bytes.
            while let frame = try await subscription.nextFrame(idleAfter: heartbeat) {
                try await writer.write(buffer(of: frame))
            }
        } onGracefulShutdown: {
            subscription.finish()
        }
    }

    /// A burst of events in one buffer; no events is a heartbeat comment.
    @inline(never)
    private static func buffer(of frame: ServerSentEventFrame) -> ByteBuffer {
        guard frame.bytes.isEmpty else { return ByteBuffer(bytes: frame.bytes) }
        var comment: [UInt8] = []
        ServerSentEventEncoder().encodeComment("", into: &comment)
        return ByteBuffer(bytes: comment)
    }

    /// The response starts at once: `retry:` when there is one, else an empty comment.
    @inline(never)
    private static func openingFrame(_ configuration: ServerSentEventEmitter.Configuration) -> ByteBuffer {
        let encoder = ServerSentEventEncoder()
        var opening: [UInt8] = []
        if let retry = configuration.retry {
            encoder.encodeRetry(retry, into: &opening)
        } else {
            encoder.encodeComment("", into: &opening)
        }
        return ByteBuffer(bytes: opening)
    }

    /// - Parameter resumedAfter: Where a replay started (``ServerSentEventHub/Subscription/resumedAfter``),
    ///   answered as Mercure's hubs do, in a `Last-Event-ID` response header; none without a cursor.
    static func eventStreamHeaders(_ headers: HTTPFields, resumedAfter: String? = nil) -> HTTPFields {
        var fields = headers
        fields[.contentType] = "text/event-stream; charset=utf-8"
        fields[.cacheControl] = "no-cache"
        fields[.xAccelBuffering] = "no"
        if let resumedAfter { fields[.lastEventID] = resumedAfter }
        return fields
    }
}

// On our own type, not on Hummingbird's `Request`: a member added there later cannot clash.
extension ServerSentEvent {
    /// The cursor a client resumes from: the `Last-Event-ID` header a reconnecting EventSource
    /// sends, or else the `lastEventID` (Mercure's spelling) or `lastEventId` query parameter,
    /// which a page can put in the URL of its first connection (EventSource cannot set headers).
    /// The header wins when both are there. `nil` when absent, empty, or not a value a client
    /// could have sent.
    ///
    /// ```swift
    /// let subscription = await hub.subscribe(to: topic, lastEventID: ServerSentEvent.lastEventID(of: request))
    /// ```
    public static func lastEventID(of request: Request) -> String? {
        let headers = request.headers
        // From the raw bytes: a value that is not UTF-8 reads as none (as a String it would
        // hold U+FFFD, match nothing, and replay the whole window).
        if let field = headers.first(where: { $0.name == .lastEventID }) {
            return field.withUnsafeBytesOfValue { ServerSentEvent.lastEventID(fromHeaderValue: $0) }
        }
        let query = request.uri.queryParameters
        return ServerSentEvent.lastEventID(
            fromHeaderValue: query.get("lastEventID") ?? query.get("lastEventId"))
    }
}

// Stored, not computed: a name longer than 15 bytes built anew is a string allocation, and every
// open stream's response holds its header names. Internal: no names added to HTTPTypes' API.
extension HTTPField.Name {
    /// `Last-Event-ID`, sent by a reconnecting EventSource.
    static let lastEventID = Self("Last-Event-ID")!
    /// `X-Accel-Buffering`: `no` asks nginx not to buffer the response.
    static let xAccelBuffering = Self("X-Accel-Buffering")!
}

/// Hands the emitter's bytes to the response writer's loop; `send` waits until the loop took
/// them, so a slow client slows its producer instead of growing a buffer.
struct ChannelSink: ServerSentEventSink {
    let channel: AsyncChannel<[UInt8]>

    func write(_ bytes: [UInt8]) async throws {
        await channel.send(bytes)
        try Task.checkCancellation()
    }

    func finish() async throws {
        channel.finish()
    }
}
#endif  // Hummingbird
