import Synchronization

/// Where a ``ServerSentEventHub`` keeps what its server instances share: each topic's event
/// IDs, its replay log, and the log's bounds.
///
/// A hub made with `ServerSentEventHub(configuration:)` keeps its log in memory, inside the
/// hub, and needs none of this. A hub made with `ServerSentEventHub(log:)` keeps only local
/// fan-out (its subscribers, their bounded queues, heartbeats, the slow-subscriber policy) and
/// asks the log for the rest, so that every instance sharing the log delivers every event of
/// every topic, and any instance resumes any ID. `ServerSentEventsPostgres` has one.
///
/// A conforming log promises:
/// - **Gapless order.** Within an epoch, a topic's offsets are 1, 2, 3… and a reader never
///   sees an offset before every smaller one has committed.
/// - **Honest reads.** ``read(_:after:limit:)`` says when it cannot continue right after the
///   position asked for (that position is older than what is kept, or from another epoch).
/// - **Hints, not data.** ``run(reportingTo:)`` tells the hub which topics may have grown,
///   from any instance; a hint may be late, repeated or lost (the hub reads the log to catch
///   up), but after the log reconnects to whatever it watches it reports
///   ``ServerSentEventLogChanges/anythingChanged()``.
public protocol ServerSentEventLog: Sendable {
    /// Appends `event` to `topic`, giving it the next position.
    ///
    /// - Returns: The record, its event carrying the position as its ID.
    /// - Throws: When the event may not have been stored: a log that cannot tell must not
    ///   leave it half-written.
    func append(_ event: ServerSentEvent, to topic: String, terminal: Bool) async throws -> ServerSentEventLogRecord

    /// The records of `topic` after `position`, oldest first.
    ///
    /// - Parameters:
    ///   - topic: The topic to read.
    ///   - position: The last position the reader has; `nil` reads from the oldest kept.
    ///   - limit: The most records to return; 0 asks for the head only.
    func read(
        _ topic: String, after position: ServerSentEventPosition?, limit: Int
    ) async throws -> ServerSentEventLogPage

    /// Runs whatever watches for appends by other instances until the task is cancelled,
    /// telling `changes` which topics may have grown.
    func run(reportingTo changes: ServerSentEventLogChanges) async throws
}

/// One event as a log keeps it.
public struct ServerSentEventLogRecord: Sendable, Hashable {
    /// The event; its ID is ``position``'s.
    public private(set) var event: ServerSentEvent
    /// Where it stands.
    public let position: ServerSentEventPosition
    /// Whether it ends the stream: subscriptions end after it.
    public let isTerminal: Bool
    /// The event's bytes, made once for every subscriber it goes to.
    let frame = SharedFrame()

    /// Creates a record; the event's ID becomes `position`'s.
    public init(event: ServerSentEvent, position: ServerSentEventPosition, isTerminal: Bool) {
        self.event = event
        self.event.id = position.description
        self.position = position
        self.isTerminal = isTerminal
    }

    /// Equal when event, position and terminality are.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.event == rhs.event && lhs.position == rhs.position && lhs.isTerminal == rhs.isTerminal
    }

    /// Hashes event, position and terminality.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(event)
        hasher.combine(position)
        hasher.combine(isTerminal)
    }
}

/// An event's bytes, made when the first subscriber needs them and shared by the rest: a hub
/// frames each event once however many subscribers it goes to.
final class SharedFrame: Sendable {
    private let bytes = Mutex<[UInt8]?>(nil)

    /// The frame of `event` (the record's), made on the first call.
    func bytes(of event: ServerSentEvent) -> [UInt8] {
        bytes.withLock { bytes in
            if let bytes { return bytes }
            // The hub checked the event's type and ID when it was published.
            let made = (try? ServerSentEventEncoder().encode(event)) ?? []
            bytes = made
            return made
        }
    }
}

/// What a ``ServerSentEventLog/read(_:after:limit:)`` found.
public struct ServerSentEventLogPage: Sendable, Hashable {
    /// The records, oldest first; fewer than the limit when the head was reached.
    public var records: [ServerSentEventLogRecord]
    /// Whether ``records`` continue right after the position asked for. `false` when that
    /// position is older than the log keeps or names another epoch: the records then start at
    /// the oldest kept, and the reader missed whatever came between.
    public var continuesPosition: Bool
    /// The topic's newest position when it was read: offset 0 of its epoch when it has had no
    /// event; `nil` when the log has no history of the topic at all.
    public var head: ServerSentEventPosition?

    /// Creates a page.
    public init(records: [ServerSentEventLogRecord], continuesPosition: Bool, head: ServerSentEventPosition?) {
        self.records = records
        self.continuesPosition = continuesPosition
        self.head = head
    }
}

/// Where a ``ServerSentEventLog`` reports that topics may have grown.
public final class ServerSentEventLogChanges: Sendable {
    private let onTopic: @Sendable (String, ServerSentEventPosition?) -> Void
    private let onAnything: @Sendable () -> Void

    init(
        onTopic: @escaping @Sendable (String, ServerSentEventPosition?) -> Void,
        onAnything: @escaping @Sendable () -> Void
    ) {
        self.onTopic = onTopic
        self.onAnything = onAnything
    }

    /// `topic` may have grown, up to `head` when the log knows it (the hub then reads only
    /// when it is behind).
    public func topicChanged(_ topic: String, head: ServerSentEventPosition? = nil) {
        onTopic(topic, head)
    }

    /// Any topic may have grown, e.g. after the log reconnected and hints may have been lost.
    public func anythingChanged() {
        onAnything()
    }
}
