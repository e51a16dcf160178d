import Foundation
import ServerSentEvents
import Synchronization
import Testing

/// The README's "Generated Swift" example, server and client, run end to end.
@Suite("README example")
struct ReadmeExampleTests {
    @Test("the server example's events reach the client example, which stops at roomClosed")
    func serverToClient() async throws {
        let user = Chat.User(id: UUID(), name: "Ada", role: .admin)
        let (body, sink) = AsyncStreamServerSentEventSink.makeStream()

        try await ChatRoomEmitter.withEmitter(sink: sink) { room in
            try await room.sendUserJoined(user, id: "41")
            try await room.sendMessagePosted(
                Chat.Message(id: "m1", author: user, text: "Hello\nworld", sentAt: .now),
                id: "42"
            )
            try await room.sendRoomClosed(id: "43")
        }

        let warnings = Mutex<[String]>([])
        var seen: [String] = []
        let events = ChatRoomDecoder().events(
            fromBytes: body, onInvalid: .skip { error in warnings.withLock { $0.append("\(error)") } })
        for try await event in events {
            switch event {
            case .messagePosted(let message): seen.append("\(message.author.name): \(message.text)")
            case .userJoined(let user): seen.append("joined \(user.name)")
            case .roomClosed: seen.append("room closed")
            case .unknown(let raw): seen.append("unknown \(raw.type)")
            default: break
            }
        }
        #expect(seen == ["joined Ada", "Ada: Hello\nworld", "room closed"])
        #expect(warnings.withLock { $0 }.isEmpty)
    }
}
