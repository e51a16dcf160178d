#if PostgreSQL
import Synchronization

/// `operation`'s answer; or ``PostgresEventLogError/Code/timedOut`` once `timeout` has passed,
/// or `CancellationError` once the caller is cancelled, whether `operation` heeds cancellation
/// or not: a query to a server that stopped answering does not, and a task group would wait
/// for it. `operation` is then cancelled and left to end on its own; its answer is dropped.
func withDeadline<Value: Sendable>(
    _ timeout: Duration?, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    let race = FirstAnswer<Value>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            race.start(continuation, operation: operation, timeout: timeout)
        }
    } onCancel: {
        race.answer(.failure(CancellationError()))
    }
}

/// The first of the operation, the timer and the caller's cancellation to answer resumes the
/// caller, and stops the others.
private final class FirstAnswer<Value: Sendable>: Sendable {
    private struct State {
        var waiter: CheckedContinuation<Value, any Error>?
        var tasks: [Task<Void, Never>] = []
        /// Answered before the waiter came (a cancellation that came first).
        var early: Result<Value, any Error>?
        var answered = false
    }
    private let state = Mutex(State())

    func start(
        _ waiter: CheckedContinuation<Value, any Error>, operation: @escaping @Sendable () async throws -> Value,
        timeout: Duration?
    ) {
        if let early = state.withLock({ $0.early }) { return waiter.resume(with: early) }
        let work = Task {
            do { self.answer(.success(try await operation())) } catch { self.answer(.failure(error)) }
        }
        var tasks = [work]
        if let timeout {
            tasks.append(
                Task {
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    self.answer(.failure(PostgresEventLogError(code: .timedOut, underlying: nil)))
                })
        }
        let answered = state.withLock { state -> Bool in
            guard state.early == nil else { return true }
            state.waiter = waiter
            state.tasks = tasks
            return false
        }
        if answered {
            for task in tasks { task.cancel() }
            waiter.resume(with: state.withLock { $0.early! })
        }
    }

    func answer(_ result: Result<Value, any Error>) {
        let (waiter, tasks) = state.withLock { state -> (CheckedContinuation<Value, any Error>?, [Task<Void, Never>]) in
            guard !state.answered else { return (nil, []) }
            state.answered = true
            if state.waiter == nil { state.early = result }
            defer { (state.waiter, state.tasks) = (nil, []) }
            return (state.waiter, state.tasks)
        }
        for task in tasks { task.cancel() }
        waiter?.resume(with: result)
    }
}
#endif  // PostgreSQL
