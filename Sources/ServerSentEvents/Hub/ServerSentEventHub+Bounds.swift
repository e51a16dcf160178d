import Metrics
import Synchronization

// Bounds: windows, the memory limit across topics, the sweep, refusals.
extension ServerSentEventHub {
    /// How often windows are aged and idle topics forgotten.
    static let sweepInterval = Duration.seconds(1)

    /// Changes `topic`'s in-memory window in place, keeping the totals across topics right.
    @discardableResult
    func changeWindow<Result>(
        _ topic: String, in state: inout State, _ change: (inout MemoryWindow) -> Result
    ) -> Result? {
        // Counts read, not the window copied: a copy alive during the change would copy it whole.
        guard let events = state.topics[topic]?.window?.count else { return nil }
        let bytes = state.topics[topic]!.window!.bytes
        let result = change(&state.topics[topic]!.window!)
        state.keptEvents += state.topics[topic]!.window!.count - events
        state.keptBytes += state.topics[topic]!.window!.bytes - bytes
        return result
    }

    /// Marks `name` active, adding it (with an in-memory window when the hub has no shared
    /// log) past ``makeRoom(in:)``. Its name counts against ``MemoryLimit/bytes`` too: a
    /// client can choose it.
    func openTopic(
        _ name: String, now: ElapsedClock.Instant, in state: inout State
    ) throws(ServerSentEventHubError) {
        guard state.topics[name] == nil else {
            state.topics[name]!.lastActive = now
            return
        }
        try makeRoom(in: &state)
        var topic = Topic(window: log == nil ? MemoryWindow() : nil, now: now)
        topic.id = state.nextTopicID
        state.nextTopicID += 1
        state.topics[name] = topic
        state.topicNames[topic.id] = name
        state.keptBytes += name.utf8.count
    }

    /// Forgets `topic` and its history here.
    @discardableResult
    func removeTopic(_ topic: String, in state: inout State) -> Topic? {
        guard let removed = state.topics.removeValue(forKey: topic) else { return nil }
        state.topicNames[removed.id] = nil
        state.keptEvents -= removed.window?.count ?? 0
        state.keptBytes -= (removed.window?.bytes ?? 0) + topic.utf8.count
        return removed
    }

    /// Room for one more topic: past ``MemoryLimit/topics``, the topic used least lately that
    /// has no subscriber here is forgotten; when every topic has one, refused.
    func makeRoom(in state: inout State) throws(ServerSentEventHubError) {
        guard state.topics.count >= configuration.memoryLimit.topics else { return }
        guard forgetLeastActiveTopic(sparing: nil, in: &state) else {
            metrics.refusedTopics.increment()
            throw ServerSentEventHubError(code: .topicLimitReached)
        }
    }

    /// Forgets the topic used least lately that has no subscriber here (other than `spared`);
    /// `false` when there is none.
    func forgetLeastActiveTopic(sparing spared: String?, in state: inout State) -> Bool {
        var leastActive: (name: String, at: ElapsedClock.Instant)?
        for (name, topic) in state.topics where topic.subscribers.isEmpty && name != spared {
            if leastActive.map({ topic.lastActive < $0.at }) ?? true { leastActive = (name, topic.lastActive) }
        }
        guard let leastActive else { return false }
        removeTopic(leastActive.name, in: &state)
        metrics.evictedTopics.increment()
        return true
    }

    /// Past ``MemoryLimit/events`` or ``MemoryLimit/bytes``, the oldest events go, whichever
    /// topic they belong to; then, while the topics' names alone pass the bytes, the topics
    /// used least lately (but `spared`, just published to).
    func evictBeyondMemoryLimit(sparing spared: String, in state: inout State) {
        let limit = configuration.memoryLimit
        while state.keptEvents > limit.events || state.keptBytes > limit.bytes, !state.keptOrder.isEmpty {
            // Skipped: an event that left by its topic's own limits, or with its topic.
            guard let topic = keptTopic(of: state.keptOrder.removeFirst(), in: state) else { continue }
            changeWindow(topic, in: &state) { $0.removeOldest() }
            metrics.evictedEvents.increment()
        }
        while state.keptBytes > limit.bytes, forgetLeastActiveTopic(sparing: spared, in: &state) {}
        compactKeptOrderIfNeeded(in: &state)
    }

    /// Drops the entries of events no longer kept once they outnumber the kept ones, so
    /// that the order stays within twice the events kept (amortized O(1) per publish).
    func compactKeptOrderIfNeeded(in state: inout State) {
        guard state.keptOrder.count > 2 * state.keptEvents + 1_024 else { return }
        var kept = RingBuffer<KeptEvent>()
        while !state.keptOrder.isEmpty {
            let event = state.keptOrder.removeFirst()
            if keptTopic(of: event, in: state) != nil { kept.append(event) }
        }
        state.keptOrder = kept
    }

    /// The topic of `event` when its window still keeps it.
    func keptTopic(of event: KeptEvent, in state: State) -> String? {
        guard let name = state.topicNames[event.topicID],
            state.topics[name]?.window?.keeps(event.position) == true
        else { return nil }
        return name
    }

    func sweepIfDue(now: ElapsedClock.Instant, in state: inout State) {
        if let last = state.lastSweep, now - last < Self.sweepInterval { return }
        sweep(now: now, in: &state)
    }

    /// Ages every window and forgets the topics left with neither subscribers nor history:
    /// one pass over the topics, and no task per topic.
    func sweep(now: ElapsedClock.Instant, in state: inout State) {
        state.lastSweep = now
        for topic in Array(state.topics.keys) {
            changeWindow(topic, in: &state) { $0.forget(olderThan: configuration.replayLimit.age, now: now) }
            if let room = state.topics[topic], room.subscribers.isEmpty, (room.window?.count ?? 0) == 0 {
                removeTopic(topic, in: &state)
            }
        }
        compactKeptOrderIfNeeded(in: &state)
    }

    /// A subscription refused at once: its first read throws `error`.
    func refuse(
        _ error: ServerSentEventHubError, in state: inout State
    ) -> (id: UInt64, resumedAfter: String?) {
        let subscriber = Subscriber()
        subscriber.failure = error
        return (addSubscriber(subscriber, in: &state), nil)
    }

    func addSubscriber(_ subscriber: Subscriber, in state: inout State) -> UInt64 {
        let subscriberID = state.nextSubscriber
        state.nextSubscriber += 1
        state.subscribers[subscriberID] = subscriber
        return subscriberID
    }
}
