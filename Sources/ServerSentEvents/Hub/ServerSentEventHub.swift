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
    /// How much history and how much queueing.
    public struct Configuration: Sendable, Hashable {
        /// The replay window of each topic in the in-memory log: an event leaves it when any
        /// limit is passed. A shared ``ServerSentEventLog`` has bounds of its own.
        public var replayLimit: ReplayLimit
        /// The bounds across all topics: of the in-memory log, and of the topics the hub
        /// knows (with a shared log: the topics with subscribers here).
        public var memoryLimit: MemoryLimit
        /// The most events queued for one subscriber that has not read them yet; with a
        /// shared log, also the most read from it at once.
        public var subscriberQueueLimit: Int
        /// The most bytes (of event data, types and ids) queued for one subscriber; an event
        /// larger than this is still queued, alone.
        public var subscriberQueueByteLimit: Int
        /// What happens to a subscriber whose queue is full.
        public var slowSubscriberPolicy: SlowSubscriberPolicy

        /// The defaults: replay the last 1,000 events, 1 MiB or 5 minutes of each topic, and
        /// ``MemoryLimit/init(events:bytes:topics:)``'s bounds across topics; queue up to 256
        /// events or 4 MiB per subscriber; disconnect a subscriber that falls behind.
        public init(
            replayLimit: ReplayLimit = .init(),
            memoryLimit: MemoryLimit = .init(),
            subscriberQueueLimit: Int = 256,
            subscriberQueueByteLimit: Int = 4 << 20,
            slowSubscriberPolicy: SlowSubscriberPolicy = .disconnect
        ) {
            self.replayLimit = replayLimit
            self.memoryLimit = memoryLimit
            self.subscriberQueueLimit = max(1, subscriberQueueLimit)
            self.subscriberQueueByteLimit = max(0, subscriberQueueByteLimit)
            self.slowSubscriberPolicy = slowSubscriberPolicy
        }
    }

    /// What the hub keeps across all topics, on top of each topic's ``ReplayLimit``.
    ///
    /// Past ``events`` or ``bytes``, the oldest events of the in-memory log go, whichever
    /// topic they belong to (a subscriber resuming from before them gets the loss signal).
    /// Past ``topics``, a new topic takes the place of the one used least lately that has no
    /// subscriber here, history and all; when every topic has subscribers, the publish or the
    /// subscription is refused (``ServerSentEventHubError/Code/topicLimitReached``). Each is
    /// counted in a metric.
    public struct MemoryLimit: Sendable, Hashable {
        /// The most events kept in all topics' replay windows together.
        public var events: Int
        /// The most bytes kept in all topics' windows together: event data, types and ids, and
        /// the topics' names (a client may choose them).
        public var bytes: Int
        /// The most topics known at once.
        public var topics: Int

        /// Creates a limit. The defaults: 100,000 events, 64 MiB, 10,000 topics.
        public init(events: Int = 100_000, bytes: Int = 64 << 20, topics: Int = 10_000) {
            self.events = max(0, events)
            self.bytes = max(0, bytes)
            self.topics = max(1, topics)
        }
    }

    /// The bounds of a topic's replay window.
    public struct ReplayLimit: Sendable, Hashable {
        /// The most events kept.
        public var events: Int
        /// The most bytes of event data, types and ids kept.
        public var bytes: Int
        /// How long an event is kept; `nil` keeps it until the other limits push it out.
        public var age: Duration?

        /// Creates a limit; 0 events keeps no history.
        public init(events: Int = 1_000, bytes: Int = 1 << 20, age: Duration? = .seconds(300)) {
            self.events = max(0, events)
            self.bytes = max(0, bytes)
            self.age = age
        }
    }

    /// What happens to a subscriber whose queue is full.
    public struct SlowSubscriberPolicy: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case disconnect
            case dropOldest
        }
        private let wrapped: Wrapped

        /// The subscription ends with ``ServerSentEventHubError/Code/subscriberTooSlow``; the
        /// client reconnects with its `Last-Event-ID` and catches up from the replay log.
        /// With a shared ``ServerSentEventLog`` the subscription goes on instead and reads what
        /// it missed from the log, a queue's worth at a time. The default: nothing is lost
        /// while the log holds the events.
        public static var disconnect: Self { .init(wrapped: .disconnect) }
        /// The oldest queued events are dropped, and a ``replayGapEventType`` event tells the
        /// subscriber before the next one it gets. For feeds where only the latest matters.
        public static var dropOldest: Self { .init(wrapped: .dropOldest) }

        /// `disconnect` or `dropOldest`.
        public var description: String { wrapped == .disconnect ? "disconnect" : "dropOldest" }

        var dropsOldest: Bool { wrapped == .dropOldest }
    }

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
    private let log: (any ServerSentEventLog)?
    private let state: Mutex<State>
    private let clock = ContinuousClock()
    private let metrics = HubMetrics()

    /// Creates a hub that keeps its replay log in memory.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        log = nil
        state = Mutex(State())
    }

    /// Creates a hub whose IDs and replay log are `log`'s, shared with every other hub that
    /// uses the same log; ``run()`` must run for events of other instances to arrive.
    public init(log: some ServerSentEventLog, configuration: Configuration = .init()) {
        self.configuration = configuration
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

    private func publishInMemory(
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
    private func deliver(_ records: [ServerSentEventLogRecord], to topic: String) {
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
    private func fanOut(
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
                wake.append(Wakeup(continuation: waiter, result: .success(.events([record.event]))))
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
    fileprivate enum Place { case next, seen, beyondHole }

    fileprivate static func place(of position: ServerSentEventPosition, after cursor: ServerSentEventPosition?) -> Place
    {
        guard let cursor else { return position.offset == 1 ? .next : .beyondHole }
        guard position.epoch == cursor.epoch else { return .beyondHole }
        if position.offset <= cursor.offset { return .seen }
        return position.offset == cursor.offset + 1 ? .next : .beyondHole
    }

    // MARK: - Following a shared log

    private func logChanged(_ topic: String, head: ServerSentEventPosition?) {
        let starts = state.withLock { state -> Bool in
            guard let delivered = state.topics[topic]?.delivered, let head else {
                return startsFeedRead(topic, in: &state)
            }
            if head.epoch == delivered.epoch, head.offset <= delivered.offset { return false }
            return startsFeedRead(topic, in: &state)
        }
        if starts { Task { await readFeed(topic) } }
    }

    private func logChangedAnywhere() {
        let topics = state.withLock { state in state.topics.keys.filter { startsFeedRead($0, in: &state) } }
        for topic in topics { Task { await readFeed(topic) } }
    }

    /// Whether the caller is to run ``readFeed(_:)`` for `topic`: only for a topic with local
    /// subscribers, and one read at a time (a request during a read makes it read again).
    private func startsFeedRead(_ topic: String, in state: inout State) -> Bool {
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
    private func readFeed(_ topic: String) async {
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
    private func wakeToCatchUp(_ topic: String, in state: inout State) -> [Wakeup] {
        state.topics[topic]!.subscribers.compactMap { subscriberID in
            guard let subscriber = state.subscribers[subscriberID], let waiter = subscriber.waiter else { return nil }
            subscriber.waiter = nil
            return Wakeup(continuation: waiter, result: .success(.retry))
        }
    }

    private static let firstRetryDelay = Duration.milliseconds(50)
    private static let lastRetryDelay = Duration.seconds(2)

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
    fileprivate struct ReplayRequest {
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
    private func register(
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

    fileprivate func finish(subscriberID: UInt64) {
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

    private func finishSubscriber(_ subscriberID: UInt64, in state: inout State) -> Wakeup? {
        guard let subscriber = state.subscribers[subscriberID] else { return nil }
        subscriber.isFinished = true
        guard let waiter = subscriber.waiter, subscriber.queue.isEmpty else { return nil }
        subscriber.waiter = nil
        return Wakeup(continuation: waiter, result: .success(.ended))
    }

    // MARK: - Reading

    /// The events waiting for a subscriber, all at once (one lock for a burst), or the next
    /// one as it is published; `.idle` when `idleAfter` passed first. With a shared log, a
    /// subscriber behind the others here reads the log itself, a queue's worth at a time.
    fileprivate func nextBatch(_ subscriberID: UInt64, topic: String, idleAfter: Duration?) async throws -> Batch {
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
    private func take(
        _ subscriberID: UInt64, topic: String, deadline: ContinuousClock.Instant?
    ) async throws -> Batch {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: Waiter) in
                let (result, startTicker) = state.withLock { state -> (Result<Batch, any Error>?, Bool) in
                    guard let subscriber = state.subscribers[subscriberID] else {
                        return (.failure(CancellationError()), false)
                    }
                    if let failure = subscriber.failure { return (.failure(failure), false) }
                    var batch: [ServerSentEvent] = []
                    if let gap = subscriber.pendingGap {
                        subscriber.pendingGap = nil
                        batch.append(gapEvent(lastEventID: gap, next: subscriber.queue.first?.event.id))
                    }
                    while !subscriber.queue.isEmpty {
                        let record = subscriber.dequeue()
                        subscriber.lastDeliveredID = record.event.id
                        batch.append(record.event)
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

    private static func isBehind(_ cursor: ServerSentEventPosition?, _ delivered: ServerSentEventPosition?) -> Bool {
        guard let delivered else { return false }
        guard let cursor, cursor.epoch == delivered.epoch else { return true }
        return cursor.offset < delivered.offset
    }

    /// A subscriber's own read of the shared log, queued after a loss signal when it could
    /// not continue from its cursor.
    private func catchUp(
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
    private func runIdleTicker() async {
        while true {
            let now = clock.now
            let (wake, nextDeadline) = state.withLock { state -> ([Waiter], ContinuousClock.Instant?) in
                var wake: [Waiter] = []
                var nextDeadline: ContinuousClock.Instant?
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
    private static let idleTickerSpacing = Duration.milliseconds(20)

    fileprivate func unsubscribe(_ subscriberID: UInt64, topic: String? = nil, failing error: (any Error)? = nil) {
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

    private func gapEvent(lastEventID: String, next: String?) -> ServerSentEvent {
        ServerSentEventReplayGap(lastEventID: lastEventID, firstEventID: next).event
    }

    // MARK: - Bounds

    /// How often windows are aged and idle topics forgotten.
    private static let sweepInterval = Duration.seconds(1)

    /// Changes `topic`'s in-memory window in place, keeping the totals across topics right.
    @discardableResult
    private func changeWindow<Result>(
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
    private func openTopic(
        _ name: String, now: ContinuousClock.Instant, in state: inout State
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
    private func removeTopic(_ topic: String, in state: inout State) -> Topic? {
        guard let removed = state.topics.removeValue(forKey: topic) else { return nil }
        state.topicNames[removed.id] = nil
        state.keptEvents -= removed.window?.count ?? 0
        state.keptBytes -= (removed.window?.bytes ?? 0) + topic.utf8.count
        return removed
    }

    /// Room for one more topic: past ``MemoryLimit/topics``, the topic used least lately that
    /// has no subscriber here is forgotten; when every topic has one, refused.
    private func makeRoom(in state: inout State) throws(ServerSentEventHubError) {
        guard state.topics.count >= configuration.memoryLimit.topics else { return }
        guard forgetLeastActiveTopic(sparing: nil, in: &state) else {
            metrics.refusedTopics.increment()
            throw ServerSentEventHubError(code: .topicLimitReached)
        }
    }

    /// Forgets the topic used least lately that has no subscriber here (other than `spared`);
    /// `false` when there is none.
    private func forgetLeastActiveTopic(sparing spared: String?, in state: inout State) -> Bool {
        var leastActive: (name: String, at: ContinuousClock.Instant)?
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
    private func evictBeyondMemoryLimit(sparing spared: String, in state: inout State) {
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
    private func compactKeptOrderIfNeeded(in state: inout State) {
        guard state.keptOrder.count > 2 * state.keptEvents + 1_024 else { return }
        var kept = RingBuffer<KeptEvent>()
        while !state.keptOrder.isEmpty {
            let event = state.keptOrder.removeFirst()
            if keptTopic(of: event, in: state) != nil { kept.append(event) }
        }
        state.keptOrder = kept
    }

    /// The topic of `event` when its window still keeps it.
    private func keptTopic(of event: KeptEvent, in state: State) -> String? {
        guard let name = state.topicNames[event.topicID],
            state.topics[name]?.window?.keeps(event.position) == true
        else { return nil }
        return name
    }

    private func sweepIfDue(now: ContinuousClock.Instant, in state: inout State) {
        if let last = state.lastSweep, now - last < Self.sweepInterval { return }
        sweep(now: now, in: &state)
    }

    /// Ages every window and forgets the topics left with neither subscribers nor history:
    /// one pass over the topics, and no task per topic.
    private func sweep(now: ContinuousClock.Instant, in state: inout State) {
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
    private func refuse(
        _ error: ServerSentEventHubError, in state: inout State
    ) -> (id: UInt64, resumedAfter: String?) {
        let subscriber = Subscriber()
        subscriber.failure = error
        return (addSubscriber(subscriber, in: &state), nil)
    }

    private func addSubscriber(_ subscriber: Subscriber, in state: inout State) -> UInt64 {
        let subscriberID = state.nextSubscriber
        state.nextSubscriber += 1
        state.subscribers[subscriberID] = subscriber
        return subscriberID
    }

    // MARK: - State

    /// What a waiting subscriber gets.
    fileprivate enum Batch {
        case events([ServerSentEvent])
        /// Nothing came before its deadline.
        case idle
        case ended
        /// Internal: look again (a record it is not ready for was published).
        case retry
        /// Internal: read the shared log after this position.
        case catchUp(ServerSentEventPosition?)
    }

    private typealias Waiter = UnsafeContinuation<Batch, any Error>

    private struct Wakeup {
        var continuation: Waiter
        var result: Result<Batch, any Error>
    }

    /// A class, so that appending to its queue inside the state does not copy the queue.
    private final class Subscriber {
        private(set) var queue = RingBuffer<ServerSentEventLogRecord>()
        /// The bytes of event data, types and ids in ``queue``.
        private(set) var queuedBytes = 0
        /// The position of the last record queued for it (or where it resumed from): it takes
        /// only the record right after.
        var cursor: ServerSentEventPosition?
        var waiter: Waiter?
        /// When a waiting subscriber is woken with `.idle`, if it asked to be.
        var idleDeadline: ContinuousClock.Instant?
        /// The ID the subscriber had when events were lost; a gap event goes out first.
        var pendingGap: String?
        /// The ID of the last event it got (or resumed from).
        var lastDeliveredID: String?
        var failure: ServerSentEventHubError?
        var isFinished = false
        /// The replay it asked for, while the shared log could not be read to start it.
        var awaitedStart: ReplayRequest?

        func enqueue(_ record: ServerSentEventLogRecord) {
            queue.append(record)
            queuedBytes += record.bytes
        }

        @discardableResult
        func dequeue() -> ServerSentEventLogRecord {
            let record = queue.removeFirst()
            queuedBytes -= record.bytes
            return record
        }

        func clearQueue() {
            queue.removeAll()
            queuedBytes = 0
        }

        /// Whether `record` can join the queue within the limits (alone, always).
        func hasRoom(for record: ServerSentEventLogRecord, _ configuration: Configuration) -> Bool {
            queue.isEmpty
                || (queue.count < configuration.subscriberQueueLimit
                    && queuedBytes + record.bytes <= configuration.subscriberQueueByteLimit)
        }

        /// Whether the queue is within the limits.
        func isWithin(_ configuration: Configuration) -> Bool {
            queue.count <= configuration.subscriberQueueLimit && queuedBytes <= configuration.subscriberQueueByteLimit
        }

        /// Places the cursor for `request` and queues `page`'s records; returns where the
        /// replay started (``Subscription/resumedAfter``).
        func start(_ request: ReplayRequest, _ page: ServerSentEventLogPage) -> String? {
            awaitedStart = nil
            var resumedAfter: String?
            switch request.kind {
            case .none:
                cursor = page.head
            case .earliest:
                cursor = page.records.first.map(\.position.previous) ?? page.head
                resumedAfter = ServerSentEventHub.earliest
            case .after(let id):
                lastDeliveredID = id
                // An ID that is no position of ours names no history here: a gap, as it must be.
                if request.position != nil, page.continuesPosition {
                    cursor = request.position
                    resumedAfter = id
                } else {
                    cursor = page.records.first.map(\.position.previous) ?? page.head
                    pendingGap = id
                    resumedAfter = ServerSentEventHub.earliest
                }
            }
            for record in page.records where ServerSentEventHub.place(of: record.position, after: cursor) == .next {
                cursor = record.position
                enqueue(record)
            }
            return resumedAfter
        }
    }

    private struct Topic {
        /// The in-memory log; `nil` with a shared log.
        var window: MemoryWindow?
        var subscribers: Set<UInt64> = []
        /// The position of the last record delivered here.
        var delivered: ServerSentEventPosition?
        /// Whether a ``readFeed(_:)`` runs, and whether it is to read once more.
        var isReading = false
        var readsAgain = false
        /// When it was last published to, subscribed to or left: the topic used least lately
        /// makes room for a new one past ``MemoryLimit/topics``.
        var lastActive: ContinuousClock.Instant
        /// This incarnation of the topic (``State/topicNames``).
        var id: UInt64 = 0

        init(window: MemoryWindow?, now: ContinuousClock.Instant) {
            self.window = window
            delivered = window?.head
            lastActive = now
        }
    }

    /// An event kept in a topic's in-memory window, in ``State/keptOrder``: by the topic's
    /// id, not its name, so that entries left behind hold no name a client chose.
    private struct KeptEvent {
        var topicID: UInt64
        var position: ServerSentEventPosition
    }

    private struct State {
        var nextSubscriber: UInt64 = 1
        var topics: [String: Topic] = [:]
        var subscribers: [UInt64: Subscriber] = [:]
        /// Subscribers that may be waiting with an idle deadline (checked by the idle ticker).
        var idleWaiters: Set<UInt64> = []
        var idleTickerRuns = false
        /// What all in-memory windows keep together, for ``Configuration/memoryLimit``.
        var keptEvents = 0
        var keptBytes = 0
        /// The events kept, oldest first across topics, to evict past the memory limit. Those
        /// that left by their topic's own limits stay until they reach the front, or until
        /// they outnumber the kept ones (then the order is compacted).
        var keptOrder = RingBuffer<KeptEvent>()
        /// The names of the topics known, by id.
        var topicNames: [UInt64: String] = [:]
        var nextTopicID: UInt64 = 1
        var lastSweep: ContinuousClock.Instant?
    }
}

extension ServerSentEventPosition {
    /// The place before this one: where a reader stands that has not had this event.
    var previous: Self { Self(epoch: epoch, offset: offset - 1) }
}

extension ServerSentEventHub {
    /// One subscriber's events; dropping it (or cancelling the task reading it) unsubscribes.
    public struct Subscription: AsyncSequence, Sendable {
        /// An event, or a ``ServerSentEventHub/replayGapEventType`` event.
        public typealias Element = ServerSentEvent

        fileprivate let handle: SubscriptionHandle

        /// Where the replay started, as Mercure's `Last-Event-ID` response header says it: the
        /// client's cursor when the events that follow continue right after it; ``earliest``
        /// when they could not (the ID is unknown or left the window; a `replay-gap` event comes
        /// first) or when the client asked for ``earliest``; `nil` when it sent no cursor.
        public let resumedAfter: String?

        /// Starts reading.
        public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle) }

        /// The events waiting, all at once and oldest first, or else the next one published;
        /// for transports that write a burst in one go and send heartbeats without a timer
        /// task of their own.
        ///
        /// - Parameter idleAfter: How long to wait for an event; `nil` waits until one comes.
        /// - Returns: The events; an empty array when `idleAfter` passed without one (time for
        ///   a heartbeat); `nil` when the subscription ended.
        /// - Throws: ``ServerSentEventHubError`` when the subscriber fell behind under
        ///   `disconnect`; `CancellationError` when the task was cancelled.
        public func nextBatch(idleAfter: Duration? = nil) async throws -> [ServerSentEvent]? {
            switch try await handle.hub.nextBatch(handle.subscriberID, topic: handle.topic, idleAfter: idleAfter) {
            case .events(let events): events
            case .idle: []
            case .ended, .retry, .catchUp: nil  // nextBatch never ends with the last two
            }
        }

        /// Ends the subscription after the events already queued, e.g. on graceful shutdown:
        /// reading then gives those events and ends.
        public func finish() {
            handle.hub.finish(subscriberID: handle.subscriberID)
        }

        /// Reads the events as they are published.
        public struct AsyncIterator: AsyncIteratorProtocol {
            fileprivate let handle: SubscriptionHandle
            private var batch: [ServerSentEvent] = []
            private var position = 0

            fileprivate init(handle: SubscriptionHandle) {
                self.handle = handle
            }

            /// The next event; `nil` when the subscription ended.
            public mutating func next() async throws -> ServerSentEvent? {
                while position == batch.count {
                    guard
                        case .events(let events) = try await handle.hub.nextBatch(
                            handle.subscriberID, topic: handle.topic, idleAfter: nil)
                    else { return nil }
                    batch = events
                    position = 0
                }
                defer { position += 1 }
                return batch[position]
            }
        }
    }

    /// Unsubscribes when the last copy of a subscription goes away.
    fileprivate final class SubscriptionHandle: Sendable {
        let hub: ServerSentEventHub
        let topic: String
        let subscriberID: UInt64

        init(hub: ServerSentEventHub, topic: String, subscriberID: UInt64) {
            self.hub = hub
            self.topic = topic
            self.subscriberID = subscriberID
        }

        deinit { hub.unsubscribe(subscriberID, topic: topic) }
    }
}
