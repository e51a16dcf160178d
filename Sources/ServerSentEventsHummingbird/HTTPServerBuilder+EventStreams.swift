#if Hummingbird
public import HummingbirdCore
import Logging
public import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension HTTPServerBuilder {
    /// HTTP/1.1 for a server that holds many open event streams: Hummingbird's `.http1`, with
    /// receive buffers sized for connections that read one small request and then only write.
    ///
    /// SwiftNIO starts every connection's receive buffer at 2 KiB and keeps the buffers it read
    /// into (up to four) for reuse while the connection is open; an event stream reads nothing
    /// after its request, so 10,000 open streams hold 20 MiB or more of empty buffers. Here a
    /// connection reads into a buffer that starts at `initialReceiveBufferSize` bytes and
    /// doubles while reads fill it (up to 64 KiB), one read per wake-up, and keeps one buffer:
    /// about 1.7 KiB less per open stream (Benchmarks/RESULTS.md). A large request or upload
    /// still reads in large chunks after a few reads. Everything else is
    /// `.http1(configuration:)`: the same pipeline and the same request handling.
    ///
    /// `routes` are answered by each connection before the router (see ``EventStreamRoutes``).
    ///
    /// Bounded against clients that hold what they can:
    /// - **Connections.** Past `maximumConnections` open connections, a new one is answered
    ///   `503 Service Unavailable` with `Retry-After: 5` and closed, before any HTTP handling:
    ///   the process keeps descriptors for its files, its database and its own threads, rather
    ///   than fail (or crash) when `accept` or `open` finds none left. The default keeps an
    ///   eighth of the descriptor limit (`ulimit -n`), at least 64, in reserve.
    /// - **Slow or idle clients.** The default configuration closes a connection that has not
    ///   sent a whole request head within 30 seconds of connecting (slowloris) or of its last
    ///   response, as `.http1`'s `idleTimeout` does; a response being streamed is never idle.
    ///
    /// ```swift
    /// let app = Application(router: router, server: .http1ForEventStreams())
    /// ```
    ///
    /// - Parameters:
    ///   - configuration: The HTTP/1.1 channel's configuration, as for `.http1(configuration:)`;
    ///     by default with a 30-second `idleTimeout`.
    ///   - initialReceiveBufferSize: The first read's buffer size in bytes, rounded down to a
    ///     power of two (at least 64).
    ///   - maximumConnections: The most connections open at once; `nil` takes the descriptor
    ///     limit less its reserve (``defaultMaximumConnections``).
    ///   - routes: Hub streams answered before the router.
    public static func http1ForEventStreams(
        configuration: HTTP1Channel.Configuration = .init(idleTimeout: .seconds(30)),
        initialReceiveBufferSize: Int = 256,
        maximumConnections: Int? = nil,
        routes: EventStreamRoutes = .init()
    ) -> HTTPServerBuilder {
        let size = max(initialReceiveBufferSize, 64)
        let receiveBuffers = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: size, maximum: max(size, 65536))
        let connections = OpenConnections(limit: max(1, maximumConnections ?? defaultMaximumConnections))
        return HTTPServerBuilder { responder in
            EventStreamHTTP1Channel(
                http1: HTTP1Channel(responder: routes.responder(before: responder), configuration: configuration),
                receiveBuffers: receiveBuffers, connections: connections)
        }
    }

    /// The descriptor limit of the process (`RLIMIT_NOFILE`'s soft limit) less a reserve of an
    /// eighth of it, at least 64: with the default 1,024, 896 connections. To hold N clients,
    /// raise the limit (`ulimit -n`, `LimitNOFILE=` in a systemd unit) to about N × 8 / 7.
    public static var defaultMaximumConnections: Int {
        var limit = rlimit()
        #if canImport(Darwin)
        let found = getrlimit(RLIMIT_NOFILE, &limit) == 0
        #else
        let found = getrlimit(.init(RLIMIT_NOFILE.rawValue), &limit) == 0
        #endif
        // RLIM_INFINITY is all ones; Int(clamping:) of it is past any sensible limit.
        guard found, limit.rlim_cur < 1 << 40 else { return 8_192 }
        let descriptors = Int(clamping: limit.rlim_cur)
        return max(16, descriptors - max(64, descriptors / 8))
    }
}

/// The connections open on one server, against its limit.
final class OpenConnections: Sendable {
    let limit: Int
    private let count = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts `channel` until it closes; `false` when it is one too many.
    func admit(_ channel: any Channel) -> Bool {
        let open = count.wrappingAdd(1, ordering: .relaxed).newValue
        channel.closeFuture.whenComplete { _ in self.count.wrappingSubtract(1, ordering: .relaxed) }
        return open <= limit
    }
}

/// `HTTP1Channel` with its own receive buffers (see
/// ``HummingbirdCore/HTTPServerBuilder/http1ForEventStreams(configuration:initialReceiveBufferSize:routes:)``).
struct EventStreamHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let receiveBuffers: AdaptiveRecvByteBufferAllocator
    let connections: OpenConnections

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard connections.admit(channel) else {
            logger.debug("connection refused: \(connections.limit) connections open")
            // In front of the HTTP handlers, which then see neither the request nor the channel open.
            return channel.eventLoop.flatSubmit {
                do {
                    try channel.pipeline.syncOperations.addHandler(RefuseConnectionHandler(), position: .first)
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
                return self.http1.setup(channel: channel, logger: logger)
            }
        }
        // Set before the first read: the channel reads once its setup has completed.
        guard let options = channel.syncOptions else {
            return channel.setOption(ChannelOptions.recvAllocator, value: receiveBuffers).flatMap {
                channel.setOption(ChannelOptions.maxMessagesPerRead, value: 1)
            }.flatMap {
                self.http1.setup(channel: channel, logger: logger)
            }
        }
        do {
            try options.setOption(ChannelOptions.recvAllocator, value: receiveBuffers)
            // NIO keeps up to this many buffers per connection for reuse.
            try options.setOption(ChannelOptions.maxMessagesPerRead, value: 1)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

/// Past the connection limit: answers `503 Service Unavailable` with `Retry-After` as soon as
/// the connection is open, discards what it reads, and closes it.
final class RefuseConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let answer =
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    private var answered = false

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { refuse(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        refuse(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    private func refuse(_ context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        // Then only the output is closed: closing with the request unread would reset the
        // connection, and the client could lose the answer. It is closed whole when the client
        // closes, or after 2 seconds.
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: Self.answer)))
            .assumeIsolated().whenComplete { _ in
                context.close(mode: .output, promise: nil)
                context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(2)) { context.close(promise: nil) }
            }
    }
}
#endif  // Hummingbird
