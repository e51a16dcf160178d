import EventSchema

extension TypeTranslator {
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
                                        + "\(Self.notOneOf("__value", allowed: allowed)))"
                                )
                            ]
                        ),
                        .line("self = __known"),
                    ]
                )
            )
        )
        members.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(
                        text: "Reads one of the values from JSON, or throws naming the values allowed."),
                    access: .generated,
                    name: "init",
                    parameters: [.init(label: "json", name: "__reader", type: "inout \(Self.reader)")],
                    throwsClause: Self.jsonError,
                    body: deprecation == nil
                        ? jsonCaseMatch(values: values, allowed: allowed) : jsonRawValueMatch(allowed: allowed)
                )
            )
        )
        members.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(text: "Writes the value as a JSON string."),
                    access: .generated,
                    name: "writeJSON",
                    parameters: [.init(label: "to", name: "__writer", type: "inout \(Self.writer)")],
                    throwsClause: Self.jsonError,
                    body: [.line("__writer.write(self.rawValue)")]
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

    /// An enumeration's JSON read: the value's bytes matched against each case's, as member
    /// names are (no `String` is made).
    private func jsonCaseMatch(values: [Located<String>], allowed: String) -> [SwiftStatement] {
        let invalid = "throw __reader.invalid(\(Self.notOneOf("__value.string", allowed: allowed)))"
        return [
            .line("let __value = try __reader.readEnumerationValue()"),
            .block(
                "switch __value",
                values.map { value in
                    .caseClause(
                        "case \(SwiftLiteral.string(value.value)):",
                        [.line("self = .\(SwiftNaming.escapedMemberName(value.value))")]
                    )
                } + [.caseClause("default:", [.line(invalid)])]
            ),
        ]
    }

    /// The same for a deprecated enumeration, whose cases cannot be named without a warning:
    /// the synthesized `init(rawValue:)` matches the string.
    private func jsonRawValueMatch(allowed: String) -> [SwiftStatement] {
        [
            .line("let __value = try __reader.readString()"),
            .block(
                "guard let __known = Self(rawValue: __value) else",
                [.line("throw __reader.invalid(\(Self.notOneOf("__value", allowed: allowed)))")]
            ),
            .line("self = __known"),
        ]
    }

    /// The message of a value an enumeration does not allow: Swift that makes it from
    /// `expression`, the value as read.
    static func notOneOf(_ expression: String, allowed: String) -> String {
        "\"'\\(\(expression))' is not one of \" + \(SwiftLiteral.string(allowed))"
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
                                                    + "debugDescription: \(Self.notOneOf("__tag", allowed: allowed)))"
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
        members.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(
                        text: "Reads the alternative that '\(union.propertyName.value)' names from JSON."),
                    access: .generated,
                    name: "init",
                    parameters: [.init(label: "json", name: "__reader", type: "inout \(Self.reader)")],
                    throwsClause: Self.jsonError,
                    body: [
                        .line(
                            "let __tag = try __reader.peekDiscriminator(\(SwiftLiteral.string(union.propertyName.value)))"
                        ),
                        .block(
                            "switch __tag",
                            cases.map {
                                .caseClause(
                                    "case \($0.tag):", [.line("self = .\($0.name)(try \($0.type)(json: &__reader))")])
                            }
                                + [
                                    .caseClause(
                                        "default:",
                                        [
                                            .line(
                                                "throw __reader.invalid(\(Self.notOneOf("__tag", allowed: allowed)))"
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
                        text:
                            "Writes the alternative as one JSON object, its '\(union.propertyName.value)' among its members."
                    ),
                    access: .generated,
                    name: "writeJSON",
                    parameters: [.init(label: "to", name: "__writer", type: "inout \(Self.writer)")],
                    throwsClause: Self.jsonError,
                    body: [
                        .block(
                            "switch self",
                            cases.map {
                                .caseClause(
                                    "case .\($0.name)(let __value):",
                                    [
                                        .line(
                                            "try __value.writeJSON(to: &__writer, discriminator: .init(name: \(SwiftLiteral.string(union.propertyName.value)), value: \($0.tag)))"
                                        )
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
