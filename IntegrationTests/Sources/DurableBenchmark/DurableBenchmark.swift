import Foundation
import Logging
import ServerSentEvents
import ServerSentEventsPostgres
import Synchronization

/// Publishes per second and publish-to-delivery latency: the PostgreSQL log across two
/// instances (two hubs, each with its own connections and listener, publishing on one and
/// delivering on the other) beside the in-memory hub, in the same run.
///
///   DATABASE_URL=postgres://… durable-benchmark [seconds=10] [publishers=32] [topics=16] [rate=5000]
///
/// Each hub is measured twice: flat out (publishers in a loop: throughput, and the latency
/// that queueing gives), and paced at `rate` publishes per second (the latency of a sustained
/// load). Benchmarks/Postgres/run.sh starts a private cluster and runs it in release.
@main
struct DurableBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst().map { Int($0) }
        let seconds = arguments.first.flatMap { $0 } ?? 10
        let publishers = arguments.dropFirst().first.flatMap { $0 } ?? 32
        let topics = (0..<(arguments.dropFirst(2).first.flatMap { $0 } ?? 16)).map { "/bench/\($0)" }
        let rate = arguments.dropFirst(3).first.flatMap { $0 } ?? 5_000
        guard let url = Environment.databaseURL else {
            say("durable-benchmark: set DATABASE_URL (Benchmarks/Postgres/run.sh does)")
            return
        }
        say("durable-benchmark: \(seconds) s per run, \(publishers) publishers, \(topics.count) topics")

        var quiet = Logger(label: "benchmark")
        quiet.logLevel = .error
        let prefix = "bench" + ServerSentEventPosition.randomEpoch()
        let logs = try (0..<2).map { _ in
            try PostgresServerSentEventLog(url: url, configuration: .init(tablePrefix: prefix), logger: quiet)
        }
        // Queues long enough that a reader behind a flat-out writer is not disconnected.
        let hubs = ServerSentEventHub.Configuration(subscriberQueueLimit: 1 << 16)
        let publishing = ServerSentEventHub(log: logs[0], configuration: hubs)
        let delivering = ServerSentEventHub(log: logs[1], configuration: hubs)
        let memory = ServerSentEventHub(configuration: hubs)

        try await withThrowingTaskGroup(of: Void.self) { group in
            for hub in [publishing, delivering] { group.addTask { try await hub.run() } }
            try await logs[0].migrate()
            var results: [String: Result] = [:]
            for (name, pace) in [("flat out", nil), ("paced \(rate)/s", rate)] as [(String, Int?)] {
                let inMemory = try await measure(
                    publishOn: memory, deliverOn: memory, topics: topics, publishers: publishers, seconds: seconds,
                    rate: pace)
                say("memory     \(name): \(inMemory)")
                let postgres = try await measure(
                    publishOn: publishing, deliverOn: delivering, topics: topics, publishers: publishers,
                    seconds: seconds, rate: pace)
                say("postgres   \(name): \(postgres) (across two instances)")
                results[name] = postgres
                say(
                    "ratio      \(name): postgres/memory publishes \(ratio(postgres.rate, inMemory.rate)), "
                        + "p99 \(ratio(postgres.p99, inMemory.p99))")
            }
            group.cancelAll()
        }
    }

    static func ratio(_ a: Double, _ b: Double) -> String {
        b > 0 ? String(format2(a / b)) + "x" : "n/a"
    }

    /// One run: `publishers` tasks publish to `topics` on one hub for `seconds`, one subscriber
    /// per topic reads on the other and notes each event's latency.
    static func measure(
        publishOn publisher: ServerSentEventHub, deliverOn deliverer: ServerSentEventHub, topics: [String],
        publishers: Int, seconds: Int, rate: Int?
    ) async throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let tally = Tally()
        var subscriptions: [ServerSentEventHub.Subscription] = []
        for topic in topics { subscriptions.append(await deliverer.subscribe(to: topic)) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for subscription in subscriptions {
                group.addTask {
                    while tally.latencies.withLock({ $0.count }) < tally.expected.load(ordering: .relaxed) {
                        guard let batch = try await subscription.nextBatch(idleAfter: .milliseconds(100)) else {
                            return
                        }
                        let now = clock.now
                        let taken = batch.compactMap { Int64($0.data).map { now - start - .nanoseconds($0) } }
                        tally.latencies.withLock { $0 += taken }
                    }
                }
            }
            let end = start.advanced(by: .seconds(seconds))
            try await withThrowingTaskGroup(of: Void.self) { writers in
                for index in 0..<publishers {
                    writers.addTask {
                        let spacing = rate.map { Duration.seconds(Double(publishers) / Double($0)) }
                        var next = start
                        var count = index
                        while clock.now < end {
                            if let spacing {
                                next = next.advanced(by: spacing)
                                try await clock.sleep(until: next)
                            }
                            let sent = (clock.now - start).nanoseconds
                            try await publisher.publish(
                                ServerSentEvent(type: "tick", data: String(sent)), to: topics[count % topics.count])
                            tally.published.add(1, ordering: .relaxed)
                            count += 1
                        }
                    }
                }
                try await writers.waitForAll()
            }
            let elapsed = clock.now - start
            tally.expected.store(tally.published.load(ordering: .relaxed), ordering: .relaxed)
            // Until every event arrived, or 10 s.
            let deadline = clock.now.advanced(by: .seconds(10))
            while tally.latencies.withLock({ $0.count }) < tally.published.load(ordering: .relaxed),
                clock.now < deadline
            {
                try await clock.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
            let sorted = tally.latencies.withLock { $0 }.sorted()
            func percentile(_ p: Double) -> Double {
                sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))].milliseconds
            }
            let count = tally.published.load(ordering: .relaxed)
            return Result(
                rate: Double(count) / elapsed.seconds, delivered: sorted.count, published: count,
                p50: percentile(0.5), p99: percentile(0.99))
        }
    }

    /// What the readers and writers of one run count.
    final class Tally: Sendable {
        let published = Atomic<Int>(0)
        let latencies = Mutex<[Duration]>([])
        /// How many events the readers wait for: unknown until the writers stop.
        let expected = Atomic<Int>(.max)
    }

    struct Result: CustomStringConvertible {
        var rate: Double
        var delivered: Int
        var published: Int
        var p50: Double
        var p99: Double

        var description: String {
            let head = "\(Int(rate)) publishes/s, delivered \(delivered) of \(published), "
            // An in-memory reader behind a flat-out writer is disconnected (the default policy):
            // what it got says nothing of latency.
            guard delivered == published else { return head + "latency n/a (the readers fell behind)" }
            return head + "latency p50 \(format2(p50)) ms p99 \(format2(p99)) ms"
        }
    }
}

enum Environment {
    static var databaseURL: String? { ProcessInfo.processInfo.environment["DATABASE_URL"] }
}

/// Prints `line` at once, into a file too (where output is otherwise buffered to the end).
func say(_ line: String) {
    print(line)
    fflush(nil)
}

func format2(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = abs(hundredths % 100)
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Double { seconds * 1_000 }
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
