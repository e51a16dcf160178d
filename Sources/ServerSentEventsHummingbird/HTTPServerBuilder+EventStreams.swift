public import HummingbirdCore
import Logging
import NIOCore

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
    /// ```swift
    /// let app = Application(router: router, server: .http1ForEventStreams())
    /// ```
    ///
    /// - Parameters:
    ///   - configuration: The HTTP/1.1 channel's configuration, as for `.http1(configuration:)`.
    ///   - initialReceiveBufferSize: The first read's buffer size in bytes, rounded down to a
    ///     power of two (at least 64).
    ///   - routes: Hub streams answered before the router.
    public static func http1ForEventStreams(
        configuration: HTTP1Channel.Configuration = .init(),
        initialReceiveBufferSize: Int = 256,
        routes: EventStreamRoutes = .init()
    ) -> HTTPServerBuilder {
        let size = max(initialReceiveBufferSize, 64)
        let receiveBuffers = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: size, maximum: max(size, 65536))
        return HTTPServerBuilder { responder in
            EventStreamHTTP1Channel(
                http1: HTTP1Channel(responder: routes.responder(before: responder), configuration: configuration),
                receiveBuffers: receiveBuffers)
        }
    }
}

/// `HTTP1Channel` with its own receive buffers (see
/// ``HummingbirdCore/HTTPServerBuilder/http1ForEventStreams(configuration:initialReceiveBufferSize:routes:)``).
struct EventStreamHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let receiveBuffers: AdaptiveRecvByteBufferAllocator

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
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
