import Metrics
import Synchronization

/// Publish an event once; every subscriber of its topic gets it. Transport-agnostic: a server
/// adapter turns each subscription into a response; generated emitters make the events
/// (`ChatRoomEmitter.serverSentEvent(for:)`) and the topic is usually the stream's concrete
/// path (`ChatRoomEvent.path(roomID:)`), so that one room is one topic.
///
/// The hub gives every event an ID that names its topic's history and its place in it (a
/// ``ServerSentEventPosition``), keeps a bounded replay log per topic, and replays from a
/// subscriber's `Last-Event-ID`. When that ID is older than the log, or names another history
/// (another process, a restart, another topic), the subscriber first gets a
/// ``replayGapEventType`` event saying so, never a silent skip. Each subscriber has a bounded
/// queue; a subscriber that falls behind is handled by ``SlowSubscriberPolicy``.
///
/// By default the log lives in the hub's memory: nothing to set up, and it ends with the
/// process. Made with a shared ``ServerSentEventLog`` (PostgreSQL, in
/// `ServerSentEventsPostgres`), the hub keeps only local fan-out, every instance delivers
/// every event, and any instance resumes any ID; ``run()`` must then run (it watches the log).
///
/// ```swift
/// let hub = ServerSentEventHub()
/// try await hub.publish(ServerSentEvent(type: "tick", data: "1"), to: "/market/ticker")
/// for try await event in try await hub.subscribe(to: "/market/ticker", lastEventID: ServerSentEvent.lastEventID(of: request)) {
///     try await emitter.send(event)
/// }
/// ```
public final class ServerSentEventHub: Sendable {
    /// The type of the event that tells a subscriber that events it should have had are gone
    /// (its `Last-Event-ID` is older than the replay log, or names another history; or it fell
    /// behind under `dropOldest`): a ``ServerSentEventReplayGap``, whose data is JSON,
    /// `{"lastEventID":"k3v9x2q1-41","firstEventID":"k3v9x2q1-57"}`.
    public static let replayGapEventType = ServerSentEventReplayGap.eventType

    /// The cursor that asks for every event the replay log still holds (as Mercure's hubs
    /// read it), and the answer when a replay could not continue right after the client's ID.
    public static let earliest = "earliest"

    /// How the hub behaves.
    public let configuration: Configuration
    /// The shared log; `nil` keeps each topic's log in ``State``.
    let log: (any ServerSentEventLog)?
    let state: Mutex<State>
    /// What windows age by and heartbeat deadlines are read on.
    let clock: ElapsedClock
    let metrics = HubMetrics()

    /// Creates a hub that keeps its replay log in memory.
    ///
    /// - Parameters:
    ///   - configuration: The hub's limits and policies.
    ///   - clock: What the replay windows age by, sweeps run on and idle subscribers' deadlines
    ///     are read on: the continuous clock, unless a test passes one it advances by hand.
    public init(configuration: Configuration = .init(), clock: some Clock<Duration> = ContinuousClock()) {
        self.configuration = configuration
        self.clock = ElapsedClock(clock)
        log = nil
        state = Mutex(State())
    }

    /// Creates a hub whose IDs and replay log are `log`'s, shared with every other hub that
    /// uses the same log; ``run()`` must run for events of other instances to arrive.
    ///
    /// - Parameters:
    ///   - log: The shared log.
    ///   - configuration: The hub's limits and policies.
    ///   - clock: What idle subscribers' deadlines and retries are read on.
    public init(
        log: some ServerSentEventLog, configuration: Configuration = .init(),
        clock: some Clock<Duration> = ContinuousClock()
    ) {
        self.configuration = configuration
        self.clock = ElapsedClock(clock)
        self.log = log
        state = Mutex(State())
    }

    /// Watches the shared log for events published elsewhere, until the task is cancelled;
    /// with the in-memory log, ages every topic's window and forgets idle topics once a
    /// second (publishing and subscribing do it too, at most once a second, so a hub that
    /// does not run is bounded as well).
    public func run() async throws {
        guard let log else {
            while !Task.isCancelled {
                try await clock.sleep(for: Self.sweepInterval)
                let now = clock.now
                state.withLock { sweep(now: now, in: &$0) }
            }
            return
        }
        let changes = ServerSentEventLogChanges(
            onTopic: { [weak self] topic, head in self?.logChanged(topic, head: head) },
            onAnything: { [weak self] in self?.logChangedAnywhere() }
        )
        try await log.run(reportingTo: changes)
    }

    // MARK: - Publishing

    /// Stores `event` in `topic`'s log and delivers it to every subscriber of `topic`.
    ///
    /// - Parameters:
    ///   - event: The event; its ID is replaced by the hub's.
    ///   - topic: Who gets it, e.g. a stream's concrete path.
    ///   - terminal: Whether it ends the stream: subscriptions end after delivering it.
    /// - Returns: The event as delivered, with its ID.
    /// - Throws: ``ServerSentEventEncodingError`` when the event's type or ID holds CR, LF or
    ///   NUL (``ServerSentEventEncoder/validate(_:)``), before anything is stored; with a
    ///   shared log, the log's error when the event could not be stored. Either way it was
    ///   delivered to no one.
    @discardableResult
    public func publish(
        _ event: ServerSentEvent, to topic: String = "", terminal: Bool = false
    ) async throws
        -> ServerSentEvent
    {
        do {
            try ServerSentEventEncoder.validate(event)
        } catch {
            metrics.refusedInvalid.increment()
            throw error
        }
        guard let log else { return try publishInMemory(event, to: topic, terminal: terminal) }
        let record = try await log.append(event, to: topic, terminal: terminal)
        deliver([record], to: topic)
        return record.event
    }

    func publishInMemory(
        _ event: ServerSentEvent, to topic: String, terminal: Bool
    ) throws(ServerSentEventHubError) -> ServerSentEvent {
        let now = clock.now
        let (record, wake) = try state.withLock {
            state throws(ServerSentEventHubError) -> (ServerSentEventLogRecord, [Wakeup]) in
            sweepIfDue(now: now, in: &state)
            try openTopic(topic, now: now, in: &state)
            let record = changeWindow(topic, in: &state) {
                $0.append(event, terminal: terminal, limit: configuration.replayLimit, now: now)
            }!
            state.keptOrder.append(KeptEvent(topicID: state.topics[topic]!.id, position: record.position))
            evictBeyondMemoryLimit(sparing: topic, in: &state)
            return (record, fanOut(record, topic: topic, in: &state).wake)
        }
        for wakeup in wake { wakeup.continuation.resume(with: wakeup.result) }
        return record.event
    }

    /// Records of a shared log, from this instance's publishes or a read, to the local subscribers.
    func deliver(_ records: [ServerSentEventLogRecord], to topic: String) {
        let (wake, needsRead) = state.withLock { state -> ([Wakeup], Bool) in
            var wake: [Wakeup] = []
            var needsRead = false
            for record in records {
                let outcome = fanOut(record, topic: topic, in: &state)
                wake += outcome.wake
                needsRead = needsRead || outcome.hole
            }
            return (wake, needsRead && startsFeedRead(topic, in: &state))
        }
        for wakeup in wake { wakeup.continuation.resume(with: wakeup.result) }
        if needsRead { Task { await readFeed(topic) } }
    }

    /// Delivers `record` to the subscribers of `topic` right before it. Both logs give a
    /// topic's records in order, but a shared log's come from several places (this instance's
    /// publishes, reads, other instances): a record after a hole is not delivered, and `hole`
    /// asks for a read of the log.
    func fanOut(
        _ record: ServerSentEventLogRecord, topic name: String, in state: inout State
    ) -> (wake: [Wakeup], hole: Bool) {
        guard state.topics[name] != nil else { return ([], false) }
        switch Self.place(of: record.position, after: state.topics[name]!.delivered) {
        case .next: state.topics[name]!.delivered = record.position
        case .seen: return ([], false)
        case .beyondHole: return ([], true)
        }
        var wake: [Wakeup] = []
        var tooSlow: [UInt64] = []
        for subscriberID in state.topics[name]!.subscribers {
            guard let subscriber = state.subscribers[subscriberID], !subscriber.isFinished, subscriber.failure == nil,
                subscriber.awaitedStart == nil
            else { continue }
            switch Self.place(of: record.position, after: subscriber.cursor) {
            case .next: break
            case .seen: continue  // it read the log first
            case .beyondHole:
                // A replay still to read: a waiting subscriber is woken to read it.
                if let waiter = subscriber.waiter {
                    subscriber.waiter = nil
                    wake.append(Wakeup(continuation: waiter, result: .success(.retry)))
                }
                continue
            }
            if let waiter = subscriber.waiter {
                subscriber.waiter = nil
                subscriber.cursor = record.position
                subscriber.lastDeliveredID = record.event.id
                if record.isTerminal { subscriber.isFinished = true }
                wake.append(Wakeup(continuation: waiter, result: .success(.events([Delivery(record)]))))
            } else if subscriber.hasRoom(for: record, configuration) {
                subscriber.cursor = record.position
                subscriber.enqueue(record)
            } else if configuration.slowSubscriberPolicy.dropsOldest {
                subscriber.cursor = record.position
                subscriber.enqueue(record)
                while subscriber.queue.count > 1, !subscriber.isWithin(configuration) {
                    subscriber.dequeue()
                    metrics.droppedEvents.increment()
                }
                if subscriber.pendingGap == nil { subscriber.pendingGap = subscriber.lastDeliveredID ?? "" }
            } else if log != nil {
                // The shared log keeps what it misses: it falls behind, and reads it from
                // there when it has caught up with its queue, a queue's worth at a time.
                continue
            } else {
                subscriber.clearQueue()
                subscriber.failure = ServerSentEventHubError(code: .subscriberTooSlow)
                metrics.disconnectedSubscribers.increment()
                tooSlow.append(subscriberID)
            }
        }
        for subscriberID in tooSlow { state.topics[name]!.subscribers.remove(subscriberID) }
        return (wake, false)
    }

    /// Where a record stands for a reader whose last position is `cursor`.
    enum Place { case next, seen, beyondHole }

    static func place(of position: ServerSentEventPosition, after cursor: ServerSentEventPosition?) -> Place {
        guard let cursor else { return position.offset == 1 ? .next : .beyondHole }
        guard position.epoch == cursor.epoch else { return .beyondHole }
        if position.offset <= cursor.offset { return .seen }
        return position.offset == cursor.offset + 1 ? .next : .beyondHole
    }

    // MARK: - Subscribing

    /// The events of `topic` from now on, after those of the replay log that came after
    /// `lastEventID`.
    ///
    /// - Parameters:
    ///   - topic: The topic.
    ///   - lastEventID: The cursor the client sent (`Last-Event-ID`), if any. `nil` or empty:
    ///     no replay; ``earliest``: the whole replay log, with no loss signal.
    /// - Returns: A sequence that ends after a terminal event, when ``finish(topic:)`` or
    ///   ``finish()`` is called, and throws when the subscriber falls behind under `disconnect`.
    ///   Its ``Subscription/resumedAfter`` says where the replay started. While a shared log
    ///   cannot be read, the subscription waits for it (its `nextBatch(idleAfter:)` still
    ///   says when to send a heartbeat), then replays as asked.
    public func subscribe(to topic: String = "", lastEventID: String? = nil) async -> Subscription {
        let request = ReplayRequest(lastEventID)
        guard let log else {
            let now = clock.now
            let registered = state.withLock { state in
                sweepIfDue(now: now, in: &state)
                do throws(ServerSentEventHubError) {
                    try openTopic(topic, now: now, in: &state)
                } catch {
                    return refuse(error, in: &state)
                }
                changeWindow(topic, in: &state) { $0.forget(olderThan: configuration.replayLimit.age, now: now) }
                let page = state.topics[topic]!.window!.read(after: request.position, limit: request.limit(.max))
                return register(topic, request, page, in: &state)
            }
            return Subscription(
                handle: SubscriptionHandle(hub: self, topic: topic, subscriberID: registered.id),
                resumedAfter: registered.resumedAfter)
        }
        // Read, then registered: what is published meanwhile is a hole for the new subscriber,
        // which then reads it from the log; the cursor rule drops what it gets twice.
        let page = try? await log.read(
            topic, after: request.position, limit: request.limit(configuration.subscriberQueueLimit))
        let (registered, startsRead) = state.withLock { state in
            do throws(ServerSentEventHubError) {
                try openTopic(topic, now: clock.now, in: &state)
            } catch {
                return (refuse(error, in: &state), false)
            }
            let registered = register(topic, request, page, in: &state)
            return (registered, startsFeedRead(topic, in: &state))
        }
        if startsRead { Task { await readFeed(topic) } }
        return Subscription(
            handle: SubscriptionHandle(hub: self, topic: topic, subscriberID: registered.id),
            resumedAfter: registered.resumedAfter)
    }

    /// What a subscriber asked to be replayed.
    struct ReplayRequest {
        enum Kind { case none, earliest, after(String) }
        var kind: Kind
        /// Where to read from; `nil` for all that is kept.
        var position: ServerSentEventPosition?

        init(_ lastEventID: String?) {
            switch lastEventID {
            case nil, "": kind = .none
            case ServerSentEventHub.earliest?: kind = .earliest
            case let id?: kind = .after(id)
            }
            position = lastEventID.flatMap(ServerSentEventPosition.init)
        }

        /// The records to read at once: none when only the head is wanted.
        func limit(_ most: Int) -> Int {
            if case .none = kind { 0 } else { most }
        }
    }

    /// Adds a subscriber of `topic` (opened with ``openTopic(_:now:in:)``); with `page` (read
    /// for `request`) it starts right away, without (the shared log could not be read) it reads
    /// the page first.
    func register(
        _ topic: String, _ request: ReplayRequest, _ page: ServerSentEventLogPage?, in state: inout State
    ) -> (id: UInt64, resumedAfter: String?) {
        let subscriber = Subscriber()
        var resumedAfter: String?
        if let page {
            resumedAfter = subscriber.start(request, page)
        } else {
            subscriber.awaitedStart = request
            if case .after(let id) = request.kind { subscriber.lastDeliveredID = id }
        }
        if state.topics[topic]!.subscribers.isEmpty, state.topics[topic]!.window == nil {
            // The first subscriber here: local delivery starts from what it read.
            state.topics[topic]!.delivered = page?.head
        }
        let subscriberID = addSubscriber(subscriber, in: &state)
        state.topics[topic]!.subscribers.insert(subscriberID)
        return (subscriberID, resumedAfter)
    }

    /// Ends every subscription of `topic` here (after the events already queued); the
    /// in-memory log also forgets the topic's history.
    public func finish(topic: String) {
        let wake = state.withLock { state -> [Wakeup] in
            guard let room = removeTopic(topic, in: &state) else { return [] }
            return room.subscribers.compactMap { finishSubscriber($0, in: &state) }
        }
        for wakeup in wake { wakeup.continuation.resume(with: wakeup.result) }
    }

    /// Ends every subscription here (after the events already queued), e.g. on graceful shutdown.
    public func finish() {
        let wake = state.withLock { state -> [Wakeup] in
            let all = state.topics.values.flatMap(\.subscribers)
            state.topics.removeAll()
            state.topicNames.removeAll()
            (state.keptEvents, state.keptBytes, state.keptOrder) = (0, 0, RingBuffer())
            // (Subscribers stay until they read their end; their topics are gone.)
            return all.compactMap { finishSubscriber($0, in: &state) }
        }
        for wakeup in wake { wakeup.continuation.resume(with: wakeup.result) }
    }

    func finish(subscriberID: UInt64) {
        if let wake = state.withLock({ finishSubscriber(subscriberID, in: &$0) }) {
            wake.continuation.resume(with: wake.result)
        }
    }

    /// How many subscribers `topic` has here.
    public func subscriberCount(topic: String = "") -> Int {
        state.withLock { $0.topics[topic]?.subscribers.count ?? 0 }
    }

    /// What the hub holds now, against ``Configuration/memoryLimit``.
    public struct Usage: Sendable, Hashable {
        /// The topics known here.
        public var topics: Int
        /// The events kept in all in-memory windows (0 with a shared log).
        public var events: Int
        /// The bytes counted against ``MemoryLimit/bytes``: event data, types and ids in all
        /// in-memory windows, and the topics' names.
        public var bytes: Int
        /// The subscribers here.
        public var subscribers: Int
    }

    /// What the hub holds now.
    public func usage() -> Usage {
        state.withLock { state in
            Usage(
                topics: state.topics.count, events: state.keptEvents, bytes: state.keptBytes,
                subscribers: state.subscribers.count)
        }
    }

    /// How many events `topic`'s in-memory replay log holds (0 with a shared log).
    public func replayCount(topic: String = "") -> Int {
        state.withLock { $0.topics[topic]?.window?.count ?? 0 }
    }

    func finishSubscriber(_ subscriberID: UInt64, in state: inout State) -> Wakeup? {
        guard let subscriber = state.subscribers[subscriberID] else { return nil }
        subscriber.isFinished = true
        guard let waiter = subscriber.waiter, subscriber.queue.isEmpty else { return nil }
        subscriber.waiter = nil
        return Wakeup(continuation: waiter, result: .success(.ended))
    }

}
