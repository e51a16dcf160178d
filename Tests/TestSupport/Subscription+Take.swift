public import ServerSentEvents

extension ServerSentEventHub.Subscription {
    /// The next `count` events, or those that came before `limit` passed: a bug fails a test
    /// rather than hangs it.
    public func take(_ count: Int, within limit: Duration = .seconds(10)) async throws -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        let deadline = ContinuousClock.now + limit
        while events.count < count, ContinuousClock.now < deadline {
            guard let batch = try await nextBatch(idleAfter: .milliseconds(100)) else { break }
            events += batch
        }
        return events
    }
}
