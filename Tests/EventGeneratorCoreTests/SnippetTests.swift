import EventSchema
import Testing
import _EventGeneratorCore

/// Snippet tests: a small schema in, a piece of the generated Swift out, for each construct.
@Suite("Swift snippets")
struct SnippetTests {
    /// The generated files of `yaml` (a schema named `T` with the given types, events and streams).
    func generate(_ yaml: String) throws -> [String: String] {
        var diagnostics = DiagnosticCollector()
        let files = EventGenerator.generate(
            Array(("eventSchema: 1\nname: T\n" + yaml).utf8),
            path: "t.events.yaml",
            sides: [.server, .client],
            diagnostics: &diagnostics
        )
        let generated = try #require(files, "\(diagnostics.diagnostics.map(\.description))")
        return Dictionary(uniqueKeysWithValues: generated.map { ($0.name, $0.contents) })
    }

    /// Expects `file` to hold `snippet` (its lines, wherever they are indented).
    func expect(_ file: String?, contains snippet: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let text = (file ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop { $0 == " " } }.joined(separator: "\n")
        let wanted = snippet.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop { $0 == " " } }.joined(separator: "\n")
        #expect(
            text.contains(wanted), "expected:\n\(snippet)\nin:\n\(file ?? "no file")", sourceLocation: sourceLocation)
    }

    static let oneStream = """
        streams:
          s: { path: /s, events: [e] }

        """

    @Test("a string enum: raw values where the case name differs, a clear error for other values")
    func stringEnum() throws {
        let files = try generate(
            """
            types:
              Phase: { type: string, enum: [in-progress, done, default] }
            events:
              e: { payload: { $ref: Phase } }
            \(Self.oneStream)
            """
        )
        expect(
            files["T.Events.swift"],
            contains: """
                public enum Phase: Swift.String, Swift.Codable, Swift.Hashable, Swift.Sendable, Swift.CaseIterable {
                case inProgress = "in-progress"
                case done
                case `default`
                """
        )
        expect(
            files["T.Events.swift"],
            contains: """
                guard let __known = Self(rawValue: __value) else {
                throw Swift.DecodingError.dataCorruptedError(in: __container, debugDescription: "'\\(__value)' is not one of " + "'in-progress', 'done', 'default'")
                }
                """
        )
    }

    @Test("members: required, required and nullable, optional, defaulted, nullable with a default")
    func presence() throws {
        let files = try generate(
            """
            events:
              e:
                payload:
                  type: object
                  properties:
                    a: { type: string }
                    b: { type: string, nullable: true }
                    c: { type: string }
                    d: { type: integer, format: int32, default: 3 }
                    f: { type: boolean, nullable: true, default: true }
                  required: [a, b]
            \(Self.oneStream)
            """
        )
        let events = files["T.Events.swift"]
        expect(
            events,
            contains: """
                public var a: Swift.String
                public var b: Swift.String?
                public var c: Swift.String?
                public var d: Swift.Int32
                public var f: Swift.Bool?
                """
        )
        expect(
            events,
            contains: """
                public init(a _a: Swift.String, b _b: Swift.String?, c _c: Swift.String? = nil, d _d: Swift.Int32 = 3, f _f: Swift.Bool? = true) {
                """
        )
        expect(
            events,
            contains: """
                let _a = try __container.decode(Swift.String.self, forKey: ServerSentEvents.PayloadCodingKey("a"))
                let _b = try __container.decode(Swift.Optional<Swift.String>.self, forKey: ServerSentEvents.PayloadCodingKey("b"))
                let _c = try __container.decodeIfPresent(Swift.String.self, forKey: ServerSentEvents.PayloadCodingKey("c"))
                let _d = try __container.decodeIfPresent(Swift.Int32.self, forKey: ServerSentEvents.PayloadCodingKey("d")) ?? 3
                let _f = try __container.contains(ServerSentEvents.PayloadCodingKey("f")) ? __container.decode(Swift.Optional<Swift.Bool>.self, forKey: ServerSentEvents.PayloadCodingKey("f")) : true
                """
        )
        expect(
            events,
            contains: """
                try __container.encode(self.a, forKey: ServerSentEvents.PayloadCodingKey("a"))
                try __container.encode(self.b, forKey: ServerSentEvents.PayloadCodingKey("b"))
                try __container.encodeIfPresent(self.c, forKey: ServerSentEvents.PayloadCodingKey("c"))
                try __container.encode(self.d, forKey: ServerSentEvents.PayloadCodingKey("d"))
                try __container.encode(self.f, forKey: ServerSentEvents.PayloadCodingKey("f"))
                """
        )
    }

    @Test("formats and number types")
    func formats() throws {
        let files = try generate(
            """
            events:
              e:
                payload:
                  type: object
                  properties:
                    at: { type: string, format: date-time }
                    on: { type: string, format: date }
                    id: { type: string, format: uuid }
                    link: { type: string, format: uri }
                    blob: { type: string, format: byte }
                    mail: { type: string, format: email }
                    small: { type: integer, format: int32 }
                    big: { type: integer }
                    ratio: { type: number, format: float }
                    price: { type: number }
                    tags: { type: array, items: { type: string, nullable: true } }
                    counts: { type: object, additionalProperties: { type: integer } }
                  required: [at, on, id, link, blob, mail, small, big, ratio, price, tags, counts]
            \(Self.oneStream)
            """
        )
        expect(
            files["T.Events.swift"],
            contains: """
                public var at: Foundation.Date
                public var on: ServerSentEvents.CalendarDate
                public var id: Foundation.UUID
                public var link: Foundation.URL
                public var blob: Foundation.Data
                public var mail: Swift.String
                public var small: Swift.Int32
                public var big: Swift.Int64
                public var ratio: Swift.Float
                public var price: Swift.Double
                public var tags: [Swift.String?]
                public var counts: [Swift.String: Swift.Int64]
                """
        )
        #expect(files["T.Events.swift"]?.contains("public import Foundation") == true)
    }

    @Test("cheap checks: lengths, bounds, counts, and the contents of arrays and maps, with paths")
    func checks() throws {
        let files = try generate(
            """
            events:
              e:
                payload:
                  type: object
                  properties:
                    name: { type: string, minLength: 1, maxLength: 5 }
                    level: { type: integer, maximum: 9 }
                    scores: { type: array, maxItems: 3, items: { type: number, minimum: 0 } }
                    labels: { type: object, additionalProperties: { type: string, const: x } }
                  required: [name]
            \(Self.oneStream)
            """
        )
        expect(
            files["T.Events.swift"],
            contains: """
                try ServerSentEvents.PayloadCheck.length(_name, minimum: 1, maximum: 5, at: __container.codingPath + [ServerSentEvents.PayloadCodingKey("name")])
                if let __value0 = _level {
                try ServerSentEvents.PayloadCheck.range(__value0, minimum: nil, maximum: 9, at: __container.codingPath + [ServerSentEvents.PayloadCodingKey("level")])
                }
                if let __value0 = _scores {
                try ServerSentEvents.PayloadCheck.count(__value0.count, minimum: nil, maximum: 3, at: __container.codingPath + [ServerSentEvents.PayloadCodingKey("scores")])
                for (__index0, __item0) in __value0.enumerated() {
                try ServerSentEvents.PayloadCheck.range(__item0, minimum: 0.0, maximum: nil, at: __container.codingPath + [ServerSentEvents.PayloadCodingKey("scores")] + [ServerSentEvents.PayloadCodingKey(index: __index0)])
                }
                }
                if let __value0 = _labels {
                for (__key0, __item0) in __value0 {
                try ServerSentEvents.PayloadCheck.constant(__item0, "x", at: __container.codingPath + [ServerSentEvents.PayloadCodingKey("labels")] + [ServerSentEvents.PayloadCodingKey(__key0)])
                }
                }
                """
        )
    }

    @Test("a tagged union: an indirect enum that reads and writes the discriminator")
    func oneOf() throws {
        let files = try generate(
            """
            types:
              Circle: { type: object, properties: { r: { type: number } }, required: [r] }
              Square: { type: object, properties: { side: { type: number } }, required: [side] }
              Shape:
                oneOf: [{ $ref: Circle }, { $ref: Square }]
                discriminator: { propertyName: kind, mapping: { round: Circle } }
            events:
              e: { payload: { $ref: Shape } }
            \(Self.oneStream)
            """
        )
        expect(
            files["T.Events.swift"],
            contains: """
                public indirect enum Shape: Swift.Codable, Swift.Hashable, Swift.Sendable {
                case circle(T.Circle)
                case square(T.Square)
                """
        )
        expect(
            files["T.Events.swift"],
            contains: """
                switch __tag {
                case "round":
                self = try .circle(T.Circle(from: __decoder))
                case "Square":
                self = try .square(T.Square(from: __decoder))
                default:
                """
        )
        expect(
            files["T.Events.swift"],
            contains: """
                case .circle(let __value):
                try __value.encode(to: __encoder)
                var __container = __encoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                try __container.encode("round", forKey: ServerSentEvents.PayloadCodingKey("kind"))
                """
        )
    }

    @Test("recursion: a member that would contain its own type is boxed")
    func recursion() throws {
        let files = try generate(
            """
            types:
              Node:
                type: object
                properties:
                  next: { $ref: Node }
                  children: { type: array, items: { $ref: Node } }
            events:
              e: { payload: { $ref: Node } }
            \(Self.oneStream)
            """
        )
        expect(
            files["T.Events.swift"],
            contains: """
                private var _next: ServerSentEvents.Indirect<T.Node>?

                public var next: T.Node? {
                get {
                self._next?.value
                }
                set {
                self._next = newValue.map { ServerSentEvents.Indirect($0) }
                }
                }

                public var children: [T.Node]?
                """
        )
    }

    @Test("deprecation: attributes where they cannot warn inside generated code")
    func deprecation() throws {
        let files = try generate(
            """
            types:
              Old:
                type: object
                deprecated: Use New.
                properties:
                  a: { type: string, deprecated: true }
              Level: { type: string, enum: [low, high], deprecated: true }
            events:
              e: { payload: { $ref: Old } }
              f: { payload: { $ref: Level }, deprecated: Gone soon. }
            streams:
              s: { path: /s, events: [e, f] }
            """
        )
        let events = files["T.Events.swift"]
        expect(
            events,
            contains: """
                private var _a: Swift.String?

                @available(*, deprecated)
                public var a: Swift.String? {
                """
        )
        expect(
            events,
            contains: "@available(*, deprecated, message: \"Use New.\")\npublic init(a _a: Swift.String? = nil) {")
        expect(
            events,
            contains:
                "public enum Level: Swift.String, Swift.Codable, Swift.Hashable, Swift.Sendable {\n@available(*, deprecated)\ncase low"
        )
        expect(
            files["T.Server.swift"], contains: "@available(*, deprecated, message: \"Gone soon.\")\npublic func sendF(")
        #expect(
            files["T.Events.swift"]?.contains("@available(*, deprecated, message: \"Gone soon.\")\ncase f") == false)
    }

    @Test("one escaping path: documentation and literals hold any text")
    func escaping() throws {
        let files = try generate(
            #"""
            description: "Ends */ here? \"\"\" and \\(x) \\ back\nnext line"
            types:
              Odd: { type: string, enum: ["a\"b", "\\(x)", "tab\there"] }
            events:
              e:
                wireName: "quote\"back\\slash"
                description: "Ends */ here? \"\"\" and \\(x) \\ back\nnext line"
                payload: { $ref: Odd }
            \#(Self.oneStream)
            """#
        )
        expect(files["T.Events.swift"], contains: #"/// Ends */ here? """ and \(x) \ back"# + "\n/// next line")
        expect(
            files["T.Events.swift"],
            contains: #"""
                case aB = "a\"b"
                case x = "\\(x)"
                case tabHere = "tab\there"
                """#
        )
        expect(files["T.Client.swift"], contains: #"case "quote\"back\\slash":"#)
        expect(files["T.Server.swift"], contains: #"ServerSentEvents.ServerSentEvent(type: "quote\"back\\slash""#)
    }

    @Test("ids by the stream's rule: required, optional, none")
    func ids() throws {
        for (rule, parameter) in [
            ("required", ", id: Swift.String)"), ("optional", ", id: Swift.String? = nil)"),
            ("none", "(_ text: Swift.String)"),
        ] {
            let files = try generate(
                """
                events:
                  e: { payload: text }
                streams:
                  s: { path: /s, events: [e], ids: \(rule) }
                """
            )
            expect(
                files["T.Server.swift"],
                contains: "public func sendE(_ text: Swift.String" + (rule == "none" ? ")" : parameter))
        }
    }

    @Test("the event enum, its path, and the decoder's switch on wire names")
    func streamTypes() throws {
        let files = try generate(
            """
            events:
              joined: { wireName: user.joined, payload: { type: object, properties: { id: { type: string } } } }
              notice: { payload: text }
              closed: { terminal: true }
            streams:
              room: { path: "/rooms/{roomID}/events", events: [joined, notice, closed] }
            """
        )
        expect(
            files["T.Events.swift"],
            contains: """
                public enum TRoomEvent: Swift.Hashable, Swift.Sendable {
                /// `user.joined`.
                case joined(T.Joined)

                /// `notice`.
                case notice(Swift.String)

                /// `closed`, terminal: the stream ends after it.
                case closed
                """
        )
        expect(
            files["T.Events.swift"],
            contains: """
                public static func path(roomID _roomID: Swift.String) -> Swift.String {
                "/rooms/" + ServerSentEvents.EventStreamPath.encodeParameter(_roomID) + "/events"
                }
                """
        )
        expect(
            files["T.Client.swift"],
            contains: """
                switch event.type {
                case "user.joined":
                return .joined(try ServerSentEvents.EventPayloadJSON.decode(T.Joined.self, from: event))
                case "notice":
                return .notice(event.data)
                case "closed":
                return .closed
                case ServerSentEvents.ServerSentEventReplayGap.eventType:
                return ServerSentEvents.ServerSentEventReplayGap(event).map { .replayGap($0) } ?? .unknown(event)
                default:
                return .unknown(event)
                }
                """
        )
        expect(
            files["T.Events.swift"],
            contains: """
                public var isTerminal: Swift.Bool {
                switch self {
                case .closed:
                return true
                default:
                return false
                }
                }
                """
        )
        expect(
            files["T.Client.swift"],
            contains: "public func isTerminal(_ event: TRoomEvent) -> Swift.Bool {\nevent.isTerminal\n}")
        expect(
            files["T.Server.swift"],
            contains: """
                @discardableResult
                public static func publish(_ event: TRoomEvent, to hub: ServerSentEvents.ServerSentEventHub, topic: Swift.String) async throws -> ServerSentEvents.ServerSentEvent {
                try await hub.publish(Self.serverSentEvent(for: event), to: topic, terminal: event.isTerminal)
                }
                """
        )
        expect(
            files["T.Server.swift"],
            contains: """
                public func sendClosed(id: Swift.String? = nil) async throws {
                try await emitter.send(Self.serverSentEvent(for: .closed, id: id), terminal: true)
                }
                """
        )
        expect(
            files["T.Server.swift"],
            contains: """
                case .closed:
                return ServerSentEvents.ServerSentEvent(type: "closed", data: "", id: id)
                """
        )
    }
}
