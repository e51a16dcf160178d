import Foundation
import HubTestSupport
import Logging
import PostgresNIO
import ServerSentEvents
import ServerSentEventsPostgres
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
        _ body: ([(log: PostgresServerSentEventLog, hub: ServerSentEventHub)]) async throws -> Void
    ) async throws {
        var quiet = Logger(label: "test")
        quiet.logLevel = .error  // not PostgresNIO's notes on connections closed at the end
        let instances = try (0..<count).map { _ in
            let log = try PostgresServerSentEventLog(
                url: Self.databaseURL!,
                configuration: .init(tablePrefix: prefix, retention: retention, pollInterval: .milliseconds(200)),
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

    static func clientConfiguration() throws -> PostgresClient.Configuration {
        let url = URLComponents(string: databaseURL!)!
        return .init(
            host: url.host!, port: url.port ?? 5432, username: url.user ?? "postgres", password: url.password,
            database: String(url.path.dropFirst()), tls: .disable)
    }
}
