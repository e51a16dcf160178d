import Foundation
import PostgresNIO
import ServerSentEvents

/// Every statement of the PostgreSQL log, in one place: the tables' names are the
/// configuration's, every value is a bind.
struct PostgresEventLogSQL: Sendable {
    let topics: String
    let events: String
    let migrationsTable: String
    /// The NOTIFY channel: `<prefix>_events`.
    let channel: String

    init(prefix: String) throws(PostgresEventLogError) {
        // Names go into the SQL text, so they are checked, never escaped.
        guard !prefix.isEmpty, prefix.count <= 40, prefix.first.map({ !$0.isNumber }) == true,
            prefix.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
            })
        else { throw PostgresEventLogError(code: .invalidConfiguration, underlying: nil) }
        topics = "\(prefix)_topics"
        events = "\(prefix)_events"
        migrationsTable = "\(prefix)_migrations"
        channel = "\(prefix)_events"
    }

    // MARK: - Schema, by version

    /// Each version's statements, applied in order, once. Never edit a version: add one.
    var migrations: [(version: Int, statements: [PostgresQuery])] {
        [
            (
                1,
                [
                    """
                    CREATE TABLE IF NOT EXISTS \(unescaped: topics) (
                        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        name text NOT NULL UNIQUE,
                        epoch text NOT NULL,
                        head bigint NOT NULL,
                        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
                    )
                    """,
                    "CREATE INDEX IF NOT EXISTS \(unescaped: topics)_updated_at ON \(unescaped: topics) (updated_at)",
                    """
                    CREATE TABLE IF NOT EXISTS \(unescaped: events) (
                        topic_id bigint NOT NULL REFERENCES \(unescaped: topics) (id) ON DELETE CASCADE,
                        "offset" bigint NOT NULL,
                        type text NOT NULL,
                        data text NOT NULL,
                        terminal boolean NOT NULL,
                        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                        PRIMARY KEY (topic_id, "offset")
                    )
                    """,
                    "CREATE INDEX IF NOT EXISTS \(unescaped: events)_created_at ON \(unescaped: events) (created_at)",
                ]
            )
        ]
    }

    var lockMigrations: PostgresQuery {
        "SELECT pg_advisory_xact_lock(hashtext(\(migrationsTable)))"
    }

    var createMigrations: PostgresQuery {
        """
        CREATE TABLE IF NOT EXISTS \(unescaped: migrationsTable) (
            version integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """
    }

    var appliedMigrations: PostgresQuery { "SELECT version FROM \(unescaped: migrationsTable)" }

    func recordMigration(_ version: Int) -> PostgresQuery {
        "INSERT INTO \(unescaped: migrationsTable) (version) VALUES (\(version))"
    }

    // MARK: - Appending and reading

    /// One statement: bump the topic's head (its row lock, held to commit, orders the topic's
    /// publishers), insert the event at that offset, trim the topic to `keeping` events, and
    /// notify `<topic id>:<epoch>:<offset>` at commit. Returns the topic's id, epoch and the offset.
    func append(_ event: ServerSentEvent, to topic: String, terminal: Bool, keeping: Int) -> PostgresQuery {
        """
        WITH topic AS (
            INSERT INTO \(unescaped: topics) AS t (name, epoch, head) VALUES (\(topic), \(ServerSentEventPosition.randomEpoch()), 1)
            ON CONFLICT (name) DO UPDATE SET head = t.head + 1, updated_at = clock_timestamp()
            RETURNING id, epoch, head
        ), stored AS (
            INSERT INTO \(unescaped: events) (topic_id, "offset", type, data, terminal)
            SELECT id, head, \(event.type), \(event.data), \(terminal) FROM topic
        ), trimmed AS (
            DELETE FROM \(unescaped: events) e USING topic
            WHERE e.topic_id = topic.id AND e."offset" <= topic.head - \(keeping)
        )
        SELECT topic.id, topic.epoch, topic.head
        FROM topic CROSS JOIN LATERAL (SELECT pg_notify(\(channel), topic.id || ':' || topic.epoch || ':' || topic.head)) AS notified
        """
    }

    /// One statement, so one snapshot: the topic's id, epoch, head and oldest kept offset, and
    /// up to `limit` events after `position` (from the oldest kept when `position` is of
    /// another epoch). A topic without events gives one row with the event columns null.
    func read(_ topic: String, after position: ServerSentEventPosition?, limit: Int) -> PostgresQuery {
        let epoch = position?.epoch ?? ""
        let offset = Int64(clamping: position?.offset ?? 0)
        return """
            SELECT t.id, t.epoch, t.head,
                (SELECT min(k."offset") FROM \(unescaped: events) k WHERE k.topic_id = t.id),
                e."offset", e.type, e.data, e.terminal
            FROM \(unescaped: topics) t
            LEFT JOIN LATERAL (
                SELECT "offset", type, data, terminal FROM \(unescaped: events)
                WHERE topic_id = t.id AND "offset" > CASE WHEN t.epoch = \(epoch) THEN \(offset) ELSE 0 END
                ORDER BY "offset" LIMIT \(max(0, limit))
            ) e ON true
            WHERE t.name = \(topic)
            ORDER BY e."offset"
            """
    }

    func topicName(of topicID: Int64) -> PostgresQuery {
        "SELECT name FROM \(unescaped: topics) WHERE id = \(topicID)"
    }

    // MARK: - Polling and trimming

    /// The topics changed within `window` (plus a margin for transactions that committed
    /// after they wrote `updated_at`), with their heads.
    func recentlyChanged(within window: Duration) -> PostgresQuery {
        let seconds = Double(window.components.seconds) + 10
        return """
            SELECT name, epoch, head FROM \(unescaped: topics)
            WHERE updated_at > clock_timestamp() - \(seconds) * interval '1 second'
            """
    }

    func trimByAge(_ age: Duration) -> PostgresQuery {
        let seconds = Double(age.components.seconds)
        return
            "DELETE FROM \(unescaped: events) WHERE created_at < clock_timestamp() - \(seconds) * interval '1 second'"
    }

    /// Topics with no event left and no publish within `age`: a later publish starts a new
    /// epoch, and their old IDs get the loss signal.
    func forgetEmptyTopics(olderThan age: Duration) -> PostgresQuery {
        let seconds = Double(age.components.seconds)
        return """
            DELETE FROM \(unescaped: topics) t
            WHERE t.updated_at < clock_timestamp() - \(seconds) * interval '1 second'
            AND NOT EXISTS (SELECT 1 FROM \(unescaped: events) e WHERE e.topic_id = t.id)
            """
    }
}

/// `postgres://user:password@host:port/database`, percent-decoded.
struct PostgresURL {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String?

    init(_ text: String) throws(PostgresEventLogError) {
        let invalid = PostgresEventLogError(code: .invalidConfiguration, underlying: nil)
        var rest = Substring(text)
        guard let scheme = rest.range(of: "://"), ["postgres", "postgresql"].contains(rest[..<scheme.lowerBound])
        else { throw invalid }
        rest = rest[scheme.upperBound...]
        if let query = rest.firstIndex(of: "?") {
            // Only sslmode=disable is understood here; anything else asks for a client of one's own.
            let options = rest[rest.index(after: query)...].split(separator: "&")
            guard options.allSatisfy({ $0 == "sslmode=disable" }) else { throw invalid }
            rest = rest[..<query]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var credentials: Substring = ""
        if let at = rest.lastIndex(of: "@") {
            credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        let user = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let username = user.first.flatMap({ String($0).removingPercentEncoding }) ?? Optional("postgres"),
            !rest.isEmpty
        else { throw invalid }
        self.username = username.isEmpty ? "postgres" : username
        password = user.count > 1 ? String(user[1]).removingPercentEncoding : nil
        database = path.isEmpty ? nil : String(path).removingPercentEncoding
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let port = Int(rest[rest.index(after: colon)...]) else { throw invalid }
            self.port = port
            host = String(rest[..<colon])
        } else {
            port = 5432
            host = String(rest)
        }
        host = host.trimmingCharacters(in: ["[", "]"])
    }
}
