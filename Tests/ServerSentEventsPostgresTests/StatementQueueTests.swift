#if PostgreSQL
import Testing

@testable import ServerSentEventsPostgres

/// The group-commit queue, without a database: who starts a runner, what a batch holds, and
/// what fails unsent.
@Suite("Statement queue")
struct StatementQueueTests {
    typealias Queue = StatementQueue<String, Int>

    let now = ContinuousClock.now

    func entry(_ request: String, queuedAt: ContinuousClock.Instant? = nil) -> Queue.Entry {
        Queue.Entry(request: request, queuedAt: queuedAt ?? now, waiter: 0)
    }

    @Test("the first requests start runners, up to the limit; the rest wait for them")
    func runners() {
        var queue = Queue(limits: .init(maximumBatch: 10, concurrentStatements: 2))
        let queued = (1...5).map { queue.enqueue(entry("\($0)")) }
        #expect(queued.map(\.name) == ["start", "start", "queued", "queued", "queued"])
    }

    @Test("a batch takes what waits, oldest first, up to the batch limit")
    func batches() {
        var queue = Queue(limits: .init(maximumBatch: 3, concurrentStatements: 1))
        for request in ["a", "b", "c", "d", "e"] { _ = queue.enqueue(entry(request)) }
        #expect(queue.nextBatch(now: now, timeout: .seconds(2)).batch.map(\.request) == ["a", "b", "c"])
        #expect(queue.nextBatch(now: now, timeout: .seconds(2)).batch.map(\.request) == ["d", "e"])
    }

    @Test("an empty batch ends its runner in the same step: the next request starts one")
    func runnerEnds() {
        var queue = Queue(limits: .init(maximumBatch: 10, concurrentStatements: 1))
        #expect(queue.enqueue(entry("a")).name == "start")
        #expect(queue.enqueue(entry("b")).name == "queued")
        #expect(queue.nextBatch(now: now, timeout: .seconds(2)).batch.count == 2)
        // The runner comes back while its last batch ran: a request queued meanwhile is taken.
        #expect(queue.enqueue(entry("c")).name == "queued")
        #expect(queue.nextBatch(now: now, timeout: .seconds(2)).batch.map(\.request) == ["c"])
        #expect(queue.nextBatch(now: now, timeout: .seconds(2)).batch.isEmpty)
        #expect(queue.enqueue(entry("d")).name == "start")
    }

    @Test("beyond the waiting limit a request is refused at once, and the queue keeps the others")
    func full() {
        var queue = Queue(limits: .init(maximumBatch: 10, concurrentStatements: 1, waitingLimit: 2))
        let queued = ["a", "b", "c"].map { queue.enqueue(entry($0)) }
        #expect(queued.map(\.name) == ["start", "queued", "full c"])
        #expect(queue.nextBatch(now: now, timeout: .seconds(2)).batch.map(\.request) == ["a", "b"])
        #expect(queue.enqueue(entry("d")).name == "queued")
    }

    @Test("a request that waited longer than the timeout fails unsent; the fresh ones go")
    func expired() {
        var queue = Queue(limits: .init(maximumBatch: 10, concurrentStatements: 1))
        _ = queue.enqueue(entry("old", queuedAt: now - .seconds(3)))
        _ = queue.enqueue(entry("new", queuedAt: now - .milliseconds(10)))
        let next = queue.nextBatch(now: now, timeout: .seconds(2))
        #expect(next.expired.map(\.request) == ["old"])
        #expect(next.batch.map(\.request) == ["new"])
    }

    @Test("the limits are at least 1")
    func limits() {
        let batching = PostgresServerSentEventLog.Batching(maximumBatch: 0, concurrentStatements: -1, waitingLimit: 0)
        #expect([batching.maximumBatch, batching.concurrentStatements, batching.waitingLimit] == [1, 1, 1])
    }
}

extension StatementQueue.Queued {
    var name: String {
        switch self {
        case .startRunner: "start"
        case .queued: "queued"
        case .full(let entry): "full \(entry.request)"
        }
    }
}
#endif  // PostgreSQL
