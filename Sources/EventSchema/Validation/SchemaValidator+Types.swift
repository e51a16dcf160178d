extension SchemaValidator {
    // MARK: - Types

    func resolve(_ name: String) -> NamedType? { typeIndex[name] }

    func resolved(_ type: TypeSchema) -> TypeSchema { typeIndex.resolved(type) }

    mutating func checkType(_ type: TypeSchema) {
        switch type.kind {
        case .reference(let name):
            if resolve(name.value) == nil {
                let known = schema.types.map(\.name.value)
                diagnostics.error(
                    "unknown type '\(name.value)'"
                        + (known.isEmpty
                            ? "; the schema has no 'types:'"
                            : Suggestion.closest(to: name.value, among: known).map { "; did you mean '\($0)'?" }
                                ?? "; the types are \(known.quotedList)"),
                    at: name.location
                )
            }
        case .string(let string):
            checkBounds(string.minLength, string.maxLength, "minLength", "maxLength")
            if let pattern = string.pattern {
                do {
                    _ = try Regex(pattern.value)
                } catch {
                    diagnostics.error("'pattern' is not a valid regular expression: \(error)", at: pattern.location)
                }
            }
            if let values = string.enumeration {
                var cases = NameScope("Swift case")
                for value in values {
                    claim(
                        SwiftNaming.memberName(value.value), in: &cases, owner: "'\(value.value)'", at: value.location)
                }
            }
        case .integer(let integer):
            checkBounds(integer.minimum, integer.maximum, "minimum", "maximum")
            if integer.format == .int32 {
                for bound in [integer.minimum, integer.maximum].compactMap(\.self)
                where Int64(Int32.min) > bound.value || bound.value > Int64(Int32.max) {
                    diagnostics.error("\(bound.value) is outside the range of an int32", at: bound.location)
                }
            }
        case .number(let number):
            checkBounds(number.minimum, number.maximum, "minimum", "maximum")
        case .boolean:
            break
        case .array(let array):
            checkBounds(array.minItems, array.maxItems, "minItems", "maxItems")
            checkType(array.items)
        case .map(let values):
            checkType(values)
        case .object(let object):
            var members = NameScope("Swift property")
            for property in object.properties {
                claim(
                    SwiftNaming.memberName(property.name.value),
                    in: &members,
                    owner: "property '\(property.name.value)'",
                    at: property.name.location
                )
                checkType(property.schema)
                if property.isRequired, let defaultValue = property.schema.defaultValue {
                    diagnostics.warning(
                        "property '\(property.name.value)' is required, so its default is never used",
                        at: defaultValue.location
                    )
                }
            }
        case .oneOf(let union):
            checkOneOf(union)
        }
        for value in [type.constant.map { ("const", $0) }, type.defaultValue.map { ("default", $0) }].compactMap(\.self)
        where !supportsLiteralValues(type) {
            diagnostics.error(
                "'\(value.0)' is supported on strings (without a format, or email), integers, numbers and booleans; "
                    + "this type is \(describeKind(resolved(type)))",
                at: value.1.location
            )
        }
        if let constant = type.constant, supportsLiteralValues(type) {
            check(constant, against: type, keyword: "const")
        }
        if let defaultValue = type.defaultValue, supportsLiteralValues(type) {
            check(defaultValue, against: type, keyword: "default")
            if let constant = type.constant, constant.value != defaultValue.value {
                diagnostics.error("'default' differs from 'const'", at: defaultValue.location)
            }
        }
    }

    /// Whether generated code can write `const` and `default` values of this type as literals.
    func supportsLiteralValues(_ type: TypeSchema) -> Bool {
        switch resolved(type).kind {
        case .string(let string): string.format == nil || string.format == .email
        case .integer, .number, .boolean: true
        case .reference: true  // unknown, already reported
        case .array, .map, .object, .oneOf: false
        }
    }

    func describeKind(_ type: TypeSchema) -> String {
        switch type.kind {
        case .string(let string): string.format.map { "a string of format \($0.rawValue)" } ?? "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "a boolean"
        case .array: "an array"
        case .map: "a map"
        case .object: "an object"
        case .oneOf: "a oneOf"
        case .reference: "a reference"
        }
    }

    mutating func checkBounds<Value: Comparable>(
        _ lower: Located<Value>?,
        _ upper: Located<Value>?,
        _ lowerKey: String,
        _ upperKey: String
    ) {
        guard let lower, let upper, lower.value > upper.value else { return }
        diagnostics.error(
            "'\(upperKey)' (\(upper.value)) is less than '\(lowerKey)' (\(lower.value)); no value can satisfy both",
            at: upper.location
        )
    }

    mutating func checkOneOf(_ union: OneOfType) {
        var tags: [String: OneOfType.Member] = [:]
        for member in union.members {
            if let other = tags[member.tag.value] {
                diagnostics.error(
                    "'\(member.typeName.value)' and '\(other.typeName.value)' have the same discriminator value "
                        + "'\(member.tag.value)'",
                    at: member.tag.location
                )
            }
            tags[member.tag.value] = member
            guard let target = resolve(member.typeName.value) else {
                checkType(TypeSchema(.reference(member.typeName), at: member.typeName.location))
                continue
            }
            guard case .object(let object) = resolved(target.schema).kind else {
                diagnostics.error(
                    "the alternatives of a 'oneOf' are object types; '\(member.typeName.value)' is not an object",
                    at: member.typeName.location
                )
                continue
            }
            guard let property = object.properties.first(where: { $0.name.value == union.propertyName.value }) else {
                continue  // the discriminator is added on the wire
            }
            let isString: Bool
            if case .string = resolved(property.schema).kind { isString = true } else { isString = false }
            if !isString || !property.isRequired || property.schema.isNullable {
                diagnostics.error(
                    "'\(member.typeName.value)' declares the discriminator '\(union.propertyName.value)'; "
                        + "it must be a required, non-null string (or left out: it is written on the wire anyway)",
                    at: property.name.location
                )
            }
            checkPinnedTag(property, of: member, in: union)
        }
    }

    /// An alternative that pins its discriminator (`const`, `enum`) to a value other than the
    /// union's tag for it could never decode, on either side.
    mutating func checkPinnedTag(
        _ property: ObjectType.Property, of member: OneOfType.Member, in union: OneOfType
    ) {
        let resolvedProperty = resolved(property.schema)
        let tag = member.tag.value
        func advice(_ value: String) -> String {
            "no payload could decode; name the tag with 'discriminator: { mapping: { \(value): \(member.typeName.value) } }', "
                + "or change the property"
        }
        if let constant = property.schema.constant ?? resolvedProperty.constant,
            case .string(let pinned) = constant.value,
            pinned != tag
        {
            diagnostics.error(
                "'\(member.typeName.value)' pins '\(union.propertyName.value)' to '\(pinned)', but this 'oneOf' tags it "
                    + "'\(tag)': " + advice(pinned),
                at: constant.location
            )
        } else if case .string(let string) = resolvedProperty.kind, let values = string.enumeration,
            !values.contains(where: { $0.value == tag })
        {
            diagnostics.error(
                "'\(member.typeName.value)' allows '\(union.propertyName.value)' only "
                    + values.map { "'\($0.value)'" }.joined(separator: ", ") + ", but this 'oneOf' tags it '\(tag)': "
                    + advice(values.first?.value ?? tag),
                at: property.name.location
            )
        }
    }

    /// Whether a `const` or `default` value is a value of its type.
    mutating func check(_ value: Located<JSONValue>, against type: TypeSchema, keyword: String) {
        if let problem = problem(with: value.value, against: type, depth: 0) {
            diagnostics.error("'\(keyword)' is not a value of this type: \(problem)", at: value.location)
        }
    }

    func problem(with value: JSONValue, against type: TypeSchema, depth: Int) -> String? {
        if value == .null {
            return type.isNullable ? nil : "null, but the type is not nullable"
        }
        guard depth < 64 else { return nil }
        func mismatch(_ expected: String) -> String { "expected \(expected), found \(value.kindDescription)" }
        switch type.kind {
        case .reference(let name):
            guard let target = resolve(name.value) else { return nil }
            return problem(with: value, against: target.schema, depth: depth + 1)
        case .string(let string):
            guard case .string(let text) = value else { return mismatch("a string") }
            if let values = string.enumeration, !values.contains(where: { $0.value == text }) {
                return "'\(text)' is not one of \(values.map(\.value).quotedList)"
            }
            let length = text.unicodeScalars.count
            if let minimum = string.minLength, length < minimum.value { return "shorter than \(minimum.value)" }
            if let maximum = string.maxLength, length > maximum.value { return "longer than \(maximum.value)" }
            return nil
        case .integer(let integer):
            guard case .integer(let number) = value else { return mismatch("an integer") }
            if let minimum = integer.minimum, number < minimum.value { return "\(number) is below \(minimum.value)" }
            if let maximum = integer.maximum, number > maximum.value { return "\(number) is above \(maximum.value)" }
            if integer.format == .int32, Int32(exactly: number) == nil { return "\(number) is outside int32" }
            return nil
        case .number(let bounds):
            let number: Double
            switch value {
            case .integer(let integer): number = Double(integer)
            case .number(let double): number = double
            default: return mismatch("a number")
            }
            if let minimum = bounds.minimum, number < minimum.value { return "\(number) is below \(minimum.value)" }
            if let maximum = bounds.maximum, number > maximum.value { return "\(number) is above \(maximum.value)" }
            return nil
        case .boolean:
            guard case .boolean = value else { return mismatch("a boolean") }
            return nil
        case .array, .map, .object, .oneOf:
            return nil  // no `const` or `default` here: refused before (`supportsLiteralValues`)
        }
    }
}
