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
        for event in context.schema.events {
            guard case .json(let payload) = event.payload, !isReference(payload) else { continue }
            scope.taken.insert(SwiftNaming.typeName(event.name.value))
        }
        var declarations: [SwiftDeclaration] = []
        for type in context.schema.types {
            declarations += namedDeclaration(
                name: SwiftNaming.typeName(type.name.value),
                type: type.schema,
                scope: &scope
            )
        }
        for event in context.schema.events {
            guard case .json(let payload) = event.payload, !isReference(payload) else { continue }
            declarations += namedDeclaration(name: SwiftNaming.typeName(event.name.value), type: payload, scope: &scope)
        }
        return declarations + scope.declarations
    }

    /// The Swift type of an event's JSON payload, as used outside the namespace.
    func payloadType(of event: Event) -> String? {
        guard case .json(let payload) = event.payload else { return nil }
        let base =
            isReference(payload)
            ? usageWithoutDeclaring(payload) : context.namespace + "." + SwiftNaming.typeName(event.name.value)
        return payload.isNullable ? base + "?" : base
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
                return [.dateTime, .uuid, .uri, .byte].contains(string.format)
            case .array(let array): return aliases(array.items, depth: depth + 1)
            case .map(let values): return aliases(values, depth: depth + 1)
            case .integer, .number, .boolean, .object, .oneOf: return false
            }
        }
        return aliases(payload)
    }

    private func isReference(_ type: TypeSchema) -> Bool {
        if case .reference = type.kind { return true }
        return false
    }

    private func usageWithoutDeclaring(_ type: TypeSchema) -> String {
        var scope = NestingScope(qualifier: context.namespace + ".", taken: [])
        return typeUsage(type, hint: "", in: &scope)
    }

    /// The declaration of a type with a name of its own (under `types:`, or an event's payload).
    private func namedDeclaration(name: String, type: TypeSchema, scope: inout NestingScope) -> [SwiftDeclaration] {
        let documentation = SwiftDocumentation(text: documentationText(type))
        switch type.kind {
        case .object(let object):
            return [structure(name: name, object: object, documentation: documentation, deprecation: type.deprecation)]
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
            let target = typeUsage(type, hint: name, in: &nested)
            scope.taken.formUnion(nested.taken)
            return [.typeAlias(SwiftTypeAlias(documentation: documentation, name: name, type: target))]
                + nested.declarations
        }
    }

    /// Description, and the deprecation as text where an attribute would warn in generated code.
    private func documentationText(_ type: TypeSchema) -> String? {
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
        switch type.kind {
        case .reference(let name):
            return context.qualifiedName(ofNamedType: name.value)
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
                return scope.qualifier + name
            }
            switch string.format {
            case .dateTime: return "Foundation.Date"
            case .date: return "ServerSentEvents.CalendarDate"
            case .uuid: return "Foundation.UUID"
            case .uri: return "Foundation.URL"
            case .byte: return "Foundation.Data"
            case .email, nil: return "Swift.String"
            }
        case .integer(let integer):
            return integer.format == .int32 ? "Swift.Int32" : "Swift.Int64"
        case .number(let number):
            return number.format == .float ? "Swift.Float" : "Swift.Double"
        case .boolean:
            return "Swift.Bool"
        case .array(let array):
            let element = typeUsage(array.items, hint: hint + "Item", in: &scope)
            return "[" + element + (isNullable(array.items) ? "?" : "") + "]"
        case .map(let values):
            let element = typeUsage(values, hint: hint + "Value", in: &scope)
            return "[Swift.String: " + element + (isNullable(values) ? "?" : "") + "]"
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
            return scope.qualifier + name
        case .oneOf(let union):
            let name = scope.claim(hint)
            scope.declarations.append(
                oneOf(name: name, union: union, documentation: SwiftDocumentation(text: documentationText(type)))
            )
            return scope.qualifier + name
        }
    }

    /// Nullable here or where a `$ref` leads.
    func isNullable(_ type: TypeSchema) -> Bool {
        type.isNullable || context.resolved(type).isNullable
    }

    // MARK: - Structs

    private struct Member {
        enum Presence {
            case required
            case requiredNullable
            case optional
            case defaulted(String)
            case nullableDefaulted(String)
        }

        var jsonName: String
        var name: String
        var escapedName: String
        var parameterName: String
        /// The type without the `?` of optionality.
        var baseType: String
        var presence: Presence
        var isBoxed: Bool
        var deprecation: Deprecation?
        var description: String?
        var schema: TypeSchema

        var isOptionalInSwift: Bool {
            switch presence {
            case .required, .defaulted: false
            case .requiredNullable, .optional, .nullableDefaulted: true
            }
        }

        var swiftType: String { baseType + (isOptionalInSwift ? "?" : "") }
        var hasStorageOfItsOwn: Bool { isBoxed || deprecation != nil }
        var storageName: String { hasStorageOfItsOwn ? "_" + name : escapedName }

        var storageType: String {
            guard isBoxed else { return swiftType }
            return "ServerSentEvents.Indirect<\(baseType)>" + (isOptionalInSwift ? "?" : "")
        }

        /// The value as stored, from an expression of the member's Swift type.
        func stored(_ expression: String) -> String {
            guard isBoxed else { return expression }
            return isOptionalInSwift
                ? "\(expression).map { ServerSentEvents.Indirect($0) }" : "ServerSentEvents.Indirect(\(expression))"
        }

        /// The member's value, read from its storage.
        var readExpression: String {
            guard isBoxed else { return "self." + storageName }
            return "self.\(storageName)" + (isOptionalInSwift ? "?.value" : ".value")
        }

        var key: String { "\(TypeTranslator.codingKey)(\(SwiftLiteral.string(jsonName)))" }
    }

    private func members(of object: ObjectType, in scope: inout NestingScope) -> [Member] {
        object.properties.map { property in
            let schema = property.schema
            let baseType = typeUsage(schema, hint: property.name.value, in: &scope)
            let nullable = isNullable(schema)
            let defaultLiteral = context.defaultValue(of: schema).flatMap {
                literal($0.value, for: schema)
            }
            let presence: Member.Presence =
                switch (property.isRequired, nullable, defaultLiteral) {
                case (true, false, _): .required
                case (true, true, _): .requiredNullable
                case (false, false, let value?): .defaulted(value)
                case (false, true, let value?): .nullableDefaulted(value)
                case (false, _, nil): .optional
                }
            return Member(
                jsonName: property.name.value,
                name: SwiftNaming.memberName(property.name.value),
                escapedName: SwiftNaming.escapedMemberName(property.name.value),
                parameterName: "_" + SwiftNaming.memberName(property.name.value),
                baseType: baseType,
                presence: presence,
                isBoxed: context.needsBox(schema),
                deprecation: schema.deprecation,
                description: schema.description,
                schema: schema
            )
        }
    }

    func structure(
        name: String,
        object: ObjectType,
        documentation: SwiftDocumentation,
        deprecation: Deprecation?
    ) -> SwiftDeclaration {
        var scope = NestingScope(
            qualifier: "",
            taken: Set(
                [name, context.namespace, "CodingKeys"]
                    + object.properties.map { SwiftNaming.memberName($0.name.value) })
        )
        let members = members(of: object, in: &scope)
        var declarations: [SwiftDeclaration] = []

        for member in members {
            let memberDocumentation = SwiftDocumentation(text: member.description)
            guard member.hasStorageOfItsOwn else {
                declarations.append(
                    .property(
                        SwiftProperty(
                            documentation: memberDocumentation,
                            name: member.escapedName,
                            type: member.swiftType
                        )
                    )
                )
                continue
            }
            declarations.append(
                .property(SwiftProperty(access: .private, name: member.storageName, type: member.storageType)))
            declarations.append(
                .property(
                    SwiftProperty(
                        documentation: SwiftDocumentation(
                            text: member.description,
                            deprecation: member.deprecation.map { $0.message ?? "" }
                        ),
                        name: member.escapedName,
                        type: member.swiftType,
                        getter: [.line(member.readExpression)],
                        setter: [.line("self.\(member.storageName) = \(member.stored("newValue"))")]
                    )
                )
            )
        }

        // Memberwise initializer.
        let assignments = members.map { SwiftStatement.line("self.\($0.storageName) = \($0.stored($0.parameterName))") }
        declarations.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(
                        text: "Creates a value.",
                        deprecation: deprecation.map { $0.message ?? "" }
                    ),
                    name: "init",
                    parameters: members.map { member in
                        SwiftFunction.Parameter(
                            label: member.escapedName,
                            name: member.parameterName,
                            type: member.swiftType,
                            defaultValue: initializerDefault(member)
                        )
                    },
                    body: assignments
                )
            )
        )

        // Decoding.
        var decode: [SwiftStatement] = []
        if members.isEmpty {
            decode.append(.line("_ = try __decoder.container(keyedBy: \(Self.codingKey).self)"))
        } else {
            decode.append(.line("let __container = try __decoder.container(keyedBy: \(Self.codingKey).self)"))
            for member in members {
                decode.append(.line("let \(member.parameterName) = \(decodeExpression(member))"))
            }
            decode += memberChecks(members, direction: .decoding)
            decode += assignments
        }
        declarations.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(text: "Decodes a value, checking the schema's constraints."),
                    name: "init",
                    parameters: [.init(label: "from", name: "__decoder", type: "any Swift.Decoder")],
                    throwsClause: "throws",
                    body: decode
                )
            )
        )

        // Encoding.
        var encode: [SwiftStatement] = []
        if members.isEmpty {
            encode.append(.line("_ = __encoder.container(keyedBy: \(Self.codingKey).self)"))
        } else {
            // The same checks as decoding, before anything is written: a server never sends
            // what its own clients refuse.
            encode += memberChecks(members, direction: .encoding)
            encode.append(.line("var __container = __encoder.container(keyedBy: \(Self.codingKey).self)"))
            for member in members {
                let method: String
                if case .optional = member.presence { method = "encodeIfPresent" } else { method = "encode" }
                encode.append(.line("try __container.\(method)(\(member.readExpression), forKey: \(member.key))"))
            }
        }
        declarations.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(text: "Encodes the value as one JSON object."),
                    name: "encode",
                    parameters: [.init(label: "to", name: "__encoder", type: "any Swift.Encoder")],
                    throwsClause: "throws",
                    body: encode
                )
            )
        )

        declarations += scope.declarations
        return .structure(
            SwiftTypeDeclaration(
                documentation: documentation,
                name: name,
                inheritance: Self.valueConformances,
                members: declarations
            )
        )
    }

    private func initializerDefault(_ member: Member) -> String? {
        switch member.presence {
        case .optional: return "nil"
        case .defaulted(let value), .nullableDefaulted(let value): return value
        case .required, .requiredNullable:
            let constant = member.schema.constant ?? context.resolved(member.schema).constant
            return constant.flatMap { literal($0.value, for: member.schema) }
        }
    }

    private func decodeExpression(_ member: Member) -> String {
        let key = member.key
        switch member.presence {
        case .required:
            return "try __container.decode(\(member.baseType).self, forKey: \(key))"
        case .requiredNullable:
            return "try __container.decode(Swift.Optional<\(member.baseType)>.self, forKey: \(key))"
        case .optional:
            return "try __container.decodeIfPresent(\(member.baseType).self, forKey: \(key))"
        case .defaulted(let value):
            return "try __container.decodeIfPresent(\(member.baseType).self, forKey: \(key)) ?? \(value)"
        case .nullableDefaulted(let value):
            return
                "try __container.contains(\(key)) ? __container.decode(Swift.Optional<\(member.baseType)>.self, forKey: \(key)) : \(value)"
        }
    }

    // MARK: - Checks

    /// Whether generated code checks a value as it decodes it or before it encodes it.
    enum CheckDirection {
        case decoding
        case encoding
    }

    /// The checks of an event's payload that is not an object (objects, enums and unions check
    /// themselves), on `__value`, for the `check:` closure of `EventPayloadJSON`.
    func payloadChecks(of event: Event, direction: CheckDirection) -> [SwiftStatement] {
        guard case .json(let payload) = event.payload else { return [] }
        return checks(
            for: payload, value: "__value", isOptional: isNullable(payload), path: "[]", depth: 0, direction: direction)
    }

    /// The checks of an object's members: on the decoded values (`_name`) while decoding, on
    /// the stored ones before encoding.
    private func memberChecks(_ members: [Member], direction: CheckDirection) -> [SwiftStatement] {
        members.flatMap { member in
            checks(
                for: member.schema,
                value: direction == .decoding ? member.parameterName : member.readExpression,
                isOptional: member.isOptionalInSwift,
                path: (direction == .decoding ? "__container" : "__encoder") + ".codingPath + [\(member.key)]",
                depth: 0,
                direction: direction
            )
        }
    }

    /// The cheap constraints of `type` on `value` (`const`, bounds, array and map contents);
    /// objects, enums and unions check themselves when they are coded.
    private func checks(
        for type: TypeSchema, value: String, isOptional: Bool, path: String, depth: Int,
        direction: CheckDirection = .decoding
    ) -> [SwiftStatement] {
        let resolved = context.resolved(type)
        let name = "__value\(depth)"
        let subject = isOptional ? name : value
        // `path` ends the argument list of every check; encoding says so.
        let basePath = path
        let path = direction == .encoding ? path + ", while: .encoding" : path
        var statements: [SwiftStatement] = []
        let constant = type.constant ?? resolved.constant
        switch resolved.kind {
        case .string(let string):
            if string.minLength != nil || string.maxLength != nil {
                statements.append(
                    .line(
                        "try ServerSentEvents.PayloadCheck.length(\(subject), minimum: \(optional(string.minLength?.value)), "
                            + "maximum: \(optional(string.maxLength?.value)), at: \(path))"
                    )
                )
            }
            if let constant, case .string(let text) = constant.value {
                let compared = string.enumeration == nil ? subject : subject + ".rawValue"
                statements.append(
                    .line(
                        "try ServerSentEvents.PayloadCheck.constant(\(compared), \(SwiftLiteral.string(text)), at: \(path))"
                    )
                )
            }
        case .integer(let integer):
            if integer.minimum != nil || integer.maximum != nil {
                statements.append(
                    .line(
                        "try ServerSentEvents.PayloadCheck.range(\(subject), minimum: \(optional(integer.minimum?.value)), "
                            + "maximum: \(optional(integer.maximum?.value)), at: \(path))"
                    )
                )
            }
            if let constant, let text = literal(constant.value, for: resolved) {
                statements.append(.line("try ServerSentEvents.PayloadCheck.constant(\(subject), \(text), at: \(path))"))
            }
        case .number(let number):
            if number.minimum != nil || number.maximum != nil {
                statements.append(
                    .line(
                        "try ServerSentEvents.PayloadCheck.range(\(subject), minimum: \(optional(number.minimum.map { SwiftLiteral.number($0.value) })), "
                            + "maximum: \(optional(number.maximum.map { SwiftLiteral.number($0.value) })), at: \(path))"
                    )
                )
            }
            if let constant, let text = literal(constant.value, for: resolved) {
                statements.append(.line("try ServerSentEvents.PayloadCheck.constant(\(subject), \(text), at: \(path))"))
            }
        case .boolean:
            if let constant, let text = literal(constant.value, for: resolved) {
                statements.append(.line("try ServerSentEvents.PayloadCheck.constant(\(subject), \(text), at: \(path))"))
            }
        case .array(let array):
            if array.minItems != nil || array.maxItems != nil {
                statements.append(
                    .line(
                        "try ServerSentEvents.PayloadCheck.count(\(subject).count, minimum: \(optional(array.minItems?.value)), "
                            + "maximum: \(optional(array.maxItems?.value)), at: \(path))"
                    )
                )
            }
            let item = "__item\(depth)"
            let index = "__index\(depth)"
            let inner = checks(
                for: array.items,
                value: item,
                isOptional: isNullable(array.items),
                path: "\(basePath) + [\(Self.codingKey)(index: \(index))]",
                depth: depth + 1,
                direction: direction
            )
            if !inner.isEmpty {
                statements.append(.block("for (\(index), \(item)) in \(subject).enumerated()", inner))
            }
        case .map(let values):
            let item = "__item\(depth)"
            let key = "__key\(depth)"
            let inner = checks(
                for: values,
                value: item,
                isOptional: isNullable(values),
                path: "\(basePath) + [\(Self.codingKey)(\(key))]",
                depth: depth + 1,
                direction: direction
            )
            if !inner.isEmpty {
                statements.append(.block("for (\(key), \(item)) in \(subject)", inner))
            }
        case .object, .oneOf, .reference:
            break
        }
        guard isOptional, !statements.isEmpty else { return statements }
        return [.block("if let \(name) = \(value)", statements)]
    }

    private func optional(_ value: (some CustomStringConvertible)?) -> String {
        value.map(\.description) ?? "nil"
    }

    // MARK: - Literals

    /// A Swift expression for a `default` or `const` value of `type`.
    func literal(_ value: JSONValue, for type: TypeSchema) -> String? {
        let resolved = context.resolved(type)
        switch (resolved.kind, value) {
        case (_, .null):
            return "nil"
        case (.string(let string), .string(let text)):
            guard string.enumeration != nil else { return SwiftLiteral.string(text) }
            if resolved.deprecation != nil { return ".init(rawValue: \(SwiftLiteral.string(text)))!" }
            return "." + SwiftNaming.escapedMemberName(text)
        case (.integer, .integer(let number)):
            return String(number)
        case (.number, .integer(let number)):
            return SwiftLiteral.number(Double(number))
        case (.number, .number(let number)):
            return SwiftLiteral.number(number)
        case (.boolean, .boolean(let flag)):
            return flag ? "true" : "false"
        default:
            return nil
        }
    }

    // MARK: - Enums

    func stringEnumeration(
        name: String,
        values: [Located<String>],
        documentation: SwiftDocumentation,
        deprecation: Deprecation?
    ) -> SwiftDeclaration {
        let caseDeprecation = deprecation.map { $0.message ?? "" }
        var members: [SwiftDeclaration] = values.map { value in
            let caseName = SwiftNaming.memberName(value.value)
            return .enumCase(
                SwiftEnumCase(
                    documentation: SwiftDocumentation(deprecation: caseDeprecation),
                    name: SwiftNaming.escapedMemberName(value.value),
                    rawValue: caseName == value.value ? nil : SwiftLiteral.string(value.value)
                )
            )
        }
        let allowed = values.map { "'\($0.value)'" }.joined(separator: ", ")
        members.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(
                        text: "Decodes one of the values, or throws naming the values allowed."),
                    name: "init",
                    parameters: [.init(label: "from", name: "__decoder", type: "any Swift.Decoder")],
                    throwsClause: "throws",
                    body: [
                        .line("let __container = try __decoder.singleValueContainer()"),
                        .line("let __value = try __container.decode(Swift.String.self)"),
                        .block(
                            "guard let __known = Self(rawValue: __value) else",
                            [
                                .line(
                                    "throw Swift.DecodingError.dataCorruptedError(in: __container, debugDescription: "
                                        + "\"'\\(__value)' is not one of \" + \(SwiftLiteral.string(allowed)))"
                                )
                            ]
                        ),
                        .line("self = __known"),
                    ]
                )
            )
        )
        var inheritance = ["Swift.String"] + Self.valueConformances
        // CaseIterable cannot be synthesized over deprecated cases.
        if deprecation == nil { inheritance.append("Swift.CaseIterable") }
        return .enumeration(
            SwiftTypeDeclaration(documentation: documentation, name: name, inheritance: inheritance, members: members)
        )
    }

    func oneOf(name: String, union: OneOfType, documentation: SwiftDocumentation) -> SwiftDeclaration {
        let key = "\(Self.codingKey)(\(SwiftLiteral.string(union.propertyName.value)))"
        let cases = union.members.map { member in
            (
                name: SwiftNaming.escapedMemberName(member.typeName.value),
                type: context.qualifiedName(ofNamedType: member.typeName.value),
                tag: SwiftLiteral.string(member.tag.value)
            )
        }
        var members: [SwiftDeclaration] = cases.map { .enumCase(SwiftEnumCase(name: $0.name, associatedType: $0.type)) }
        let allowed = union.members.map { "'\($0.tag.value)'" }.joined(separator: ", ")
        members.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(
                        text: "Decodes the alternative that '\(union.propertyName.value)' names."
                    ),
                    name: "init",
                    parameters: [.init(label: "from", name: "__decoder", type: "any Swift.Decoder")],
                    throwsClause: "throws",
                    body: [
                        .line("let __container = try __decoder.container(keyedBy: \(Self.codingKey).self)"),
                        .line("let __tag = try __container.decode(Swift.String.self, forKey: \(key))"),
                        .block(
                            "switch __tag",
                            cases.map {
                                .caseClause(
                                    "case \($0.tag):", [.line("self = try .\($0.name)(\($0.type)(from: __decoder))")])
                            }
                                + [
                                    .caseClause(
                                        "default:",
                                        [
                                            .line(
                                                "throw Swift.DecodingError.dataCorruptedError(forKey: \(key), in: __container, "
                                                    + "debugDescription: \"'\\(__tag)' is not one of \" + \(SwiftLiteral.string(allowed)))"
                                            )
                                        ]
                                    )
                                ]
                        ),
                    ]
                )
            )
        )
        members.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(
                        text: "Encodes the alternative and its '\(union.propertyName.value)'."),
                    name: "encode",
                    parameters: [.init(label: "to", name: "__encoder", type: "any Swift.Encoder")],
                    throwsClause: "throws",
                    body: [
                        .block(
                            "switch self",
                            cases.map {
                                .caseClause(
                                    "case .\($0.name)(let __value):",
                                    [
                                        .line("try __value.encode(to: __encoder)"),
                                        .line("var __container = __encoder.container(keyedBy: \(Self.codingKey).self)"),
                                        .line("try __container.encode(\($0.tag), forKey: \(key))"),
                                    ]
                                )
                            }
                        )
                    ]
                )
            )
        )
        return .enumeration(
            SwiftTypeDeclaration(
                documentation: documentation,
                name: name,
                isIndirect: true,
                inheritance: Self.valueConformances,
                members: members
            )
        )
    }
}
