/// The embedded log of one topic: a hub made without a ``ServerSentEventLog`` keeps each
/// topic's history here, inside its lock, so that numbering, keeping and delivering an event is
/// one step. Its epoch is drawn when the topic is first used in this process, so an ID from
/// before a restart (or from a topic forgotten since) names another history.
struct MemoryWindow {
    struct Entry {
        var record: ServerSentEventLogRecord
        var time: ElapsedClock.Instant

        var bytes: Int { record.bytes }
    }

    let epoch = ServerSentEventPosition.randomEpoch()
    private var entries = RingBuffer<Entry>()
    /// The bytes of event data, types and ids kept.
    private(set) var bytes = 0
    /// The offset of the newest event ever appended (kept or not).
    private var headOffset: UInt64 = 0

    var count: Int { entries.count }
    var head: ServerSentEventPosition { ServerSentEventPosition(epoch: epoch, offset: headOffset) }

    /// Whether the window still keeps the event at `position`.
    func keeps(_ position: ServerSentEventPosition) -> Bool {
        position.epoch == epoch && position.offset <= headOffset && position.offset > headOffset - UInt64(entries.count)
    }

    /// Forgets the oldest event kept (for the hub's bounds across topics).
    mutating func removeOldest() {
        if !entries.isEmpty { bytes -= entries.removeFirst().bytes }
    }

    mutating func append(
        _ event: ServerSentEvent, terminal: Bool, limit: ServerSentEventHub.ReplayLimit, now: ElapsedClock.Instant
    ) -> ServerSentEventLogRecord {
        headOffset += 1
        let record = ServerSentEventLogRecord(event: event, position: head, isTerminal: terminal)
        entries.append(Entry(record: record, time: now))
        bytes += entries.last!.bytes
        while !entries.isEmpty, entries.count > limit.events || bytes > limit.bytes {
            bytes -= entries.removeFirst().bytes
        }
        forget(olderThan: limit.age, now: now)
        return record
    }

    mutating func forget(olderThan age: Duration?, now: ElapsedClock.Instant) {
        guard let age else { return }
        while let first = entries.first, now - first.time > age { bytes -= entries.removeFirst().bytes }
    }

    /// A ``ServerSentEventLog/read(_:after:limit:)`` of the window.
    func read(after position: ServerSentEventPosition?, limit: Int) -> ServerSentEventLogPage {
        // Offsets are gapless, so the window holds exactly (head - count, head].
        let oldestKept = headOffset - UInt64(entries.count)
        let continues: Bool
        let start: Int
        if let position, position.epoch == epoch, position.offset >= oldestKept, position.offset <= headOffset {
            continues = true
            start = Int(position.offset - oldestKept)
        } else {
            continues = position == nil
            start = 0
        }
        let end = start + min(entries.count - start, max(0, limit))
        return ServerSentEventLogPage(
            records: (start..<end).map { entries[$0].record }, continuesPosition: continues, head: head)
    }
}

extension ServerSentEventLogRecord {
    /// What the hub counts of a record against its byte limits: its data, type and id.
    var bytes: Int {
        event.data.utf8.count + event.type.utf8.count + (event.id?.utf8.count ?? 0)
    }
}
