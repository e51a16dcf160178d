#if PostgreSQL
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
            ),
            (
                2,
                [
                    // Every publish updates its topic's row: with no index on a column it
                    // changes, and room in the page, the update is HOT (no index entry, and
                    // PostgreSQL prunes the old version as it goes). The poll, once a second,
                    // scans the topics instead.
                    "DROP INDEX IF EXISTS \(unescaped: topics)_updated_at",
                    "ALTER TABLE \(unescaped: topics) SET (fillfactor = 50)",
                ]
            ),
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

    /// One statement for a batch of events, to any topics (group commit):
    /// - bump each topic's head by its number of events, in topic-name order: the row locks,
    ///   held to commit, order each topic's publishers, and taking them in one order keeps two
    ///   batches from deadlocking;
    /// - insert the events at the offsets the bump covers, in the order given;
    /// - trim each topic to `keeping` events (what the batch pushed out; the poll trims the
    ///   rest, after `keeping` was lowered);
    /// - notify `<topic id>:<epoch>:<head>` once per topic, at commit.
    ///
    /// Returns each event's topic id, epoch and offset, in the order given. A new topic takes
    /// one of its events' fresh epochs (`epochs`, one per event).
    func append(
        _ events: [(event: ServerSentEvent, topic: String, terminal: Bool)], epochs: [String], keeping: Int
    ) -> PostgresQuery {
        let topicNames = events.map(\.topic)
        let types = events.map(\.event.type)
        let data = events.map(\.event.data)
        let terminals = events.map(\.terminal)
        return """
            WITH input AS (
                SELECT * FROM unnest(\(topicNames)::text[], \(types)::text[], \(data)::text[], \(terminals)::boolean[], \(epochs)::text[])
                WITH ORDINALITY AS i(topic, type, data, terminal, epoch, n)
            ), topic AS (
                INSERT INTO \(unescaped: topics) AS t (name, epoch, head)
                SELECT topic, min(epoch), count(*) FROM input GROUP BY topic ORDER BY topic
                ON CONFLICT (name) DO UPDATE SET head = t.head + excluded.head, updated_at = clock_timestamp()
                RETURNING id, name, epoch, head
            ), numbered AS (
                SELECT topic.id, topic.epoch, topic.head, i.n, i.type, i.data, i.terminal,
                    topic.head - count(*) OVER per_topic + row_number() OVER (per_topic ORDER BY i.n) AS "offset"
                FROM input i JOIN topic ON topic.name = i.topic
                WINDOW per_topic AS (PARTITION BY topic.id)
            ), stored AS (
                INSERT INTO \(unescaped: self.events) (topic_id, "offset", type, data, terminal)
                SELECT id, "offset", type, data, terminal FROM numbered WHERE "offset" > head - \(keeping)
            ), trimmed AS (
                -- Only what this batch pushed out, which no topic has more of than the batch has
                -- events, found by key and deleted by row address: a join here would let
                -- PostgreSQL choose to scan the whole table.
                DELETE FROM \(unescaped: self.events) WHERE ctid = ANY (ARRAY(
                    SELECT doomed.ctid FROM topic CROSS JOIN LATERAL (
                        SELECT k.ctid FROM \(unescaped: self.events) k
                        WHERE k.topic_id = topic.id AND k."offset" <= topic.head - \(keeping)
                        AND k."offset" > topic.head - \(keeping) - \(events.count)
                        LIMIT \(events.count)
                    ) doomed
                ))
            ), notified AS (
                SELECT count(pg_notify(\(channel), id || ':' || epoch || ':' || head)) FROM topic
            )
            SELECT numbered.id, numbered.epoch, numbered."offset" FROM numbered CROSS JOIN notified ORDER BY numbered.n
            """
    }

    /// One statement for a batch of reads, so one snapshot: for each read (numbered from 1, in
    /// the order given) of a topic the log knows, its id, epoch, head and oldest kept offset,
    /// and up to `limit` events after `position` (from the oldest kept when `position` is of
    /// another epoch). A topic without the events asked for gives one row with the event
    /// columns null; a topic never published to gives no row.
    func read(_ reads: [(topic: String, position: ServerSentEventPosition?, limit: Int)]) -> PostgresQuery {
        let topicNames = reads.map(\.topic)
        let epochs = reads.map { $0.position?.epoch ?? "" }
        let offsets = reads.map { Int64(clamping: $0.position?.offset ?? 0) }
        let limits = reads.map { Int64(max(0, $0.limit)) }
        // The LIMITs keep each lateral a lookup by key: PostgreSQL cannot flatten them into a
        // join that scans a whole table.
        return """
            SELECT r.n, t.id, t.epoch, t.head, t.oldest, e."offset", e.type, e.data, e.terminal
            FROM unnest(\(topicNames)::text[], \(epochs)::text[], \(offsets)::bigint[], \(limits)::bigint[])
                WITH ORDINALITY AS r(topic, epoch, after, page, n)
            CROSS JOIN LATERAL (
                SELECT id, epoch, head,
                    (SELECT min(k."offset") FROM \(unescaped: events) k WHERE k.topic_id = topics.id) AS oldest
                FROM \(unescaped: topics) topics WHERE name = r.topic LIMIT 1
            ) t
            LEFT JOIN LATERAL (
                SELECT "offset", type, data, terminal FROM \(unescaped: events)
                WHERE topic_id = t.id AND "offset" > CASE WHEN t.epoch = r.epoch THEN r.after ELSE 0 END
                ORDER BY "offset" LIMIT r.page
            ) e ON true
            ORDER BY r.n, e."offset"
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

    /// Every topic to its newest `keeping` events: what the appends leave, after the
    /// retention was lowered.
    func trimByCount(keeping: Int) -> PostgresQuery {
        """
        DELETE FROM \(unescaped: events) e USING \(unescaped: topics) t
        WHERE e.topic_id = t.id AND e."offset" <= t.head - \(keeping)
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
#endif  // PostgreSQL
