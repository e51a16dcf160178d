import Foundation
@_spi(Generated) import ServerSentEvents
import Synchronization
import Testing

/// What generated emitters and decoders do beyond round trips: the exact bytes, ids by the
/// stream's rule, terminal events, unknown events, invalid payloads, defaults and nulls.
@Suite("Generated Swift behaviour")
struct BehaviorTests {
    /// Runs `body` on an emitter writing to a fresh sink and returns the bytes, as text.
    func bytes(_ body: (AsyncStreamServerSentEventSink) async throws -> Void) async throws -> String {
        let (stream, sink) = AsyncStreamServerSentEventSink.makeStream()
        try await body(sink)
        try await sink.finish()
        var bytes: [UInt8] = []
        for await chunk in stream { bytes += chunk }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let jobID = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!

    @Test("retry: first, then events; text split into data: lines; JSON on one line")
    func exactBytes() async throws {
        let text = try await bytes { sink in
            let emitter = ProgressJobEmitter(sink: sink)
            try await emitter.sendLog("line 1\nline 2", id: "7")
            try await emitter.sendQueued(
                Progress.Queued(jobID: Self.jobID, position: 3, queuedAt: Date(timeIntervalSince1970: 1.5)),
                id: "8"
            )
        }
        #expect(
            text == """
                retry: 1000
                event: log
                id: 7
                data: line 1
                data: line 2

                event: queued
                id: 8
                data: {"jobID":"6F9619FF-8B86-D011-B42D-00C04FC964FF","position":3,"queuedAt":"1970-01-01T00:00:01.500Z"}


                """
        )
    }

    @Test("a stream with ids: none sends no id; without retry: none is sent")
    func noIDs() async throws {
        let text = try await bytes { sink in
            try await MarketTickerEmitter(sink: sink).sendMarketClosed()
        }
        #expect(text == "event: marketClosed\ndata:\n\n")
    }

    @Test("a terminal event finishes the sink; sending after it throws")
    func terminalEndsTheEmitter() async throws {
        let (stream, sink) = AsyncStreamServerSentEventSink.makeStream()
        let emitter = ProgressJobEmitter(sink: sink)
        try await emitter.sendCancelled(id: "1")
        await #expect(throws: ServerSentEventEmitterError(code: .finished)) {
            try await emitter.sendLog("too late", id: "2")
        }
        var text = ""
        for await chunk in stream { text += String(decoding: chunk, as: UTF8.self) }  // ends: the sink finished
        #expect(text == "retry: 1000\nevent: cancelled\nid: 1\ndata:\n\n")
    }

    @Test("withEmitter opens the stream, runs the body, and ends the stream")
    func withEmitter() async throws {
        let (stream, sink) = AsyncStreamServerSentEventSink.makeStream()
        try await ChatRoomEmitter.withEmitter(sink: sink) { emitter in
            try await emitter.sendNotice("welcome", id: "1")
        }
        var text = ""
        for await chunk in stream { text += String(decoding: chunk, as: UTF8.self) }
        #expect(text == "retry: 2000\nevent: notice\nid: 1\ndata: welcome\n\n")
        #expect(ChatRoomEmitter.configuration == .init(retry: .milliseconds(2000), heartbeat: .seconds(15)))
        #expect(MarketTickerEmitter.configuration == .init(retry: nil, heartbeat: .seconds(5)))
    }

    @Test("the client sequence ends after a terminal event, without reading further")
    func terminalEndsTheSequence() async throws {
        let body = """
            event: log
            data: started
            id: 1

            event: cancelled
            data:
            id: 2

            event: log
            data: never seen

            """
        var received: [ProgressJobEvent] = []
        for try await event in ProgressJobDecoder().events(fromBytes: [Array(body.utf8)].async) {
            received.append(event)
        }
        #expect(received == [.log("started"), .cancelled])
    }

    @Test("an event type the schema does not name is .unknown, as it arrived")
    func unknown() throws {
        let event = ServerSentEvent(type: "surprise", data: "{}", id: "5")
        #expect(try ProgressJobDecoder().decode(event) == .unknown(event))
    }

    @Test(
        "invalid payloads: an error naming the event type, id and path",
        arguments: [
            (
                "progress", #"{"jobID":"6F9619FF-8B86-D011-B42D-00C04FC964FF","stage":"running","percent":101}"#,
                "event 'progress' (id 9): at percent: 101.0 is above the maximum 100.0"
            ),
            (
                "progress", #"{"stage":"running","percent":5}"#,
                "event 'progress' (id 9): required property 'jobID' is missing"
            ),
            (
                "progress", #"{"jobID":"6F9619FF-8B86-D011-B42D-00C04FC964FF","stage":"flying","percent":5}"#,
                "event 'progress' (id 9): at stage: 'flying' is not one of 'preparing', 'running', 'uploading', 'cleaning-up'"
            ),
            (
                "queued",
                #"{"jobID":"6F9619FF-8B86-D011-B42D-00C04FC964FF","position":-1,"queuedAt":"2026-11-25T08:00:00Z"}"#,
                "event 'queued' (id 9): at position: -1 is below the minimum 0"
            ),
            (
                "queued", #"{"jobID":"6F9619FF-8B86-D011-B42D-00C04FC964FF","position":1,"queuedAt":"yesterday"}"#,
                "event 'queued' (id 9): at queuedAt: 'yesterday' is not an RFC 3339 date-time (e.g. 2026-11-25T08:00:00Z)"
            ),
            ("artifact", #"{"name":"a.zip"}"#, "event 'artifact' (id 9): required property 'url' is missing"),
        ]
    )
    func invalid(type: String, data: String, message: String) {
        let event = ServerSentEvent(type: type, data: data, id: "9")
        #expect(throws: ServerSentEventPayloadError.self) { try ProgressJobDecoder().decode(event) }
        do {
            _ = try ProgressJobDecoder().decode(event)
        } catch {
            #expect(error.description == message)
            #expect(error.eventType == type)
            #expect(error.id == "9")
        }
    }

    @Test("an enum value is matched by its characters: escapes are undone first, and a refused one is named unescaped")
    func enumerationValues() throws {
        let jobID = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!
        func progress(_ stage: String) -> ServerSentEvent {
            ServerSentEvent(type: "progress", data: #"{"jobID":"\#(jobID)","stage":\#(stage),"percent":5}"#, id: "9")
        }
        let expected = ProgressJobEvent.advanced(Progress.Advanced(jobID: jobID, stage: .cleaningUp, percent: 5))
        #expect(try ProgressJobDecoder().decode(progress(#""cleaning-up""#)) == expected)
        #expect(try ProgressJobDecoder().decode(progress(#""\u0063leaning\u002Dup""#)) == expected)
        for (stage, message) in [
            (#""cleaning""#, "'cleaning' is not one of"),
            (#""cleaning-up ""#, "'cleaning-up ' is not one of"),
            (#""\u0066lying""#, "'flying' is not one of"),
            (#""""#, "'' is not one of"),
            ("7", "expected a string"),
        ] {
            #expect {
                try ProgressJobDecoder().decode(progress(stage))
            } throws: { error in
                "\(error)".contains("at stage: \(message)")
            }
        }
    }

    @Test("a const is checked: an expression's 'op' must be 'lit' for a literal")
    func constant() throws {
        let good = ServerSentEvent(type: "evaluated", data: #"{"op":"lit","value":2}"#)
        #expect(try TreeTreeDecoder().decode(good) == .evaluated(.literal(Tree.Literal(value: 2))))
        let sum = ServerSentEvent(
            type: "evaluated",
            data: #"{"op":"add","left":{"op":"lit","value":1},"right":{"op":"lit","value":2}}"#
        )
        #expect(
            try TreeTreeDecoder().decode(sum)
                == .evaluated(.sum(Tree.Sum(left: .literal(.init(value: 1)), right: .literal(.init(value: 2)))))
        )
        let unknownTag = ServerSentEvent(type: "evaluated", data: #"{"op":"mul"}"#)
        #expect(throws: ServerSentEventPayloadError.self) { try TreeTreeDecoder().decode(unknownTag) }
    }

    @Test("a bad event ends the sequence by default; with .skip it is reported and the next one comes")
    func invalidPolicy() async throws {
        let body = Array("event: log\ndata: a\n\nevent: queued\ndata: {}\n\nevent: log\ndata: b\n\n".utf8)
        var failed: [ProgressJobEvent] = []
        await #expect(throws: ServerSentEventPayloadError.self) {
            for try await event in ProgressJobDecoder().events(fromBytes: [body].async) { failed.append(event) }
        }
        #expect(failed == [.log("a")])

        let reports = Reports()
        var skipped: [ProgressJobEvent] = []
        let sequence = ProgressJobDecoder().events(fromBytes: [body].async, onInvalid: .skip { reports.add($0) })
        for try await event in sequence { skipped.append(event) }
        #expect(skipped == [.log("a"), .log("b")])
        #expect(reports.all.map(\.eventType) == ["queued"])
    }

    @Test("required but nullable is written as null and must be present; optional absent is left out")
    func nullsAndAbsence() throws {
        let node = Tree.Node(label: "root", children: [], byName: [:], sibling: nil)
        let json = String(decoding: try EventPayloadJSON.makeEncoder().encode(node), as: UTF8.self)
        #expect(json == #"{"byName":{},"children":[],"label":"root","sibling":null}"#)
        let missing = ServerSentEvent(type: "changed", data: #"{"label":"root","children":[],"byName":{}}"#)
        #expect(throws: ServerSentEventPayloadError.self) { try TreeTreeDecoder().decode(missing) }
    }

    @Test("defaults fill absent members, in Swift and when decoding")
    func defaults() throws {
        let userID = UUID()
        let left = ServerSentEvent(type: "user.left", data: #"{"userID":"\#(userID.uuidString)"}"#)
        #expect(try ChatRoomDecoder().decode(left) == .userLeft(Chat.UserLeft(userID: userID, reason: .left)))
        #expect(Chat.UserLeft(userID: userID).reason == .left)
        #expect(Progress.Failure(code: "E", message: "m").retryable == false)
    }

    @Test("recursive types nest and compare as values")
    func recursion() throws {
        var leaf = Tree.Node(label: "leaf", children: [], byName: [:], sibling: nil)
        let root = Tree.Node(label: "root", parent: leaf, children: [leaf], byName: ["a": leaf], sibling: leaf)
        var copy = root
        leaf.label = "changed"
        copy.parent = leaf
        #expect(root.parent?.label == "leaf")
        #expect(copy.parent?.label == "changed")
        #expect(copy != root)
    }

    @Test("paths: the template, and parameters percent-encoded")
    func paths() {
        #expect(ChatRoomEvent.pathTemplate == "/rooms/{roomID}/events")
        #expect(ChatRoomEvent.path(roomID: "a b/c") == "/rooms/a%20b%2Fc/events")
        #expect(MarketTickerEvent.path() == "/market/ticker")
        #expect(OddDefaultEvent.path(class: "é", id: "1", _2x: "~") == "/streams/%C3%A9/1/~")
    }
}

/// Reports gathered from a `@Sendable` closure.
final class Reports: Sendable {
    private let storage = Mutex<[ServerSentEventPayloadError]>([])
    func add(_ error: ServerSentEventPayloadError) { storage.withLock { $0.append(error) } }
    var all: [ServerSentEventPayloadError] { storage.withLock { $0 } }
}

extension Array where Element: Sendable {
    /// The array as an `AsyncSequence`, for feeding decoders.
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}

/// Generated emitters publish into the hub; subscribers frame what they get with an emitter.
@Suite("Generated Swift and the hub")
struct HubIntegrationTests {
    @Test("publish typed events to a room's path; a late subscriber resumes; the terminal event ends it")
    func publishAndResume() async throws {
        let hub = ServerSentEventHub()
        let room = ChatRoomEvent.path(roomID: "lobby")
        let user = Chat.User(id: UUID(), name: "Ada", role: .member)
        let joined = try await ChatRoomEmitter.publish(.userJoined(user), to: hub, topic: room)
        try await ChatRoomEmitter.publish(.notice("welcome"), to: hub, topic: room)
        try await ChatRoomEmitter.publish(.notice("elsewhere"), to: hub, topic: ChatRoomEvent.path(roomID: "other"))
        try await ChatRoomEmitter.publish(.roomClosed, to: hub, topic: room)

        // A client that saw the first event reconnects: the hub replays the second and the
        // terminal one, then ends.
        let (body, sink) = AsyncStreamServerSentEventSink.makeStream()
        let emitter = ChatRoomEmitter(sink: sink)
        for try await event in await hub.subscribe(to: room, lastEventID: joined.id) {
            try await emitter.emitter.send(event)
        }
        try await emitter.finish()
        var received: [ChatRoomEvent] = []
        for try await event in ChatRoomDecoder().events(fromBytes: body) { received.append(event) }
        #expect(received == [.notice("welcome"), .roomClosed])
        #expect(try ChatRoomEmitter.serverSentEvent(for: .userJoined(user)).type == "user.joined")
    }

    @Test("after a restart the hub's loss signal arrives as the typed replayGap case, and relays unchanged")
    func replayGapAfterRestart() async throws {
        let room = ChatRoomEvent.path(roomID: "lobby")
        let before = ServerSentEventHub()
        var lastID = ""
        for text in ["one", "two", "three"] {
            lastID = try await ChatRoomEmitter.publish(.notice(text), to: before, topic: room).id!
        }
        // The server restarts: a new hub knows nothing of the client's Last-Event-ID.
        let after = ServerSentEventHub()
        let fresh = try await ChatRoomEmitter.publish(.notice("fresh"), to: after, topic: room)
        let subscription = await after.subscribe(to: room, lastEventID: lastID)
        after.finish(topic: room)

        let (body, sink) = AsyncStreamServerSentEventSink.makeStream()
        let emitter = ChatRoomEmitter(sink: sink)
        for try await event in subscription { try await emitter.emitter.send(event) }
        try await emitter.finish()
        var received: [ChatRoomEvent] = []
        for try await event in ChatRoomDecoder().events(fromBytes: body) { received.append(event) }
        let gap = ServerSentEventReplayGap(lastEventID: lastID, firstEventID: fresh.id)
        #expect(received == [.replayGap(gap), .notice("fresh")])

        // An emitter relays it as the hub wrote it, without an id; a malformed one is .unknown.
        let relayed = try ChatRoomEmitter.serverSentEvent(for: .replayGap(gap), id: "9")
        #expect(relayed == gap.event)
        #expect(relayed.data == #"{"lastEventID":"\#(lastID)","firstEventID":"\#(fresh.id!)"}"#)
        let odd = ServerSentEvent(type: "replay-gap", data: "lost")
        #expect(try ChatRoomDecoder().decode(odd) == .unknown(odd))
        let none = ServerSentEventReplayGap(
            ServerSentEvent(type: "replay-gap", data: #"{"lastEventID":"a\"b","firstEventID":null}"#))
        #expect(none == ServerSentEventReplayGap(lastEventID: "a\"b", firstEventID: nil))
        #expect(none?.event.data == #"{"lastEventID":"a\"b","firstEventID":null}"#)
    }
}

/// Generated emitters check what their decoders check, before anything is written or published.
@Suite("Generated emitters refuse what their clients would refuse")
struct EmitterCheckTests {
    static let ada = Chat.User(id: UUID(), name: String(repeating: "a", count: 81), role: .member)

    static func message(author: Chat.User) -> Chat.Message {
        Chat.Message(id: "m1", author: author, text: "hi", sentAt: Date(timeIntervalSince1970: 0))
    }

    @Test("a too-long author: the decoder's error, naming the event, id and path; nothing written")
    func sendRefuses() async throws {
        let (stream, sink) = AsyncStreamServerSentEventSink.makeStream()
        let room = ChatRoomEmitter(sink: sink)
        await #expect(throws: ServerSentEventPayloadError.self) {
            try await room.sendMessagePosted(Self.message(author: Self.ada), id: "7")
        }
        do {
            _ = try ChatRoomEmitter.serverSentEvent(for: .messagePosted(Self.message(author: Self.ada)), id: "7")
            Issue.record("an 81-character name was framed")
        } catch {
            #expect(
                error.description
                    == "event 'messagePosted' (id 7): at author.name: 81 characters, more than the maximum 80")
        }
        try await room.sendNotice("still open", id: "8")
        try await sink.finish()
        var bytes: [UInt8] = []
        for await chunk in stream { bytes += chunk }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("messagePosted"))
        #expect(text.hasSuffix("event: notice\nid: 8\ndata: still open\n\n"), "\(text)")
    }

    @Test("the same limits the decoder checks, at every depth: empty names, array items, nested members")
    func everyDepth() throws {
        var empty = Self.message(author: Chat.User(id: UUID(), name: "", role: .member))
        #expect(throws: ServerSentEventPayloadError.self) {
            try ChatRoomEmitter.serverSentEvent(for: .messagePosted(empty), id: "1")
        }
        empty.author.name = "Ada"
        empty.mentions = [Chat.User(id: UUID(), name: "", role: .guest)]
        do {
            _ = try ChatRoomEmitter.serverSentEvent(for: .messagePosted(empty), id: "1")
            Issue.record("an empty mention was framed")
        } catch {
            #expect(error.reason == "at mentions[0].name: 0 characters, fewer than the minimum 1")
        }
        empty.mentions = nil
        empty.reactions = ["👍": -1]
        do {
            _ = try ChatRoomEmitter.serverSentEvent(for: .messagePosted(empty), id: "1")
            Issue.record("a negative count was framed")
        } catch {
            #expect(error.reason == "at reactions.👍: -1 is below the minimum 0")
        }
    }

    @Test("payloads that are not objects are checked as a whole, on both sides")
    func wholePayloads() throws {
        for (event, reason) in [
            (ScalarsFeedEvent.code("a"), "1 character, fewer than the minimum 2"),
            (.count(0), "0 is below the minimum 1"),
            (.tags([]), "0 items, fewer than the minimum 1"),
            (.tags(["toolong"]), "at [0]: 7 characters, more than the maximum 5"),
            (.ratio(1.5), "1.5 is above the maximum 1.0"),
            (.totals(["a": -2]), "at a: -2 is below the minimum 0"),
        ] {
            #expect(throws: ServerSentEventPayloadError.self) { try ScalarsFeedEmitter.serverSentEvent(for: event) }
            do {
                _ = try ScalarsFeedEmitter.serverSentEvent(for: event)
            } catch {
                #expect(error.reason == reason)
            }
        }
        // The decoder refuses the same values when another server sends them.
        for (type, data, reason) in [
            ("code", "\"a\"", "1 character, fewer than the minimum 2"),
            ("count", "0", "0 is below the minimum 1"),
            ("tags", "[\"toolong\"]", "at [0]: 7 characters, more than the maximum 5"),
        ] {
            #expect(throws: ServerSentEventPayloadError.self) {
                try ScalarsFeedDecoder().decode(ServerSentEvent(type: type, data: data))
            }
            do {
                _ = try ScalarsFeedDecoder().decode(ServerSentEvent(type: type, data: data))
            } catch {
                #expect(error.reason == reason)
            }
        }
        #expect(try ScalarsFeedEmitter.serverSentEvent(for: .ratio(nil)).data == "null")
    }

    @Test("publish refuses before the hub numbers or keeps anything")
    func publishRefuses() async throws {
        let hub = ServerSentEventHub()
        let room = ChatRoomEvent.path(roomID: "lobby")
        await #expect(throws: ServerSentEventPayloadError.self) {
            try await ChatRoomEmitter.publish(.messagePosted(Self.message(author: Self.ada)), to: hub, topic: room)
        }
        #expect(hub.replayCount(topic: room) == 0)
        try await ChatRoomEmitter.publish(.notice("ok"), to: hub, topic: room)
        #expect(hub.replayCount(topic: room) == 1)
    }
}
