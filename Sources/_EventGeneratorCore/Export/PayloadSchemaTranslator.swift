import EventSchema

/// The JSON Schema an exported document embeds for payloads.
enum SchemaDialect {
    /// JSON Schema 2020-12, as OpenAPI 3.1 and 3.2 use it: `$ref` may have siblings, and a
    /// union names its alternatives by reference with a `discriminator` object (OpenAPI's), which
    /// code generators read.
    case openAPI
    /// JSON Schema 2020-12 alone: a union spells each alternative's tag as a `const`.
    case jsonSchema
    /// AsyncAPI 3.0's Schema Object, a superset of draft 07: a `$ref` with siblings is wrapped
    /// in `allOf` (draft 07 ignores siblings of `$ref`), and a union spells each tag as a `const`.
    case asyncAPI
}

/// Payload types as JSON Schema: the one translation that every export uses.
///
/// Named types and inline payloads become components named as the TypeScript declarations name
/// them (`User`, `MessagePosted`), so the documents and the `.d.ts` speak of the same types.
struct PayloadSchemaTranslator {
    let schema: Schema
    let dialect: SchemaDialect
    /// Where components live: `#/components/schemas/` or `#/$defs/`.
    let referencePrefix: String
    /// OpenAPI only: a component per union alternative, the member with its tag as a `const`
    /// (`Circle.kind-circle`), which the `oneOf` refers to and the discriminator maps to. A
    /// `oneOf` of the bare members would let a payload match two of them, which JSON Schema
    /// refuses; code generators want references there.
    private let alternatives: [UnionAlternative: String]

    private struct UnionAlternative: Hashable {
        var typeName: String
        var propertyName: String
        var tag: String
    }

    init(schema: Schema, dialect: SchemaDialect, referencePrefix: String) {
        self.schema = schema
        self.dialect = dialect
        self.referencePrefix = referencePrefix
        var alternatives: [UnionAlternative: String] = [:]
        if dialect == .openAPI {
            var taken = Set<String>()
            for union in Self.unions(in: schema) {
                for member in union.members {
                    let key = UnionAlternative(
                        typeName: member.typeName.value, propertyName: union.propertyName.value, tag: member.tag.value)
                    guard alternatives[key] == nil else { continue }
                    // TypeScript names have no `.`, so these never meet a type's.
                    let base =
                        Self.componentName(type: member.typeName.value) + "."
                        + ComponentKey.sanitized(union.propertyName.value) + "-"
                        + ComponentKey.sanitized(member.tag.value)
                    var name = base
                    var suffix = 2
                    while taken.contains(name) {
                        name = base + "-\(suffix)"
                        suffix += 1
                    }
                    taken.insert(name)
                    alternatives[key] = name
                }
            }
        }
        self.alternatives = alternatives
    }

    /// Every tagged union of the schema, in file order (types, then events' payloads).
    private static func unions(in schema: Schema) -> [OneOfType] {
        var unions: [OneOfType] = []
        func visit(_ type: TypeSchema) {
            switch type.kind {
            case .oneOf(let union): unions.append(union)
            case .array(let array): visit(array.items)
            case .map(let values): visit(values)
            case .object(let object): object.properties.forEach { visit($0.schema) }
            case .string, .integer, .number, .boolean, .reference: break
            }
        }
        schema.types.forEach { visit($0.schema) }
        for event in schema.events {
            if case .json(let payload) = event.payload { visit(payload) }
        }
        return unions
    }

    /// The component of a named type.
    static func componentName(type name: String) -> String { JavaScriptNaming.typeName(name) }

    /// The component of an event's inline payload.
    static func componentName(event: Event) -> String { JavaScriptNaming.typeName(event.name.value) }

    /// The component of the server's loss signal (`replay-gap`); no schema type takes it, as
    /// the JavaScript naming reserves it.
    static let replayGapComponentName = "ReplayGap"

    /// Every component: named types in file order, inline payloads in event order, then the
    /// loss signal's payload.
    /// Each with an example under `examples` when one can be made (``PayloadExample``).
    func components() -> [JSONValue.Member] {
        var members = schema.types.map {
            JSONValue.Member(Self.componentName(type: $0.name.value), component($0.schema))
        }
        for event in schema.events {
            guard var payload = event.inlinePayload else { continue }
            payload.description = payload.description ?? "The payload of the '\(event.name.value)' event."
            members.append(.init(Self.componentName(event: event), component(payload)))
        }
        for (alternative, name) in alternatives.sorted(by: { $0.value < $1.value }) {
            members.append(
                .init(name, tagged(alternative.typeName, property: alternative.propertyName, tag: alternative.tag)))
        }
        members.append(.init(Self.replayGapComponentName, Self.replayGapSchema))
        return members
    }

    /// A union's member with its tag: the member's rules and the tag as a required `const`.
    private func tagged(_ typeName: String, property: String, tag: String) -> JSONValue {
        .object {
            $0.set(
                "allOf",
                .array([
                    reference(to: Self.componentName(type: typeName)),
                    .object {
                        $0.set("type", "object")
                        $0.set("properties", .object([.init(property, .object { $0.set("const", tag) })]))
                        $0.set("required", .strings([property]))
                    },
                ]))
        }
    }

    private func component(_ type: TypeSchema) -> JSONValue {
        let translated = translate(type)
        guard case .object(let members) = translated, let example = PayloadExample(schema: schema).value(of: type)
        else { return translated }
        return .object(members + [.init("examples", .array([example]))])
    }

    /// The schema of an event's data when it is JSON: a reference to its component.
    func payloadSchema(of event: Event) -> JSONValue? {
        guard case .json(let payload) = event.payload else { return nil }
        if event.inlinePayload != nil { return reference(to: Self.componentName(event: event)) }
        return translate(payload)
    }

    func reference(to component: String) -> JSONValue {
        .object { $0.set("$ref", referencePrefix + component) }
    }

    /// One type, with its annotations and nullability.
    func translate(_ type: TypeSchema) -> JSONValue {
        var core = JSONObject()
        var annotations = JSONObject()
        annotations.set("description", Self.description(type.description, type.deprecation))
        annotations.set("deprecated", flag: type.deprecation != nil)
        annotations.set("default", type.defaultValue?.value)
        var typeName: String?
        switch type.kind {
        case .string(let string):
            typeName = "string"
            switch string.format {
            case .byte?: core.set("contentEncoding", "base64")
            case let format?: core.set("format", format.rawValue)
            case nil: break
            }
            core.set("enum", string.enumeration.map { .strings($0.map(\.value)) })
            core.set("minLength", string.minLength.map { .integer(Int64($0.value)) })
            core.set("maxLength", string.maxLength.map { .integer(Int64($0.value)) })
            core.set("pattern", string.pattern?.value)
        case .integer(let integer):
            typeName = "integer"
            core.set("format", integer.format.rawValue)
            core.set("minimum", integer.minimum.map { .integer($0.value) })
            core.set("maximum", integer.maximum.map { .integer($0.value) })
        case .number(let number):
            typeName = "number"
            core.set("format", number.format.rawValue)
            core.set("minimum", number.minimum.map { .number($0.value) })
            core.set("maximum", number.maximum.map { .number($0.value) })
        case .boolean:
            typeName = "boolean"
        case .array(let array):
            typeName = "array"
            core.set("items", translate(array.items))
            core.set("minItems", array.minItems.map { .integer(Int64($0.value)) })
            core.set("maxItems", array.maxItems.map { .integer(Int64($0.value)) })
        case .object(let object):
            typeName = "object"
            core.set("properties", .object(object.properties.map { .init($0.name.value, translate($0.schema)) }))
            let required = object.properties.filter(\.isRequired).map(\.name.value)
            core.set("required", required.isEmpty ? nil : .strings(required))
        case .map(let values):
            typeName = "object"
            core.set("additionalProperties", translate(values))
        case .reference(let name):
            core.set("$ref", referencePrefix + Self.componentName(type: name.value))
        case .oneOf(let union):
            core = self.union(union)
        }
        if let constant = type.constant { core.set("const", constant.value) }

        // `null` joins the type's own values: in `type` when that is all there is to it, else
        // as an alternative (an enum, a const, a reference or a union says its values itself).
        if type.isNullable {
            if let typeName, type.constant == nil, !core.members.contains(where: { $0.name == "enum" }) {
                return Self.merged(
                    [.init("type", .strings([typeName, "null"]))] + core.members, annotations.members)
            }
            let alternatives: JSONValue = .array([
                typeName.map { Self.merged([.init("type", .string($0))] + core.members, []) } ?? core.value,
                .object { $0.set("type", "null") },
            ])
            return Self.merged([.init("anyOf", alternatives)], annotations.members)
        }
        let typed = typeName.map { [JSONValue.Member("type", .string($0))] } ?? []
        if dialect == .asyncAPI, !annotations.isEmpty, core.members.contains(where: { $0.name == "$ref" }) {
            // Draft 07 ignores the siblings of `$ref`.
            return Self.merged([.init("allOf", .array([core.value]))], annotations.members)
        }
        return Self.merged(typed + core.members, annotations.members)
    }

    /// A tagged union: a `oneOf` of its members, each with its tag as a `const`, so that plain
    /// JSON Schema checks it exactly; in OpenAPI by reference, with a `discriminator` mapping.
    private func union(_ union: OneOfType) -> JSONObject {
        var object = JSONObject()
        let property = union.propertyName.value
        switch dialect {
        case .openAPI:
            let names = union.members.map {
                alternatives[.init(typeName: $0.typeName.value, propertyName: property, tag: $0.tag.value)]!
            }
            object.set("oneOf", .array(names.map(reference(to:))))
            object.set(
                "discriminator",
                .object {
                    $0.set("propertyName", property)
                    $0.set(
                        "mapping",
                        .object(zip(union.members, names).map { .init($0.tag.value, .string(referencePrefix + $1)) }))
                })
        case .jsonSchema, .asyncAPI:
            object.set(
                "oneOf",
                .array(union.members.map { tagged($0.typeName.value, property: property, tag: $0.tag.value) }))
        }
        return object
    }

    private static func merged(_ members: [JSONValue.Member], _ annotations: [JSONValue.Member]) -> JSONValue {
        .object(
            annotations.filter { $0.name == "description" } + members + annotations.filter { $0.name != "description" })
    }

    /// A description with the deprecation's message after it, when there is one.
    static func description(_ text: String?, _ deprecation: Deprecation?) -> String? {
        let notice = deprecation.map { "Deprecated" + ($0.message.map { ": " + $0 } ?? ".") }
        switch (text, notice) {
        case (let text?, let notice?): return text + "\n\n" + notice
        case (let text?, nil): return text
        case (nil, let notice): return notice
        }
    }

    /// The data of the `replay-gap` event, which the server's hub sends on every stream.
    static let replayGapSchema: JSONValue = .object {
        $0.set(
            "description",
            "The server's loss signal (the `replay-gap` event): events the client should have had are gone, "
                + "because the server could not replay from its last event ID. Fetch the state the events build again."
        )
        $0.set("type", "object")
        $0.set(
            "properties",
            .object([
                .init(
                    "lastEventID",
                    .object {
                        $0.set("description", "The last event ID the client had.")
                        $0.set("type", "string")
                    }),
                .init(
                    "firstEventID",
                    .object {
                        $0.set("description", "The ID of the first event that comes next; null when none is waiting.")
                        $0.set("type", .strings(["string", "null"]))
                    }),
            ]))
        $0.set("required", .strings(["lastEventID", "firstEventID"]))
    }
}
