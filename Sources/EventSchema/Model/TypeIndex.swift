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
