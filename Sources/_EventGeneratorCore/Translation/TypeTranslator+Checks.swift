import EventSchema

extension TypeTranslator {
    // MARK: - Checks

    /// Whether generated code checks a value as it decodes it or before it encodes it.
    enum CheckDirection {
        case decoding
        case encoding
    }

    /// The checks of an object's members: on the decoded values (`_name`) while decoding, on
    /// the stored ones before encoding.
    func memberChecks(_ members: [Member], direction: CheckDirection) -> [SwiftStatement] {
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

    /// The cheap constraints of `type` on `value` (`const`, bounds, array and map contents),
    /// for the `Codable` conformances; objects, enums and unions check themselves when they are coded.
    func checks(
        for type: TypeSchema, value: String, isOptional: Bool, path: String, depth: Int,
        direction: CheckDirection = .decoding
    ) -> [SwiftStatement] {
        let resolved = context.resolved(type)
        let name = "__value\(depth)"
        let subject = isOptional ? name : value
        var statements: [SwiftStatement] = problems(of: type, subject: subject, throughReferences: true).map {
            switch direction {
            case .decoding: .line("try ServerSentEvents.PayloadCheck.decoding(\($0), at: \(path))")
            case .encoding: .line("try ServerSentEvents.PayloadCheck.encoding(\($0), \(subject), at: \(path))")
            }
        }
        switch resolved.kind {
        case .array(let array):
            let item = "__item\(depth)"
            let index = "__index\(depth)"
            let inner = checks(
                for: array.items,
                value: item,
                isOptional: isNullable(array.items),
                path: "\(path) + [\(Self.codingKey)(index: \(index))]",
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
                path: "\(path) + [\(Self.codingKey)(\(key))]",
                depth: depth + 1,
                direction: direction
            )
            if !inner.isEmpty {
                statements.append(.block("for (\(key), \(item)) in \(subject)", inner))
            }
        default:
            break
        }
        guard isOptional, !statements.isEmpty else { return statements }
        return [.block("if let \(name) = \(value)", statements)]
    }

    /// What is wrong with `subject`, by the constraints of `type` itself (not of its items):
    /// `PayloadCheck` calls, each `nil` when the value is fine. Without `throughReferences`, a
    /// `$ref` has none: the named type checks itself where generated JSON coding reads it.
    func problems(of type: TypeSchema, subject: String, throughReferences: Bool) -> [String] {
        if case .reference = type.kind, !throughReferences { return [] }
        let resolved = context.resolved(type)
        let check = "ServerSentEvents.PayloadCheck."
        var problems: [String] = []
        let constant = type.constant ?? resolved.constant
        switch resolved.kind {
        case .string(let string):
            if string.minLength != nil || string.maxLength != nil {
                problems.append(
                    "\(check)length(\(subject), minimum: \(optional(string.minLength?.value)), "
                        + "maximum: \(optional(string.maxLength?.value)))")
            }
            if let constant, case .string(let text) = constant.value {
                let compared = string.enumeration == nil ? subject : subject + ".rawValue"
                problems.append("\(check)constant(\(compared), \(SwiftLiteral.string(text)))")
            }
        case .integer(let integer):
            if integer.minimum != nil || integer.maximum != nil {
                problems.append(
                    "\(check)range(\(subject), minimum: \(optional(integer.minimum?.value)), "
                        + "maximum: \(optional(integer.maximum?.value)))")
            }
            if let constant, let text = literal(constant.value, for: resolved) {
                problems.append("\(check)constant(\(subject), \(text))")
            }
        case .number(let number):
            if number.minimum != nil || number.maximum != nil {
                problems.append(
                    "\(check)range(\(subject), minimum: \(optional(number.minimum.map { SwiftLiteral.number($0.value) })), "
                        + "maximum: \(optional(number.maximum.map { SwiftLiteral.number($0.value) })))")
            }
            if let constant, let text = literal(constant.value, for: resolved) {
                problems.append("\(check)constant(\(subject), \(text))")
            }
        case .boolean:
            if let constant, let text = literal(constant.value, for: resolved) {
                problems.append("\(check)constant(\(subject), \(text))")
            }
        case .array(let array):
            if array.minItems != nil || array.maxItems != nil {
                problems.append(
                    "\(check)count(\(subject).count, minimum: \(optional(array.minItems?.value)), "
                        + "maximum: \(optional(array.maxItems?.value)))")
            }
        case .map, .object, .oneOf, .reference:
            break
        }
        return problems
    }

    func optional(_ value: (some CustomStringConvertible)?) -> String {
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
}
