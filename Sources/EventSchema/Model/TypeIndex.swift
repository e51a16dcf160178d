/// A schema's named types by name, and `$ref` resolution: the one lookup that validation and
/// both generators use.
public struct TypeIndex: Sendable {
    private let byName: [String: NamedType]

    /// Indexes `schema`'s types; of two with one name (an error validation reports), the first.
    public init(_ schema: Schema) {
        byName = Dictionary(schema.types.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The named type `name`, or `nil` when the schema has none.
    public subscript(name: String) -> NamedType? { byName[name] }

    /// Follows `$ref`s to the type they end at: the first that is not a reference, or the last
    /// reference before a cycle or an unknown name.
    public func resolved(_ type: TypeSchema) -> TypeSchema {
        var current = type
        var seen: Set<String> = []
        while case .reference(let name) = current.kind, seen.insert(name.value).inserted,
            let target = byName[name.value]
        {
            current = target.schema
        }
        return current
    }
}

/// What a value holds in place, not through an array or a map (which are on the heap): the one
/// graph of self-containment. Validation asks whether a type can have a finite value at all;
/// the Swift generator asks which structs must box a member to hold a value of their own type.
public indirect enum InPlaceHolding: Hashable, Sendable {
    /// A value of the named type, at `path` (`.spouse.partner`; empty for the value itself).
    case type(String, path: String)
    /// Every one of these: an object's members.
    case all([InPlaceHolding])
    /// Exactly one of these: the alternatives of a `oneOf`.
    case oneOf([InPlaceHolding])
    /// This or nothing: an optional or nullable member.
    case maybe(InPlaceHolding)

    /// The named types held, with their paths: all of them (`includingOptional`), or only those
    /// every value holds; through the alternatives of a `oneOf` or not (`throughUnions`).
    public func types(includingOptional: Bool, throughUnions: Bool) -> [(name: String, path: String)] {
        switch self {
        case .type(let name, let path): [(name, path)]
        case .all(let members):
            members.flatMap { $0.types(includingOptional: includingOptional, throughUnions: throughUnions) }
        case .oneOf(let alternatives):
            throughUnions
                ? alternatives.flatMap { $0.types(includingOptional: includingOptional, throughUnions: throughUnions) }
                : []
        case .maybe(let held):
            includingOptional ? held.types(includingOptional: includingOptional, throughUnions: throughUnions) : []
        }
    }
}

extension TypeIndex {
    /// What a value of `type` holds in place.
    public func holding(_ type: TypeSchema, path: String = "") -> InPlaceHolding {
        let held: InPlaceHolding
        switch type.kind {
        case .reference(let name):
            held = .type(name.value, path: path)
        case .oneOf(let union):
            held = .oneOf(union.members.map { .type($0.typeName.value, path: path) })
        case .object(let object):
            held = .all(
                object.properties.map { property in
                    let member = holding(property.schema, path: path + "." + property.name.value)
                    return property.isRequired ? member : .maybe(member)
                })
        case .string, .integer, .number, .boolean, .array, .map:
            held = .all([])
        }
        return type.isNullable ? .maybe(held) : held
    }
}
