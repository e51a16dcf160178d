import Synchronization

// Reading: a subscriber's batches, the idle ticker, replay gaps.
extension ServerSentEventHub {
    /// The events waiting for a subscriber, all at once (one lock for a burst), or the next
    /// one as it is published; `.idle` when `idleAfter` passed first. With a shared log, a
    /// subscriber behind the others here reads the log itself, a queue's worth at a time.
    func nextBatch(_ subscriberID: UInt64, topic: String, idleAfter: Duration?) async throws -> Batch {
        let deadline = idleAfter.flatMap { $0 > .zero ? clock.now.advanced(by: $0) : nil }
        var backoff = Self.firstRetryDelay
        while true {
            switch try await take(subscriberID, topic: topic, deadline: deadline) {
            case .retry:
                continue
            case .catchUp(let cursor):
                do {
                    let start = state.withLock { $0.subscribers[subscriberID]?.awaitedStart }
                    let limit = start?.limit(configuration.subscriberQueueLimit) ?? configuration.subscriberQueueLimit
                    let page = try await log!.read(topic, after: start?.position ?? cursor, limit: limit)
                    backoff = Self.firstRetryDelay
                    state.withLock { state in
                        if let start, let subscriber = state.subscribers[subscriberID] {
                            _ = subscriber.start(start, page)
                        } else {
                            catchUp(subscriberID, with: page, readAfter: cursor, in: &state)
                        }
                    }
                } catch {
                    // The log is away: the stream stays open (heartbeats go on) and tries again.
                    let wakeAt = clock.now.advanced(by: backoff)
                    backoff = min(backoff * 2, Self.lastRetryDelay)
                    if let deadline, deadline <= wakeAt {
                        try await clock.sleep(until: deadline)
                        return .idle
                    }
                    try await clock.sleep(until: wakeAt)
                }
            case let batch:
                return batch
            }
        }
    }

    /// Under the lock: what is queued, else a catch-up read to make, else a wait.
    func take(
        _ subscriberID: UInt64, topic: String, deadline: ElapsedClock.Instant?
    ) async throws -> Batch {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: Waiter) in
                let (result, startTicker) = state.withLock { state -> (Result<Batch, any Error>?, Bool) in
                    guard let subscriber = state.subscribers[subscriberID] else {
                        return (.failure(CancellationError()), false)
                    }
                    if let failure = subscriber.failure { return (.failure(failure), false) }
                    var batch: [Delivery] = []
                    if let gap = subscriber.pendingGap {
                        subscriber.pendingGap = nil
                        batch.append(Delivery(gapEvent(lastEventID: gap, next: subscriber.queue.first?.event.id)))
                    }
                    while !subscriber.queue.isEmpty {
                        let record = subscriber.dequeue()
                        subscriber.lastDeliveredID = record.event.id
                        batch.append(Delivery(record))
                        if record.isTerminal {
                            subscriber.isFinished = true
                            subscriber.clearQueue()
                        }
                    }
                    if !batch.isEmpty {
                        // An idle subscriber keeps no queue storage from its last burst.
                        subscriber.clearQueue()
                        return (.success(.events(batch)), false)
                    }
                    if subscriber.isFinished { return (.success(.ended), false) }
                    if log != nil,
                        subscriber.awaitedStart != nil
                            || Self.isBehind(subscriber.cursor, state.topics[topic]?.delivered)
                    {
                        return (.success(.catchUp(subscriber.cursor)), false)
                    }
                    if let deadline, deadline <= clock.now { return (.success(.idle), false) }
                    subscriber.waiter = continuation
                    subscriber.idleDeadline = deadline
                    guard deadline != nil else { return (nil, false) }
                    state.idleWaiters.insert(subscriberID)
                    defer { state.idleTickerRuns = true }
                    return (nil, !state.idleTickerRuns)
                }
                if let result { continuation.resume(with: result) }
                if startTicker { Task { await self.runIdleTicker() } }
            }
        } onCancel: {
            unsubscribe(subscriberID, failing: CancellationError())
        }
    }

    static func isBehind(_ cursor: ServerSentEventPosition?, _ delivered: ServerSentEventPosition?) -> Bool {
        guard let delivered else { return false }
        guard let cursor, cursor.epoch == delivered.epoch else { return true }
        return cursor.offset < delivered.offset
    }

    /// A subscriber's own read of the shared log, queued after a loss signal when it could
    /// not continue from its cursor.
    func catchUp(
        _ subscriberID: UInt64, with page: ServerSentEventLogPage, readAfter cursor: ServerSentEventPosition?,
        in state: inout State
    ) {
        guard let subscriber = state.subscribers[subscriberID], subscriber.cursor == cursor else { return }
        // Lost: the log cannot continue from the cursor; or, for a subscriber that came when
        // the topic had no history, its first events are already gone.
        let lost =
            cursor == nil ? (page.records.first.map { $0.position.offset > 1 } ?? false) : !page.continuesPosition
        if lost {
            if subscriber.pendingGap == nil {
                subscriber.pendingGap = subscriber.lastDeliveredID ?? cursor?.description ?? ""
            }
            subscriber.cursor = page.records.first.map(\.position.previous) ?? page.head
        }
        for record in page.records where Self.place(of: record.position, after: subscriber.cursor) == .next {
            subscriber.cursor = record.position
            subscriber.enqueue(record)
        }
    }

    /// One task for the whole hub, running while a subscriber waits with a deadline: wakes
    /// those whose deadline passed with `.idle`. (A timer task per subscriber would cost a
    /// task per idle connection.)
    func runIdleTicker() async {
        while true {
            let now = clock.now
            let (wake, nextDeadline) = state.withLock { state -> ([Waiter], ElapsedClock.Instant?) in
                var wake: [Waiter] = []
                var nextDeadline: ElapsedClock.Instant?
                for subscriberID in state.idleWaiters {
                    guard let subscriber = state.subscribers[subscriberID], subscriber.waiter != nil,
                        let deadline = subscriber.idleDeadline
                    else {
                        state.idleWaiters.remove(subscriberID)
                        continue
                    }
                    if deadline <= now {
                        wake.append(subscriber.waiter!)
                        subscriber.waiter = nil
                        subscriber.idleDeadline = nil
                        state.idleWaiters.remove(subscriberID)
                    } else {
                        nextDeadline = min(nextDeadline ?? deadline, deadline)
                    }
                }
                if state.idleWaiters.isEmpty { state.idleTickerRuns = false }
                return (wake, state.idleTickerRuns ? nextDeadline : nil)
            }
            for waiter in wake { waiter.resume(returning: .idle) }
            guard let nextDeadline else { return }
            try? await clock.sleep(until: max(nextDeadline, now.advanced(by: Self.idleTickerSpacing)))
        }
    }

    /// The least time between two passes of the idle ticker: deadlines that close together
    /// are served by one pass (a little late, never early).
    static let idleTickerSpacing = Duration.milliseconds(20)

    func unsubscribe(_ subscriberID: UInt64, topic: String? = nil, failing error: (any Error)? = nil) {
        let waiter = state.withLock { state -> Waiter? in
            if let topic {
                state.topics[topic]?.subscribers.remove(subscriberID)
                state.topics[topic]?.lastActive = clock.now
                // A topic with neither subscribers nor history is forgotten, so topics cannot
                // pile up; the in-memory log starts a new epoch when it is used again.
                if let room = state.topics[topic], room.subscribers.isEmpty, (room.window?.count ?? 0) == 0 {
                    removeTopic(topic, in: &state)
                }
            } else {
                for key in state.topics.keys where state.topics[key]!.subscribers.contains(subscriberID) {
                    state.topics[key]!.subscribers.remove(subscriberID)
                }
            }
            return state.subscribers.removeValue(forKey: subscriberID)?.waiter
        }
        waiter?.resume(with: error.map { .failure($0) } ?? .success(.ended))
    }

    func gapEvent(lastEventID: String, next: String?) -> ServerSentEvent {
        ServerSentEventReplayGap(lastEventID: lastEventID, firstEventID: next).event
    }
}
