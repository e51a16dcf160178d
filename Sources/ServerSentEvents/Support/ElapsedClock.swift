/// The time a hub or an emitter reads and sleeps on: any `Clock` with `Duration`s (the
/// continuous clock by default, or a test's clock that it advances by hand), read as the time
/// elapsed since it was handed over, so that one concrete type serves every clock.
struct ElapsedClock: Sendable {
    /// A point in time: how long after the clock was handed over.
    struct Instant: Comparable, Hashable, Sendable {
        var elapsed: Duration

        func advanced(by duration: Duration) -> Instant { Instant(elapsed: elapsed + duration) }
        func duration(to other: Instant) -> Duration { other.elapsed - elapsed }

        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.elapsed < rhs.elapsed }
        static func - (lhs: Instant, rhs: Instant) -> Duration { lhs.elapsed - rhs.elapsed }
    }

    private let read: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    init<Base: Clock<Duration>>(_ clock: Base) {
        let start = clock.now
        read = { start.duration(to: clock.now) }
        sleeper = { elapsed in try await clock.sleep(until: start.advanced(by: elapsed), tolerance: nil) }
    }

    var now: Instant { Instant(elapsed: read()) }

    /// Sleeps until `deadline`; throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Instant) async throws {
        try await sleeper(deadline.elapsed)
    }

    func sleep(for duration: Duration) async throws {
        try await sleep(until: now.advanced(by: duration))
    }
}
