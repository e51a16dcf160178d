/// Where an emitter's bytes go: a streaming HTTP response body, a socket, a buffer in a test.
///
/// Each ``write(_:)`` carries whole frames (one event, a comment, a `retry:` field), never half
/// of one, so a sink may forward each call as one chunk. A sink that cannot deliver (the client
/// went away) throws; the emitter then stops, and its caller should too.
public protocol ServerSentEventSink: Sendable {
    /// Delivers bytes; returns when the sink has taken them (its backpressure).
    func write(_ bytes: [UInt8]) async throws
    /// Ends the stream: no write follows.
    func finish() async throws
}

/// A sink that hands what it is given to an `AsyncStream`, whose consumer (a response body, a
/// test) reads the bytes in order. The stream buffers without bound: give it a consumer that
/// keeps up, or bound the producer (the fan-out hub does).
public struct AsyncStreamServerSentEventSink: ServerSentEventSink {
    private let continuation: AsyncStream<[UInt8]>.Continuation

    /// A sink and the stream of the bytes written to it.
    public static func makeStream() -> (bytes: AsyncStream<[UInt8]>, sink: AsyncStreamServerSentEventSink) {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        return (stream, AsyncStreamServerSentEventSink(continuation: continuation))
    }

    /// Yields the bytes to the stream; throws when its consumer has gone.
    public func write(_ bytes: [UInt8]) async throws {
        if case .terminated = continuation.yield(bytes) {
            throw ServerSentEventEmitterError(code: .sinkClosed)
        }
    }

    /// Finishes the stream.
    public func finish() async throws {
        continuation.finish()
    }
}
