/// What an `EventSource` carries from one connection of a stream to the next, for any
/// transport: the `Last-Event-ID` to send, the server's `retry:`, the failed attempts in a row,
/// and so how long to wait before the next attempt.
///
/// The HTML Standard has a client wait the stream's reconnection time, then "reestablish the
/// connection", sending the last event ID; this adds what a client needs against a server
/// that misbehaves or is down: a floor under `retry:`, exponential backoff with jitter for
/// failed attempts, and a cap. A transport drives it:
///
/// ```swift
/// var reconnection = ServerSentEventReconnection(policy: .init(), lastEventID: resumeFrom)
/// while true {
///     // connect, sending reconnection.lastEventIDHeaderValue as Last-Event-ID; for each output
///     // of the decoder: reconnection.record(output, lastEventID: decoder.lastEventID)
///     switch reconnection.connectionEnded(deliveredEvents: delivered) {
///     case .reconnect(let delay): try await Task.sleep(for: delay)
///     case .giveUp: throw …
///     }
/// }
/// ```
public struct ServerSentEventReconnection: Sendable, Hashable {
    /// How long to wait between connections.
    public struct Policy: Sendable, Hashable {
        /// The reconnection delay until the server sends `retry:` (EventSource's default is
        /// about 3 seconds).
        public var reconnectionDelay: Duration
        /// The shortest wait before a reconnection, whatever the server's `retry:` says (and
        /// after jitter): a server that sends `retry: 0` and hangs up meets a floor, then the
        /// exponential backoff.
        public var minimumReconnectionDelay: Duration
        /// Each failed attempt in a row multiplies the delay by this (at least 1).
        public var backoffMultiplier: Double
        /// The longest delay between attempts (unless the server's `retry:` is longer).
        public var maximumReconnectionDelay: Duration
        /// Each delay is shortened by a random fraction up to this (0 … 1), so that clients
        /// dropped together do not come back together.
        public var jitter: Double
        /// The most connection attempts in a row that may fail before the client gives up;
        /// `nil` keeps trying.
        public var maximumFailedAttempts: Int?

        /// Creates a policy: 3 s before the first reconnection, 0.5 s at least, doubling for
        /// each failure in a row up to 60 s, up to 50 % shorter at random, never giving up.
        public init(
            reconnectionDelay: Duration = .seconds(3),
            minimumReconnectionDelay: Duration = .milliseconds(500),
            backoffMultiplier: Double = 2,
            maximumReconnectionDelay: Duration = .seconds(60),
            jitter: Double = 0.5,
            maximumFailedAttempts: Int? = nil
        ) {
            self.reconnectionDelay = reconnectionDelay
            self.minimumReconnectionDelay = max(.zero, minimumReconnectionDelay)
            self.backoffMultiplier = max(1, backoffMultiplier)
            self.maximumReconnectionDelay = maximumReconnectionDelay
            self.jitter = min(max(0, jitter), 1)
            self.maximumFailedAttempts = maximumFailedAttempts
        }

        /// The wait before a reconnection: `base` (the server's `retry:`, or
        /// ``reconnectionDelay``) raised to ``minimumReconnectionDelay``, multiplied for each
        /// failed attempt in a row, capped at ``maximumReconnectionDelay`` (or `base`, when the
        /// server asked for longer), then shortened by a random fraction up to ``jitter``, never
        /// below the floor.
        public func delay(
            base: Duration, failures: Int, using generator: inout some RandomNumberGenerator
        ) -> Duration {
            let floor = minimumReconnectionDelay
            let base = max(base, floor)
            var delay = base
            for _ in 0..<min(max(failures, 0), 32) {
                delay = delay * backoffMultiplier
                if delay >= maximumReconnectionDelay { break }
            }
            delay = min(delay, max(base, maximumReconnectionDelay))
            return max(floor, delay * (1 - Double.random(in: 0...jitter, using: &generator)))
        }

        /// The wait before a reconnection, with the system's random numbers.
        public func delay(base: Duration, failures: Int) -> Duration {
            var generator = SystemRandomNumberGenerator()
            return delay(base: base, failures: failures, using: &generator)
        }
    }

    /// What to do once a connection ended.
    public enum NextAction: Sendable, Hashable {
        /// Connect again after this long.
        case reconnect(after: Duration)
        /// Stop: ``Policy/maximumFailedAttempts`` attempts in a row failed.
        case giveUp
    }

    /// How long to wait between connections.
    public let policy: Policy
    /// The last event ID the stream set (the decoder's), sent on the next connection.
    public private(set) var lastEventID: String
    /// The server's last valid `retry:`, which replaces ``Policy/reconnectionDelay``.
    public private(set) var serverRetry: Duration?
    /// The connections in a row that ended without delivering an event.
    public private(set) var failedAttempts = 0

    /// Starts with `lastEventID` (empty for none), to send on the first connection.
    public init(policy: Policy = .init(), lastEventID: String = "") {
        self.policy = policy
        self.lastEventID = lastEventID
    }

    /// The value of the next request's `Last-Event-ID` header: `nil` when there is no ID,
    /// as "if the event source's last event ID string is not the empty string" says.
    public var lastEventIDHeaderValue: String? { lastEventID.isEmpty ? nil : lastEventID }

    /// Keeps what a decoder output changes: the server's `retry:`, and the last event ID the
    /// decoder holds now (pass `decoder.lastEventID`).
    public mutating func record(_ output: ServerSentEventDecoder.Output, lastEventID: String) {
        if case .reconnectionTime(let time) = output { serverRetry = time }
        self.lastEventID = lastEventID
    }

    /// Keeps the decoder's last event ID without an output (at the end of a chunk, or after
    /// `finish()`).
    public mutating func record(lastEventID: String) {
        self.lastEventID = lastEventID
    }

    /// A connection ended: dropped by either side, refused, or failed before it opened. One
    /// that delivered events resets the backoff; one that did not counts as a failed attempt.
    public mutating func connectionEnded(
        deliveredEvents: Bool, using generator: inout some RandomNumberGenerator
    ) -> NextAction {
        failedAttempts = deliveredEvents ? 0 : failedAttempts + 1
        if let maximum = policy.maximumFailedAttempts, failedAttempts >= maximum { return .giveUp }
        let base = serverRetry ?? policy.reconnectionDelay
        return .reconnect(after: policy.delay(base: base, failures: failedAttempts, using: &generator))
    }

    /// A connection ended, with the system's random numbers for the jitter.
    public mutating func connectionEnded(deliveredEvents: Bool) -> NextAction {
        var generator = SystemRandomNumberGenerator()
        return connectionEnded(deliveredEvents: deliveredEvents, using: &generator)
    }
}
