import Synchronization

/// Publish an event once; every subscriber of its topic gets it. Transport-agnostic: a server
/// adapter turns each subscription into a response; generated emitters make the events
/// (`ChatRoomEmitter.serverSentEvent(for:)`) and the topic is usually the stream's concrete
/// path (`ChatRoomEvent.path(roomID:)`), so that one room is one topic.
///
/// It keeps a bounded replay window per topic (by count, bytes and age) and replays from a
/// subscriber's `Last-Event-ID`. When that ID is older than the window (or unknown, e.g. after
/// a restart), the subscriber first gets a ``replayGapEventType`` event saying so, never a
/// silent skip. Each subscriber has a bounded queue; a subscriber that falls behind is handled
/// by ``SlowSubscriberPolicy``. Nothing in the hub grows without bound.
///
/// ```swift
/// let hub = ServerSentEventHub()
/// hub.publish(ServerSentEvent(type: "tick", data: "1"), to: "/market/ticker")
/// for try await event in hub.subscribe(to: "/market/ticker", lastEventID: request.lastEventID) {
///     try await emitter.send(event)
/// }
/// ```
public final class ServerSentEventHub: Sendable {
    /// How much history, how much queueing, and who numbers the events.
    public struct Configuration: Sendable, Hashable {
        /// The replay window of each topic: an event leaves it when any limit is passed.
        public var replayLimit: ReplayLimit
        /// The most events queued for one subscriber that has not read them yet.
        public var subscriberQueueLimit: Int
        /// What happens to a subscriber whose queue is full.
        public var slowSubscriberPolicy: SlowSubscriberPolicy
        /// Whether the hub numbers events (`id: 1, 2, 3…`, unique across topics) or keeps the
        /// publisher's ids.
        public var assignsIDs: Bool

        /// The defaults: replay the last 1,000 events, 1 MiB or 5 minutes of each topic; queue
        /// up to 256 events per subscriber; disconnect a subscriber that falls behind; number
        /// the events.
        public init(
            replayLimit: ReplayLimit = .init(),
            subscriberQueueLimit: Int = 256,
            slowSubscriberPolicy: SlowSubscriberPolicy = .disconnect,
            assignsIDs: Bool = true
        ) {
            self.replayLimit = replayLimit
            self.subscriberQueueLimit = max(1, subscriberQueueLimit)
            self.slowSubscriberPolicy = slowSubscriberPolicy
            self.assignsIDs = assignsIDs
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
        /// client reconnects with its `Last-Event-ID` and catches up from the replay window.
        /// The default: nothing is lost while the window holds the events.
        public static var disconnect: Self { .init(wrapped: .disconnect) }
        /// The oldest queued events are dropped, and a ``replayGapEventType`` event tells the
        /// subscriber before the next one it gets. For feeds where only the latest matters.
        public static var dropOldest: Self { .init(wrapped: .dropOldest) }

        /// `disconnect` or `dropOldest`.
        public var description: String { wrapped == .disconnect ? "disconnect" : "dropOldest" }

        var dropsOldest: Bool { wrapped == .dropOldest }
    }

    /// The type of the event that tells a subscriber that events it should have had are gone
    /// (its `Last-Event-ID` is older than the replay window, or unknown; or it fell behind under
    /// `dropOldest`): a ``ServerSentEventReplayGap``, whose data is JSON,
    /// `{"lastEventID":"41","firstEventID":"57"}`.
    public static let replayGapEventType = ServerSentEventReplayGap.eventType

    /// How the hub behaves.
    public let configuration: Configuration
    private let state: Mutex<State>
    private let clock = ContinuousClock()

    /// Creates a hub.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        state = Mutex(State())
    }

    // MARK: - Publishing

    /// Delivers `event` to every subscriber of `topic` and keeps it in the topic's replay window.
    ///
    /// - Parameters:
    ///   - event: The event; with ``Configuration/assignsIDs`` its id is replaced by the hub's.
    ///   - topic: Who gets it, e.g. a stream's concrete path.
    ///   - terminal: Whether it ends the stream: subscriptions end after delivering it.
    /// - Returns: The event as delivered, with its id.
    @discardableResult
    public func publish(_ event: ServerSentEvent, to topic: String = "", terminal: Bool = false) -> ServerSentEvent {
        let now = clock.now
        let (published, wake) = state.withLock { state -> (ServerSentEvent, [Wakeup]) in
            var event = event
            let sequence = state.nextSequence
            state.nextSequence += 1
            if configuration.assignsIDs { event.id = String(sequence) }
            let entry = Entry(event: event, sequence: sequence, time: now, isTerminal: terminal)
            var wake: [Wakeup] = []
            // In place: a copy of the topic would copy its replay window on every publish.
            let fresh = state.newTopic
            state.topics[topic, default: fresh].remember(entry, limit: configuration.replayLimit, now: now)
            var tooSlow: [UInt64] = []
            for subscriberID in state.topics[topic]!.subscribers {
                guard let subscriber = state.subscribers[subscriberID] else { continue }
                if let waiter = subscriber.waiter {
                    subscriber.waiter = nil
                    subscriber.lastDeliveredID = event.id ?? subscriber.lastDeliveredID
                    if terminal { subscriber.isFinished = true }
                    wake.append(Wakeup(continuation: waiter, result: .success(.events([event]))))
                } else if subscriber.queue.count < configuration.subscriberQueueLimit {
                    subscriber.queue.append(entry)
                } else if configuration.slowSubscriberPolicy.dropsOldest {
                    subscriber.queue.removeFirst()
                    if subscriber.pendingGap == nil { subscriber.pendingGap = subscriber.lastDeliveredID ?? "" }
                    subscriber.queue.append(entry)
                } else {
                    subscriber.queue.removeAll()
                    subscriber.failure = ServerSentEventHubError(code: .subscriberTooSlow)
                    tooSlow.append(subscriberID)
                }
            }
            for subscriberID in tooSlow { state.topics[topic]!.subscribers.remove(subscriberID) }
            return (event, wake)
        }
        for wakeup in wake { wakeup.continuation.resume(with: wakeup.result) }
        return published
    }

    // MARK: - Subscribing

    /// The cursor that asks for every event the replay window still holds (as Mercure's hubs
    /// read it), and the answer when a replay could not continue right after the client's ID.
    public static let earliest = "earliest"

    /// The events of `topic` from now on, after those of the replay window that came after
    /// `lastEventID`.
    ///
    /// - Parameters:
    ///   - topic: The topic.
    ///   - lastEventID: The cursor the client sent (`Last-Event-ID`), if any. `nil` or empty:
    ///     no replay; ``earliest``: the whole replay window, with no loss signal.
    /// - Returns: A sequence that ends after a terminal event, when ``finish(topic:)`` or
    ///   ``finish()`` is called, and throws when the subscriber falls behind under `disconnect`.
    ///   Its ``Subscription/resumedAfter`` says where the replay started.
    public func subscribe(to topic: String = "", lastEventID: String? = nil) -> Subscription {
        let now = clock.now
        let (subscriberID, resumedAfter) = state.withLock { state -> (UInt64, String?) in
            let subscriberID = state.nextSubscriber
            state.nextSubscriber += 1
            let fresh = state.newTopic
            state.topics[topic, default: fresh].forget(olderThan: configuration.replayLimit.age, now: now)
            let subscriber = Subscriber()
            var resumedAfter: String?
            if lastEventID == Self.earliest {
                for entry in state.topics[topic]!.entries() { subscriber.queue.append(entry) }
                resumedAfter = Self.earliest
            } else if let lastEventID, !lastEventID.isEmpty {
                subscriber.lastDeliveredID = lastEventID
                let (replay, gap) = state.topics[topic]!.replay(
                    after: lastEventID,
                    assignedIDs: configuration.assignsIDs,
                    next: state.nextSequence
                )
                for entry in replay { subscriber.queue.append(entry) }
                if gap { subscriber.pendingGap = lastEventID }
                resumedAfter = gap ? Self.earliest : lastEventID
            }
            state.topics[topic]!.subscribers.insert(subscriberID)
            state.subscribers[subscriberID] = subscriber
            return (subscriberID, resumedAfter)
        }
        return Subscription(
            handle: SubscriptionHandle(hub: self, topic: topic, subscriberID: subscriberID),
            resumedAfter: resumedAfter
        )
    }

    /// Ends every subscription of `topic` (after the events already queued) and forgets its history.
    public func finish(topic: String) {
        let wake = state.withLock { state -> [Wakeup] in
            guard let room = state.topics.removeValue(forKey: topic) else { return [] }
            return room.subscribers.compactMap { finishSubscriber($0, in: &state) }
        }
        for wakeup in wake { wakeup.continuation.resume(with: wakeup.result) }
    }

    /// Ends every subscription (after the events already queued), e.g. on graceful shutdown.
    public func finish() {
        let wake = state.withLock { state -> [Wakeup] in
            let all = state.topics.values.flatMap(\.subscribers)
            state.topics.removeAll()
            return all.compactMap { finishSubscriber($0, in: &state) }
        }
        for wakeup in wake { wakeup.continuation.resume(with: wakeup.result) }
    }

    fileprivate func finish(subscriberID: UInt64) {
        if let wake = state.withLock({ finishSubscriber(subscriberID, in: &$0) }) {
            wake.continuation.resume(with: wake.result)
        }
    }

    /// How many subscribers `topic` has.
    public func subscriberCount(topic: String = "") -> Int {
        state.withLock { $0.topics[topic]?.subscribers.count ?? 0 }
    }

    /// How many events `topic`'s replay window holds.
    public func replayCount(topic: String = "") -> Int {
        state.withLock { $0.topics[topic]?.replay.count ?? 0 }
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
    /// one as it is published; `.idle` when `idleAfter` passed first.
    fileprivate func nextBatch(_ subscriberID: UInt64, idleAfter: Duration?) async throws -> Batch {
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
                        let entry = subscriber.queue.removeFirst()
                        subscriber.lastDeliveredID = entry.event.id ?? subscriber.lastDeliveredID
                        batch.append(entry.event)
                        if entry.isTerminal {
                            subscriber.isFinished = true
                            subscriber.queue.removeAll()
                        }
                    }
                    if !batch.isEmpty {
                        // An idle subscriber keeps no queue storage from its last burst.
                        subscriber.queue.removeAll()
                        return (.success(.events(batch)), false)
                    }
                    if subscriber.isFinished { return (.success(.ended), false) }
                    subscriber.waiter = continuation
                    guard let idleAfter, idleAfter > .zero else {
                        subscriber.idleDeadline = nil
                        return (nil, false)
                    }
                    subscriber.idleDeadline = clock.now.advanced(by: idleAfter)
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
                // A topic with neither subscribers nor history is forgotten, so topics cannot pile up.
                if let room = state.topics[topic], room.subscribers.isEmpty, room.replay.isEmpty {
                    state.forgottenThrough = max(state.forgottenThrough, room.evictedThrough)
                    state.topics[topic] = nil
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

    // MARK: - State

    fileprivate struct Entry: Sendable {
        var event: ServerSentEvent
        var sequence: UInt64
        var time: ContinuousClock.Instant
        var isTerminal: Bool

        var bytes: Int { event.data.utf8.count + event.type.utf8.count + (event.id?.utf8.count ?? 0) }
    }

    /// What a waiting subscriber gets.
    fileprivate enum Batch {
        case events([ServerSentEvent])
        /// Nothing came before its deadline.
        case idle
        case ended
    }

    private typealias Waiter = UnsafeContinuation<Batch, any Error>

    private struct Wakeup {
        var continuation: Waiter
        var result: Result<Batch, any Error>
    }

    /// A class, so that appending to its queue inside the state does not copy the queue.
    private final class Subscriber {
        var queue = RingBuffer<Entry>()
        var waiter: Waiter?
        /// When a waiting subscriber is woken with `.idle`, if it asked to be.
        var idleDeadline: ContinuousClock.Instant?
        /// The id the subscriber had when events were lost; a gap event goes out first.
        var pendingGap: String?
        /// The id of the last event it got (or resumed from).
        var lastDeliveredID: String?
        var failure: ServerSentEventHubError?
        var isFinished = false
    }

    private struct Topic {
        var replay = RingBuffer<Entry>()
        var replayBytes = 0
        var subscribers: Set<UInt64> = []
        /// The highest sequence number that left the window: a subscriber that saw less than
        /// this missed events. (The hub numbers events across topics, so a jump in this topic's
        /// numbers is no sign of a loss.)
        var evictedThrough: UInt64

        init(evictedThrough: UInt64) {
            self.evictedThrough = evictedThrough
        }

        mutating func remember(_ entry: Entry, limit: ReplayLimit, now: ContinuousClock.Instant) {
            replay.append(entry)
            replayBytes += entry.bytes
            while !replay.isEmpty, replay.count > limit.events || replayBytes > limit.bytes { evictFirst() }
            forget(olderThan: limit.age, now: now)
        }

        mutating func forget(olderThan age: Duration?, now: ContinuousClock.Instant) {
            guard let age else { return }
            while let first = replay.first, now - first.time > age { evictFirst() }
        }

        private mutating func evictFirst() {
            let entry = replay.removeFirst()
            replayBytes -= entry.bytes
            evictedThrough = max(evictedThrough, entry.sequence)
        }

        /// The entries of the window from position `start` on, oldest first.
        func entries(from start: Int = 0) -> [Entry] { (start..<replay.count).map { replay[$0] } }

        /// The entries after `lastEventID`, and whether events the subscriber never had are gone.
        func replay(after lastEventID: String, assignedIDs: Bool, next: UInt64) -> (entries: [Entry], gap: Bool) {
            guard assignedIDs else {
                var index = replay.count - 1
                while index >= 0, replay[index].event.id != lastEventID { index -= 1 }
                return index >= 0 ? (entries(from: index + 1), false) : (entries(from: 0), true)
            }
            guard let seen = UInt64(lastEventID), seen < next else { return (entries(from: 0), true) }
            // The window is in sequence order: find the first entry after `seen`.
            var low = 0
            var high = replay.count
            while low < high {
                let middle = (low + high) / 2
                if replay[middle].sequence > seen { high = middle } else { low = middle + 1 }
            }
            return (entries(from: low), evictedThrough > seen)
        }
    }

    private struct State {
        var nextSequence: UInt64 = 1
        var nextSubscriber: UInt64 = 1
        var topics: [String: Topic] = [:]
        var subscribers: [UInt64: Subscriber] = [:]
        /// Subscribers that may be waiting with an idle deadline (checked by the idle ticker).
        var idleWaiters: Set<UInt64> = []
        var idleTickerRuns = false
        /// The highest `evictedThrough` of the topics forgotten, where a new topic starts: events
        /// of a forgotten topic may have been missed.
        var forgottenThrough: UInt64 = 0

        var newTopic: Topic { Topic(evictedThrough: forgottenThrough) }
    }
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
            switch try await handle.hub.nextBatch(handle.subscriberID, idleAfter: idleAfter) {
            case .events(let events): events
            case .idle: []
            case .ended: nil
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
                    guard case .events(let events) = try await handle.hub.nextBatch(handle.subscriberID, idleAfter: nil)
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

/// A hub subscription ended abnormally.
public struct ServerSentEventHubError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why; more cases may come, so `switch` needs a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case subscriberTooSlow
        }
        private let wrapped: Wrapped

        /// The subscriber's queue filled up under the `disconnect` policy.
        public static var subscriberTooSlow: Self { .init(wrapped: .subscriberTooSlow) }

        /// A short name of the code.
        public var description: String {
            switch wrapped {
            case .subscriberTooSlow: "the subscriber fell too far behind and was disconnected"
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
