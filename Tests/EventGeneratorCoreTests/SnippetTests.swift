import EventSchema
import TestSupport
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

    /// Expects `file` to hold `declaration` exactly: the whole rendered declaration (its
    /// documentation and attributes, its header, its body through the closing brace) whose
    /// header is `declaration`'s first line after documentation and attributes, compared
    /// without the declaration's own indentation, every other character as written.
    func expect(
        _ file: String?, declaration expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let header = expected.split(separator: "\n").first { !$0.hasPrefix("///") && !$0.hasPrefix("@") }
        let found = header.flatMap { Declaration.named(String($0), in: file ?? "") }
        #expect(
            found == expected,
            """
            \(UnifiedDiff(old: expected, new: found ?? "(no declaration starting with \(header ?? ""))", oldName: "expected", newName: "generated"))
            """,
            sourceLocation: sourceLocation)
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
            declaration: #"""
                public enum Phase: Swift.String, Swift.Codable, Swift.Hashable, Swift.Sendable, Swift.CaseIterable {
                    case inProgress = "in-progress"
                    case done
                    case `default`

                    /// Decodes one of the values, or throws naming the values allowed.
                    public init(from __decoder: any Swift.Decoder) throws {
                        let __container = try __decoder.singleValueContainer()
                        let __value = try __container.decode(Swift.String.self)
                        guard let __known = Self(rawValue: __value) else {
                            throw Swift.DecodingError.dataCorruptedError(in: __container, debugDescription: "'\(__value)' is not one of " + "'in-progress', 'done', 'default'")
                        }
                        self = __known
                    }

                    /// Reads one of the values from JSON, or throws naming the values allowed.
                    @_spi(Generated) public init(json __reader: inout ServerSentEvents.JSONReader) throws(ServerSentEvents.JSONPayloadError) {
                        let __value = try __reader.readEnumerationValue()
                        switch __value {
                            case "in-progress":
                                self = .inProgress
                            case "done":
                                self = .done
                            case "default":
                                self = .`default`
                            default:
                                throw __reader.invalid("'\(__value.string)' is not one of " + "'in-progress', 'done', 'default'")
                        }
                    }

                    /// Writes the value as a JSON string.
                    @_spi(Generated) public func writeJSON(to __writer: inout ServerSentEvents.JSONWriter) throws(ServerSentEvents.JSONPayloadError) {
                        __writer.write(self.rawValue)
                    }
                }
                """#
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
            declaration: """
                public struct E: Swift.Codable, Swift.Hashable, Swift.Sendable {
                    public var a: Swift.String
                    public var b: Swift.String?
                    public var c: Swift.String?
                    public var d: Swift.Int32
                    public var f: Swift.Bool?

                    /// Creates a value.
                    public init(a _a: Swift.String, b _b: Swift.String?, c _c: Swift.String? = nil, d _d: Swift.Int32 = 3, f _f: Swift.Bool? = true) {
                        self.a = _a
                        self.b = _b
                        self.c = _c
                        self.d = _d
                        self.f = _f
                    }

                    /// Decodes a value, checking the schema's constraints.
                    public init(from __decoder: any Swift.Decoder) throws {
                        let __container = try __decoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                        let _a = try __container.decode(Swift.String.self, forKey: ServerSentEvents.PayloadCodingKey("a"))
                        let _b = try __container.decode(Swift.Optional<Swift.String>.self, forKey: ServerSentEvents.PayloadCodingKey("b"))
                        let _c = try __container.decodeIfPresent(Swift.String.self, forKey: ServerSentEvents.PayloadCodingKey("c"))
                        let _d = try __container.decodeIfPresent(Swift.Int32.self, forKey: ServerSentEvents.PayloadCodingKey("d")) ?? 3
                        let _f = try __container.contains(ServerSentEvents.PayloadCodingKey("f")) ? __container.decode(Swift.Optional<Swift.Bool>.self, forKey: ServerSentEvents.PayloadCodingKey("f")) : true
                        self.a = _a
                        self.b = _b
                        self.c = _c
                        self.d = _d
                        self.f = _f
                    }

                    /// Encodes the value as one JSON object.
                    public func encode(to __encoder: any Swift.Encoder) throws {
                        var __container = __encoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                        try __container.encode(self.a, forKey: ServerSentEvents.PayloadCodingKey("a"))
                        try __container.encode(self.b, forKey: ServerSentEvents.PayloadCodingKey("b"))
                        try __container.encodeIfPresent(self.c, forKey: ServerSentEvents.PayloadCodingKey("c"))
                        try __container.encode(self.d, forKey: ServerSentEvents.PayloadCodingKey("d"))
                        try __container.encode(self.f, forKey: ServerSentEvents.PayloadCodingKey("f"))
                    }

                    /// Reads a value from JSON, checking the schema's constraints.
                    @_spi(Generated) public init(json __reader: inout ServerSentEvents.JSONReader) throws(ServerSentEvents.JSONPayloadError) {
                        let __start = try __reader.beginObject()
                        var _a: Swift.String? = nil
                        var _b: Swift.String?? = nil
                        var _c: Swift.String? = nil
                        var _d: Swift.Int32? = nil
                        var _f: Swift.Bool?? = nil
                        while let __key = try __reader.nextMember() {
                            switch __key {
                                case "a":
                                    _a = try __reader.readString()
                                case "b":
                                    _b = .some(try __reader.readNull() ? nil : __reader.readString())
                                case "c":
                                    _c = try __reader.readNull() ? nil : __reader.readString()
                                case "d":
                                    _d = try __reader.readNull() ? nil : __reader.readInt32()
                                case "f":
                                    _f = .some(try __reader.readNull() ? nil : __reader.readBool())
                                default:
                                    try __reader.skipValue()
                            }
                        }
                        self.a = try __reader.required(_a, "a", objectAt: __start)
                        self.b = try __reader.required(_b, "b", objectAt: __start)
                        self.c = _c
                        self.d = _d ?? 3
                        self.f = _f ?? true
                    }

                    /// Writes the value as one JSON object, checking the schema's constraints.
                    @_spi(Generated) public func writeJSON(to __writer: inout ServerSentEvents.JSONWriter) throws(ServerSentEvents.JSONPayloadError) {
                        __writer.beginObject()
                        __writer.key("a")
                        __writer.write(self.a)
                        __writer.key("b")
                        if let __value0 = self.b {
                            __writer.write(__value0)
                        } else {
                            __writer.writeNull()
                        }
                        if let __member = self.c {
                            __writer.key("c")
                            __writer.write(__member)
                        }
                        __writer.key("d")
                        __writer.write(self.d)
                        __writer.key("f")
                        if let __value0 = self.f {
                            __writer.write(__value0)
                        } else {
                            __writer.writeNull()
                        }
                        __writer.endObject()
                    }
                }
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
            declaration: """
                public struct E: Swift.Codable, Swift.Hashable, Swift.Sendable {
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

                    /// Creates a value.
                    public init(at _at: Foundation.Date, on _on: ServerSentEvents.CalendarDate, id _id: Foundation.UUID, link _link: Foundation.URL, blob _blob: Foundation.Data, mail _mail: Swift.String, small _small: Swift.Int32, big _big: Swift.Int64, ratio _ratio: Swift.Float, price _price: Swift.Double, tags _tags: [Swift.String?], counts _counts: [Swift.String: Swift.Int64]) {
                        self.at = _at
                        self.on = _on
                        self.id = _id
                        self.link = _link
                        self.blob = _blob
                        self.mail = _mail
                        self.small = _small
                        self.big = _big
                        self.ratio = _ratio
                        self.price = _price
                        self.tags = _tags
                        self.counts = _counts
                    }

                    /// Decodes a value, checking the schema's constraints.
                    public init(from __decoder: any Swift.Decoder) throws {
                        let __container = try __decoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                        let _at = try __container.decode(Foundation.Date.self, forKey: ServerSentEvents.PayloadCodingKey("at"))
                        let _on = try __container.decode(ServerSentEvents.CalendarDate.self, forKey: ServerSentEvents.PayloadCodingKey("on"))
                        let _id = try __container.decode(Foundation.UUID.self, forKey: ServerSentEvents.PayloadCodingKey("id"))
                        let _link = try __container.decode(Foundation.URL.self, forKey: ServerSentEvents.PayloadCodingKey("link"))
                        let _blob = try __container.decode(Foundation.Data.self, forKey: ServerSentEvents.PayloadCodingKey("blob"))
                        let _mail = try __container.decode(Swift.String.self, forKey: ServerSentEvents.PayloadCodingKey("mail"))
                        let _small = try __container.decode(Swift.Int32.self, forKey: ServerSentEvents.PayloadCodingKey("small"))
                        let _big = try __container.decode(Swift.Int64.self, forKey: ServerSentEvents.PayloadCodingKey("big"))
                        let _ratio = try __container.decode(Swift.Float.self, forKey: ServerSentEvents.PayloadCodingKey("ratio"))
                        let _price = try __container.decode(Swift.Double.self, forKey: ServerSentEvents.PayloadCodingKey("price"))
                        let _tags = try __container.decode([Swift.String?].self, forKey: ServerSentEvents.PayloadCodingKey("tags"))
                        let _counts = try __container.decode([Swift.String: Swift.Int64].self, forKey: ServerSentEvents.PayloadCodingKey("counts"))
                        self.at = _at
                        self.on = _on
                        self.id = _id
                        self.link = _link
                        self.blob = _blob
                        self.mail = _mail
                        self.small = _small
                        self.big = _big
                        self.ratio = _ratio
                        self.price = _price
                        self.tags = _tags
                        self.counts = _counts
                    }

                    /// Encodes the value as one JSON object.
                    public func encode(to __encoder: any Swift.Encoder) throws {
                        var __container = __encoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                        try __container.encode(self.at, forKey: ServerSentEvents.PayloadCodingKey("at"))
                        try __container.encode(self.on, forKey: ServerSentEvents.PayloadCodingKey("on"))
                        try __container.encode(self.id, forKey: ServerSentEvents.PayloadCodingKey("id"))
                        try __container.encode(self.link, forKey: ServerSentEvents.PayloadCodingKey("link"))
                        try __container.encode(self.blob, forKey: ServerSentEvents.PayloadCodingKey("blob"))
                        try __container.encode(self.mail, forKey: ServerSentEvents.PayloadCodingKey("mail"))
                        try __container.encode(self.small, forKey: ServerSentEvents.PayloadCodingKey("small"))
                        try __container.encode(self.big, forKey: ServerSentEvents.PayloadCodingKey("big"))
                        try __container.encode(self.ratio, forKey: ServerSentEvents.PayloadCodingKey("ratio"))
                        try __container.encode(self.price, forKey: ServerSentEvents.PayloadCodingKey("price"))
                        try __container.encode(self.tags, forKey: ServerSentEvents.PayloadCodingKey("tags"))
                        try __container.encode(self.counts, forKey: ServerSentEvents.PayloadCodingKey("counts"))
                    }

                    /// Reads a value from JSON, checking the schema's constraints.
                    @_spi(Generated) public init(json __reader: inout ServerSentEvents.JSONReader) throws(ServerSentEvents.JSONPayloadError) {
                        let __start = try __reader.beginObject()
                        var _at: Foundation.Date? = nil
                        var _on: ServerSentEvents.CalendarDate? = nil
                        var _id: Foundation.UUID? = nil
                        var _link: Foundation.URL? = nil
                        var _blob: Foundation.Data? = nil
                        var _mail: Swift.String? = nil
                        var _small: Swift.Int32? = nil
                        var _big: Swift.Int64? = nil
                        var _ratio: Swift.Float? = nil
                        var _price: Swift.Double? = nil
                        var _tags: [Swift.String?]? = nil
                        var _counts: [Swift.String: Swift.Int64]? = nil
                        while let __key = try __reader.nextMember() {
                            switch __key {
                                case "at":
                                    _at = try __reader.readDate()
                                case "on":
                                    _on = try __reader.readCalendarDate()
                                case "id":
                                    _id = try __reader.readUUID()
                                case "link":
                                    _link = try __reader.readURL()
                                case "blob":
                                    _blob = try __reader.readData()
                                case "mail":
                                    _mail = try __reader.readString()
                                case "small":
                                    _small = try __reader.readInt32()
                                case "big":
                                    _big = try __reader.readInt64()
                                case "ratio":
                                    _ratio = try __reader.readFloat()
                                case "price":
                                    _price = try __reader.readDouble()
                                case "tags":
                                    var __value0: [Swift.String?] = []
                                    try __reader.beginArray()
                                    while try __reader.nextElement() {
                                        __value0.append(try __reader.readNull() ? nil : __reader.readString())
                                    }
                                    _tags = __value0
                                case "counts":
                                    var __value0: [Swift.String: Swift.Int64] = [:]
                                    try __reader.beginObject()
                                    while let __key0 = try __reader.nextMember() {
                                        __value0.updateValue(try __reader.readInt64(), forKey: __key0.string)
                                    }
                                    _counts = __value0
                                default:
                                    try __reader.skipValue()
                            }
                        }
                        self.at = try __reader.required(_at, "at", objectAt: __start)
                        self.on = try __reader.required(_on, "on", objectAt: __start)
                        self.id = try __reader.required(_id, "id", objectAt: __start)
                        self.link = try __reader.required(_link, "link", objectAt: __start)
                        self.blob = try __reader.required(_blob, "blob", objectAt: __start)
                        self.mail = try __reader.required(_mail, "mail", objectAt: __start)
                        self.small = try __reader.required(_small, "small", objectAt: __start)
                        self.big = try __reader.required(_big, "big", objectAt: __start)
                        self.ratio = try __reader.required(_ratio, "ratio", objectAt: __start)
                        self.price = try __reader.required(_price, "price", objectAt: __start)
                        self.tags = try __reader.required(_tags, "tags", objectAt: __start)
                        self.counts = try __reader.required(_counts, "counts", objectAt: __start)
                    }

                    /// Writes the value as one JSON object, checking the schema's constraints.
                    @_spi(Generated) public func writeJSON(to __writer: inout ServerSentEvents.JSONWriter) throws(ServerSentEvents.JSONPayloadError) {
                        __writer.beginObject()
                        __writer.key("at")
                        __writer.write(self.at)
                        __writer.key("big")
                        __writer.write(self.big)
                        __writer.key("blob")
                        __writer.write(self.blob)
                        __writer.key("counts")
                        __writer.beginObject()
                        for (__key0, __item0) in ServerSentEvents.JSONWriter.sorted(self.counts) {
                            __writer.key(__key0)
                            __writer.write(__item0)
                        }
                        __writer.endObject()
                        __writer.key("id")
                        __writer.write(self.id)
                        __writer.key("link")
                        __writer.write(self.link)
                        __writer.key("mail")
                        __writer.write(self.mail)
                        __writer.key("on")
                        __writer.write(self.on)
                        __writer.key("price")
                        try __writer.write(self.price)
                        __writer.key("ratio")
                        try __writer.write(self.ratio)
                        __writer.key("small")
                        __writer.write(self.small)
                        __writer.key("tags")
                        __writer.beginArray()
                        for __item0 in self.tags {
                            if let __value1 = __item0 {
                                __writer.write(__value1)
                            } else {
                                __writer.writeNull()
                            }
                        }
                        __writer.endArray()
                        __writer.endObject()
                    }
                }
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
            declaration: """
                /// Decodes a value, checking the schema's constraints.
                public init(from __decoder: any Swift.Decoder) throws {
                    let __container = try __decoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                    let _name = try __container.decode(Swift.String.self, forKey: ServerSentEvents.PayloadCodingKey("name"))
                    let _level = try __container.decodeIfPresent(Swift.Int64.self, forKey: ServerSentEvents.PayloadCodingKey("level"))
                    let _scores = try __container.decodeIfPresent([Swift.Double].self, forKey: ServerSentEvents.PayloadCodingKey("scores"))
                    let _labels = try __container.decodeIfPresent([Swift.String: Swift.String].self, forKey: ServerSentEvents.PayloadCodingKey("labels"))
                    try ServerSentEvents.PayloadCheck.decoding(ServerSentEvents.PayloadCheck.length(_name, minimum: 1, maximum: 5), at: __container.codingPath + [ServerSentEvents.PayloadCodingKey("name")])
                    if let __value0 = _level {
                        try ServerSentEvents.PayloadCheck.decoding(ServerSentEvents.PayloadCheck.range(__value0, minimum: nil, maximum: 9), at: __container.codingPath + [ServerSentEvents.PayloadCodingKey("level")])
                    }
                    if let __value0 = _scores {
                        try ServerSentEvents.PayloadCheck.decoding(ServerSentEvents.PayloadCheck.count(__value0.count, minimum: nil, maximum: 3), at: __container.codingPath + [ServerSentEvents.PayloadCodingKey("scores")])
                        for (__index0, __item0) in __value0.enumerated() {
                            try ServerSentEvents.PayloadCheck.decoding(ServerSentEvents.PayloadCheck.range(__item0, minimum: 0.0, maximum: nil), at: __container.codingPath + [ServerSentEvents.PayloadCodingKey("scores")] + [ServerSentEvents.PayloadCodingKey(index: __index0)])
                        }
                    }
                    if let __value0 = _labels {
                        for (__key0, __item0) in __value0 {
                            try ServerSentEvents.PayloadCheck.decoding(ServerSentEvents.PayloadCheck.constant(__item0, "x"), at: __container.codingPath + [ServerSentEvents.PayloadCodingKey("labels")] + [ServerSentEvents.PayloadCodingKey(__key0)])
                        }
                    }
                    self.name = _name
                    self.level = _level
                    self.scores = _scores
                    self.labels = _labels
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
            declaration: #"""
                public indirect enum Shape: Swift.Codable, Swift.Hashable, Swift.Sendable {
                    case circle(T.Circle)
                    case square(T.Square)

                    /// Decodes the alternative that 'kind' names.
                    public init(from __decoder: any Swift.Decoder) throws {
                        let __container = try __decoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                        let __tag = try __container.decode(Swift.String.self, forKey: ServerSentEvents.PayloadCodingKey("kind"))
                        switch __tag {
                            case "round":
                                self = try .circle(T.Circle(from: __decoder))
                            case "Square":
                                self = try .square(T.Square(from: __decoder))
                            default:
                                throw Swift.DecodingError.dataCorruptedError(forKey: ServerSentEvents.PayloadCodingKey("kind"), in: __container, debugDescription: "'\(__tag)' is not one of " + "'round', 'Square'")
                        }
                    }

                    /// Encodes the alternative and its 'kind'.
                    public func encode(to __encoder: any Swift.Encoder) throws {
                        switch self {
                            case .circle(let __value):
                                try __value.encode(to: __encoder)
                                var __container = __encoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                                try __container.encode("round", forKey: ServerSentEvents.PayloadCodingKey("kind"))
                            case .square(let __value):
                                try __value.encode(to: __encoder)
                                var __container = __encoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                                try __container.encode("Square", forKey: ServerSentEvents.PayloadCodingKey("kind"))
                        }
                    }

                    /// Reads the alternative that 'kind' names from JSON.
                    @_spi(Generated) public init(json __reader: inout ServerSentEvents.JSONReader) throws(ServerSentEvents.JSONPayloadError) {
                        let __tag = try __reader.peekDiscriminator("kind")
                        switch __tag {
                            case "round":
                                self = .circle(try T.Circle(json: &__reader))
                            case "Square":
                                self = .square(try T.Square(json: &__reader))
                            default:
                                throw __reader.invalid("'\(__tag)' is not one of " + "'round', 'Square'")
                        }
                    }

                    /// Writes the alternative as one JSON object, its 'kind' among its members.
                    @_spi(Generated) public func writeJSON(to __writer: inout ServerSentEvents.JSONWriter) throws(ServerSentEvents.JSONPayloadError) {
                        switch self {
                            case .circle(let __value):
                                try __value.writeJSON(to: &__writer, discriminator: .init(name: "kind", value: "round"))
                            case .square(let __value):
                                try __value.writeJSON(to: &__writer, discriminator: .init(name: "kind", value: "Square"))
                        }
                    }
                }
                """#
        )
        expect(
            files["T.Events.swift"],
            declaration: """
                /// Decodes a value, checking the schema's constraints.
                public init(from __decoder: any Swift.Decoder) throws {
                    let __container = try __decoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                    let _r = try __container.decode(Swift.Double.self, forKey: ServerSentEvents.PayloadCodingKey("r"))
                    self.r = _r
                }
                """
        )
        expect(
            files["T.Events.swift"],
            declaration: """
                /// Encodes the value as one JSON object.
                public func encode(to __encoder: any Swift.Encoder) throws {
                    var __container = __encoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                    try __container.encode(self.r, forKey: ServerSentEvents.PayloadCodingKey("r"))
                }
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
            declaration: """
                public struct Node: Swift.Codable, Swift.Hashable, Swift.Sendable {
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

                    /// Creates a value.
                    public init(next _next: T.Node? = nil, children _children: [T.Node]? = nil) {
                        self._next = _next.map { ServerSentEvents.Indirect($0) }
                        self.children = _children
                    }

                    /// Decodes a value, checking the schema's constraints.
                    public init(from __decoder: any Swift.Decoder) throws {
                        let __container = try __decoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                        let _next = try __container.decodeIfPresent(T.Node.self, forKey: ServerSentEvents.PayloadCodingKey("next"))
                        let _children = try __container.decodeIfPresent([T.Node].self, forKey: ServerSentEvents.PayloadCodingKey("children"))
                        self._next = _next.map { ServerSentEvents.Indirect($0) }
                        self.children = _children
                    }

                    /// Encodes the value as one JSON object.
                    public func encode(to __encoder: any Swift.Encoder) throws {
                        var __container = __encoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                        try __container.encodeIfPresent(self._next?.value, forKey: ServerSentEvents.PayloadCodingKey("next"))
                        try __container.encodeIfPresent(self.children, forKey: ServerSentEvents.PayloadCodingKey("children"))
                    }

                    /// Reads a value from JSON, checking the schema's constraints.
                    @_spi(Generated) public init(json __reader: inout ServerSentEvents.JSONReader) throws(ServerSentEvents.JSONPayloadError) {
                        try __reader.beginObject()
                        var _next: T.Node? = nil
                        var _children: [T.Node]? = nil
                        while let __key = try __reader.nextMember() {
                            switch __key {
                                case "next":
                                    _next = try __reader.readNull() ? nil : T.Node(json: &__reader)
                                case "children":
                                    if try __reader.readNull() {
                                        _children = nil
                                    } else {
                                        var __value0: [T.Node] = []
                                        try __reader.beginArray()
                                        while try __reader.nextElement() {
                                            __value0.append(try T.Node(json: &__reader))
                                        }
                                        _children = __value0
                                    }
                                default:
                                    try __reader.skipValue()
                            }
                        }
                        self._next = _next.map { ServerSentEvents.Indirect($0) }
                        self.children = _children
                    }

                    /// Writes the value as one JSON object, checking the schema's constraints.
                    @_spi(Generated) public func writeJSON(to __writer: inout ServerSentEvents.JSONWriter) throws(ServerSentEvents.JSONPayloadError) {
                        __writer.beginObject()
                        if let __member = self.children {
                            __writer.key("children")
                            __writer.beginArray()
                            for __item0 in __member {
                                try __item0.writeJSON(to: &__writer)
                            }
                            __writer.endArray()
                        }
                        if let __member = self._next?.value {
                            __writer.key("next")
                            try __member.writeJSON(to: &__writer)
                        }
                        __writer.endObject()
                    }
                }
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
            declaration: """
                /// Deprecated: Use New.
                public struct Old: Swift.Codable, Swift.Hashable, Swift.Sendable {
                    private var _a: Swift.String?

                    @available(*, deprecated)
                    public var a: Swift.String? {
                        get {
                            self._a
                        }
                        set {
                            self._a = newValue
                        }
                    }

                    /// Creates a value.
                    @available(*, deprecated, message: "Use New.")
                    public init(a _a: Swift.String? = nil) {
                        self._a = _a
                    }

                    /// Decodes a value, checking the schema's constraints.
                    public init(from __decoder: any Swift.Decoder) throws {
                        let __container = try __decoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                        let _a = try __container.decodeIfPresent(Swift.String.self, forKey: ServerSentEvents.PayloadCodingKey("a"))
                        self._a = _a
                    }

                    /// Encodes the value as one JSON object.
                    public func encode(to __encoder: any Swift.Encoder) throws {
                        var __container = __encoder.container(keyedBy: ServerSentEvents.PayloadCodingKey.self)
                        try __container.encodeIfPresent(self._a, forKey: ServerSentEvents.PayloadCodingKey("a"))
                    }

                    /// Reads a value from JSON, checking the schema's constraints.
                    @_spi(Generated) public init(json __reader: inout ServerSentEvents.JSONReader) throws(ServerSentEvents.JSONPayloadError) {
                        try __reader.beginObject()
                        var _a: Swift.String? = nil
                        while let __key = try __reader.nextMember() {
                            switch __key {
                                case "a":
                                    _a = try __reader.readNull() ? nil : __reader.readString()
                                default:
                                    try __reader.skipValue()
                            }
                        }
                        self._a = _a
                    }

                    /// Writes the value as one JSON object, checking the schema's constraints.
                    @_spi(Generated) public func writeJSON(to __writer: inout ServerSentEvents.JSONWriter) throws(ServerSentEvents.JSONPayloadError) {
                        __writer.beginObject()
                        if let __member = self._a {
                            __writer.key("a")
                            __writer.write(__member)
                        }
                        __writer.endObject()
                    }
                }
                """
        )
        expect(
            files["T.Server.swift"],
            declaration: """
                /// Sends `f`.
                ///
                /// Deprecated: Gone soon.
                @available(*, deprecated, message: "Gone soon.")
                public func sendF(_ payload: T.Level, id: Swift.String? = nil) async throws {
                    try await emitter.send(Self.frame(for: .f(payload), id: id))
                }
                """
        )
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
        expect(
            files["T.Events.swift"],
            declaration: #"""
                /// `quote"back\slash`.
                ///
                /// Ends */ here? """ and \(x) \ back
                /// next line
                case e(T.Odd)
                """#
        )
        expect(
            files["T.Events.swift"],
            declaration: #"""
                public enum Odd: Swift.String, Swift.Codable, Swift.Hashable, Swift.Sendable, Swift.CaseIterable {
                    case aB = "a\"b"
                    case x = "\\(x)"
                    case tabHere = "tab\there"

                    /// Decodes one of the values, or throws naming the values allowed.
                    public init(from __decoder: any Swift.Decoder) throws {
                        let __container = try __decoder.singleValueContainer()
                        let __value = try __container.decode(Swift.String.self)
                        guard let __known = Self(rawValue: __value) else {
                            throw Swift.DecodingError.dataCorruptedError(in: __container, debugDescription: "'\(__value)' is not one of " + "'a\"b', '\\(x)', 'tab\there'")
                        }
                        self = __known
                    }

                    /// Reads one of the values from JSON, or throws naming the values allowed.
                    @_spi(Generated) public init(json __reader: inout ServerSentEvents.JSONReader) throws(ServerSentEvents.JSONPayloadError) {
                        let __value = try __reader.readEnumerationValue()
                        switch __value {
                            case "a\"b":
                                self = .aB
                            case "\\(x)":
                                self = .x
                            case "tab\there":
                                self = .tabHere
                            default:
                                throw __reader.invalid("'\(__value.string)' is not one of " + "'a\"b', '\\(x)', 'tab\there'")
                        }
                    }

                    /// Writes the value as a JSON string.
                    @_spi(Generated) public func writeJSON(to __writer: inout ServerSentEvents.JSONWriter) throws(ServerSentEvents.JSONPayloadError) {
                        __writer.write(self.rawValue)
                    }
                }
                """#
        )
        expect(
            files["T.Client.swift"],
            declaration: #"""
                /// The typed event, its JSON read where it lies; `unknown` for a type the schema does not name; an error naming the event when its payload does not match the schema. `decode(_:)` on a `ServerSentEvent` views it the same way.
                public func decode(_ event: ServerSentEvents.ServerSentEventDecoder.InPlaceEvent) throws(ServerSentEvents.ServerSentEventPayloadError) -> TSEvent {
                    switch ServerSentEvents.EventTypeName(event) {
                        case "quote\"back\\slash":
                            return .e(try ServerSentEvents.EventPayloadJSON.decode(from: event, T.Odd.init(json:)))
                        case ServerSentEvents.ServerSentEventReplayGap.wireName:
                            return ServerSentEvents.ServerSentEventReplayGap(event.event).map { .replayGap($0) } ?? .unknown(event.event)
                        default:
                            return .unknown(event.event)
                    }
                }
                """#
        )
        expect(
            files["T.Server.swift"],
            declaration: #"""
                /// The event as this stream frames it (its wire name, one-line JSON), e.g. to publish into a `ServerSentEventHub`; an `unknown` event keeps its own id unless given one, and a `replayGap` never has one (it must not move the client's last event ID).
                public static func serverSentEvent(for event: TSEvent, id: Swift.String? = nil) throws(ServerSentEvents.ServerSentEventPayloadError) -> ServerSentEvents.ServerSentEvent {
                    switch event {
                        case .e(let __payload):
                            return ServerSentEvents.ServerSentEvent(type: "quote\"back\\slash", data: try ServerSentEvents.EventPayloadJSON.encode(__payload, type: "quote\"back\\slash", id: id, Self.writeE), id: id)
                        case .replayGap(let __gap):
                            return __gap.event
                        case .unknown(let __event):
                            return ServerSentEvents.ServerSentEvent(type: __event.type, data: __event.data, id: id ?? __event.id)
                    }
                }
                """#
        )
    }

    @Test("ids by the stream's rule: required, optional, none")
    func ids() throws {
        for (rule, parameters, id) in [
            ("required", "_ text: Swift.String, id: Swift.String", "id"),
            ("optional", "_ text: Swift.String, id: Swift.String? = nil", "id"),
            ("none", "_ text: Swift.String", "nil"),
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
                declaration: """
                    /// Sends `e`.
                    public func sendE(\(parameters)) async throws {
                        try await emitter.send(Self.frame(for: .e(text), id: \(id)))
                    }
                    """
            )
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
            declaration: """
                /// The events of stream 'room' (/rooms/{roomID}/events).
                public enum TRoomEvent: Swift.Hashable, Swift.Sendable {
                    /// `user.joined`.
                    case joined(T.Joined)

                    /// `notice`.
                    case notice(Swift.String)

                    /// `closed`, terminal: the stream ends after it.
                    case closed

                    /// The server's loss signal (`replay-gap`): events this client should have had are gone (it could not replay from the client's `Last-Event-ID`: a restart, another instance, or past its replay window). Fetch the state the events build again.
                    case replayGap(ServerSentEvents.ServerSentEventReplayGap)

                    /// An event whose type the schema does not name, as it arrived.
                    case unknown(ServerSentEvents.ServerSentEvent)

                    /// The stream's path, its parameters in braces.
                    public static let pathTemplate: Swift.String = "/rooms/{roomID}/events"

                    /// The stream's path for these parameters, each percent-encoded.
                    public static func path(roomID _roomID: Swift.String) -> Swift.String {
                        "/rooms/" + ServerSentEvents.EventStreamPath.encodeParameter(_roomID) + "/events"
                    }

                    /// Whether the stream ends after this event (`terminal: true`).
                    public var isTerminal: Swift.Bool {
                        switch self {
                            case .closed:
                                return true
                            default:
                                return false
                        }
                    }
                }
                """
        )
        expect(
            files["T.Client.swift"],
            declaration: """
                /// The typed event, its JSON read where it lies; `unknown` for a type the schema does not name; an error naming the event when its payload does not match the schema. `decode(_:)` on a `ServerSentEvent` views it the same way.
                public func decode(_ event: ServerSentEvents.ServerSentEventDecoder.InPlaceEvent) throws(ServerSentEvents.ServerSentEventPayloadError) -> TRoomEvent {
                    switch ServerSentEvents.EventTypeName(event) {
                        case "user.joined":
                            return .joined(try ServerSentEvents.EventPayloadJSON.decode(from: event, T.Joined.init(json:)))
                        case "notice":
                            return .notice(ServerSentEvents.EventPayloadJSON.text(of: event))
                        case "closed":
                            return .closed
                        case ServerSentEvents.ServerSentEventReplayGap.wireName:
                            return ServerSentEvents.ServerSentEventReplayGap(event.event).map { .replayGap($0) } ?? .unknown(event.event)
                        default:
                            return .unknown(event.event)
                    }
                }
                """
        )
        expect(
            files["T.Client.swift"],
            declaration: """
                /// Whether the event ends the stream.
                public func isTerminal(_ event: TRoomEvent) -> Swift.Bool {
                    event.isTerminal
                }
                """
        )
        expect(
            files["T.Server.swift"],
            declaration: """
                /// Sends `closed`, terminal: the stream ends after it.
                ///
                /// The sink is finished after it; sending again throws.
                public func sendClosed(id: Swift.String? = nil) async throws {
                    try await emitter.send(Self.frame(for: .closed, id: id), terminal: true)
                }
                """
        )
        expect(
            files["T.Server.swift"],
            declaration: """
                /// The event as this stream frames it (its wire name, one-line JSON), e.g. to publish into a `ServerSentEventHub`; an `unknown` event keeps its own id unless given one, and a `replayGap` never has one (it must not move the client's last event ID).
                public static func serverSentEvent(for event: TRoomEvent, id: Swift.String? = nil) throws(ServerSentEvents.ServerSentEventPayloadError) -> ServerSentEvents.ServerSentEvent {
                    switch event {
                        case .joined(let __payload):
                            return ServerSentEvents.ServerSentEvent(type: "user.joined", data: try ServerSentEvents.EventPayloadJSON.encode(__payload, type: "user.joined", id: id, Self.writeJoined), id: id)
                        case .notice(let __payload):
                            return ServerSentEvents.ServerSentEvent(type: "notice", data: __payload, id: id)
                        case .closed:
                            return ServerSentEvents.ServerSentEvent(type: "closed", data: "", id: id)
                        case .replayGap(let __gap):
                            return __gap.event
                        case .unknown(let __event):
                            return ServerSentEvents.ServerSentEvent(type: __event.type, data: __event.data, id: id ?? __event.id)
                    }
                }
                """
        )
    }
}
