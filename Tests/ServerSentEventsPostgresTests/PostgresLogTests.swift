#if PostgreSQL
import Foundation
import TestSupport
import Logging
import PostgresNIO
import ServerSentEvents
import ServerSentEventsPostgres
import Synchronization
import Testing

/// The server the tests use; without it the suite is skipped (scripts/test.sh always sets it).
let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"]

/// The PostgreSQL log against a real server: scripts/test.sh starts a private cluster and sets
/// DATABASE_URL. Each test has tables of its own (a fresh prefix), so the tests run in parallel.
@Suite("PostgreSQL log", .enabled(if: databaseURL != nil, "DATABASE_URL names no database"))
struct PostgresLogTests {
    static var databaseURL: String? { ServerSentEventsPostgresTests.databaseURL }

    /// Tables nobody else uses.
    static func freshPrefix() -> String { "t" + ServerSentEventPosition.randomEpoch() }

    func event(_ data: String) -> ServerSentEvent { ServerSentEvent(type: "tick", data: data) }

    /// Runs `body` with `count` instances (a log with its own client and listener, and a hub
    /// on it) sharing tables, migrated first.
    func withInstances(
        _ count: Int, prefix: String = freshPrefix(),
        retention: PostgresServerSentEventLog.Retention = .init(),
        batching: PostgresServerSentEventLog.Batching = .init(),
        _ body: ([(log: PostgresServerSentEventLog, hub: ServerSentEventHub)]) async throws -> Void
    ) async throws {
        var quiet = Logger(label: "test")
        quiet.logLevel = .error  // not PostgresNIO's notes on connections closed at the end
        let instances = try (0..<count).map { _ in
            let log = try PostgresServerSentEventLog(
                url: Self.databaseURL!,
                configuration: .init(
                    tablePrefix: prefix, retention: retention, pollInterval: .milliseconds(200), batching: batching),
                logger: quiet)
            return (log: log, hub: ServerSentEventHub(log: log))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for instance in instances { group.addTask { try await instance.hub.run() } }
            for instance in instances { try await instance.log.migrate() }
            try await body(instances)
            group.cancelAll()
        }
    }

    @Test("migrate creates the tables once, from several instances at once, and again is a no-op")
    func migration() async throws {
        try await withInstances(3) { instances in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for instance in instances { group.addTask { try await instance.log.migrate() } }
                try await group.waitForAll()
            }
            let published = try await instances[0].hub.publish(event("x"), to: "t")
            #expect(ServerSentEventPosition(published.id!)?.offset == 1)
        }
    }

    @Test("version 2 leaves the topics' rows free of indexed columns a publish changes, on a version 1 database too")
    func migrationToVersion2() async throws {
        let prefix = Self.freshPrefix()
        try await withInstances(1, prefix: prefix) { instances in
            try await Self.withClient { client in
                func topicsTable() async throws -> (indexes: [String], options: [String]) {
                    let indexes = try await client.query(
                        "SELECT indexname FROM pg_indexes WHERE tablename = \(prefix + "_topics") ORDER BY indexname",
                        logger: Logger(label: "test")
                    ).collect().map { try $0.decode(String.self) }
                    let options = try await client.query(
                        "SELECT coalesce(reloptions, '{}') FROM pg_class WHERE relname = \(prefix + "_topics")",
                        logger: Logger(label: "test")
                    ).collect().map { try $0.decode([String].self) }
                    return (indexes, options.first ?? [])
                }
                var table = try await topicsTable()
                #expect(table.indexes == ["\(prefix)_topics_name_key", "\(prefix)_topics_pkey"])
                #expect(table.options == ["fillfactor=50"])
                // Back to version 1, then migrated again.
                _ = try await client.query(
                    "CREATE INDEX \(unescaped: prefix)_topics_updated_at ON \(unescaped: prefix)_topics (updated_at)",
                    logger: Logger(label: "test"))
                _ = try await client.query(
                    "ALTER TABLE \(unescaped: prefix)_topics RESET (fillfactor)", logger: Logger(label: "test"))
                _ = try await client.query(
                    "DELETE FROM \(unescaped: prefix)_migrations WHERE version = 2", logger: Logger(label: "test"))
                try await instances[0].log.migrate()
                table = try await topicsTable()
                #expect(table.indexes == ["\(prefix)_topics_name_key", "\(prefix)_topics_pkey"])
                #expect(table.options == ["fillfactor=50"])
            }
        }
    }

    @Test("an event published on one instance reaches the others; any instance resumes any id")
    func acrossInstances() async throws {
        try await withInstances(2) { instances in
            let (a, b) = (instances[0].hub, instances[1].hub)
            let onB = await b.subscribe(to: "room")
            var ids: [String] = []
            for index in 1...5 { ids.append(try await a.publish(event("\(index)"), to: "room").id!) }
            #expect(try await onB.take(5).map(\.id) == ids)

            let resumed = await b.subscribe(to: "room", lastEventID: ids[1])
            #expect(resumed.resumedAfter == ids[1])
            #expect(try await resumed.take(3).map(\.data) == ["3", "4", "5"])
            // Another history's id: the loss signal, then everything kept.
            let stranger = await a.subscribe(to: "room", lastEventID: "abc-3")
            #expect(stranger.resumedAfter == ServerSentEventHub.earliest)
            let events = try await stranger.take(6)
            #expect(events.first == ServerSentEventReplayGap(lastEventID: "abc-3", firstEventID: ids[0]).event)
        }
    }

    @Test("readers never see an offset before every smaller one committed, under concurrent publishers")
    func commitOrder() async throws {
        try await withInstances(2) { instances in
            let total = 400
            let publishers = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<8 {
                        let hub = instances[worker % 2].hub
                        group.addTask {
                            for index in 0..<(total / 8) {
                                try await hub.publish(event("\(worker).\(index)"), to: "hot")
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            // A tailer reading as fast as it can: each page must start right after what it had.
            var last: ServerSentEventPosition?
            var skips: [String] = []
            let deadline = ContinuousClock.now + .seconds(30)
            while (last?.offset ?? 0) < UInt64(total), ContinuousClock.now < deadline {
                let page = try await instances[1].log.read("hot", after: last, limit: 50)
                if let first = page.records.first {
                    if let last, first.position.offset != last.offset + 1 {
                        skips.append("after \(last.offset) came \(first.position.offset)")
                    }
                    last = page.records.last!.position
                }
            }
            try await publishers.value
            #expect(skips == [])
            #expect(last?.offset == UInt64(total))
        }
    }

    @Test("publish in the application's transaction: rolled back, nothing exists; committed, it is delivered")
    func transactionalPublish() async throws {
        try await withInstances(2) { instances in
            let log = instances[0].log
            let subscription = await instances[1].hub.subscribe(to: "orders")
            let client = PostgresClient(
                configuration: try Self.clientConfiguration(), backgroundLogger: Logger(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                struct Rollback: Error {}
                await #expect(throws: PostgresTransactionError.self) {
                    try await client.withTransaction(logger: Logger(label: "test")) { connection in
                        try await log.publish(self.event("rolled back"), to: "orders", in: connection)
                        throw Rollback()
                    }
                }
                _ = try await client.withTransaction(logger: Logger(label: "test")) { connection in
                    try await log.publish(self.event("committed"), to: "orders", in: connection)
                }
                group.cancelAll()
            }
            let events = try await subscription.take(1)
            #expect(events.map(\.data) == ["committed"])
            // The rolled-back publish took no offset: the committed one is the first.
            #expect(events.first.flatMap { ServerSentEventPosition($0.id ?? "") }?.offset == 1)
            #expect(try await instances[0].log.read("orders", after: nil, limit: 10).records.count == 1)
        }
    }

    @Test("retention: a topic keeps its newest events; a resume from before them gets the loss signal")
    func retention() async throws {
        try await withInstances(1, retention: .init(events: 3)) { instances in
            let hub = instances[0].hub
            var ids: [String] = []
            for index in 1...8 { ids.append(try await hub.publish(event("\(index)"), to: "room").id!) }
            let page = try await instances[0].log.read("room", after: nil, limit: 100)
            #expect(page.records.map(\.event.data) == ["6", "7", "8"])
            let late = await hub.subscribe(to: "room", lastEventID: ids[2])
            let events = try await late.take(4)
            #expect(events.first == ServerSentEventReplayGap(lastEventID: ids[2], firstEventID: ids[5]).event)
            #expect(events.dropFirst().map(\.data) == ["6", "7", "8"])
        }
    }

    @Test(
        "concurrent publishes share statements: fewer commits than events, each topic gapless, each publisher in order")
    func groupCommit() async throws {
        let prefix = Self.freshPrefix()
        try await withInstances(1, prefix: prefix) { instances in
            let hub = instances[0].hub
            // Each commit notifies once per topic it touched: counting notifications counts commits.
            let connection = try await PostgresConnection.connect(
                configuration: try Self.connectionConfiguration(), id: 1, logger: Logger(label: "test"))
            // -1 until LISTEN is in place.
            let notified = Mutex(-1)
            let counting = Task {
                try await connection.listen(on: "\(prefix)_events") { notifications in
                    notified.withLock { $0 = 0 }
                    for try await _ in notifications { notified.withLock { $0 += 1 } }
                }
            }
            while notified.withLock({ $0 }) < 0 { try await Task.sleep(for: .milliseconds(10)) }
            let topics = ["a", "b", "c"]
            let (publishers, each) = (24, 10)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for publisher in 0..<publishers {
                    group.addTask {
                        for index in 0..<each {
                            try await hub.publish(
                                self.event("\(publisher).\(index)"), to: topics[publisher % topics.count])
                        }
                    }
                }
                try await group.waitForAll()
            }
            var total = 0
            for (topicIndex, topic) in topics.enumerated() {
                let page = try await instances[0].log.read(topic, after: nil, limit: 1_000)
                #expect(page.records.map(\.position.offset) == Array(1...UInt64(page.records.count)))
                total += page.records.count
                for publisher in stride(from: topicIndex, to: publishers, by: topics.count) {
                    let mine = page.records.map(\.event.data).filter { $0.hasPrefix("\(publisher).") }
                    #expect(mine == (0..<each).map { "\(publisher).\($0)" })
                }
            }
            #expect(total == publishers * each)
            // Until the notifications stop coming.
            var seen = -1
            while seen != notified.withLock({ $0 }) {
                seen = notified.withLock { $0 }
                try await Task.sleep(for: .milliseconds(300))
            }
            counting.cancel()
            try await connection.close()
            #expect(seen >= topics.count)
            #expect(seen < publishers * each)
        }
    }

    @Test("an event PostgreSQL refuses fails alone: the publishes that shared its statement are stored")
    func refusedEventFailsAlone() async throws {
        try await withInstances(1, batching: .init(concurrentStatements: 1)) { instances in
            let hub = instances[0].hub
            // A topic name too long for its index, even compressed: PostgreSQL refuses the row.
            let hugeTopic = String((0..<12_000).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
            let outcomes = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let topic = index == 10 ? hugeTopic : "fine"
                        do {
                            _ = try await hub.publish(self.event("\(index)"), to: topic)
                            return ("\(index)", true)
                        } catch let error as PostgresEventLogError {
                            #expect(error.code == .appendFailed)
                            return ("\(index)", false)
                        }
                    }
                }
                return try await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.filter { !$0.value }.keys.sorted() == ["10"])
            let stored = try await instances[0].log.read("fine", after: nil, limit: 100).records
            #expect(Set(stored.map(\.event.data)) == Set((0..<20).filter { $0 != 10 }.map(String.init)))
        }
    }

    @Test(
        "U+0000, which PostgreSQL text cannot hold, fails that publish with its own code; reading such a topic finds nothing"
    )
    func unstorable() async throws {
        try await withInstances(1) { instances in
            let log = instances[0].log
            let unstorable = [
                (ServerSentEvent(type: "tick", data: "a\u{0}b"), "room"),
                (ServerSentEvent(type: "ti\u{0}ck", data: "x"), "room"),
                (event("x"), "ro\u{0}om"),
            ]
            for (event, topic) in unstorable {
                do {
                    _ = try await log.append(event, to: topic, terminal: false)
                    Issue.record("stored \(event) in \(topic)")
                } catch let error as PostgresEventLogError {
                    #expect(error.code == .appendFailed)
                    #expect((error.underlying as? PostgresEventLogError)?.code == .unstorable)
                }
            }
            #expect(try await log.read("room", after: nil, limit: 10).head == nil)
            #expect(try await log.read("ro\u{0}om", after: nil, limit: 10).head == nil)
        }
    }

    @Test("beyond the waiting limit a publish fails at once as overloaded, and nothing of it is stored")
    func overloaded() async throws {
        try await withInstances(1, batching: .init(concurrentStatements: 1, waitingLimit: 2)) { instances in
            let hub = instances[0].hub
            let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        do {
                            _ = try await hub.publish(self.event("\(index)"), to: "busy")
                            return true
                        } catch let error as PostgresEventLogError {
                            #expect((error.underlying as? PostgresEventLogError)?.code == .overloaded)
                            return false
                        }
                    }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(stored < 40)
            #expect(try await instances[0].log.read("busy", after: nil, limit: 100).records.count == stored)
        }
    }

    @Test("lowering the retention: the next poll trims every topic to the new count")
    func loweredRetention() async throws {
        let prefix = Self.freshPrefix()
        try await withInstances(1, prefix: prefix, retention: .init(events: 100)) { instances in
            for index in 1...8 { try await instances[0].hub.publish(event("\(index)"), to: "room") }
        }
        try await withInstances(1, prefix: prefix, retention: .init(events: 3)) { instances in
            let deadline = ContinuousClock.now + .seconds(10)
            var kept: [String] = []
            repeat {
                try await Task.sleep(for: .milliseconds(100))
                kept = try await instances[0].log.read("room", after: nil, limit: 100).records.map(\.event.data)
            } while kept.count > 3 && ContinuousClock.now < deadline
            #expect(kept == ["6", "7", "8"])
        }
    }

    /// Runs `body` with a client of the test's own, for queries of its own.
    static func withClient(_ body: (PostgresClient) async throws -> Void) async throws {
        let client = PostgresClient(configuration: try clientConfiguration(), backgroundLogger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await body(client)
            group.cancelAll()
        }
    }

    static func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let url = URLComponents(string: databaseURL!)!
        return .init(
            host: url.host!, port: url.port ?? 5432, username: url.user ?? "postgres", password: url.password,
            database: String(url.path.dropFirst()), tls: .disable)
    }

    static func clientConfiguration() throws -> PostgresClient.Configuration {
        let url = URLComponents(string: databaseURL!)!
        return .init(
            host: url.host!, port: url.port ?? 5432, username: url.user ?? "postgres", password: url.password,
            database: String(url.path.dropFirst()), tls: .disable)
    }
}
#endif  // PostgreSQL
