#if Hummingbird
public import ServerSentEvents
public import ServiceLifecycle

/// Runs a hub beside the application: a hub on a shared `ServerSentEventLog`
/// (PostgreSQL) must run to watch the log for other instances' events.
///
/// ```swift
/// let app = Application(router: router, services: [ServerSentEventHubService(hub)])
/// ```
///
/// It stops on graceful shutdown; the streams themselves end then too (their responses watch
/// the shutdown), after what they had queued.
public struct ServerSentEventHubService: Service {
    /// The hub it runs.
    public let hub: ServerSentEventHub

    /// A service that runs `hub`.
    public init(_ hub: ServerSentEventHub) {
        self.hub = hub
    }

    /// Runs the hub until graceful shutdown or cancellation.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await hub.run() }
        } catch is CancellationError {
            // Shutdown, as asked.
        }
    }
}
#endif  // Hummingbird
