#if Hummingbird && AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import ServerSentEvents
import ServerSentEventsClient
import ServerSentEventsHummingbird
import Synchronization
import Testing

/// The whole chain over real HTTP: generated emitter → hub → Hummingbird → reconnecting
/// client → generated decoder.
@Suite("Typed events over HTTP", .timeLimit(.minutes(2)))
struct LiveStreamTests {
    @Test("typed events arrive in order; the terminal event ends the stream without a reconnection")
    func roomOverHTTP() async throws {
        let hub = ServerSentEventHub()
        let connections = Mutex(0)
        let router = Router()
        router.get("/rooms/:roomID/events") { request, context in
            connections.withLock { $0 += 1 }
            let roomID = try context.parameters.require("roomID")
            return await Response.serverSentEvents(
                from: hub,
                topic: ChatRoomEvent.path(roomID: roomID),
                request: request,
                configuration: ChatRoomEmitter.configuration
            )
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let user = Chat.User(id: UUID(), name: "Ada", role: .admin)
        let room = ChatRoomEvent.path(roomID: "lobby")
        try await ChatRoomEmitter.publish(.userJoined(user), to: hub, topic: room)
        try await ChatRoomEmitter.publish(.notice("welcome"), to: hub, topic: room)
        try await ChatRoomEmitter.publish(.roomClosed, to: hub, topic: room)

        try await app.test(.live) { client in
            let events = ServerSentEventClient().events(
                url: "http://127.0.0.1:\(client.port!)\(room)", lastEventID: ServerSentEventHub.earliest)
            var received: [ChatRoomEvent] = []
            for try await event in ChatRoomDecoder().events(events) { received.append(event) }
            #expect(received == [.userJoined(user), .notice("welcome"), .roomClosed])
            try await Task.sleep(for: .milliseconds(100))
            #expect(connections.withLock { $0 } == 1)
        }
    }
}
#endif  // Hummingbird && AsyncHTTPClient
