import EventSchema

extension TypeTranslator {
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

    /// The cheap constraints of `type` on `value` (`const`, bounds, array and map contents);
    /// objects, enums and unions check themselves when they are coded.
    func checks(
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
