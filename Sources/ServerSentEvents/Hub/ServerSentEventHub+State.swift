import Synchronization

// The state behind the hub's lock: topics, subscribers, their queues and waiters.
extension ServerSentEventHub {
    /// What a waiting subscriber gets.
    enum Batch {
        case events([Delivery])
        /// Nothing came before its deadline.
        case idle
        case ended
        /// Internal: look again (a record it is not ready for was published).
        case retry
        /// Internal: read the shared log after this position.
        case catchUp(ServerSentEventPosition?)
    }

    /// An event on its way to a subscriber, with the frame its record shares (the loss signal,
    /// made for one subscriber, has one of its own).
    struct Delivery: Sendable {
        var event: ServerSentEvent
        var frame: SharedFrame

        init(_ record: ServerSentEventLogRecord) {
            event = record.event
            frame = record.frame
        }

        init(_ event: ServerSentEvent) {
            self.event = event
            frame = SharedFrame()
        }

        /// The event's bytes.
        var bytes: [UInt8] { frame.bytes(of: event) }
    }

    typealias Waiter = UnsafeContinuation<Batch, any Error>

    struct Wakeup {
        var continuation: Waiter
        var result: Result<Batch, any Error>
    }

    /// A class, so that appending to its queue inside the state does not copy the queue.
    final class Subscriber {
        private(set) var queue = RingBuffer<ServerSentEventLogRecord>()
        /// The bytes of event data, types and ids in ``queue``.
        private(set) var queuedBytes = 0
        /// The position of the last record queued for it (or where it resumed from): it takes
        /// only the record right after.
        var cursor: ServerSentEventPosition?
        var waiter: Waiter?
        /// When a waiting subscriber is woken with `.idle`, if it asked to be.
        var idleDeadline: ElapsedClock.Instant?
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

    struct Topic {
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
        var lastActive: ElapsedClock.Instant
        /// This incarnation of the topic (``State/topicNames``).
        var id: UInt64 = 0

        init(window: MemoryWindow?, now: ElapsedClock.Instant) {
            self.window = window
            delivered = window?.head
            lastActive = now
        }
    }

    /// An event kept in a topic's in-memory window, in ``State/keptOrder``: by the topic's
    /// id, not its name, so that entries left behind hold no name a client chose.
    struct KeptEvent {
        var topicID: UInt64
        var position: ServerSentEventPosition
    }

    struct State {
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
        var lastSweep: ElapsedClock.Instant?
    }
}
