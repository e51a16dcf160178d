import Synchronization

// Following a shared log: hints of other instances' events, reads of the log, catching up.
extension ServerSentEventHub {
    func logChanged(_ topic: String, head: ServerSentEventPosition?) {
        let starts = state.withLock { state -> Bool in
            guard let delivered = state.topics[topic]?.delivered, let head else {
                return startsFeedRead(topic, in: &state)
            }
            if head.epoch == delivered.epoch, head.offset <= delivered.offset { return false }
            return startsFeedRead(topic, in: &state)
        }
        if starts { Task { await readFeed(topic) } }
    }

    func logChangedAnywhere() {
        let topics = state.withLock { state in state.topics.keys.filter { startsFeedRead($0, in: &state) } }
        for topic in topics { Task { await readFeed(topic) } }
    }

    /// Whether the caller is to run ``readFeed(_:)`` for `topic`: only for a topic with local
    /// subscribers, and one read at a time (a request during a read makes it read again).
    func startsFeedRead(_ topic: String, in state: inout State) -> Bool {
        guard log != nil, state.topics[topic].map({ !$0.subscribers.isEmpty }) == true else { return false }
        if state.topics[topic]!.isReading {
            state.topics[topic]!.readsAgain = true
            return false
        }
        state.topics[topic]!.isReading = true
        return true
    }

    /// Reads the shared log after what `topic`'s subscribers here were given, and delivers it,
    /// until it reaches the head; retries with backoff while the log fails.
    func readFeed(_ topic: String) async {
        guard let log else { return }
        var backoff = Self.firstRetryDelay
        while true {
            guard let after = state.withLock({ $0.topics[topic].map { [$0.delivered] } }) else { return }
            let page: ServerSentEventLogPage
            do {
                // Knowing nothing yet, the feed starts at the head: subscribers behind it read
                // their way there themselves.
                page = try await log.read(
                    topic, after: after[0], limit: after[0] == nil ? 0 : configuration.subscriberQueueLimit)
                backoff = Self.firstRetryDelay
            } catch {
                try? await clock.sleep(for: backoff)
                backoff = min(backoff * 2, Self.lastRetryDelay)
                let goesOn = state.withLock { state in
                    let subscribed = state.topics[topic].map { !$0.subscribers.isEmpty } ?? false
                    if !subscribed { state.topics[topic]?.isReading = false }
                    return subscribed
                }
                if goesOn { continue } else { return }
            }
            let (wake, readsAgain) = state.withLock { state -> ([Wakeup], Bool) in
                guard state.topics[topic] != nil else { return ([], false) }
                var wake: [Wakeup] = []
                if after[0] == nil, state.topics[topic]!.delivered == nil {
                    state.topics[topic]!.delivered = page.head
                    wake = wakeToCatchUp(topic, in: &state)
                } else if !page.continuesPosition, state.topics[topic]!.delivered == after[0] {
                    // What the subscribers here were to get next is gone: they each find out
                    // (and say so) when they read from where they are.
                    state.topics[topic]!.delivered = page.records.first.map(\.position.previous) ?? page.head
                    wake = wakeToCatchUp(topic, in: &state)
                }
                for record in page.records { wake += fanOut(record, topic: topic, in: &state).wake }
                let readsAgain =
                    (after[0] == nil && page.head != nil) || page.records.count == configuration.subscriberQueueLimit
                    || state.topics[topic]!.readsAgain
                state.topics[topic]!.readsAgain = false
                if !readsAgain { state.topics[topic]!.isReading = false }
                return (wake, readsAgain)
            }
            for wakeup in wake { wakeup.continuation.resume(with: wakeup.result) }
            if !readsAgain { return }
        }
    }

    /// Wakes the waiting subscribers of `topic` to look again: delivery here moved on without
    /// them, and those behind read the log themselves.
    func wakeToCatchUp(_ topic: String, in state: inout State) -> [Wakeup] {
        state.topics[topic]!.subscribers.compactMap { subscriberID in
            guard let subscriber = state.subscribers[subscriberID], let waiter = subscriber.waiter else { return nil }
            subscriber.waiter = nil
            return Wakeup(continuation: waiter, result: .success(.retry))
        }
    }

    static let firstRetryDelay = Duration.milliseconds(50)
    static let lastRetryDelay = Duration.seconds(2)
}
