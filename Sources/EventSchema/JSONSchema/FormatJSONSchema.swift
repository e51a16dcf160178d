/// The JSON Schema (draft-07) of the YAML format, for editors: with the YAML language server,
/// a first line `# yaml-language-server: $schema=<path>/event-schema.json` gives completion,
/// hover documentation and checking while typing.
///
/// It is built from the same ``KeywordTable``s that the parser checks keys against. It checks
/// the shape of a schema; the rules that need the whole file (references, cycles, name
/// collisions) are `generate-events validate`'s.
public enum FormatJSONSchema {
    /// The JSON Schema, as a value.
    public static var document: JSONValue {
        .object([
            .init("$schema", "http://json-schema.org/draft-07/schema#"),
            .init("title", "swift-typed-events event schema, version 1"),
            .init(
                "description",
                "One *.events.yaml file: the events a service pushes over Server-Sent Events, and its streams."
            ),
            .init("type", "object"),
            .init("required", .array(["eventSchema", "name", "events"])),
            .init("additionalProperties", false),
            .init("properties", properties(of: .document)),
            .init(
                "definitions",
                .object([
                    .init("deprecated", .object([.init("type", .array(["boolean", "string"]))])),
                    .init("event", closedObject(.event, allowingNull: true)),
                    .init("stream", closedObject(.stream, required: ["path", "events"])),
                    .init("type", closedObject(.type)),
                    .init("discriminator", closedObject(.discriminator, required: ["propertyName"])),
                ])
            ),
        ])
    }

    /// The JSON Schema as committed in `Schemas/event-schema.json`: two-space indents, a final newline.
    public static var text: String { document.rendered(pretty: true) + "\n" }

    private static func closedObject(
        _ table: KeywordTable, required: [String] = [], allowingNull: Bool = false
    ) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("type", allowingNull ? .array(["object", "null"]) : "object")
        ]
        if !required.isEmpty { members.append(.init("required", .array(required.map(JSONValue.string)))) }
        members.append(.init("additionalProperties", false))
        members.append(.init("properties", properties(of: table)))
        return .object(members)
    }

    private static func properties(of table: KeywordTable) -> JSONValue {
        .object(
            table.keywords.map { keyword in
                guard case .object(let members) = keyword.value else { return .init(keyword.name, keyword.value) }
                return .init(keyword.name, .object([.init("description", .string(keyword.summary))] + members))
            }
        )
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral {
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    /// An array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

/// Building blocks of JSON Schema.
extension JSONValue {
    static let stringSchema: JSONValue = .object([.init("type", "string")])
    static let booleanSchema: JSONValue = .object([.init("type", "boolean")])
    static let nonNegativeInteger: JSONValue = .object([.init("type", "integer"), .init("minimum", .integer(0))])

    static func reference(_ definition: String) -> JSONValue {
        .object([.init("$ref", .string("#/definitions/\(definition)"))])
    }

    static func mapOf(_ values: JSONValue) -> JSONValue {
        .object([.init("type", .array(["object", "null"])), .init("additionalProperties", values)])
    }

    static func enumeration(_ values: [String]) -> JSONValue {
        .object([.init("enum", .array(values.map(JSONValue.string)))])
    }
}
