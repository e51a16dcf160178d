#if PostgreSQL
public import Logging
public import PostgresNIO
public import ServerSentEvents
import Synchronization

/// A `ServerSentEventLog` in PostgreSQL: every server instance that uses the
/// same tables shares every topic, and any of them resumes any event ID.
///
/// ```swift
/// let log = try PostgresServerSentEventLog(url: "postgres://app@db.internal:5432/app")
/// try await log.migrate()
/// let hub = ServerSentEventHub(log: log)
/// // run the hub beside the application: it runs the log's connections and its listener
/// let services = ServiceGroup(services: [application, hub], logger: logger)
/// ```
///
/// How it keeps its promises:
/// - **Gapless offsets in commit order.** A publish is one statement that bumps the topic's
///   `head` (`INSERT … ON CONFLICT DO UPDATE`), which holds the topic's row lock until the
///   transaction commits, and inserts the event at that offset. A second publisher to the same
///   topic waits for the lock, so offset 11 cannot commit before offset 10, and a rollback
///   takes its offset back. Topics do not wait for each other.
/// - **Group commit.** Publishes made while a statement runs share the next one, to any
///   topics (``Batching``): a burst costs a round trip and a commit per batch, not per event.
/// - **Delivery across instances within milliseconds.** The same statement sends
///   `NOTIFY <channel>, '<topic id>:<epoch>:<head>'` per topic (sent at commit, nothing on rollback). Each
///   instance listens on one connection; a notification is a hint only, the hub reads the
///   table. After every (re)LISTEN the log reports that anything may have changed, and a poll
///   of recently changed topics runs every ``Configuration/pollInterval``, so a notification
///   lost while the listener was away costs latency, never an event.
/// - **Retention.** Each publish trims its topic to ``Retention/events``; about every minute
///   the poll trims what is older than ``Retention/age`` (and every topic to its count, after
///   the retention was lowered) and forgets topics without events. A resume from before
///   what is kept gets the hub's loss signal.
/// - **While PostgreSQL is away** publishes throw and nothing is stored; the listener
///   reconnects with backoff and checks that its connection is alive.
public final class PostgresServerSentEventLog: ServerSentEventLog {
    /// Where the log keeps its rows, and how long.
    public struct Configuration: Sendable {
        /// The prefix of the tables (`<prefix>_topics`, `<prefix>_events`,
        /// `<prefix>_migrations`) and of the notification channel: letters, digits and `_`.
        public var tablePrefix: String
        /// How much each topic keeps.
        public var retention: Retention
        /// How often the log looks for topics that changed without a notification reaching
        /// it, and checks that its listening connection is alive.
        public var pollInterval: Duration
        /// Whether ``run(reportingTo:)`` first runs ``migrate()`` (retrying until the database
        /// answers), so that a hub that runs has its tables.
        public var migratesWhenRunning: Bool
        /// How long a publish or a read may wait (for a connection, a lock, an answer) before
        /// it fails: while PostgreSQL is away, publishes fail after this, rather than hang.
        public var operationTimeout: Duration
        /// How publishes and reads share statements (group commit).
        public var batching: Batching

        /// The defaults: tables `sse_…`, keep 10,000 events or 24 hours per topic, poll every
        /// second, migrate when running, give up on an operation after 2 seconds, and
        /// ``Batching/init(maximumBatch:concurrentStatements:waitingLimit:)``'s defaults.
        public init(
            tablePrefix: String = "sse", retention: Retention = .init(), pollInterval: Duration = .seconds(1),
            migratesWhenRunning: Bool = true, operationTimeout: Duration = .seconds(2), batching: Batching = .init()
        ) {
            self.tablePrefix = tablePrefix
            self.retention = retention
            self.pollInterval = pollInterval
            self.migratesWhenRunning = migratesWhenRunning
            self.operationTimeout = operationTimeout
            self.batching = batching
        }
    }

    /// Group commit: how the hub's publishes (``append(_:to:terminal:)``) and reads
    /// (``read(_:after:limit:)``) share statements.
    ///
    /// A request that finds a free statement goes at once; what is asked while the statements
    /// run waits and goes in the next one, for any topics. So a lone publish costs one round
    /// trip, and a burst costs one round trip and one commit per batch rather than per event.
    /// A batch of publishes is one statement: it commits whole or not at all. Publishes and
    /// reads have a queue each, with these limits each.
    public struct Batching: Sendable, Hashable {
        /// The most requests in one statement.
        public var maximumBatch: Int
        /// The most statements running at once, each on a connection of the client's pool.
        public var concurrentStatements: Int
        /// The most requests waiting for a statement; one more fails at once (the underlying
        /// error's code is ``PostgresEventLogError/Code/overloaded``; nothing was stored).
        public var waitingLimit: Int

        /// Creates a batching; every figure is at least 1. The defaults: up to 500 requests per
        /// statement, 2 statements at once, 10,000 requests waiting.
        public init(maximumBatch: Int = 500, concurrentStatements: Int = 2, waitingLimit: Int = 10_000) {
            self.maximumBatch = max(1, maximumBatch)
            self.concurrentStatements = max(1, concurrentStatements)
            self.waitingLimit = max(1, waitingLimit)
        }
    }

    /// How much history a topic keeps.
    public struct Retention: Sendable, Hashable {
        /// The most events kept per topic.
        public var events: Int
        /// How long an event is kept.
        public var age: Duration

        /// Creates a retention; at least one event is kept.
        public init(events: Int = 10_000, age: Duration = .seconds(24 * 3_600)) {
            self.events = max(1, events)
            self.age = age
        }
    }

    /// How the log behaves.
    public let configuration: Configuration
    private let client: PostgresClient
    private let ownsClient: Bool
    private let listenerConfiguration: PostgresConnection.Configuration
    private let logger: Logger
    private let sql: PostgresEventLogSQL
    /// Topic names by id, for notifications (which carry the id, to stay small).
    private let topicNames = Mutex<(names: [Int64: String], bytes: Int)>(([:], 0))
    /// The most bytes of names ``topicNames`` keeps (clients choose topics, and their names):
    /// past it, it starts over, and a notification of a topic it forgot costs one query.
    private static let topicNamesByteLimit = 4 << 20
    private typealias AppendRequest = (event: ServerSentEvent, topic: String, terminal: Bool)
    private typealias ReadRequest = (topic: String, position: ServerSentEventPosition?, limit: Int)
    private let appends: StatementBatcher<AppendRequest, ServerSentEventLogRecord>
    private let reads: StatementBatcher<ReadRequest, ServerSentEventLogPage>

    /// A log over `client` (which the application runs), listening on a connection of its own
    /// made with `listenerConfiguration`.
    ///
    /// - Throws: ``PostgresEventLogError`` when the table prefix is not letters, digits and `_`.
    public convenience init(
        client: PostgresClient, listenerConfiguration: PostgresConnection.Configuration,
        configuration: Configuration = .init(), logger: Logger = Logger(label: "swift-typed-events.postgres")
    ) throws(PostgresEventLogError) {
        try self.init(
            client: client, ownsClient: false, listenerConfiguration: listenerConfiguration,
            configuration: configuration, logger: logger)
    }

    /// A log with a client of its own, from a URL such as `DATABASE_URL`:
    /// `postgres://user:password@host:port/database` (TLS is off; for TLS, pass a client).
    /// The hub's `run()` runs the client.
    ///
    /// - Throws: ``PostgresEventLogError`` when the URL or the table prefix is not usable.
    public convenience init(
        url: String, configuration: Configuration = .init(),
        logger: Logger = Logger(label: "swift-typed-events.postgres")
    ) throws(PostgresEventLogError) {
        let endpoint = try PostgresURL(url)
        let client = PostgresClient(
            configuration: .init(
                host: endpoint.host, port: endpoint.port, username: endpoint.username, password: endpoint.password,
                database: endpoint.database, tls: .disable),
            backgroundLogger: logger)
        try self.init(
            client: client, ownsClient: true,
            listenerConfiguration: .init(
                host: endpoint.host, port: endpoint.port, username: endpoint.username, password: endpoint.password,
                database: endpoint.database, tls: .disable),
            configuration: configuration, logger: logger)
    }

    /// `ownsClient`: whether ``run(reportingTo:)`` runs the client.
    private init(
        client: PostgresClient, ownsClient: Bool, listenerConfiguration: PostgresConnection.Configuration,
        configuration: Configuration, logger: Logger
    ) throws(PostgresEventLogError) {
        self.client = client
        self.ownsClient = ownsClient
        self.listenerConfiguration = listenerConfiguration
        self.configuration = configuration
        self.logger = logger
        sql = try PostgresEventLogSQL(prefix: configuration.tablePrefix)
        // PostgreSQL refused the statement (an error it answered, not a lost connection or a
        // timeout, after which it may yet commit): nothing of it was done.
        let refusedWhole: @Sendable (any Error) -> Bool = { ($0 as? PSQLError)?.code == .server }
        appends = StatementBatcher(
            limits: configuration.batching, timeout: configuration.operationTimeout, failure: .appendFailed,
            refusedWhole: refusedWhole)
        reads = StatementBatcher(
            limits: configuration.batching, timeout: configuration.operationTimeout, failure: .readFailed,
            refusedWhole: refusedWhole)
    }

    // MARK: - Schema

    /// Creates the tables, or brings them to this version of the library: a versioned set of
    /// `CREATE … IF NOT EXISTS`, applied once, under an advisory lock, so that instances
    /// starting together migrate once.
    public func migrate() async throws(PostgresEventLogError) {
        do {
            try await client.withTransaction(logger: logger) { connection in
                _ = try await connection.query(sql.lockMigrations, logger: logger)
                _ = try await connection.query(sql.createMigrations, logger: logger)
                var applied: Set<Int> = []
                for try await version in try await connection.query(sql.appliedMigrations, logger: logger)
                    .decode(Int.self)
                {
                    applied.insert(version)
                }
                for (version, statements) in sql.migrations where !applied.contains(version) {
                    for statement in statements { _ = try await connection.query(statement, logger: logger) }
                    _ = try await connection.query(sql.recordMigration(version), logger: logger)
                }
            }
        } catch {
            throw PostgresEventLogError(code: .migrationFailed, underlying: error)
        }
    }

    // MARK: - ServerSentEventLog

    /// Appends `event` in a transaction of its own, shared with the publishes made meanwhile
    /// (see ``Batching``). When PostgreSQL refuses a shared statement, its events go again one
    /// by one, so that one it cannot store fails alone.
    ///
    /// - Throws: ``PostgresEventLogError`` (``PostgresEventLogError/Code/appendFailed``): the
    ///   statement failed, so nothing was stored; or the underlying error's code is
    ///   ``PostgresEventLogError/Code/unstorable`` or ``PostgresEventLogError/Code/overloaded``
    ///   (nothing stored), or ``PostgresEventLogError/Code/timedOut``: waiting for a statement,
    ///   nothing stored; or waiting for the statement's answer, when it may still commit. An
    ///   event is never half-stored, and one stored after all is delivered like any other.
    public func append(
        _ event: ServerSentEvent, to topic: String, terminal: Bool
    ) async throws
        -> ServerSentEventLogRecord
    {
        try Self.checkStorable(event, topic)
        return try await appends.submit((event, topic, terminal)) { batch in
            try await self.withTimeout {
                try await self.records(
                    of: batch, from: try await self.client.query(self.appendQuery(batch), logger: self.logger))
            }
        }
    }

    /// Publishes `event` inside the caller's transaction (`client.withTransaction { connection in … }`):
    /// it exists if and only if the transaction commits, and it is delivered, to every
    /// instance, when it does. Until then it holds `topic`'s row lock: other publishers to the
    /// topic wait, so keep the transaction short. A transaction that publishes to several
    /// topics takes their locks in the order it publishes; the log's own statements take them
    /// in name order, so publish in name order too, or PostgreSQL may end one of the two
    /// transactions as a deadlock.
    ///
    /// - Returns: The event with its ID (valid once the transaction commits).
    @discardableResult
    public func publish(
        _ event: ServerSentEvent, to topic: String = "", terminal: Bool = false, in connection: PostgresConnection
    ) async throws -> ServerSentEvent {
        try Self.checkStorable(event, topic)
        let events: [AppendRequest] = [(event, topic, terminal)]
        do {
            let rows = try await connection.query(appendQuery(events), logger: logger)
            return try await records(of: events, from: rows)[0].event
        } catch {
            throw PostgresEventLogError(code: .appendFailed, underlying: error)
        }
    }

    /// PostgreSQL's `text` cannot hold U+0000.
    private static func checkStorable(_ event: ServerSentEvent, _ topic: String) throws(PostgresEventLogError) {
        guard !event.data.utf8.contains(0), !event.type.utf8.contains(0), !topic.utf8.contains(0) else {
            throw PostgresEventLogError(
                code: .appendFailed, underlying: PostgresEventLogError(code: .unstorable, underlying: nil))
        }
    }

    private func appendQuery(_ events: [AppendRequest]) -> PostgresQuery {
        // One fresh epoch per event: a topic new to the database takes one of its events'.
        sql.append(
            events, epochs: events.map { _ in ServerSentEventPosition.randomEpoch() },
            keeping: configuration.retention.events)
    }

    /// The records of `events`, from the append statement's rows (one per event, in order).
    private func records(
        of events: [AppendRequest], from rows: PostgresRowSequence
    ) async throws -> [ServerSentEventLogRecord] {
        var records: [ServerSentEventLogRecord] = []
        records.reserveCapacity(events.count)
        var named: Set<Int64> = []
        for try await (topicID, epoch, offset) in rows.decode((Int64, String, Int64).self) {
            guard records.count < events.count else { break }
            let appended = events[records.count]
            if named.insert(topicID).inserted { remember(appended.topic, as: topicID) }
            records.append(
                ServerSentEventLogRecord(
                    event: appended.event, position: ServerSentEventPosition(epoch: epoch, offset: UInt64(offset)),
                    isTerminal: appended.terminal))
        }
        guard records.count == events.count else { throw PostgresEventLogError(code: .appendFailed, underlying: nil) }
        return records
    }

    /// Reads `topic` in one statement (one snapshot), shared with the reads asked meanwhile
    /// (see ``Batching``): its head, the oldest offset kept, and up to `limit` events after
    /// `position`.
    ///
    /// - Throws: ``PostgresEventLogError`` (``PostgresEventLogError/Code/readFailed``).
    public func read(
        _ topic: String, after position: ServerSentEventPosition?, limit: Int
    ) async throws
        -> ServerSentEventLogPage
    {
        // A topic no event can have been stored in.
        if topic.utf8.contains(0) {
            return ServerSentEventLogPage(records: [], continuesPosition: position == nil, head: nil)
        }
        return try await reads.submit((topic, position, limit)) { batch in
            try await self.withTimeout {
                try await self.pages(
                    of: batch, from: try await self.client.query(self.sql.read(batch), logger: self.logger))
            }
        }
    }

    /// The pages of `reads`, from the read statement's rows (numbered by read, from 1).
    private func pages(of reads: [ReadRequest], from rows: PostgresRowSequence) async throws -> [ServerSentEventLogPage]
    {
        struct Found {
            var head: ServerSentEventPosition
            var oldest: Int64?
            var records: [ServerSentEventLogRecord] = []
        }
        var found: [Found?] = Array(repeating: nil, count: reads.count)
        typealias Row = (Int64, Int64, String, Int64, Int64?, Int64?, String?, String?, Bool?)
        for try await (number, topicID, epoch, headOffset, oldest, offset, type, data, terminal) in rows.decode(
            Row.self)
        {
            let index = Int(number) - 1
            guard reads.indices.contains(index) else { continue }
            if found[index] == nil {
                remember(reads[index].topic, as: topicID)
                found[index] = Found(
                    head: ServerSentEventPosition(epoch: epoch, offset: UInt64(headOffset)), oldest: oldest)
            }
            if let offset, let type, let data, let terminal {
                found[index]!.records.append(
                    ServerSentEventLogRecord(
                        event: ServerSentEvent(type: type, data: data),
                        position: ServerSentEventPosition(epoch: epoch, offset: UInt64(offset)), isTerminal: terminal))
            }
        }
        return zip(reads, found).map { read, found in
            guard let found else {
                return ServerSentEventLogPage(records: [], continuesPosition: read.position == nil, head: nil)
            }
            // Continues when the position is of this history, not past its head, and nothing
            // between it and the oldest event kept was trimmed.
            var continues = read.position == nil
            if let position = read.position, position.epoch == found.head.epoch, position.offset <= found.head.offset {
                let oldestKept = found.oldest.map { UInt64($0) } ?? found.head.offset + 1
                continues = position.offset + 1 >= oldestKept
            }
            return ServerSentEventLogPage(records: found.records, continuesPosition: continues, head: found.head)
        }
    }

    /// `operation`, or ``PostgresEventLogError/Code/timedOut`` after the operation timeout,
    /// even when PostgreSQL stopped answering.
    private func withTimeout<Result: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        try await withDeadline(configuration.operationTimeout, operation)
    }

    /// Runs the client (when the log made it), the migration (unless configured otherwise),
    /// then the listener and the poll, until cancelled.
    public func run(reportingTo changes: ServerSentEventLogChanges) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            if ownsClient { group.addTask { await self.client.run() } }
            group.addTask {
                if self.configuration.migratesWhenRunning { try await self.migrateRetrying() }
                await withTaskGroup(of: Void.self) { watchers in
                    watchers.addTask { await self.listen(reportingTo: changes) }
                    watchers.addTask { await self.poll(reportingTo: changes) }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Migrates, retrying with backoff while the database does not answer; throws only when
    /// cancelled.
    private func migrateRetrying() async throws {
        var backoff = Duration.milliseconds(100)
        while true {
            do {
                return try await withDeadline(nil) { try await self.migrate() }
            } catch {
                try Task.checkCancellation()
                logger.warning("event log migration failed; retrying", metadata: ["error": "\(error)"])
                try await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }

    // MARK: - Listening

    /// LISTENs on a connection of its own, reconnecting with backoff, until cancelled.
    private func listen(reportingTo changes: ServerSentEventLogChanges) async {
        var backoff = Duration.milliseconds(100)
        var connectionID = 0
        while !Task.isCancelled {
            connectionID += 1
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: listenerConfiguration, id: connectionID, logger: logger)
                backoff = .milliseconds(100)
                do {
                    try await connection.listen(on: sql.channel) { notifications in
                        // Listening again: whatever was notified while away is read now.
                        changes.anythingChanged()
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                // Ends when cancelled, whether the sequence does or not.
                                try await withDeadline(nil) {
                                    for try await notification in notifications {
                                        await self.notified(notification.payload, changes: changes)
                                    }
                                }
                                throw PostgresEventLogError(code: .listenerLost, underlying: nil)
                            }
                            group.addTask { try await self.checkAlive(connection) }
                            try await group.next()
                            group.cancelAll()
                        }
                    }
                } catch {
                    try? await connection.close()
                    throw error
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("event log listener lost; reconnecting", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }

    /// Throws when `connection` stops answering within the poll interval (a half-open TCP
    /// connection would otherwise listen to nothing forever).
    private func checkAlive(_ connection: PostgresConnection) async throws {
        while true {
            try await Task.sleep(for: configuration.pollInterval * 5)
            do {
                try await withDeadline(configuration.pollInterval * 5) {
                    _ = try await connection.query("SELECT 1", logger: self.logger)
                }
            } catch {
                try Task.checkCancellation()
                throw PostgresEventLogError(code: .listenerLost, underlying: error)
            }
        }
    }

    /// A notification, `<topic id>:<epoch>:<offset>`: the topic's new head (the hub reads only
    /// when it has not delivered it yet, as after its own publishes).
    private func notified(_ payload: String, changes: ServerSentEventLogChanges) async {
        let parts = payload.split(separator: ":")
        guard parts.count == 3, let topicID = Int64(parts[0]), let offset = UInt64(parts[2]),
            let head = ServerSentEventPosition("\(parts[1])-\(offset)")
        else { return }
        var name = topicNames.withLock { $0.names[topicID] }
        if name == nil {
            name = try? await withTimeout { try await self.topicName(of: topicID) }
        }
        if let name { changes.topicChanged(name, head: head) }
    }

    private func remember(_ name: String, as topicID: Int64) {
        topicNames.withLock { cache in
            guard cache.names[topicID] == nil else { return }
            if cache.bytes + name.utf8.count > Self.topicNamesByteLimit { cache = ([:], 0) }
            cache.names[topicID] = name
            cache.bytes += name.utf8.count
        }
    }

    private func topicName(of topicID: Int64) async throws -> String? {
        for try await name in try await client.query(sql.topicName(of: topicID), logger: logger).decode(String.self) {
            remember(name, as: topicID)
            return name
        }
        return nil
    }

    // MARK: - Polling and trimming

    /// Every poll interval: the topics changed lately (their heads, which the hub compares
    /// with what it delivered); every minute or so, trimming by count and age.
    private func poll(reportingTo changes: ServerSentEventLogChanges) async {
        var polls = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.pollInterval)
            polls += 1
            do {
                let changed = try await withTimeout {
                    var changed: [(String, String, Int64)] = []
                    let rows = try await self.client.query(
                        self.sql.recentlyChanged(within: self.configuration.pollInterval), logger: self.logger)
                    for try await row in rows.decode((String, String, Int64).self) { changed.append(row) }
                    return changed
                }
                for (name, epoch, head) in changed {
                    changes.topicChanged(name, head: ServerSentEventPosition(epoch: epoch, offset: UInt64(head)))
                }
                if polls % 60 == 1 {
                    // Trimming may take longer than a publish may wait: a minute, till the next.
                    try await withDeadline(.seconds(60)) {
                        let retention = self.configuration.retention
                        _ = try await self.client.query(
                            self.sql.trimByCount(keeping: retention.events), logger: self.logger)
                        _ = try await self.client.query(self.sql.trimByAge(retention.age), logger: self.logger)
                        _ = try await self.client.query(
                            self.sql.forgetEmptyTopics(olderThan: retention.age), logger: self.logger)
                    }
                }
            } catch {
                logger.debug("event log poll failed", metadata: ["error": "\(error)"])
            }
        }
    }
}

/// The log could not do what was asked.
public struct PostgresEventLogError: Error, CustomStringConvertible {
    /// What failed; more cases may come, so `switch` needs a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case invalidConfiguration, migrationFailed, appendFailed, readFailed, listenerLost, timedOut, overloaded
            case unstorable
        }
        private let wrapped: Wrapped

        /// The URL or the table prefix is not usable.
        public static var invalidConfiguration: Self { .init(wrapped: .invalidConfiguration) }
        /// The tables could not be created or migrated.
        public static var migrationFailed: Self { .init(wrapped: .migrationFailed) }
        /// The event was not stored (or, after a timeout, may not have been).
        public static var appendFailed: Self { .init(wrapped: .appendFailed) }
        /// The log could not be read.
        public static var readFailed: Self { .init(wrapped: .readFailed) }
        /// The listening connection ended or stopped answering (it reconnects by itself).
        public static var listenerLost: Self { .init(wrapped: .listenerLost) }
        /// PostgreSQL did not answer within ``PostgresServerSentEventLog/Configuration/operationTimeout``
        /// (the reason, under ``appendFailed`` or ``readFailed``).
        public static var timedOut: Self { .init(wrapped: .timedOut) }
        /// More publishes wait for a statement than ``PostgresServerSentEventLog/Batching/waitingLimit``
        /// (the reason, under ``appendFailed``): PostgreSQL does not keep up.
        public static var overloaded: Self { .init(wrapped: .overloaded) }
        /// The event's type or data, or its topic, holds U+0000, which PostgreSQL's `text`
        /// cannot (the reason, under ``appendFailed``).
        public static var unstorable: Self { .init(wrapped: .unstorable) }

        /// A short name of the code.
        public var description: String {
            switch wrapped {
            case .invalidConfiguration: "invalid configuration"
            case .migrationFailed: "migration failed"
            case .appendFailed: "append failed"
            case .readFailed: "read failed"
            case .listenerLost: "listener lost"
            case .timedOut: "no answer in time"
            case .overloaded: "too many requests waiting"
            case .unstorable: "U+0000 cannot be stored"
            }
        }
    }

    /// What failed.
    public var code: Code
    /// Why, as PostgresNIO (or the operating system) said it.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(code: Code, underlying: (any Error)?) {
        self.code = code
        self.underlying = underlying
    }

    /// A sentence for logs.
    public var description: String {
        guard let underlying else { return "event log: \(code)" }
        return "event log: \(code): \(String(reflecting: underlying))"
    }
}
#endif  // PostgreSQL
