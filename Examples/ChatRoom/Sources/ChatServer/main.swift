import Foundation
import Hummingbird
import ServerSentEvents
import ServerSentEventsHummingbird
import ServerSentEventsPostgres

// `swift run chat-server [port]`: the page at http://127.0.0.1:8080/ (from any working
// directory: the page is a resource of this target), a room's events at /rooms/{roomID}/events,
// and `POST /rooms/{roomID}/messages` with `Content-Type: application/json` and
// `{"author":"Ada","text":"hello"}` to post (what the page's form sends).
// With `DATABASE_URL=postgres://user@host:5432/db` in the environment the rooms live in
// PostgreSQL: run several servers on one database, and each serves every room, resumes any
// event ID and survives restarts. Without it, the rooms live in this process's memory.
let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 8080
guard let publicFolder = Bundle.module.url(forResource: "Public", withExtension: nil) else {
    fatalError("chat-server: the page's files (Public/) are missing from the build")
}
let hub: ServerSentEventHub
if let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"], !databaseURL.isEmpty {
    // Its tables are created (or migrated) when the hub starts running, below.
    hub = ServerSentEventHub(log: try PostgresServerSentEventLog(url: databaseURL))
} else {
    hub = ServerSentEventHub()
}
let router = Router()
router.add(middleware: FileMiddleware(publicFolder.path, searchForIndexHtml: true))

// A room's events, answered by each connection before the router (less memory per open
// stream than a router route). The topic is the request's path in canonical form, which is
// what `ChatRoomEvent.path(roomID:)` gives the publisher below. Through the router instead:
//     router.get("/rooms/:roomID/events") { request, context in
//         let roomID = try context.parameters.requireEventStreamParameter("roomID")
//         return await Response.serverSentEvents(from: hub, topic: ChatRoomEvent.path(roomID: roomID),
//                                          request: request, configuration: ChatRoomEmitter.configuration)
//     }
var streams = EventStreamRoutes()
streams.add(ChatRoomEvent.pathTemplate, hub: hub, configuration: ChatRoomEmitter.configuration)

router.post("/rooms/:roomID/messages") { request, context -> Response in
    // Only JSON: a cross-site form or a "simple" fetch (text/plain, no type) cannot post
    // without a CORS preflight, which this server does not grant.
    guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
        return .message(.unsupportedMediaType, "send the message as JSON (Content-Type: application/json)")
    }
    // The room as the page named it: `x y`, `café` or `a/b`, decoded once.
    let roomID = try context.parameters.requireEventStreamParameter("roomID")
    let body = try await request.body.collect(upTo: 64 * 1024)
    guard let post = Post(json: body) else {
        return .message(.badRequest, #"send a JSON object with text fields "author" and "text""#)
    }
    let author = Chat.User(id: UUID(), name: post.author, role: .member)
    let message = Chat.Message(id: UUID().uuidString, author: author, text: post.text, sentAt: Date())
    do {
        // The emitter checks what every client checks (1-80 characters for a name…) first.
        try await ChatRoomEmitter.publish(.messagePosted(message), to: hub, topic: ChatRoomEvent.path(roomID: roomID))
    } catch let error as ServerSentEventPayloadError {
        return .message(.badRequest, error.reason)
    } catch let error as PostgresEventLogError {
        // Not stored: the client may try again.
        return .message(.serviceUnavailable, "the message was not stored (\(error.code)); try again")
    } catch let error as ServerSentEventHubError {
        // The hub's bounds: as many rooms as it may hold, each with followers.
        return .message(.serviceUnavailable, "the message was not stored (\(error.code)); try again later")
    }
    // Accepted means stored (committed, with PostgreSQL): every follower of the room gets it,
    // in this order, whichever server took it.
    return Response(status: .accepted)
}

/// What the page's form posts.
struct Post {
    var author: String
    var text: String

    init?(json: ByteBuffer) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.readableBytesView)) as? [String: Any],
            let author = object["author"] as? String, let text = object["text"] as? String
        else { return nil }
        self.author = author
        self.text = text
    }
}

extension Response {
    /// A plain-text answer a person can read.
    static func message(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n"))
        )
    }
}

let app = Application(
    router: router,
    server: .http1ForEventStreams(routes: streams),
    configuration: .init(address: .hostname("127.0.0.1", port: port)),
    // Runs the hub: with PostgreSQL, its tables' migration, its listener and its poll.
    services: [ServerSentEventHubService(hub)],
    onServerRunning: { channel in
        let line = "chat-server: open http://127.0.0.1:\(channel.localAddress?.port ?? port)/ in a browser\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
)
try await app.runService()
