import Foundation
import Hummingbird
import ServerSentEvents
import ServerSentEventsHummingbird

// `swift run chat-server [port]`: the page at http://127.0.0.1:8080/, a room's events at
// /rooms/{roomID}/events, and POST /rooms/{roomID}/messages (JSON {"author","text"}) to post.
let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 8080
let hub = ServerSentEventHub()
let router = Router()
router.add(middleware: FileMiddleware("Public", searchForIndexHtml: true))

// A room's events, answered by each connection before the router (less memory per open
// stream than a router route). The topic is the request's path in canonical form, which is
// what `ChatRoomEvent.path(roomID:)` gives the publisher below. Through the router instead:
//     router.get("/rooms/:roomID/events") { request, context in
//         Response.serverSentEvents(from: hub, topic: ChatRoomEvent.path(roomID: try context.parameters.require("roomID")),
//                                   request: request, configuration: ChatRoomEmitter.configuration)
//     }
var streams = EventStreamRoutes()
streams.add(ChatRoomEvent.pathTemplate, hub: hub, configuration: ChatRoomEmitter.configuration)

struct Post: Decodable {
    var author: String
    var text: String
}

router.post("/rooms/:roomID/messages") { request, context -> HTTPResponse.Status in
    let roomID = try context.parameters.require("roomID")
    let post = try await request.decode(as: Post.self, context: context)
    let author = Chat.User(id: UUID(), name: post.author, role: .member)
    let message = Chat.Message(id: UUID().uuidString, author: author, text: post.text, sentAt: Date())
    try ChatRoomEmitter.publish(.messagePosted(message), to: hub, topic: ChatRoomEvent.path(roomID: roomID))
    return .accepted
}

let app = Application(
    router: router,
    server: .http1ForEventStreams(routes: streams),
    configuration: .init(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { channel in
        let line = "chat-server: open http://127.0.0.1:\(channel.localAddress?.port ?? port)/ in a browser\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
)
try await app.runService()
