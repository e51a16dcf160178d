import EventSchema

/// What every translation step needs to know about the schema being translated.
struct TranslationContext {
    let schema: Schema
    /// The namespace enum of the generated types, e.g. `Chat`.
    let namespace: String
    private let typeIndex: TypeIndex
    private let eventsByName: [String: Event]
    /// Named object types that can contain themselves by value (through required or optional
    /// properties, not arrays or maps): a property of one of these types is stored boxed
    /// (`ServerSentEvents.Indirect`), because a Swift struct cannot contain itself.
    private let boxedTypes: Set<String>

    init(schema: Schema) {
        self.schema = schema
        namespace = schema.name.value
        typeIndex = TypeIndex(schema)
        eventsByName = Dictionary(schema.events.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        boxedTypes = Self.typesOnValueCycles(schema, typeIndex: typeIndex)
    }

    func event(named name: String) -> Event? { eventsByName[name] }

    /// Follows `$ref`s to the type they end at.
    func resolved(_ type: TypeSchema) -> TypeSchema { typeIndex.resolved(type) }

    /// The default of a value of `type`: its own, or the one of the named type it refers to
    /// (`role: { $ref: Role }` takes `Role`'s). Both languages fill in this one.
    func defaultValue(of type: TypeSchema) -> Located<JSONValue>? {
        type.defaultValue ?? resolved(type).defaultValue
    }

    /// `Chat.User` for the named type `User`.
    func qualifiedName(ofNamedType name: String) -> String {
        namespace + "." + SwiftNaming.typeName(name)
    }

    /// Whether the named type is generated as a struct, enum or union, which reads and writes its
    /// own JSON; other named types are type aliases.
    func isCoded(namedType name: String) -> Bool {
        guard let type = typeIndex[name] else { return false }
        switch type.schema.kind {
        case .object, .oneOf: return true
        case .string(let string): return string.enumeration != nil
        default: return false
        }
    }

    /// The discriminator properties of the unions that have the named type as an alternative:
    /// when written as one, it writes the union's tag among its own members.
    func discriminators(ofNamedType name: String) -> [String] {
        var names: Set<String> = []
        func visit(_ type: TypeSchema) {
            switch type.kind {
            case .oneOf(let union):
                if union.members.contains(where: { $0.typeName.value == name }) {
                    names.insert(union.propertyName.value)
                }
            case .array(let array): visit(array.items)
            case .map(let values): visit(values)
            case .object(let object): object.properties.forEach { visit($0.schema) }
            default: break
            }
        }
        schema.types.forEach { visit($0.schema) }
        schema.events.forEach { if case .json(let payload) = $0.payload { visit(payload) } }
        return names.sorted()
    }

    /// Whether a property of this type must be stored boxed.
    func needsBox(_ type: TypeSchema) -> Bool {
        guard case .reference(let name) = type.kind else { return false }
        return boxedTypes.contains(name.value)
    }

    // MARK: - Value cycles

    private static func typesOnValueCycles(_ schema: Schema, typeIndex: TypeIndex) -> Set<String> {
        // Edges: named type → named object types it holds in place, optional members included
        // (a Swift struct holds an optional inline too), `oneOf`s excluded (`indirect` enums),
        // through type aliases of object types.
        var edges: [String: Set<String>] = [:]
        func objects(held type: TypeSchema, into targets: inout Set<String>, depth: Int = 0) {
            guard depth < 64 else { return }  // an alias cycle, which validation reports
            for held in typeIndex.holding(type).types(includingOptional: true, throughUnions: false) {
                guard let target = typeIndex[held.name] else { continue }
                switch target.schema.kind {
                case .object: targets.insert(held.name)
                case .reference: objects(held: target.schema, into: &targets, depth: depth + 1)
                default: continue
                }
            }
        }
        for type in schema.types {
            var targets: Set<String> = []
            if case .object = type.schema.kind { objects(held: type.schema, into: &targets) }
            edges[type.name.value] = targets
        }
        // A type is on a cycle when it can reach itself.
        var onCycle: Set<String> = []
        for start in edges.keys {
            var stack = Array(edges[start] ?? [])
            var seen: Set<String> = []
            while let next = stack.popLast() {
                if next == start {
                    onCycle.insert(start)
                    break
                }
                guard seen.insert(next).inserted else { continue }
                stack += edges[next] ?? []
            }
        }
        return onCycle
    }
}
