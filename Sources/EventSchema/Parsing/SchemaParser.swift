internal import Yams

/// Node tree → typed model. Reports what is wrong with the shape of the file: unknown keys,
/// values of the wrong kind, missing keys, keywords on a type they do not apply to.
///
/// It goes on after an error so that one run reports every problem; a part that cannot be
/// read becomes a harmless placeholder (an empty object type, an event without payload), so
/// later checks do not report the same mistake again.
struct SchemaParser {
    var reader: NodeReader
    /// The keys under `types:`, known before any type is read, so that `type: User` can say
    /// "use $ref".
    private var typeNames: [String] = []

    init(path: String) {
        reader = NodeReader(path: path, diagnostics: DiagnosticCollector())
    }

    private mutating func error(_ message: String, at location: SourceLocation, notes: [Diagnostic] = []) {
        reader.error(message, at: location, notes: notes)
    }

    private func location(of node: Node) -> SourceLocation { reader.location(of: node) }

    // MARK: - Document

    /// The schema, or `nil` when the file is not a version 1 schema at all.
    mutating func parse(_ root: Node) -> Schema? {
        guard case .mapping(let mapping) = root else {
            error(
                "the top level of a schema must be a mapping with 'eventSchema: 1', 'name' and 'events'; "
                    + "found \(reader.describe(root))",
                at: location(of: root)
            )
            return nil
        }
        guard let version = parseVersion(mapping, at: location(of: root)) else { return nil }
        let fields = reader.fields(of: mapping, .document, owner: location(of: root))

        let name = requiredString(
            fields, "name", what: "the PascalCase namespace of the generated types, e.g. 'name: Chat'")
        let description = optionalString(fields, "description")

        var types: [NamedType] = []
        if let node = fields["types"], let mapping = reader.expectMappingOrNull(node, what: "'types'") {
            let entries = reader.entries(of: mapping)
            typeNames = entries.map(\.key.value)
            for (typeName, value) in entries {
                types.append(NamedType(name: typeName, schema: parseType(value, owner: typeName.location)))
            }
        }

        var events: [Event] = []
        if let node = fields["events"] {
            if let mapping = reader.expectMappingOrNull(node, what: "'events'") {
                for (eventName, value) in reader.entries(of: mapping) {
                    events.append(parseEvent(eventName, value))
                }
            }
        } else {
            error("missing 'events': a schema describes at least one event", at: fields.owner)
        }

        var streams: [EventStream] = []
        if let node = fields["streams"], let mapping = reader.expectMappingOrNull(node, what: "'streams'") {
            for (streamName, value) in reader.entries(of: mapping) {
                if let stream = parseStream(streamName, value) { streams.append(stream) }
            }
        }

        return Schema(
            version: version,
            name: name ?? Located("", at: fields.owner),
            description: description,
            types: types,
            events: events,
            streams: streams
        )
    }

    /// `eventSchema:` is read before anything else: another version may mean another format.
    private mutating func parseVersion(_ mapping: Node.Mapping, at start: SourceLocation) -> Int? {
        let supported = "supported versions: 1"
        guard let node = mapping.first(where: { $0.key.scalar?.string == "eventSchema" })?.value else {
            error("missing 'eventSchema': a schema starts with 'eventSchema: 1' (\(supported))", at: start)
            return nil
        }
        guard case .integer(let version)? = ScalarValue(node), version == 1 else {
            error(
                "unsupported schema version \(node.scalar.map { "'\($0.string)'" } ?? reader.describe(node)); \(supported)",
                at: location(of: node)
            )
            return nil
        }
        return version
    }

    // MARK: - Events and streams

    private mutating func parseEvent(_ name: Located<String>, _ node: Node) -> Event {
        var event = Event(name: name, wireName: name, payload: .none)
        guard let mapping = reader.expectMappingOrNull(node, what: "an event") else { return event }
        let fields = reader.fields(of: mapping, .event, owner: name.location)
        event.description = optionalString(fields, "description")
        event.deprecation = fields["deprecated"].flatMap { reader.deprecation($0) }
        if let node = fields["wireName"], let wireName = reader.string(node, what: "'wireName'") {
            event.wireName = wireName
        }
        if let node = fields["terminal"] {
            event.isTerminal = reader.bool(node, key: "terminal") ?? false
        }
        if let node = fields["payload"] {
            event.payload = parsePayload(node, owner: fields.keyLocation("payload") ?? name.location)
        }
        return event
    }

    private mutating func parsePayload(_ node: Node, owner: SourceLocation) -> Event.Payload {
        if reader.isNull(node) { return .none }
        guard case .scalar(let scalar) = node else { return .json(parseType(node, owner: owner)) }
        let word = scalar.string
        if word == "text" { return .text }
        if typeNames.contains(word) {
            error("a payload of type '\(word)' is written '{ $ref: \(word) }'", at: location(of: node))
        } else if KeywordTable.typeNames.contains(word) {
            error(
                "a JSON \(word) payload is written '{ type: \(word) }'; for plain text write 'payload: text'",
                at: location(of: node)
            )
        } else if word == "none" || word == "empty" {
            error("leave 'payload' out for an event without data", at: location(of: node))
        } else {
            error(
                "expected a payload: 'text', or a type such as '{ $ref: Name }'; found '\(word)'"
                    + Suggestion.didYouMean(word, among: ["text"] + typeNames),
                at: location(of: node)
            )
        }
        return .none
    }

    private mutating func parseStream(_ name: Located<String>, _ node: Node) -> EventStream? {
        guard let mapping = reader.expectMappingOrNull(node, what: "a stream") else { return nil }
        let fields = reader.fields(of: mapping, .stream, owner: name.location)
        var stream = EventStream(
            name: name,
            path: Located("/", at: name.location),
            pathParameters: [],
            events: []
        )
        stream.description = optionalString(fields, "description")
        stream.deprecation = fields["deprecated"].flatMap { reader.deprecation($0) }
        if let node = fields["path"] {
            if let path = reader.string(node, what: "'path'") {
                stream.path = path
                stream.pathParameters = parsePath(path.value, node: node)
            }
        } else {
            error("missing 'path' in stream '\(name.value)', e.g. 'path: /\(name.value)/events'", at: name.location)
        }
        if let node = fields["events"] {
            if let list = reader.expectSequence(node, what: "'events'") {
                stream.events = list.compactMap { reader.string($0, what: "an event's name") }
            }
        } else {
            error("missing 'events' in stream '\(name.value)': the list of the events it carries", at: name.location)
        }
        if let node = fields["ids"], let ids = reader.string(node, what: "'ids'") {
            if let policy = EventStream.IDPolicy(rawValue: ids.value) {
                stream.ids = policy
            } else {
                error(
                    "'ids' must be one of \(EventStream.IDPolicy.allCases.map(\.rawValue).quotedList), found '\(ids.value)'"
                        + Suggestion.didYouMean(ids.value, among: EventStream.IDPolicy.allCases.map(\.rawValue)),
                    at: ids.location
                )
            }
        }
        if let node = fields["retry"] {
            stream.retryMilliseconds = reader.integer(node, key: "retry", minimum: 0)?.value
        }
        if let node = fields["heartbeat"], let seconds = reader.number(node, key: "heartbeat") {
            if seconds.value < 0 {
                error("'heartbeat' must be 0 (none) or a positive number of seconds", at: seconds.location)
            } else {
                stream.heartbeatSeconds = seconds.value
            }
        }
        return stream
    }

    /// The `{params}` of a path, reporting what cannot be in a URL path.
    private mutating func parsePath(_ path: String, node: Node) -> [Located<String>] {
        let scalars = Array(path.unicodeScalars)
        if scalars.first != "/" {
            error("a path starts with '/', e.g. '/\(path)'", at: location(of: node))
        }
        var parameters: [Located<String>] = []
        var offset = 0
        while offset < scalars.count {
            let scalar = scalars[offset]
            let here = reader.location(of: node, scalarOffset: offset)
            switch scalar {
            case "{":
                guard let close = scalars[offset...].firstIndex(of: "}") else {
                    error("'{' is not closed in the path", at: here)
                    return parameters
                }
                let name = String(String.UnicodeScalarView(scalars[(offset + 1)..<close]))
                if name.isEmpty {
                    error("a path parameter needs a name, e.g. '{roomID}'", at: here)
                } else if !name.unicodeScalars.allSatisfy(Self.isParameterScalar) {
                    error("path parameter '{\(name)}' may hold only ASCII letters, digits and '_'", at: here)
                } else if let first = parameters.first(where: { $0.value == name }) {
                    error(
                        "path parameter '{\(name)}' appears twice",
                        at: here,
                        notes: [Diagnostic(.note, "first used here", at: first.location)]
                    )
                } else {
                    parameters.append(Located(name, at: here))
                }
                offset = close + 1
                continue
            case "}":
                error("'}' without '{' in the path", at: here)
            case "?", "#":
                error("a path has no query or fragment; '\(scalar)' cannot appear in it", at: here)
                return parameters
            default:
                if !Self.isPathScalar(scalar) {
                    let shown =
                        scalar.properties.generalCategory == .control
                        ? "U+" + String(scalar.value, radix: 16, uppercase: true) : "'\(scalar)'"
                    error("\(shown) cannot appear in a path; percent-encode it", at: here)
                }
            }
            offset += 1
        }
        return parameters
    }

    private static func isParameterScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
    }

    /// RFC 3986 `pchar` and `/`: unreserved, sub-delims, `:`, `@`, `%`.
    private static func isPathScalar(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) { return true }
        return "-._~!$&'()*+,;=:@%/".unicodeScalars.contains(scalar)
    }

    // MARK: - Types

    /// A type written where `owner` names it (a type's, property's or event's key). Never fails:
    /// an unreadable type becomes an empty object, already reported.
    mutating func parseType(_ node: Node, owner: SourceLocation) -> TypeSchema {
        let here = location(of: node)
        var schema = TypeSchema(.object(ObjectType(properties: [])), at: here)
        guard case .mapping(let mapping) = node else {
            if case .scalar(let scalar) = node, KeywordTable.typeNames.contains(scalar.string) {
                error("a type is a mapping: write '{ type: \(scalar.string) }'", at: here)
            } else if case .scalar(let scalar) = node, typeNames.contains(scalar.string) {
                error("a reference to a named type is written '{ $ref: \(scalar.string) }'", at: here)
            } else {
                error(
                    "expected a type (a mapping such as '{ type: string }' or '{ $ref: Name }'), "
                        + "found \(reader.describe(node))",
                    at: here
                )
            }
            return schema
        }
        let fields = reader.fields(of: mapping, .type, owner: owner)
        schema.description = optionalString(fields, "description")
        schema.deprecation = fields["deprecated"].flatMap { reader.deprecation($0) }
        if let node = fields["nullable"] { schema.isNullable = reader.bool(node, key: "nullable") ?? false }
        if let node = fields["const"], let value = reader.jsonValue(node) {
            schema.constant = Located(value, at: location(of: node))
        }
        if let node = fields["default"], let value = reader.jsonValue(node) {
            schema.defaultValue = Located(value, at: location(of: node))
        }

        if let node = fields["$ref"] {
            refuseKeys(
                in: fields, besides: ["$ref", "description", "deprecated", "nullable", "default"], with: "'$ref'")
            if let reference = parseReference(node) { schema.kind = .reference(reference) }
        } else if let node = fields["oneOf"] {
            refuseKeys(
                in: fields, besides: ["oneOf", "discriminator", "description", "deprecated", "nullable"],
                with: "'oneOf'")
            if let union = parseOneOf(node, discriminator: fields["discriminator"], owner: fields.keyLocation("oneOf")!)
            {
                schema.kind = .oneOf(union)
            }
        } else if let location = fields.keyLocation("discriminator") {
            error("'discriminator' belongs to a 'oneOf'", at: location)
        } else if mapping.keys.contains(where: { NodeReader.unsupportedKeywords[$0.scalar?.string ?? ""] != nil }),
            !fields.contains("type")
        {
            // Already reported as unsupported; a missing 'type' would only repeat it.
        } else if let kind = parseTypedKind(fields, owner: owner) {
            schema.kind = kind
        }
        return schema
    }

    private mutating func refuseKeys(in fields: NodeReader.Fields, besides allowed: Set<String>, with keyword: String) {
        for (key, _) in fields.entries where !allowed.contains(key.value) {
            error(
                "'\(key.value)' cannot be combined with \(keyword); "
                    + "\(keyword) takes only \(allowed.sorted().filter { "'\($0)'" != keyword }.quotedList)",
                at: key.location
            )
        }
    }

    /// `$ref: Name`; JSON Pointer forms from OpenAPI get a hint.
    private mutating func parseReference(_ node: Node) -> Located<String>? {
        guard let reference = reader.string(node, what: "'$ref', the name of a type under 'types:'") else { return nil }
        if reference.value.hasPrefix("#") || reference.value.contains("/") {
            let last = reference.value.split(separator: "/").last.map(String.init) ?? reference.value
            error("'$ref' takes the name of a type under 'types:'; write '$ref: \(last)'", at: reference.location)
            return nil
        }
        return reference
    }

    private mutating func parseOneOf(_ node: Node, discriminator: Node?, owner: SourceLocation) -> OneOfType? {
        guard let list = reader.expectSequence(node, what: "'oneOf', a list of '{ $ref: Name }'") else { return nil }
        var references: [Located<String>] = []
        for element in list {
            guard case .mapping(let mapping) = element else {
                error(
                    "each alternative of 'oneOf' is '{ $ref: Name }'; found \(reader.describe(element))",
                    at: location(of: element))
                continue
            }
            let fields = reader.fields(of: mapping, .type, owner: location(of: element))
            refuseKeys(in: fields, besides: ["$ref"], with: "'$ref' in a 'oneOf'")
            guard let node = fields["$ref"] else {
                error(
                    "each alternative of 'oneOf' is '{ $ref: Name }' naming an object type", at: location(of: element))
                continue
            }
            guard let reference = parseReference(node) else { continue }
            guard isFirst(reference, in: references, "'\(reference.value)' is already an alternative of this 'oneOf'")
            else { continue }
            references.append(reference)
        }
        if list.isEmpty { error("'oneOf' needs at least one alternative", at: location(of: node)) }

        guard let discriminator else {
            error(
                "a 'oneOf' needs a 'discriminator': the string property whose value names the alternative, "
                    + "e.g. 'discriminator: { propertyName: kind }'",
                at: owner
            )
            return nil
        }
        if case .scalar = discriminator, let name = reader.string(discriminator, what: "'discriminator'") {
            // `discriminator: kind` is short for `discriminator: { propertyName: kind }`.
            return OneOfType(propertyName: name, members: references.map { .init(typeName: $0, tag: $0) })
        }
        guard let fields = reader.fields(of: discriminator, .discriminator, owner: location(of: discriminator)) else {
            return nil
        }
        guard let node = fields["propertyName"], let propertyName = reader.string(node, what: "'propertyName'") else {
            if !fields.contains("propertyName") {
                error("missing 'propertyName' in the discriminator", at: location(of: discriminator))
            }
            return nil
        }
        var tags: [String: Located<String>] = [:]
        if let node = fields["mapping"], let mapping = reader.expectMapping(node, what: "'mapping'") {
            for (tag, value) in reader.entries(of: mapping) {
                guard let reference = parseReference(value) else { continue }
                guard references.contains(where: { $0.value == reference.value }) else {
                    error(
                        "'mapping' names '\(reference.value)', which is not an alternative of the 'oneOf'"
                            + Suggestion.didYouMean(reference.value, among: references.map(\.value)),
                        at: reference.location
                    )
                    continue
                }
                if tags[reference.value] != nil {
                    error("'\(reference.value)' already has a value in 'mapping'", at: tag.location)
                    continue
                }
                tags[reference.value] = tag
            }
        }
        return OneOfType(
            propertyName: propertyName,
            members: references.map { OneOfType.Member(typeName: $0, tag: tags[$0.value] ?? $0) }
        )
    }

    /// `type:` and the keywords of that type.
    private mutating func parseTypedKind(_ fields: NodeReader.Fields, owner: SourceLocation) -> TypeSchema.Kind? {
        guard let typeNode = fields["type"] else {
            error(
                "missing 'type' (one of \(KeywordTable.typeNames.quotedList)), or a '$ref' to a named type",
                at: owner
            )
            return nil
        }
        if case .sequence = typeNode {
            error("'type' takes one type; to allow null too, add 'nullable: true'", at: location(of: typeNode))
            return nil
        }
        guard let type = reader.string(typeNode, what: "'type'") else { return nil }
        guard let applicable = KeywordTable.keywordsByType.first(where: { $0.type == type.value })?.keywords else {
            if typeNames.contains(type.value) {
                error("'\(type.value)' is a named type; refer to it with '$ref: \(type.value)'", at: type.location)
            } else {
                let aliases = [
                    "int": "integer", "long": "integer", "bool": "boolean", "float": "number", "double": "number",
                    "str": "string", "list": "array", "map": "object", "dictionary": "object",
                ]
                let suggestion =
                    aliases[type.value.lowercased()]
                    ?? Suggestion.closest(to: type.value, among: KeywordTable.typeNames)
                error(
                    "unknown type '\(type.value)'"
                        + (suggestion.map { "; did you mean '\($0)'?" }
                            ?? "; expected one of \(KeywordTable.typeNames.quotedList), or a '$ref'"),
                    at: type.location
                )
            }
            return nil
        }
        for (key, _) in fields.entries where !applicable.contains(key.value) {
            let owners = KeywordTable.keywordsByType.filter { $0.keywords.contains(key.value) }.map { $0.type + "s" }
            guard !owners.isEmpty else { continue }
            error(
                "'\(key.value)' applies to \(owners.joined(separator: " and ")), not to \(type.value)s",
                at: key.location
            )
        }

        switch type.value {
        case "string":
            return .string(parseString(fields))
        case "integer":
            var integer = IntegerType()
            if let format = parseFormat(fields, IntegerType.Format.self, of: "integer") { integer.format = format }
            integer.minimum = fields["minimum"].flatMap { reader.integer($0, key: "minimum") }
                .map { Located(Int64($0.value), at: $0.location) }
            integer.maximum = fields["maximum"].flatMap { reader.integer($0, key: "maximum") }
                .map { Located(Int64($0.value), at: $0.location) }
            return .integer(integer)
        case "number":
            var number = NumberType()
            if let format = parseFormat(fields, NumberType.Format.self, of: "number") { number.format = format }
            number.minimum = fields["minimum"].flatMap { reader.number($0, key: "minimum") }
            number.maximum = fields["maximum"].flatMap { reader.number($0, key: "maximum") }
            return .number(number)
        case "boolean":
            return .boolean
        case "array":
            guard let items = fields["items"] else {
                error("an array needs 'items', the type of its elements", at: owner)
                return nil
            }
            return .array(
                ArrayType(
                    items: parseType(items, owner: fields.keyLocation("items")!),
                    minItems: fields["minItems"].flatMap { reader.integer($0, key: "minItems", minimum: 0) },
                    maxItems: fields["maxItems"].flatMap { reader.integer($0, key: "maxItems", minimum: 0) }
                )
            )
        default:
            return parseObject(fields)
        }
    }

    private mutating func parseString(_ fields: NodeReader.Fields) -> StringType {
        var string = StringType()
        string.format = parseFormat(fields, StringType.Format.self, of: "string")
        string.minLength = fields["minLength"].flatMap { reader.integer($0, key: "minLength", minimum: 0) }
        string.maxLength = fields["maxLength"].flatMap { reader.integer($0, key: "maxLength", minimum: 0) }
        string.pattern = fields["pattern"].flatMap { reader.string($0, what: "'pattern', a regular expression") }
        if let node = fields["enum"], let list = reader.expectSequence(node, what: "'enum', the allowed values") {
            var values: [Located<String>] = []
            for element in list {
                guard let value = reader.jsonValue(element) else { continue }
                guard case .string(let text) = value else {
                    error(
                        "the values of a string 'enum' are strings; \(element.scalar?.string ?? "this") is \(value.kindDescription)"
                            + (value == .null ? "; for null add 'nullable: true'" : ": quote it to mean the string"),
                        at: location(of: element)
                    )
                    continue
                }
                let entry = Located(text, at: location(of: element))
                guard isFirst(entry, in: values, "'\(text)' is listed twice in 'enum'") else { continue }
                values.append(entry)
            }
            if list.isEmpty { error("'enum' needs at least one value", at: location(of: node)) }
            string.enumeration = values
        }
        return string
    }

    private mutating func parseFormat<Format: RawRepresentable<String> & CaseIterable>(
        _ fields: NodeReader.Fields,
        _: Format.Type,
        of type: String
    ) -> Format? {
        guard let node = fields["format"], let format = reader.string(node, what: "'format'") else { return nil }
        if let known = Format(rawValue: format.value) { return known }
        let formats = Format.allCases.map(\.rawValue)
        error(
            "unknown \(type) format '\(format.value)'"
                + (Suggestion.closest(to: format.value, among: formats).map { "; did you mean '\($0)'?" }
                    ?? "; \(type) formats are \(formats.quotedList)"),
            at: format.location
        )
        return nil
    }

    private mutating func parseObject(_ fields: NodeReader.Fields) -> TypeSchema.Kind {
        var properties: [ObjectType.Property] = []
        if let node = fields["properties"], let mapping = reader.expectMappingOrNull(node, what: "'properties'") {
            for (name, value) in reader.entries(of: mapping) {
                properties.append(.init(name: name, schema: parseType(value, owner: name.location), isRequired: false))
            }
        }
        if let node = fields["required"],
            let list = reader.expectSequence(node, what: "'required', a list of property names")
        {
            var seen: [Located<String>] = []
            for element in list {
                guard let name = reader.string(element, what: "a property name") else { continue }
                guard isFirst(name, in: seen, "'\(name.value)' is listed twice in 'required'") else { continue }
                seen.append(name)
                guard let index = properties.firstIndex(where: { $0.name.value == name.value }) else {
                    error(
                        "'required' names '\(name.value)', which is not a property"
                            + (properties.isEmpty
                                ? " (the object has no 'properties')"
                                : Suggestion.didYouMean(name.value, among: properties.map(\.name.value))),
                        at: name.location
                    )
                    continue
                }
                properties[index].isRequired = true
            }
        }
        guard let node = fields["additionalProperties"] else { return .object(ObjectType(properties: properties)) }
        if case .boolean(let allowsAny)? = ScalarValue(node) {
            if allowsAny {
                error(
                    "'additionalProperties: true' allows values of any type, which cannot be typed; "
                        + "give their type, e.g. 'additionalProperties: { type: string }'",
                    at: location(of: node)
                )
            }
            // `false` is what every object here is: unknown members are ignored when decoding.
            return .object(ObjectType(properties: properties))
        }
        let values = parseType(node, owner: fields.keyLocation("additionalProperties")!)
        if fields.contains("properties") {
            error(
                "an object with 'properties' cannot also be a map; put the map in a property of its own",
                at: fields.keyLocation("additionalProperties")!
            )
            return .object(ObjectType(properties: properties))
        }
        return .map(values: values)
    }

    // MARK: - Helpers

    /// Whether `name` is not in `seen` yet; if it is, reports `message` at it, with a note at
    /// its first place.
    private mutating func isFirst(_ name: Located<String>, in seen: [Located<String>], _ message: String) -> Bool {
        guard let first = seen.first(where: { $0.value == name.value }) else { return true }
        error(message, at: name.location, notes: [Diagnostic(.note, "first listed here", at: first.location)])
        return false
    }

    private mutating func optionalString(_ fields: NodeReader.Fields, _ key: String) -> String? {
        fields[key].flatMap { reader.string($0, what: "'\(key)'") }?.value
    }

    private mutating func requiredString(_ fields: NodeReader.Fields, _ key: String, what: String) -> Located<String>? {
        guard let node = fields[key] else {
            error("missing '\(key)': \(what)", at: fields.owner)
            return nil
        }
        return reader.string(node, what: "'\(key)'")
    }
}
