import ServerSentEvents
import Synchronization
import TestSupport
import Testing

/// A shared log in memory that several hubs use, as server instances share PostgreSQL: it
/// keeps every topic's records, hints each append to every hub that runs on it, and can fail,
/// lose hints and trim, as a real one does.
final class SharedTestLog: ServerSentEventLog {
    struct Failure: Error {}

    private struct Topic {
        var epoch = ServerSentEventPosition.randomEpoch()
        var records: [ServerSentEventLogRecord] = []
        /// The offset of the newest record trimmed away.
        var trimmedThrough: UInt64 = 0
        var head: UInt64 { trimmedThrough + UInt64(records.count) }
    }

    private struct State {
        var topics: [String: Topic] = [:]
        var watchers: [ServerSentEventLogChanges] = []
        var isFailing = false
        var losesHints = false
        var reads = 0
    }

    private let state = Mutex(State())

    /// Whether every call fails, as when the database is unreachable.
    var isFailing: Bool {
        get { state.withLock { $0.isFailing } }
        set { state.withLock { $0.isFailing = newValue } }
    }

    /// Whether appends go without a hint, as while a listener reconnects.
    var losesHints: Bool {
        get { state.withLock { $0.losesHints } }
        set { state.withLock { $0.losesHints = newValue } }
    }

    var reads: Int { state.withLock { $0.reads } }

    func append(_ event: ServerSentEvent, to topic: String, terminal: Bool) async throws -> ServerSentEventLogRecord {
        let (record, watchers) = try state.withLock { state in
            guard !state.isFailing else { throw Failure() }
            var stored = state.topics[topic, default: Topic()]
            let position = ServerSentEventPosition(epoch: stored.epoch, offset: stored.head + 1)
            let record = ServerSentEventLogRecord(event: event, position: position, isTerminal: terminal)
            stored.records.append(record)
            state.topics[topic] = stored
            return (record, state.losesHints ? [] : state.watchers)
        }
        for watcher in watchers { watcher.topicChanged(topic, head: record.position) }
        return record
    }

    func read(
        _ topic: String, after position: ServerSentEventPosition?, limit: Int
    ) async throws
        -> ServerSentEventLogPage
    {
        try state.withLock { state in
            guard !state.isFailing else { throw Failure() }
            state.reads += 1
            guard let stored = state.topics[topic] else {
                return ServerSentEventLogPage(records: [], continuesPosition: position == nil, head: nil)
            }
            let head = ServerSentEventPosition(epoch: stored.epoch, offset: stored.head)
            var start = 0
            var continues = position == nil
            if let position, position.epoch == stored.epoch, position.offset >= stored.trimmedThrough,
                position.offset <= stored.head
            {
                start = Int(position.offset - stored.trimmedThrough)
                continues = true
            }
            let records = stored.records[start...].prefix(limit)
            return ServerSentEventLogPage(records: Array(records), continuesPosition: continues, head: head)
        }
    }

    func run(reportingTo changes: ServerSentEventLogChanges) async throws {
        state.withLock { $0.watchers.append(changes) }
        // A reconnection: hints may have been lost meanwhile.
        changes.anythingChanged()
        while !Task.isCancelled { try await Task.sleep(for: .seconds(60)) }
    }

    /// Tells every hub that anything may have changed, as a log does after it reconnects.
    func reconnect() {
        for watcher in state.withLock({ $0.watchers }) { watcher.anythingChanged() }
    }

    /// Keeps only the newest `count` records of `topic`.
    func trim(_ topic: String, keeping count: Int) {
        state.withLock { state in
            guard var stored = state.topics[topic], stored.records.count > count else { return }
            let dropped = stored.records.count - count
            stored.records.removeFirst(dropped)
            stored.trimmedThrough += UInt64(dropped)
            state.topics[topic] = stored
        }
    }
}

/// Hubs over one shared log: what instances behind a load balancer do.
@Suite("Hubs sharing a log")
struct SharedLogTests {
    func event(_ data: String) -> ServerSentEvent { ServerSentEvent(type: "tick", data: data) }

    /// Runs `body` with `count` hubs on `log`, each running (watching the log).
    func withHubs(
        _ count: Int, on log: SharedTestLog, configuration: ServerSentEventHub.Configuration = .init(),
        _ body: ([ServerSentEventHub]) async throws -> Void
    ) async throws {
        let hubs = (0..<count).map { _ in ServerSentEventHub(log: log, configuration: configuration) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for hub in hubs { group.addTask { try await hub.run() } }
            try await body(hubs)
            group.cancelAll()
        }
    }

    /// Publishes `count` events numbered from 1 to "room"; returns their ids.
    func publish(_ count: Int, on hub: ServerSentEventHub) async throws -> [String] {
        var ids: [String] = []
        for index in 1...count { ids.append(try await hub.publish(event("\(index)"), to: "room").id!) }
        return ids
    }

    @Test("an event published on one instance reaches subscribers on every instance, with the log's id")
    func acrossInstances() async throws {
        let log = SharedTestLog()
        try await withHubs(2, on: log) { hubs in
            let onB = await hubs[1].subscribe(to: "room")
            let published = try await hubs[0].publish(event("hello"), to: "room")
            #expect(ServerSentEventPosition(published.id!)?.offset == 1)
            #expect(try await onB.take(1) == [published])
        }
    }

    @Test("any instance resumes any id, and answers an unknown one with the loss signal")
    func resumeAnywhere() async throws {
        let log = SharedTestLog()
        try await withHubs(2, on: log) { hubs in
            let ids = try await publish(5, on: hubs[0])
            let resumed = await hubs[1].subscribe(to: "room", lastEventID: ids[1])
            #expect(resumed.resumedAfter == ids[1])
            #expect(try await resumed.take(3).map(\.id) == Array(ids[2...]))

            let stranger = await hubs[1].subscribe(to: "room", lastEventID: "1")
            #expect(stranger.resumedAfter == ServerSentEventHub.earliest)
            let events = try await stranger.take(6)
            #expect(events.first == ServerSentEventReplayGap(lastEventID: "1", firstEventID: ids[0]).event)
            #expect(events.dropFirst().map(\.id) == ids)
        }
    }

    @Test("a subscriber joining while every instance publishes gets each event after its cursor once, in order")
    func joinUnderLoad() async throws {
        let log = SharedTestLog()
        try await withHubs(3, on: log, configuration: .init(subscriberQueueLimit: 8)) { hubs in
            let total = 600
            let publishers = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (index, hub) in hubs.enumerated() {
                        group.addTask {
                            for count in 0..<(total / hubs.count) {
                                try await hub.publish(event("\(index).\(count)"), to: "room")
                                if count % 20 == 0 { await Task.yield() }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            // Subscribers join at different moments, on every instance, from the start or from
            // now, and read as they go; a queue of 8 makes those behind read the log in pages.
            let readers = try await withThrowingTaskGroup(of: [ServerSentEvent].self) { group in
                for round in 0..<6 {
                    let hub = hubs[round % hubs.count]
                    let subscription = await hub.subscribe(
                        to: "room", lastEventID: round % 2 == 0 ? ServerSentEventHub.earliest : nil)
                    group.addTask { try await takeUntilOffset(UInt64(total + 1), from: subscription) }
                    try await Task.sleep(for: .milliseconds(2))
                }
                try await publishers.value
                // The last event, after every subscriber joined: each must get it.
                try await hubs[0].publish(ServerSentEvent(type: "end", data: ""), to: "room")
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(readers.count == 6)
            for seen in readers {
                // Contiguous from wherever it started, to the last event: no gap, no duplicate.
                let offsets = seen.compactMap { ServerSentEventPosition($0.id ?? "")?.offset }
                #expect(seen.dropLast().allSatisfy { $0.type == "tick" } && seen.last?.type == "end")
                #expect(offsets == Array((offsets.first ?? 1)...UInt64(total + 1)))
            }
            // Those that asked for everything got everything.
            #expect(readers.filter { $0.count == total + 1 }.count >= 3)
        }
    }

    /// Events until the one at `offset`.
    func takeUntilOffset(
        _ offset: UInt64, from subscription: ServerSentEventHub.Subscription
    ) async throws
        -> [ServerSentEvent]
    {
        var events: [ServerSentEvent] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            guard let batch = try await subscription.nextBatch(idleAfter: .milliseconds(100)) else { break }
            events += batch
            if let last = events.last?.id, ServerSentEventPosition(last)?.offset ?? 0 >= offset { break }
        }
        return events
    }

    @Test("while the log is away: publish throws, streams stay open and idle; when it returns, nothing is lost")
    func logOutage() async throws {
        let log = SharedTestLog()
        try await withHubs(2, on: log) { hubs in
            let live = await hubs[1].subscribe(to: "room")
            let before = try await hubs[0].publish(event("before"), to: "room")
            #expect(try await live.take(1) == [before])

            log.isFailing = true
            await #expect(throws: SharedTestLog.Failure.self) { try await hubs[0].publish(event("lost"), to: "room") }
            // A client that connects meanwhile is answered; its stream waits (heartbeats go on).
            let joining = await hubs[1].subscribe(to: "room", lastEventID: before.id)
            #expect(joining.resumedAfter == nil)
            #expect(try await joining.nextBatch(idleAfter: .milliseconds(150)) == [])
            #expect(try await live.nextBatch(idleAfter: .milliseconds(50)) == [])

            // It comes back, without a hint for what another instance wrote meanwhile.
            log.isFailing = false
            log.losesHints = true
            let after = try await hubs[0].publish(event("after"), to: "room")
            log.losesHints = false
            log.reconnect()
            #expect(try await live.take(1) == [after])
            #expect(try await joining.take(1) == [after])
        }
    }

    @Test("a subscriber the log trimmed past gets the loss signal, then what is kept")
    func trimmedPast() async throws {
        let log = SharedTestLog()
        try await withHubs(1, on: log) { hubs in
            let ids = try await publish(6, on: hubs[0])
            log.trim("room", keeping: 2)
            let late = await hubs[0].subscribe(to: "room", lastEventID: ids[1])
            #expect(late.resumedAfter == ServerSentEventHub.earliest)
            let events = try await late.take(3)
            #expect(events.first == ServerSentEventReplayGap(lastEventID: ids[1], firstEventID: ids[4]).event)
            #expect(events.dropFirst().map(\.id) == Array(ids[4...]))
        }
    }

    @Test("a terminal event from another instance ends the stream here")
    func terminalAcross() async throws {
        let log = SharedTestLog()
        try await withHubs(2, on: log) { hubs in
            let subscription = await hubs[1].subscribe(to: "job")
            try await hubs[0].publish(event("working"), to: "job")
            try await hubs[0].publish(ServerSentEvent(type: "done", data: ""), to: "job", terminal: true)
            var types: [String] = []
            for try await event in subscription { types.append(event.type) }
            #expect(types == ["tick", "done"])
        }
    }
}
