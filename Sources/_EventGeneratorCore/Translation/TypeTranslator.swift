import EventSchema

/// Where inline types are declared while translating one type: the enclosing struct (or the
/// namespace), and the names already taken there.
struct NestingScope {
    /// Prefix that names a nested type from where it is used: `""` inside its struct,
    /// `"Chat."` for namespace-level types used by the stream enums.
    var qualifier: String
    var taken: Set<String>
    var declarations: [SwiftDeclaration] = []

    mutating func claim(_ hint: String) -> String {
        let name = SwiftNaming.nestedTypeName(hint, avoiding: taken)
        taken.insert(name)
        return name
    }
}

/// Schema types → Swift types: a `Codable, Hashable, Sendable` struct per object, a `String`
/// enum per `enum`, an `indirect enum` per `oneOf`, a typealias per other named type.
///
/// Generated structs code their JSON by hand rather than by synthesis, because the format
/// needs what synthesis cannot do: required-but-nullable members written as `null`, defaults
/// for absent members, the cheap checks (`const`, bounds) with the path of the bad value, and
/// boxed storage for recursive members.
struct TypeTranslator {
    let context: TranslationContext

    static let valueConformances = ["Swift.Codable", "Swift.Hashable", "Swift.Sendable"]
    static let codingKey = "ServerSentEvents.PayloadCodingKey"

    // MARK: - Named types and payloads

    /// The namespace's members: every named type, then every inline event payload type.
    func namespaceDeclarations() -> [SwiftDeclaration] {
        var scope = NestingScope(
            qualifier: context.namespace + ".",
            taken: Set(context.schema.types.map { SwiftNaming.typeName($0.name.value) } + [context.namespace])
        )
        for event in context.schema.events where event.inlinePayload != nil {
            scope.taken.insert(SwiftNaming.typeName(event.name.value))
        }
        var declarations: [SwiftDeclaration] = []
        for type in context.schema.types {
            declarations += namedDeclaration(
                name: SwiftNaming.typeName(type.name.value),
                type: type.schema,
                scope: &scope,
                discriminators: context.discriminators(ofNamedType: type.name.value)
            )
        }
        for event in context.schema.events {
            guard let payload = event.inlinePayload else { continue }
            declarations += namedDeclaration(name: SwiftNaming.typeName(event.name.value), type: payload, scope: &scope)
        }
        return declarations + scope.declarations
    }

    /// The Swift type of an event's JSON payload, as used outside the namespace.
    func payloadType(of event: Event) -> String? {
        guard case .json(let payload) = event.payload else { return nil }
        let base =
            event.inlinePayload == nil
            ? usageWithoutDeclaring(payload) : context.namespace + "." + SwiftNaming.typeName(event.name.value)
        return payload.isNullable ? base + "?" : base
    }

    /// How generated code reads and writes an event's JSON payload (without the `?` of nullability):
    /// always a named type, which checks its own constraints.
    func payloadValueType(of event: Event) -> ValueType? {
        guard case .json(let payload) = event.payload else { return nil }
        guard let inline = event.inlinePayload else {
            var scope = NestingScope(qualifier: context.namespace + ".", taken: [])
            return valueType(payload, hint: "", in: &scope)
        }
        let name = SwiftNaming.typeName(event.name.value)
        switch inline.kind {
        case .object, .oneOf: return .coded(context.namespace + "." + name)
        case .string(let string) where string.enumeration != nil: return .coded(context.namespace + "." + name)
        default: return .alias(namespace: context.namespace, name: name)
        }
    }

    /// The string formats whose Swift type is Foundation's (`Foundation.Date`, `UUID`, `URL`,
    /// `Data`): a file whose public declarations name one imports Foundation publicly.
    static let foundationFormats: Set<StringType.Format> = [.dateTime, .uuid, .uri, .byte]

    /// Whether the namespace's declarations (every named type and inline payload, with their
    /// inline members) name a Foundation type.
    var namespaceNamesFoundation: Bool {
        context.schema.types.contains { Self.namesFoundation($0.schema) }
            || context.schema.events.contains { $0.inlinePayload.map(Self.namesFoundation) ?? false }
    }

    /// Whether the declaration of `type` names a Foundation type. A reference stops the walk:
    /// the type it names is declared on its own.
    static func namesFoundation(_ type: TypeSchema) -> Bool {
        switch type.kind {
        case .string(let string):
            guard string.enumeration == nil, let format = string.format else { return false }
            return foundationFormats.contains(format)
        case .array(let array): return namesFoundation(array.items)
        case .map(let values): return namesFoundation(values)
        case .object(let object): return object.properties.contains { namesFoundation($0.schema) }
        case .integer, .number, .boolean, .reference, .oneOf: return false
        }
    }

    /// Whether the Swift type of an event's payload names a Foundation type through type
    /// aliases (a `date-time`, `uuid`, `uri` or `byte` string, or arrays and maps of them):
    /// a file whose public declarations use it must import Foundation publicly.
    func payloadAliasesFoundation(_ event: Event) -> Bool {
        guard case .json(let payload) = event.payload else { return false }
        // Depth-limited: aliases can only nest so far before a named type stops them.
        func aliases(_ type: TypeSchema, depth: Int = 0) -> Bool {
            guard depth < 32 else { return false }
            switch context.resolved(type).kind {
            case .reference: return false  // a cycle of references: no type at all
            case .string(let string):
                guard string.enumeration == nil else { return false }
                return string.format.map(Self.foundationFormats.contains) ?? false
            case .array(let array): return aliases(array.items, depth: depth + 1)
            case .map(let values): return aliases(values, depth: depth + 1)
            case .integer, .number, .boolean, .object, .oneOf: return false
            }
        }
        return aliases(payload)
    }

    func usageWithoutDeclaring(_ type: TypeSchema) -> String {
        var scope = NestingScope(qualifier: context.namespace + ".", taken: [])
        return typeUsage(type, hint: "", in: &scope)
    }

    /// The declaration of a type with a name of its own (under `types:`, or an event's payload).
    func namedDeclaration(
        name: String, type: TypeSchema, scope: inout NestingScope, discriminators: [String] = []
    ) -> [SwiftDeclaration] {
        let documentation = SwiftDocumentation(text: documentationText(type))
        switch type.kind {
        case .object(let object):
            return [
                structure(
                    name: name, object: object, documentation: documentation, deprecation: type.deprecation,
                    discriminators: discriminators)
            ]
        case .string(let string) where string.enumeration != nil:
            return [
                stringEnumeration(
                    name: name, values: string.enumeration!, documentation: documentation, deprecation: type.deprecation
                )
            ]
        case .oneOf(let union):
            return [oneOf(name: name, union: union, documentation: documentation)]
        default:
            var nested = NestingScope(qualifier: scope.qualifier, taken: scope.taken.union([name]))
            let target = valueType(type, hint: name, in: &nested)
            scope.taken.formUnion(nested.taken)
            return [.typeAlias(SwiftTypeAlias(documentation: documentation, name: name, type: target.swiftName))]
                + aliasCoders(name: name, type: type, value: target) + nested.declarations
        }
    }

    /// Description, and the deprecation as text where an attribute would warn in generated code.
    func documentationText(_ type: TypeSchema) -> String? {
        var parts: [String] = []
        if let description = type.description { parts.append(description) }
        if let deprecation = type.deprecation {
            parts.append("Deprecated" + (deprecation.message.map { ": \($0)" } ?? "."))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }

    // MARK: - Type usage

    /// The Swift type of `type` where it is used (without the `?` of nullability); inline
    /// object, enum and oneOf types are declared in `scope`, named from `hint`.
    func typeUsage(_ type: TypeSchema, hint: String, in scope: inout NestingScope) -> String {
        valueType(type, hint: hint, in: &scope).swiftName
    }

    /// ``typeUsage(_:hint:in:)`` with the structure generated JSON coding follows.
    func valueType(_ type: TypeSchema, hint: String, in scope: inout NestingScope) -> ValueType {
        switch type.kind {
        case .reference(let name):
            guard context.isCoded(namedType: name.value) else {
                return .alias(namespace: context.namespace, name: SwiftNaming.typeName(name.value))
            }
            return .coded(context.qualifiedName(ofNamedType: name.value))
        case .string(let string):
            if let values = string.enumeration {
                let name = scope.claim(hint)
                scope.declarations.append(
                    stringEnumeration(
                        name: name,
                        values: values,
                        documentation: SwiftDocumentation(text: documentationText(type)),
                        deprecation: nil
                    )
                )
                return .coded(scope.qualifier + name)
            }
            switch string.format {
            case .dateTime: return .scalar(.date)
            case .date: return .scalar(.calendarDate)
            case .uuid: return .scalar(.uuid)
            case .uri: return .scalar(.url)
            case .byte: return .scalar(.data)
            case .email, nil: return .scalar(.string)
            }
        case .integer(let integer):
            return .scalar(integer.format == .int32 ? .int32 : .int64)
        case .number(let number):
            return .scalar(number.format == .float ? .float : .double)
        case .boolean:
            return .scalar(.bool)
        case .array(let array):
            let element = valueType(array.items, hint: hint + "Item", in: &scope)
            return .array(element, nullableItems: isNullable(array.items))
        case .map(let values):
            let element = valueType(values, hint: hint + "Value", in: &scope)
            return .map(element, nullableValues: isNullable(values))
        case .object(let object):
            let name = scope.claim(hint)
            scope.declarations.append(
                structure(
                    name: name,
                    object: object,
                    documentation: SwiftDocumentation(text: documentationText(type)),
                    deprecation: nil
                )
            )
            return .coded(scope.qualifier + name)
        case .oneOf(let union):
            let name = scope.claim(hint)
            scope.declarations.append(
                oneOf(name: name, union: union, documentation: SwiftDocumentation(text: documentationText(type)))
            )
            return .coded(scope.qualifier + name)
        }
    }

    /// Nullable here or where a `$ref` leads.
    func isNullable(_ type: TypeSchema) -> Bool {
        type.isNullable || context.resolved(type).isNullable
    }

}
