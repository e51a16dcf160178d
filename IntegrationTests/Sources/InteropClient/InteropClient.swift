import ServerSentEvents
import ServerSentEventsClient

/// `interop-client URL`: follows the stream with ``ServerSentEventClient`` (reconnecting as
/// needed) until the server answers 204, printing one line per event: `id type data` with the
/// data's line breaks as `\n`.
@main
struct InteropClient {
    static func main() async throws {
        guard let url = CommandLine.arguments.dropFirst().first else {
            print("usage: interop-client URL")
            return
        }
        let configuration = ServerSentEventClient.Configuration(
            reconnection: .init(
                reconnectionDelay: .milliseconds(50),
                minimumReconnectionDelay: .milliseconds(10),
                maximumReconnectionDelay: .seconds(1),
                maximumFailedAttempts: 20
            ),
            idleTimeout: .seconds(20)
        )
        for try await event in ServerSentEventClient(configuration: configuration).events(url: url) {
            print("\(event.id ?? "") \(event.type) \(event.data.replacing("\n", with: "\\n"))")
        }
    }
}
