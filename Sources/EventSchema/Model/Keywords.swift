/// The keys allowed in one kind of mapping of the format, each with a summary.
///
/// The parser checks every mapping's keys against these tables (unknown keys are errors, with a
/// "did you mean"), and ``FormatJSONSchema`` builds the JSON Schema of the format from the same
/// tables, so the two cannot drift apart.
struct KeywordTable: Sendable {
    /// One allowed key.
    struct Keyword: Sendable {
        var name: String
        var summary: String
        /// The JSON Schema of the key's value.
        var value: JSONValue
    }

    /// What the mapping is, as messages say it: "an event".
    var noun: String
    var keywords: [Keyword]

    var names: [String] { keywords.map(\.name) }

    func contains(_ name: String) -> Bool { keywords.contains { $0.name == name } }

    func summary(of name: String) -> String {
        keywords.first { $0.name == name }?.summary ?? ""
    }
}

extension KeywordTable {
    static let document = KeywordTable(
        noun: "the schema",
        keywords: [
            .init(
                name: "eventSchema", summary: "The format version. Required; 1 is the only version.",
                value: .object([.init("const", .integer(1))])),
            .init(
                name: "name", summary: "PascalCase namespace of the generated types, e.g. Chat.",
                value: .object([.init("type", "string"), .init("pattern", "^[A-Z][A-Za-z0-9]*$")])),
            .init(name: "description", summary: "What the service's events are about.", value: .stringSchema),
            .init(
                name: "types", summary: "Reusable payload types, referred to with $ref.",
                value: .mapOf(.reference("type"))),
            .init(name: "events", summary: "The events, by name. Required.", value: .mapOf(.reference("event"))),
            .init(
                name: "streams", summary: "The SSE endpoints, by name, and the events each carries.",
                value: .mapOf(.reference("stream"))),
        ]
    )

    static let event = KeywordTable(
        noun: "an event",
        keywords: [
            .init(name: "description", summary: "Documentation, copied into the generated code.", value: .stringSchema),
            .init(
                name: "deprecated", summary: "true, or a message saying what to use instead.",
                value: .reference("deprecated")),
            .init(
                name: "wireName", summary: "The `event:` field on the wire; defaults to the event's key.",
                value: .object([
                    .init("type", "string"), .init("minLength", .integer(1)), .init("pattern", "^[^\\r\\n\\u0000]*$"),
                ])),
            .init(
                name: "payload",
                summary: "A type (an object, or a $ref), or 'text' for plain text; none means empty data.",
                value: .object([
                    .init(
                        "anyOf",
                        .array([
                            .object([.init("const", "text")]), .reference("type"), .object([.init("type", "null")]),
                        ]))
                ])),
            .init(
                name: "terminal", summary: "true: the server ends the stream after it; clients do not reconnect.",
                value: .booleanSchema),
        ]
    )

    static let stream = KeywordTable(
        noun: "a stream",
        keywords: [
            .init(name: "description", summary: "Documentation, copied into the generated code.", value: .stringSchema),
            .init(
                name: "deprecated", summary: "true, or a message saying what to use instead.",
                value: .reference("deprecated")),
            .init(
                name: "path",
                summary: "The endpoint's path, e.g. /rooms/{roomID}/events; {params} are typed parameters.",
                value: .object([.init("type", "string"), .init("pattern", "^/[^?#]*$")])),
            .init(
                name: "events", summary: "The keys of the events this stream carries.",
                value: .object([.init("type", "array"), .init("items", .stringSchema), .init("uniqueItems", true)])),
            .init(
                name: "ids", summary: "required | optional | none: whether events carry an id (default optional).",
                value: .enumeration(EventStream.IDPolicy.allCases.map(\.rawValue))),
            .init(
                name: "retry", summary: "Reconnection delay in milliseconds, sent once when the stream opens.",
                value: .nonNegativeInteger),
            .init(
                name: "heartbeat",
                summary: "Seconds between comment lines that keep proxies open; 0 = none (default 15).",
                value: .object([.init("type", "number"), .init("minimum", .integer(0))])),
        ]
    )

    static let type = KeywordTable(
        noun: "a type",
        keywords: [
            .init(
                name: "type", summary: "string | integer | number | boolean | array | object.",
                value: .enumeration(KeywordTable.typeNames)),
            .init(name: "$ref", summary: "The name of a type under 'types:'.", value: .stringSchema),
            .init(
                name: "oneOf", summary: "Alternatives ({ $ref: Name } each) told apart by 'discriminator'.",
                value: .object([
                    .init("type", "array"), .init("minItems", .integer(1)),
                    .init(
                        "items",
                        .object([
                            .init("type", "object"), .init("required", .array(["$ref"])),
                            .init("additionalProperties", false),
                            .init("properties", .object([.init("$ref", .stringSchema)])),
                        ])),
                ])),
            .init(
                name: "discriminator", summary: "The string property whose value names the alternative of a oneOf.",
                value: .object([.init("anyOf", .array([.stringSchema, .reference("discriminator")]))])),
            .init(name: "description", summary: "Documentation, copied into the generated code.", value: .stringSchema),
            .init(
                name: "deprecated", summary: "true, or a message saying what to use instead.",
                value: .reference("deprecated")),
            .init(name: "nullable", summary: "true: null is also a value of this type.", value: .booleanSchema),
            .init(name: "const", summary: "The only value allowed.", value: .object([])),
            .init(
                name: "default", summary: "The value assumed when an optional property is absent.", value: .object([])),
            .init(
                name: "format",
                summary:
                    "string: date-time, date, uuid, uri, email, byte; integer: int32, int64; number: float, double.",
                value: .enumeration(
                    StringType.Format.allCases.map(\.rawValue) + IntegerType.Format.allCases.map(\.rawValue)
                        + NumberType.Format.allCases.map(\.rawValue))),
            .init(
                name: "enum", summary: "string: the allowed values.",
                value: .object([
                    .init("type", "array"), .init("items", .stringSchema), .init("minItems", .integer(1)),
                    .init("uniqueItems", true),
                ])),
            .init(name: "minLength", summary: "string: fewest characters.", value: .nonNegativeInteger),
            .init(name: "maxLength", summary: "string: most characters.", value: .nonNegativeInteger),
            .init(name: "pattern", summary: "string: a regular expression the value matches.", value: .stringSchema),
            .init(
                name: "minimum", summary: "integer, number: smallest value.", value: .object([.init("type", "number")])),
            .init(
                name: "maximum", summary: "integer, number: largest value.", value: .object([.init("type", "number")])),
            .init(name: "items", summary: "array: the type of the elements.", value: .reference("type")),
            .init(name: "minItems", summary: "array: fewest elements.", value: .nonNegativeInteger),
            .init(name: "maxItems", summary: "array: most elements.", value: .nonNegativeInteger),
            .init(name: "properties", summary: "object: the members, by JSON name.", value: .mapOf(.reference("type"))),
            .init(
                name: "required", summary: "object: the properties that must be present; the others are optional.",
                value: .object([.init("type", "array"), .init("items", .stringSchema), .init("uniqueItems", true)])),
            .init(
                name: "additionalProperties",
                summary: "object: the type of every value of a map from strings (without 'properties').",
                value: .object([.init("anyOf", .array([.reference("type"), .object([.init("const", false)])]))])),
        ]
    )

    static let discriminator = KeywordTable(
        noun: "a discriminator",
        keywords: [
            .init(
                name: "propertyName", summary: "The string property that names the alternative.", value: .stringSchema),
            .init(
                name: "mapping", summary: "Property value → type name, where the value is not the type's name.",
                value: .mapOf(.stringSchema)),
        ]
    )

    /// The keywords that only some values of `type:` accept.
    static let keywordsByType: [(type: String, keywords: [String])] = [
        ("string", ["format", "enum", "minLength", "maxLength", "pattern"]),
        ("integer", ["format", "minimum", "maximum"]),
        ("number", ["format", "minimum", "maximum"]),
        ("boolean", []),
        ("array", ["items", "minItems", "maxItems"]),
        ("object", ["properties", "required", "additionalProperties"]),
    ]

    /// The values of `type:`.
    static var typeNames: [String] { keywordsByType.map(\.type) }
}
