import Foundation
import Hummingbird
import NIOCore
import ServerSentEvents
import ServerSentEventsHummingbird
import Synchronization

/// The server of the end-to-end tests (scripts/browser-e2e.sh, Tests/JavaScript/live.test.mjs):
/// `e2e-server PORT FOLDER` serves the page of `FOLDER/Tests/Browser` and the generated
/// `chat.events.mjs`, and the chat schema's `room` stream from a hub through the generated
/// emitter (`ChatRoomEmitter.publish`). It prints `listening on PORT` when ready, and
/// `stream Last-Event-ID=<id or none>` for each stream request.
///
/// The page (or a test) drives a scenario by `POST /scenario/<step>?room=R`:
/// - `first`: a message, a user joining and a notice (ids 1-3);
/// - `drop`: ends every open stream of the room (the replay window stays), waits until
///   they are gone, then publishes an edit and a user leaving (ids 4-5), which the
///   reconnecting client must get from the replay window;
/// - `restart`: ends every open stream of the room and starts over with a new hub, as a
///   restarted server would (it knows no event ID), then publishes a notice (id 1 of the new
///   hub): the reconnecting client must get the `replay-gap` loss signal first;
/// - `wrong`: what a buggy server sends: a `messagePosted` without its author and an event the
///   schema does not name, then a valid notice (for `generate-events tail`, Tests/Tail);
/// - `close`: the terminal `roomClosed`.
/// `GET /scenario/requests` counts the stream requests so far.
@main
struct EndToEndServer {
    static func main() async throws {
        let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 0
        let folder = URL(fileURLWithPath: CommandLine.arguments.dropFirst(2).first ?? ".")
        // Replaced by `restart`: what a server restarted with an in-memory hub has.
        let hubs = Mutex(ServerSentEventHub())
        let drops = DropSignal()
        let requests = Mutex(0)
        let router = Router()

        router.get("/") { _, _ in try file(folder, "Tests/Browser/index.html", type: "text/html; charset=utf-8") }
        router.get("/app.mjs") { _, _ in try file(folder, "Tests/Browser/app.mjs", type: "text/javascript") }
        router.get("/chat.events.mjs") { _, _ in
            try file(folder, "Tests/JavaScript/Generated/chat.events.mjs", type: "text/javascript")
        }

        router.get("/rooms/:roomID/events") { request, context in
            let topic = ChatRoomEvent.path(roomID: try context.parameters.require("roomID"))
            requests.withLock { $0 += 1 }
            say("stream Last-Event-ID=\(ServerSentEvent.lastEventID(of: request) ?? "none")")
            let subscription = await hubs.withLock { $0 }.subscribe(
                to: topic, lastEventID: ServerSentEvent.lastEventID(of: request))
            let dropped = drops.next()
            return Response.serverSentEvents(configuration: ChatRoomEmitter.configuration) { emitter in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await event in subscription { try await emitter.send(event) }
                    }
                    group.addTask {
                        for await _ in dropped {}
                    }
                    // Whichever ends first (the stream's last event, or a drop) ends the response.
                    try await group.next()
                    group.cancelAll()
                }
            }
        }

        router.post("/scenario/:step") { request, context -> HTTPResponse.Status in
            let room = request.uri.queryParameters.get("room") ?? "lobby"
            let topic = ChatRoomEvent.path(roomID: room)
            let ada = Chat.User(id: UUID(), name: "Ada", role: .admin)
            let hub = hubs.withLock { $0 }
            /// Ends the room's streams and waits until the hub let them go.
            func dropStreams() async throws {
                drops.dropAll()
                let deadline = ContinuousClock.now + .seconds(5)
                while hub.subscriberCount(topic: topic) > 0, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            switch try context.parameters.require("step") {
            case "first":
                let message = Chat.Message(id: "m1", author: ada, text: "hello", sentAt: Date())
                try await ChatRoomEmitter.publish(.messagePosted(message), to: hub, topic: topic)
                try await ChatRoomEmitter.publish(.userJoined(ada), to: hub, topic: topic)
                try await ChatRoomEmitter.publish(.notice("welcome"), to: hub, topic: topic)
            case "drop":
                try await dropStreams()
                let edit = Chat.MessageEdited(messageID: "m1", text: "hello, edited", editedAt: Date())
                try await ChatRoomEmitter.publish(.messageEdited(edit), to: hub, topic: topic)
                try await ChatRoomEmitter.publish(.userLeft(Chat.UserLeft(userID: ada.id)), to: hub, topic: topic)
            case "restart":
                try await dropStreams()
                let restarted = ServerSentEventHub()
                hubs.withLock { $0 = restarted }
                try await ChatRoomEmitter.publish(.notice("after restart"), to: restarted, topic: topic)
            case "close":
                try await ChatRoomEmitter.publish(.roomClosed, to: hub, topic: topic)
            case "wrong":
                // What a server with a bug, or on another version of the schema, sends: a
                // message without its author, and an event the schema does not name.
                try await hub.publish(
                    ServerSentEvent(
                        type: "messagePosted", data: #"{"id":"m2","text":"who?","sentAt":"2026-12-01T00:00:00Z"}"#),
                    to: topic)
                try await hub.publish(ServerSentEvent(type: "surprise", data: "{}"), to: topic)
                try await ChatRoomEmitter.publish(.notice("after the wrong ones"), to: hub, topic: topic)
            default:
                return .notFound
            }
            return .ok
        }
        router.get("/scenario/requests") { _, _ in String(requests.withLock { $0 }) }

        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                say("listening on \(channel.localAddress?.port ?? 0)")
            }
        )
        try await app.runService()
    }

    /// A line on standard output, unbuffered: the tests wait for these.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func file(_ folder: URL, _ path: String, type: String) throws -> Response {
        let bytes = try Data(contentsOf: folder.appendingPathComponent(path))
        return Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}

/// Ends the open streams on demand: each stream waits on a sequence that `dropAll` finishes.
final class DropSignal: Sendable {
    private let waiting = Mutex<[AsyncStream<Void>.Continuation]>([])

    func next() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        waiting.withLock { $0.append(continuation) }
        return stream
    }

    func dropAll() {
        for continuation in waiting.withLock({ list in
            defer { list.removeAll() }; return list
        }) {
            continuation.finish()
        }
    }
}
