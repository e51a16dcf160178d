import EventSchema
import Foundation
import Testing

/// The example schemas in `Schemas/` validate clean and read into the model they describe.
@Suite("Example schemas")
struct ExampleSchemaTests {
    static let schemas = SchemaFixture.repository.appendingPathComponent("Schemas")

    func load(_ name: String) throws -> Schema? {
        let bytes = try [UInt8](Data(contentsOf: Self.schemas.appendingPathComponent(name)))
        let (schema, lines) = diagnosticLines(bytes, path: "Schemas/\(name)")
        #expect(lines == [], "\(name) validates without a diagnostic")
        return schema
    }

    @Test("every example validates without a diagnostic")
    func allClean() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.schemas.path)
            .filter { $0.hasSuffix(".events.yaml") }
        #expect(Set(names) == ["chat.events.yaml", "progress.events.yaml", "market.events.yaml"])
        for name in names { #expect(try load(name) != nil) }
    }

    @Test("chat: rooms, messages, presence, typing")
    func chat() throws {
        let chat = try #require(try load("chat.events.yaml"))
        #expect(chat.name.value == "Chat")
        let room = try #require(chat.streams.first { $0.name.value == "room" })
        #expect(room.path.value == "/rooms/{roomID}/events")
        #expect(room.pathParameters.map(\.value) == ["roomID"])
        #expect(room.ids == .required)
        #expect(room.retryMilliseconds == 2000)
        #expect(room.heartbeatSeconds == 15)
        let inbox = try #require(chat.streams.first { $0.name.value == "inbox" })
        #expect(inbox.heartbeatSeconds == EventStream.defaultHeartbeatSeconds)
        #expect(chat.event(named: "userJoined")?.wireName.value == "user.joined")
        #expect(chat.event(named: "typing")?.wireName.value == "typing")
        #expect(chat.event(named: "notice")?.payload == .text)
        #expect(chat.event(named: "roomClosed")?.isTerminal == true)
        #expect(chat.event(named: "roomClosed")?.payload == Event.Payload.none)
        #expect(chat.event(named: "legacyPing")?.deprecation?.message?.hasPrefix("Clients keep") == true)

        let attachment = try #require(chat.type(named: "Attachment"))
        guard case .oneOf(let union) = attachment.schema.kind else {
            Issue.record("Attachment is a oneOf")
            return
        }
        #expect(union.propertyName.value == "kind")
        #expect(union.members.map(\.typeName.value) == ["ImageAttachment", "FileAttachment"])
        #expect(union.members.map(\.tag.value) == ["image", "file"])

        let user = try #require(chat.type(named: "User"))
        guard case .object(let object) = user.schema.kind else {
            Issue.record("User is an object")
            return
        }
        #expect(object.properties.map(\.name.value) == ["id", "name", "role", "avatar", "invitedBy"])
        #expect(object.properties.filter(\.isRequired).map(\.name.value) == ["id", "name", "role"])
        let invitedBy = object.properties[4].schema
        #expect(invitedBy.isNullable)
        #expect(invitedBy.kind == .reference(Located("User", at: invitedBy.location.moved(column: 15))))
        guard case .string(let name) = object.properties[1].schema.kind else {
            Issue.record("name is a string")
            return
        }
        #expect(name.minLength?.value == 1)
        #expect(name.maxLength?.value == 80)
    }

    @Test("progress: terminal events, text logs, percent bounds")
    func progress() throws {
        let progress = try #require(try load("progress.events.yaml"))
        #expect(progress.events.filter(\.isTerminal).map(\.name.value) == ["finished", "failed", "cancelled"])
        #expect(progress.event(named: "log")?.payload == .text)
        guard case .json(let payload)? = progress.event(named: "advanced")?.payload,
            case .object(let object) = payload.kind,
            case .number(let percent)? = object.properties.first(where: { $0.name.value == "percent" })?.schema.kind
        else {
            Issue.record("progress has a number 'percent'")
            return
        }
        #expect(percent.minimum?.value == 0)
        #expect(percent.maximum?.value == 100)
    }

    @Test("market: int64 sequences, decimals as strings, a stream without ids")
    func market() throws {
        let market = try #require(try load("market.events.yaml"))
        #expect(market.streams.map(\.ids) == [.none, .required])
        guard case .json(let payload)? = market.event(named: "tick")?.payload,
            case .object(let object) = payload.kind,
            case .integer(let sequence)? = object.properties.first(where: { $0.name.value == "sequence" })?.schema.kind
        else {
            Issue.record("tick has an integer 'sequence'")
            return
        }
        #expect(sequence.format == .int64)
        guard case .string(let decimal)? = market.type(named: "Decimal")?.schema.kind else {
            Issue.record("Decimal is a string")
            return
        }
        #expect(decimal.pattern?.value == "^-?[0-9]+(\\.[0-9]+)?$")
    }

    @Test("Schemas/event-schema.json is what 'generate-events schema' prints")
    func jsonSchemaIsCurrent() throws {
        let committed = try String(
            contentsOf: Self.schemas.appendingPathComponent("event-schema.json"),
            encoding: .utf8
        )
        #expect(
            committed == FormatJSONSchema.text,
            "Schemas/event-schema.json is stale; run: swift run generate-events schema > Schemas/event-schema.json"
        )
    }
}

extension EventSchema.SourceLocation {
    func moved(column: Int) -> EventSchema.SourceLocation {
        EventSchema.SourceLocation(path: path, line: line, column: column)
    }
}
