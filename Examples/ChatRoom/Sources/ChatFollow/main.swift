internal import Foundation
import ServerSentEvents
import ServerSentEventsClient

/// A line on standard output at once (also when it is a pipe or a file).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

// `swift run chat-follow [base URL] [room]`: prints a room's messages as they are posted,
// across reconnections, until the room is closed.
let base = CommandLine.arguments.dropFirst().first ?? "http://127.0.0.1:8080"
let room = CommandLine.arguments.dropFirst(2).first ?? "lobby"
let events = ServerSentEventClient().events(url: base + ChatRoomEvent.path(roomID: room))
say("chat-follow: following \(room)")
for try await event in ChatRoomDecoder().events(events) {
    switch event {
    case .messagePosted(let message): say("\(message.author.name): \(message.text)")
    case .userJoined(let user): say("\(user.name) joined")
    case .notice(let text): say("notice: \(text)")
    case .roomClosed: say("the room was closed")
    default: break
    }
}
