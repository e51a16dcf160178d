import Foundation
import ServerSentEvents
import ServerSentEventsClient

/// A line on standard output (or error) at once, also when it is a pipe or a file.
func say(_ line: String, to handle: FileHandle = .standardOutput) {
    handle.write(Data((line + "\n").utf8))
}

// `swift run chat-follow [base URL] [room]`: prints a room's messages as they are posted,
// across reconnections, until the room is closed.
let base = CommandLine.arguments.dropFirst().first ?? "http://127.0.0.1:8080"
let room = CommandLine.arguments.dropFirst(2).first ?? "lobby"
say("chat-follow: following \(room)")
// Typed events, read from the response's bytes. An event this follower cannot read (another
// server's bug, a newer schema) is reported on standard error, and it goes on with the next one.
let events = ServerSentEventClient().events(
    url: base + ChatRoomEvent.path(roomID: room), decoder: ChatRoomDecoder(),
    onInvalid: .skip { say("chat-follow: skipped a bad event: \($0)", to: .standardError) })
for try await event in events {
    switch event {
    case .messagePosted(let message): say("\(message.author.name): \(message.text)")
    case .userJoined(let user): say("\(user.name) joined")
    case .notice(let text): say("notice: \(text)")
    case .roomClosed: say("the room was closed")
    case .replayGap(let gap): say("chat-follow: messages after \(gap.lastEventID) were missed while disconnected")
    default: break
    }
}
