internal import Yams

/// Reading YAML nodes as the format's values, reporting values of the wrong kind.
///
/// Every reader reports its own diagnostic and returns `nil` on failure, so a caller can go on
/// and find the next problem.
struct NodeReader {
    let path: String
    var diagnostics: DiagnosticCollector

    func location(of node: Node) -> SourceLocation {
        SourceLocation(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// Where the character at `offset` (in Unicode scalars) of a one-line scalar is.
    func location(of node: Node, scalarOffset offset: Int) -> SourceLocation {
        var location = location(of: node)
        switch node.scalar?.style {
        case .singleQuoted, .doubleQuoted: location.column += 1 + offset
        default: location.column += offset
        }
        return location
    }

    mutating func error(_ message: String, at location: SourceLocation, notes: [Diagnostic] = []) {
        diagnostics.error(message, at: location, notes: notes)
    }

    mutating func warning(_ message: String, at location: SourceLocation, notes: [Diagnostic] = []) {
        diagnostics.warning(message, at: location, notes: notes)
    }

    // MARK: - Mappings

    /// A mapping whose keys have been checked against a ``KeywordTable``.
    struct Fields {
        var entries: [(key: Located<String>, value: Node)]
        /// Where a missing key is reported: the mapping's own key, e.g. the event's name.
        var owner: SourceLocation

        subscript(_ key: String) -> Node? { entries.first { $0.key.value == key }?.value }

        func keyLocation(_ key: String) -> SourceLocation? { entries.first { $0.key.value == key }?.key.location }

        func contains(_ key: String) -> Bool { entries.contains { $0.key.value == key } }
    }

    /// Keywords of JSON Schema and OpenAPI that the format leaves out on purpose, with what to
    /// write instead.
    static let unsupportedKeywords: [String: String] = [
        "allOf": "compose with properties or a $ref to a named type instead",
        "anyOf": "use 'oneOf' with a 'discriminator'",
        "not": "describe what is allowed instead",
        "exclusiveMinimum": "use 'minimum'",
        "exclusiveMaximum": "use 'maximum'",
        "$schema": "name the format with 'eventSchema: 1'",
        "$id": "name the schema with 'name:'",
        "definitions": "put reusable types under 'types:' at the top level",
        "$defs": "put reusable types under 'types:' at the top level",
    ]

    /// The entries of a mapping, with each key checked against `table`.
    mutating func fields(of node: Node, _ table: KeywordTable, owner: SourceLocation) -> Fields? {
        guard let mapping = expectMapping(node, what: table.noun) else { return nil }
        return fields(of: mapping, table, owner: owner)
    }

    mutating func fields(of mapping: Node.Mapping, _ table: KeywordTable, owner: SourceLocation) -> Fields {
        var fields = Fields(entries: [], owner: owner)
        for (key, value) in entries(of: mapping) {
            guard table.contains(key.value) else {
                if let advice = Self.unsupportedKeywords[key.value] {
                    error("'\(key.value)' is not supported in \(table.noun); \(advice)", at: key.location)
                } else if let suggestion = Suggestion.closest(to: key.value, among: table.names) {
                    error(
                        "unknown key '\(key.value)' in \(table.noun); did you mean '\(suggestion)'?", at: key.location)
                } else {
                    error(
                        "unknown key '\(key.value)' in \(table.noun); expected one of \(table.names.quotedList)",
                        at: key.location
                    )
                }
                continue
            }
            fields.entries.append((key, value))
        }
        return fields
    }

    /// The entries of a mapping whose keys are names (of types, events, properties…).
    mutating func entries(of mapping: Node.Mapping) -> [(key: Located<String>, value: Node)] {
        var entries: [(key: Located<String>, value: Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                error("a key must be a name, not \(describe(key))", at: location(of: key))
                continue
            }
            entries.append((Located(scalar.string, at: location(of: key)), value))
        }
        return entries
    }

    mutating func expectMapping(_ node: Node, what: String) -> Node.Mapping? {
        if case .mapping(let mapping) = node { return mapping }
        error("expected \(what) (a mapping of keys to values), found \(describe(node))", at: location(of: node))
        return nil
    }

    /// A mapping, where `null` (a key with nothing under it) counts as an empty one.
    mutating func expectMappingOrNull(_ node: Node, what: String) -> Node.Mapping? {
        if isNull(node) { return Node.Mapping([]) }
        return expectMapping(node, what: what)
    }

    mutating func expectSequence(_ node: Node, what: String) -> Node.Sequence? {
        if case .sequence(let sequence) = node { return sequence }
        error("expected \(what) (a list), found \(describe(node))", at: location(of: node))
        return nil
    }

    // MARK: - Scalars

    func isNull(_ node: Node) -> Bool {
        ScalarValue(node) == .null
    }

    /// A scalar's text. Any non-null scalar is accepted: `wireName: 404` means the name "404".
    mutating func string(_ node: Node, what: String) -> Located<String>? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            error("expected \(what) (a string), found \(describe(node))", at: location(of: node))
            return nil
        }
        return Located(scalar.string, at: location(of: node))
    }

    mutating func bool(_ node: Node, key: String) -> Bool? {
        if case .boolean(let value)? = ScalarValue(node) { return value }
        error("'\(key)' must be true or false, found \(describe(node))", at: location(of: node))
        return nil
    }

    mutating func integer(_ node: Node, key: String, minimum: Int? = nil) -> Located<Int>? {
        guard case .integer(let value)? = ScalarValue(node) else {
            error("'\(key)' must be an integer, found \(describe(node))", at: location(of: node))
            return nil
        }
        if let minimum, value < minimum {
            error("'\(key)' must be at least \(minimum), found \(value)", at: location(of: node))
            return nil
        }
        return Located(value, at: location(of: node))
    }

    /// An integer or a finite decimal number.
    mutating func number(_ node: Node, key: String) -> Located<Double>? {
        switch ScalarValue(node) {
        case .integer(let value)?: return Located(Double(value), at: location(of: node))
        case .number(let value)? where value.isFinite: return Located(value, at: location(of: node))
        default: break
        }
        error("'\(key)' must be a number, found \(describe(node))", at: location(of: node))
        return nil
    }

    /// `deprecated: true | false | <message>`.
    mutating func deprecation(_ node: Node) -> Deprecation? {
        if case .boolean(let value)? = ScalarValue(node) {
            return value ? Deprecation(message: nil) : nil
        }
        guard let message = string(node, what: "'deprecated': true, or a message") else { return nil }
        return Deprecation(message: message.value)
    }

    // MARK: - JSON values

    /// A JSON value written in YAML, for `const`, `default` and `enum`.
    mutating func jsonValue(_ node: Node) -> JSONValue? {
        switch node {
        case .scalar(let scalar):
            switch ScalarValue(scalar) {
            case .null: return .null
            case .boolean(let value): return .boolean(value)
            case .integer(let value): return .integer(Int64(value))
            case .integerOutOfRange(let text):
                error("the integer \(text) is out of range", at: location(of: node))
                return nil
            case .number(let value):
                guard value.isFinite else {
                    error("\(scalar.string) is not a JSON number", at: location(of: node))
                    return nil
                }
                return .number(value)
            case .string(let text):
                return .string(text)
            }
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for element in sequence {
                guard let value = jsonValue(element) else { return nil }
                elements.append(value)
            }
            return .array(elements)
        case .mapping(let mapping):
            var members: [JSONValue.Member] = []
            for (key, value) in entries(of: mapping) {
                guard let value = jsonValue(value) else { return nil }
                members.append(.init(key.value, value))
            }
            return .object(members)
        case .alias:
            return nil
        }
    }

    // MARK: - Messages

    /// How a message names what it found: "a mapping", "a list", "null", "'text'", "the integer 3".
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch ScalarValue(scalar) {
            case .null: return "null"
            case .boolean: return "the boolean \(scalar.string)"
            case .integer, .integerOutOfRange: return "the integer \(scalar.string)"
            case .number: return "the number \(scalar.string)"
            default: return "'\(scalar.string)'"
            }
        }
    }
}
