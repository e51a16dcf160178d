#if PostgreSQL
import Dispatch
import ServerSentEvents
import Synchronization
import Testing

@testable import ServerSentEventsPostgres

/// Timeouts that hold when the operation does not heed cancellation, as a query to a server
/// that stopped answering does not. The operations hang for 30 s; the bounds are loose, for a
/// machine whose cooperative threads are busy with other suites.
@Suite("Deadlines")
struct DeadlineTests {
    /// Waits `seconds` whatever happens to the task, like a query whose server went silent.
    static func ignoringCancellation(seconds: Double) async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { continuation.resume() }
        }
    }

    @Test("an answer in time, or an error in time, passes through")
    func passesThrough() async throws {
        #expect(try await withDeadline(.seconds(5)) { 42 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await withDeadline(.seconds(5)) { throw Refused() } }
    }

    @Test("an operation that ignores cancellation still times out on time")
    func timesOut() async throws {
        let start = ContinuousClock.now
        do {
            _ = try await withDeadline(.milliseconds(100)) { await Self.ignoringCancellation(seconds: 30) }
            Issue.record("answered")
        } catch let error as PostgresEventLogError {
            #expect(error.code == .timedOut)
        }
        #expect(ContinuousClock.now - start < .seconds(15))
    }

    @Test("a cancelled caller returns at once, whatever the operation does")
    func cancelled() async throws {
        let start = ContinuousClock.now
        let caller = Task { try await withDeadline(nil) { await Self.ignoringCancellation(seconds: 30) } }
        try await Task.sleep(for: .milliseconds(50))
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        #expect(ContinuousClock.now - start < .seconds(15))
    }

    @Test("a statement that hangs fails its batch on time, and the queue goes on with the next")
    func batcherGoesOn() async throws {
        let batcher = StatementBatcher<String, String>(
            limits: .init(concurrentStatements: 1), timeout: .seconds(5), failure: .appendFailed,
            refusedWhole: { _ in false })
        let hanging = Mutex(false)
        let statement: @Sendable ([String]) async throws -> [String] = { batch in
            // A short deadline for the statement that hangs; a loose one for the next, which a
            // loaded machine may start late.
            try await withDeadline(batch.contains("hang") ? .milliseconds(100) : .seconds(10)) {
                if batch.contains("hang") {
                    hanging.withLock { $0 = true }
                    await Self.ignoringCancellation(seconds: 30)
                }
                return batch.map { $0.uppercased() }
            }
        }
        let start = ContinuousClock.now
        let hung = Task { try await batcher.submit("hang", running: statement) }
        // Once its statement runs: "next" waits for the next batch.
        while !hanging.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        let next = try await batcher.submit("next", running: statement)
        #expect(next == "NEXT")
        await #expect {
            _ = try await hung.value
        } throws: { error in
            let error = error as? PostgresEventLogError
            return error?.code == .appendFailed && (error?.underlying as? PostgresEventLogError)?.code == .timedOut
        }
        #expect(ContinuousClock.now - start < .seconds(15))
    }
}
#endif  // PostgreSQL
