// How much history and how much queueing: the hub's limits and its policy for slow subscribers.
extension ServerSentEventHub {
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
}
