import EventSchema

extension TypeTranslator {
    // MARK: - Structs

    struct Member {
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
        var baseType: String { valueType.swiftName }
        var valueType: ValueType
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

        /// Whether JSON `null` reads as `nil` (for an optional member, as if it were absent).
        var readsNull: Bool {
            if case .required = presence { false } else { true }
        }

        /// Whether reading must tell an absent member from a `null` one: the variable it is read
        /// into is doubly optional.
        var readsPresence: Bool {
            switch presence {
            case .requiredNullable, .nullableDefaulted: true
            case .required, .optional, .defaulted: false
            }
        }

        /// The type of the variable the member is read into: optional until it is found.
        var readType: String { baseType + "?" + (readsPresence ? "?" : "") }
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

    func members(of object: ObjectType, in scope: inout NestingScope) -> [Member] {
        object.properties.map { property in
            let schema = property.schema
            let valueType = valueType(schema, hint: property.name.value, in: &scope)
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
                valueType: valueType,
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
        deprecation: Deprecation?,
        discriminators: [String] = []
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

        declarations.append(.function(jsonInitializer(members: members)))
        declarations += jsonWriters(members: members, discriminators: discriminators).map { .function($0) }

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

    func initializerDefault(_ member: Member) -> String? {
        switch member.presence {
        case .optional: return "nil"
        case .defaulted(let value), .nullableDefaulted(let value): return value
        case .required, .requiredNullable:
            let constant = member.schema.constant ?? context.resolved(member.schema).constant
            return constant.flatMap { literal($0.value, for: member.schema) }
        }
    }

    func decodeExpression(_ member: Member) -> String {
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
}
