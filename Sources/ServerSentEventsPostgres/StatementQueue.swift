#if PostgreSQL
import Synchronization

/// Requests waiting for their statement: group commit for appends, and the same for reads.
/// Whatever is asked while a statement runs goes into the next one, for any topics, so that a
/// burst costs one round trip (and, for appends, one commit) rather than one per request.
///
/// A state machine without I/O: the log holds it in a lock, and each runner task asks it for
/// its next batch until it gets none.
struct StatementQueue<Request: Sendable, Waiter: Sendable>: ~Copyable {
    /// One request, and who waits for its answer.
    struct Entry: Sendable {
        var request: Request
        /// When it was queued: one that waited longer than the operation timeout fails unsent.
        var queuedAt: ContinuousClock.Instant
        var waiter: Waiter
    }

    private let limits: PostgresServerSentEventLog.Batching
    private var waiting: [Entry] = []
    /// Where `waiting` starts: taking a batch moves it, and the array is compacted now and then.
    private var start = 0
    /// Tasks that run statements: each takes a batch, runs it, and comes back for the next.
    private var runners = 0

    init(limits: PostgresServerSentEventLog.Batching) {
        self.limits = limits
    }

    enum Queued {
        /// The caller starts a runner task.
        case startRunner
        /// A running runner takes it.
        case queued
        /// ``PostgresServerSentEventLog/Batching/waitingLimit`` requests wait already: the
        /// caller fails this one, unsent.
        case full(Entry)
    }

    mutating func enqueue(_ entry: Entry) -> Queued {
        guard waiting.count - start < limits.waitingLimit else { return .full(entry) }
        waiting.append(entry)
        guard runners < limits.concurrentStatements else { return .queued }
        runners += 1
        return .startRunner
    }

    /// The next batch for a runner, oldest first, and the entries that waited longer than
    /// `timeout` (to fail, unsent). An empty batch ends the runner: it is counted off here, in
    /// the same step, so that the next request starts a new one.
    mutating func nextBatch(
        now: ContinuousClock.Instant, timeout: Duration
    ) -> (batch: [Entry], expired: [Entry]) {
        var batch: [Entry] = []
        var expired: [Entry] = []
        while start < waiting.count, batch.count < limits.maximumBatch {
            let entry = waiting[start]
            start += 1
            if now - entry.queuedAt > timeout { expired.append(entry) } else { batch.append(entry) }
        }
        if start == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 4_096 {
            waiting.removeFirst(start)
            start = 0
        }
        if batch.isEmpty { runners -= 1 }
        return (batch, expired)
    }
}

/// Runs a ``StatementQueue``: a request joins the queue, and the first `concurrentStatements`
/// requests that find no runner start one, which runs batches until the queue is empty.
final class StatementBatcher<Request: Sendable, Answer: Sendable>: Sendable {
    private typealias Queue = StatementQueue<Request, CheckedContinuation<Answer, any Error>>
    private let queue: Mutex<Queue>
    private let timeout: Duration
    /// The code of every error an answer fails with: what the caller asked for failed.
    private let failure: PostgresEventLogError.Code
    /// Whether a batch's error says the statement was refused whole (nothing done), so that
    /// its requests can go again one by one: one bad request then fails alone.
    private let refusedWhole: @Sendable (any Error) -> Bool

    init(
        limits: PostgresServerSentEventLog.Batching, timeout: Duration, failure: PostgresEventLogError.Code,
        refusedWhole: @escaping @Sendable (any Error) -> Bool
    ) {
        queue = Mutex(StatementQueue(limits: limits))
        self.timeout = timeout
        self.failure = failure
        self.refusedWhole = refusedWhole
    }

    /// The answer to `request`, from the batch it joins; `statement` runs a batch and answers
    /// each of its requests, in order.
    func submit(
        _ request: Request, running statement: @escaping @Sendable ([Request]) async throws -> [Answer]
    ) async throws -> Answer {
        try await withCheckedThrowingContinuation { waiter in
            let entry = Queue.Entry(request: request, queuedAt: .now, waiter: waiter)
            switch queue.withLock({ $0.enqueue(entry) }) {
            case .startRunner: Task { await self.runBatches(statement) }
            case .queued: break
            case .full(let entry):
                entry.waiter.resume(throwing: error(PostgresEventLogError(code: .overloaded, underlying: nil)))
            }
        }
    }

    private func runBatches(_ statement: @Sendable ([Request]) async throws -> [Answer]) async {
        while true {
            let next = queue.withLock { $0.nextBatch(now: .now, timeout: timeout) }
            for entry in next.expired {
                entry.waiter.resume(throwing: error(PostgresEventLogError(code: .timedOut, underlying: nil)))
            }
            let batch = next.batch
            if batch.isEmpty { return }
            do {
                try await answer(batch, statement)
            } catch  where batch.count > 1 && refusedWhole(error) {
                for entry in batch {
                    do { try await answer([entry], statement) } catch {
                        entry.waiter.resume(throwing: self.error(error))
                    }
                }
            } catch {
                for entry in batch { entry.waiter.resume(throwing: self.error(error)) }
            }
        }
    }

    /// Runs `batch`, and answers each of its entries; throws (answering none) when it fails.
    private func answer(_ batch: [Queue.Entry], _ statement: ([Request]) async throws -> [Answer]) async throws {
        let answers = try await statement(batch.map(\.request))
        guard answers.count == batch.count else { throw PostgresEventLogError(code: failure, underlying: nil) }
        for (entry, answer) in zip(batch, answers) { entry.waiter.resume(returning: answer) }
    }

    private func error(_ underlying: any Error) -> PostgresEventLogError {
        PostgresEventLogError(code: failure, underlying: underlying)
    }
}
#endif  // PostgreSQL
