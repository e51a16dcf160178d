import EventSchema

/// Generated JSON coding: every payload type reads itself from a `JSONReader` and writes itself
/// into a `JSONWriter`, checking the schema's constraints at each value as it goes. Structs,
/// enums and unions get `init(json:)` and `writeJSON(to:)`; type aliases get the namespace's
/// `read…(from:)` and `write…(_:to:)`; arrays, maps and scalars are read and written inline.
extension TypeTranslator {
    static let reader = "ServerSentEvents.JSONReader"
    static let writer = "ServerSentEvents.JSONWriter"
    static let jsonError = "throws(ServerSentEvents.JSONPayloadError)"

    // MARK: - Reading

    /// The expression that reads a named or scalar value (after `try`), or `nil` for arrays and maps.
    func readExpression(_ value: ValueType) -> String? {
        switch value {
        case .scalar(let scalar): "__reader.\(scalar.readMethod)()"
        case .coded(let name): "\(name)(json: &__reader)"
        case .alias(let namespace, let name):
            ValueType.aliasReader(namespace: namespace, name: name) + "(from: &__reader)"
        case .array, .map: nil
        }
    }

    /// Statements that read a value of `type` (`value` in Swift) and hand it to `assign`, which
    /// makes a statement of an expression (`_name = …`, `__value0.append(…)`); `nullable` reads
    /// `null` as `nil`.
    func readStatements(
        _ type: TypeSchema, _ value: ValueType, nullable: Bool, depth: Int, assign: (String) -> String
    ) -> [SwiftStatement] {
        let name = "__value\(depth)"
        let problems = problems(of: type, subject: name, throughReferences: false)
        if let expression = readExpression(value), problems.isEmpty {
            return [.line(assign(nullable ? "try __reader.readNull() ? nil : \(expression)" : "try \(expression)"))]
        }
        var statements: [SwiftStatement] = []
        switch (value, context.resolved(type).kind) {
        case (.array(let items, let nullableItems), .array(let array)):
            statements.append(.line("var \(name): \(value.swiftName) = []"))
            statements.append(
                .line((problems.isEmpty ? "" : "let __start\(depth) = ") + "try __reader.beginArray()"))
            statements.append(
                .block(
                    "while try __reader.nextElement()",
                    readStatements(array.items, items, nullable: nullableItems, depth: depth + 1) {
                        "\(name).append(\($0))"
                    }
                )
            )
            statements += problems.map { .line("try __reader.check(\($0), at: __start\(depth))") }
        case (.map(let values, let nullableValues), .map(let valuesType)):
            statements.append(.line("var \(name): \(value.swiftName) = [:]"))
            statements.append(.line("try __reader.beginObject()"))
            statements.append(
                .block(
                    "while let __key\(depth) = try __reader.nextMember()",
                    readStatements(valuesType, values, nullable: nullableValues, depth: depth + 1) {
                        "\(name).updateValue(\($0), forKey: __key\(depth).string)"
                    }
                )
            )
        default:
            statements.append(.line("let \(name) = try \(readExpression(value) ?? "")"))
            statements += problems.map { .line("try __reader.check(\($0))") }
        }
        statements.append(.line(assign(name)))
        guard nullable else { return statements }
        return [.ifElse("try __reader.readNull()", [.line(assign("nil"))], else: statements)]
    }

    /// `init(json:)` of a struct: members by name as they come (the last of a name wins), then
    /// the required ones checked, the defaults filled in.
    func jsonInitializer(members: [Member]) -> SwiftFunction {
        let hasRequired = members.contains {
            switch $0.presence {
            case .required, .requiredNullable: true
            case .optional, .defaulted, .nullableDefaulted: false
            }
        }
        var body: [SwiftStatement] = [.line((hasRequired ? "let __start = " : "") + "try __reader.beginObject()")]
        for member in members {
            body.append(.line("var \(member.parameterName): \(member.readType) = nil"))
        }
        var clauses: [SwiftStatement] = members.map { member in
            .caseClause(
                "case \(SwiftLiteral.string(member.jsonName)):",
                readStatements(member.schema, member.valueType, nullable: member.readsNull, depth: 0) {
                    member.readsPresence ? "\(member.parameterName) = .some(\($0))" : "\(member.parameterName) = \($0)"
                }
            )
        }
        clauses.append(.caseClause("default:", [.line("try __reader.skipValue()")]))
        body.append(.block("while let __key = try __reader.nextMember()", [.block("switch __key", clauses)]))
        for member in members {
            let value: String
            switch member.presence {
            case .required, .requiredNullable:
                value =
                    "try __reader.required(\(member.parameterName), \(SwiftLiteral.string(member.jsonName)), objectAt: __start)"
            case .optional:
                value = member.parameterName
            case .defaulted(let fallback), .nullableDefaulted(let fallback):
                value = "\(member.parameterName) ?? \(fallback)"
            }
            body.append(.line("self.\(member.storageName) = \(member.stored(value))"))
        }
        return SwiftFunction(
            documentation: SwiftDocumentation(text: "Reads a value from JSON, checking the schema's constraints."),
            access: .generated,
            name: "init",
            parameters: [.init(label: "json", name: "__reader", type: "inout \(Self.reader)")],
            throwsClause: Self.jsonError,
            body: body
        )
    }

    // MARK: - Writing

    /// Statements that write `expression`, a value of `type` (`value` in Swift); `nullable`
    /// writes `nil` as `null`. Checks come right before the value, after its member name.
    func writeStatements(
        _ type: TypeSchema, _ value: ValueType, nullable: Bool, expression: String, depth: Int
    ) -> [SwiftStatement] {
        let subject = nullable ? "__value\(depth)" : expression
        var statements: [SwiftStatement] = problems(of: type, subject: subject, throughReferences: false).map {
            .line("try __writer.check(\($0))")
        }
        switch (value, context.resolved(type).kind) {
        case (.scalar(let scalar), _):
            statements.append(.line((scalar.writeThrows ? "try " : "") + "__writer.write(\(subject))"))
        case (.coded, _):
            statements.append(.line("try \(subject).writeJSON(to: &__writer)"))
        case (.alias(let namespace, let name), _):
            statements.append(
                .line("try \(ValueType.aliasWriter(namespace: namespace, name: name))(\(subject), to: &__writer)"))
        case (.array(let items, let nullableItems), .array(let array)):
            let item = "__item\(depth)"
            var inner = writeStatements(array.items, items, nullable: nullableItems, expression: item, depth: depth + 1)
            // A check on an item comes after its comma, so that an error names the item.
            if !problems(of: array.items, subject: item, throughReferences: false).isEmpty {
                inner.insert(.line("__writer.beginElement()"), at: 0)
            }
            statements.append(.line("__writer.beginArray()"))
            statements.append(.block("for \(item) in \(subject)", inner))
            statements.append(.line("__writer.endArray()"))
        case (.map(let values, let nullableValues), .map(let valuesType)):
            let key = "__key\(depth)"
            let item = "__item\(depth)"
            statements.append(.line("__writer.beginObject()"))
            statements.append(
                .block(
                    "for (\(key), \(item)) in \(Self.writer).sorted(\(subject))",
                    [.line("__writer.key(\(key))")]
                        + writeStatements(
                            valuesType, values, nullable: nullableValues, expression: item, depth: depth + 1)
                )
            )
            statements.append(.line("__writer.endObject()"))
        default:
            break
        }
        guard nullable else { return statements }
        return [.ifElse("let \(subject) = \(expression)", statements, else: [.line("__writer.writeNull()")])]
    }

    /// `writeJSON(to:)` of a struct: members in the order of their names' UTF-8 bytes, an
    /// optional one only when it has a value. An alternative of a union also writes the union's
    /// discriminator in its place among them (`writeJSON(to:discriminator:)`).
    func jsonWriters(members: [Member], discriminators: [String]) -> [SwiftFunction] {
        var entries: [(name: String, statements: [SwiftStatement])] = members.map { member in
            let key = SwiftStatement.line("__writer.key(\(SwiftLiteral.string(member.jsonName)))")
            switch member.presence {
            case .optional:
                return (
                    member.jsonName,
                    [
                        .block(
                            "if let __member = \(member.readExpression)",
                            [key]
                                + writeStatements(
                                    member.schema, member.valueType, nullable: false, expression: "__member", depth: 0)
                        )
                    ]
                )
            case .required, .defaulted, .requiredNullable, .nullableDefaulted:
                return (
                    member.jsonName,
                    [key]
                        + writeStatements(
                            member.schema, member.valueType, nullable: member.isOptionalInSwift,
                            expression: member.readExpression, depth: 0)
                )
            }
        }
        for name in discriminators {
            let own = entries.firstIndex { $0.name == name }
            let tag: [SwiftStatement] = [
                .line("__writer.key(\(SwiftLiteral.string(name)))"), .line("__writer.write(__tag.value)"),
            ]
            let statement = SwiftStatement.ifElse(
                "let __tag = __discriminator, __tag.name == \(SwiftLiteral.string(name))", tag,
                else: own.map { entries[$0].statements } ?? [])
            if let own { entries[own].statements = [statement] } else { entries.append((name, [statement])) }
        }
        entries.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        let body: [SwiftStatement] =
            [.line("__writer.beginObject()")] + entries.flatMap(\.statements) + [.line("__writer.endObject()")]
        let writer = SwiftFunction(
            documentation: SwiftDocumentation(
                text: "Writes the value as one JSON object, checking the schema's constraints."),
            access: .generated,
            name: "writeJSON",
            parameters: [.init(label: "to", name: "__writer", type: "inout \(Self.writer)")],
            throwsClause: Self.jsonError,
            body: discriminators.isEmpty ? body : [.line("try writeJSON(to: &__writer, discriminator: nil)")]
        )
        guard !discriminators.isEmpty else { return [writer] }
        return [
            writer,
            SwiftFunction(
                documentation: SwiftDocumentation(
                    text: "Writes the value as one JSON object, with a union's discriminator among its members."),
                access: .generated,
                name: "writeJSON",
                parameters: [
                    .init(label: "to", name: "__writer", type: "inout \(Self.writer)"),
                    .init(label: "discriminator", name: "__discriminator", type: "ServerSentEvents.JSONDiscriminator?"),
                ],
                throwsClause: Self.jsonError,
                body: body
            ),
        ]
    }

    /// `read…(from:)` and `write…(_:to:)` of a type alias, in the namespace.
    func aliasCoders(name: String, type: TypeSchema, value: ValueType) -> [SwiftDeclaration] {
        let qualified = context.namespace + "." + name
        let read = SwiftFunction(
            documentation: SwiftDocumentation(text: "Reads a `\(name)` from JSON, checking the schema's constraints."),
            access: .generated,
            isStatic: true,
            name: ValueType.aliasReaderName(name),
            parameters: [.init(label: "from", name: "__reader", type: "inout \(Self.reader)")],
            throwsClause: Self.jsonError,
            returnType: qualified,
            body: readStatements(type, value, nullable: false, depth: 0) { "return \($0)" }
        )
        let write = SwiftFunction(
            documentation: SwiftDocumentation(text: "Writes a `\(name)` as JSON, checking the schema's constraints."),
            access: .generated,
            isStatic: true,
            name: ValueType.aliasWriterName(name),
            parameters: [
                .init(label: "_", name: "__value", type: qualified),
                .init(label: "to", name: "__writer", type: "inout \(Self.writer)"),
            ],
            throwsClause: Self.jsonError,
            body: writeStatements(type, value, nullable: false, expression: "__value", depth: 0)
        )
        return [.function(read), .function(write)]
    }
}
