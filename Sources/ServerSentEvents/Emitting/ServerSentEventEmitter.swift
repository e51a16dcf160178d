/// Writes a stream of events to a ``ServerSentEventSink`` the way the schema says a stream
/// behaves: `retry:` first, events framed by ``ServerSentEventEncoder``, comment heartbeats
/// when the stream is idle, nothing after a terminal event.
///
/// Generated emitters are typed fronts to this actor: one method per event, which frames the
/// event with its payload's JSON and calls ``send(_:terminal:)-(ServerSentEventFrame,_)``. Calls
/// are serialised, so concurrent senders
/// (a producer and the heartbeat task) never interleave bytes.
///
/// ```swift
/// let emitter = ServerSentEventEmitter(sink: sink, configuration: .init(retry: .seconds(2)))
/// try await emitter.send(ServerSentEvent(type: "tick", data: "{\"price\":\"1.5\"}", id: "1"))
/// try await emitter.finish()
/// ```
public actor ServerSentEventEmitter {
    /// How the stream behaves.
    public struct Configuration: Sendable, Hashable {
        /// Sent once as `retry:` before anything else: how long clients wait before reconnecting.
        public var retry: Duration?
        /// A comment line is sent when nothing was written for this long; `nil` sends none.
        public var heartbeat: Duration?

        /// Creates a configuration.
        public init(retry: Duration? = nil, heartbeat: Duration? = nil) {
            self.retry = retry
            self.heartbeat = heartbeat
        }
    }

    /// How the stream behaves.
    public nonisolated let configuration: Configuration
    private let sink: any ServerSentEventSink
    private let encoder = ServerSentEventEncoder()
    private let clock: ElapsedClock
    private var isOpen = false
    private var lastWrite: ElapsedClock.Instant
    /// Whether the stream has ended: a terminal event was sent, ``finish()`` was called, or the
    /// sink failed. Sending then throws.
    public private(set) var isFinished = false

    /// Creates an emitter; nothing is written until the first call.
    ///
    /// - Parameters:
    ///   - sink: Where the stream's bytes go.
    ///   - configuration: `retry:` and heartbeats.
    ///   - clock: What heartbeats are timed on: the continuous clock, unless a test passes one
    ///     it advances by hand.
    public init(
        sink: some ServerSentEventSink, configuration: Configuration = .init(),
        clock: some Clock<Duration> = ContinuousClock()
    ) {
        self.sink = sink
        self.configuration = configuration
        let clock = ElapsedClock(clock)
        self.clock = clock
        lastWrite = clock.now
    }

    /// Writes the stream's opening (`retry:`) if it was not written yet. Sending does this on
    /// its own; call it to make the response start before the first event.
    public func open() async throws {
        try await write([])
    }

    /// Sends one event.
    ///
    /// - Parameters:
    ///   - event: The event; its data may hold line breaks (they become several `data:` lines).
    ///   - terminal: Whether the event ends the stream: the sink is finished after it.
    /// - Throws: ``ServerSentEventEncodingError`` for a type or ID with CR, LF or NUL (nothing is
    ///   written); ``ServerSentEventEmitterError`` after the stream ended; the sink's error.
    public func send(_ event: ServerSentEvent, terminal: Bool = false) async throws {
        let bytes = try encoder.encode(event)
        try await write(bytes)
        if terminal { try await finish() }
    }

    /// Sends events framed beforehand (generated emitters frame typed events straight from
    /// their payloads).
    ///
    /// - Parameters:
    ///   - frame: One or more complete events.
    ///   - terminal: Whether the frame ends the stream: the sink is finished after it.
    /// - Throws: ``ServerSentEventEmitterError`` after the stream ended; the sink's error.
    public func send(_ frame: ServerSentEventFrame, terminal: Bool = false) async throws {
        try await write(frame.bytes)
        if terminal { try await finish() }
    }

    /// Sends a comment, which clients ignore.
    public func comment(_ text: String) async throws {
        var bytes: [UInt8] = []
        encoder.encodeComment(text, into: &bytes)
        try await write(bytes)
    }

    /// Ends the stream and finishes the sink. Calling it again does nothing.
    public func finish() async throws {
        guard !isFinished else { return }
        isFinished = true
        try await sink.finish()
    }

    /// Sends heartbeats at ``Configuration/heartbeat`` whenever nothing else was written for
    /// that long, until the stream ends or the task is cancelled. Run it beside the producer.
    public func runHeartbeats() async throws {
        guard let interval = configuration.heartbeat, interval > .zero else { return }
        while !isFinished {
            let due = lastWrite.advanced(by: interval)
            if clock.now >= due {
                try await comment("")
            } else {
                try await clock.sleep(until: due)
            }
        }
    }

    private func write(_ bytes: [UInt8]) async throws {
        guard !isFinished else { throw ServerSentEventEmitterError(code: .finished) }
        var frame = bytes
        if !isOpen {
            isOpen = true
            if let retry = configuration.retry {
                var opening: [UInt8] = []
                encoder.encodeRetry(retry, into: &opening)
                frame = opening + bytes
            }
        }
        guard !frame.isEmpty else { return }
        lastWrite = clock.now
        do {
            try await sink.write(frame)
        } catch {
            isFinished = true
            throw error
        }
    }
}

extension ServerSentEventEmitter {
    /// Runs `body` with an emitter on `sink`: opens the stream, sends heartbeats beside `body`
    /// while it runs, and finishes the stream when `body` returns (or throws).
    public static func withEmitter<Result: Sendable>(
        sink: some ServerSentEventSink,
        configuration: Configuration,
        _ body: (ServerSentEventEmitter) async throws -> Result
    ) async throws -> Result {
        let emitter = ServerSentEventEmitter(sink: sink, configuration: configuration)
        try await emitter.open()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await emitter.runHeartbeats() }
            do {
                let result = try await body(emitter)
                group.cancelAll()
                try await emitter.finish()
                return result
            } catch {
                group.cancelAll()
                try? await emitter.finish()
                throw error
            }
        }
    }
}

/// An emitter could not send.
public struct ServerSentEventEmitterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why; more cases may come, so `switch` needs a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case finished
            case sinkClosed
        }
        private let wrapped: Wrapped

        /// The stream already ended (a terminal event, `finish()`, or a failed write).
        public static var finished: Self { .init(wrapped: .finished) }
        /// The sink's reader has gone (the client disconnected).
        public static var sinkClosed: Self { .init(wrapped: .sinkClosed) }

        /// A short name of the code.
        public var description: String {
            switch wrapped {
            case .finished: "the event stream has ended"
            case .sinkClosed: "the event stream's reader has gone"
            }
        }
    }

    /// Why.
    public var code: Code

    /// Creates an error.
    public init(code: Code) {
        self.code = code
    }

    /// A sentence for logs.
    public var description: String { code.description }
}
