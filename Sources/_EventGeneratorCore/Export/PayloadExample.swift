import EventSchema

/// A value of a payload type, for documents to show: deterministic, within every bound, and
/// with members in the order generated coders write them (by UTF-8 bytes).
///
/// `nil` when no value can be made without guessing: a `pattern` without a `const`, `default`
/// or `enum` to take, or a required property of such a type.
struct PayloadExample {
    let schema: Schema

    /// Nesting past this takes the shortest value: no optional members, empty arrays and maps,
    /// `null` where allowed. Recursive types end there.
    static let maximumDepth = 2

    func value(of type: TypeSchema, depth: Int = 0) -> JSONValue? {
        if let constant = type.constant { return constant.value }
        if let defaultValue = type.defaultValue { return defaultValue.value }
        let deep = depth > Self.maximumDepth
        if deep, type.isNullable { return .null }
        switch type.kind {
        case .string(let string):
            if let first = string.enumeration?.first { return .string(first.value) }
            if string.pattern != nil { return nil }
            if let format = string.format { return .string(Self.sample(format)) }
            let length = Self.clamped(7, string.minLength?.value, string.maxLength?.value)
            return .string(length == 7 ? "example" : String(repeating: "x", count: length))
        case .integer(let integer):
            return .integer(Self.clamped(1, integer.minimum?.value, integer.maximum?.value))
        case .number(let number):
            return .number(Self.clamped(1.5, number.minimum?.value, number.maximum?.value))
        case .boolean:
            return .boolean(true)
        case .array(let array):
            let count = Self.clamped(deep ? 0 : 1, array.minItems?.value, array.maxItems?.value)
            guard count > 0 else { return .array([]) }
            guard let item = value(of: array.items, depth: depth + 1) else { return nil }
            return .array(Array(repeating: item, count: count))
        case .map(let values):
            if deep { return .object([]) }
            return value(of: values, depth: depth + 1).map { .object([.init("key", $0)]) }
        case .object(let object):
            var members: [JSONValue.Member] = []
            for property in object.properties {
                if deep, !property.isRequired { continue }
                if let example = value(of: property.schema, depth: depth + 1) {
                    members.append(.init(property.name.value, example))
                } else if property.isRequired {
                    guard property.schema.isNullable else { return nil }
                    members.append(.init(property.name.value, .null))
                }
            }
            return .object(Self.sorted(members))
        case .reference(let name):
            return schema.type(named: name.value).flatMap { value(of: $0.schema, depth: depth + 1) }
        case .oneOf(let union):
            for member in union.members {
                guard let named = schema.type(named: member.typeName.value),
                    case .object(var members)? = value(of: named.schema, depth: depth + 1)
                else { continue }
                members.removeAll { $0.name == union.propertyName.value }
                members.append(.init(union.propertyName.value, .string(member.tag.value)))
                return .object(Self.sorted(members))
            }
            return nil
        }
    }

    private static func sorted(_ members: [JSONValue.Member]) -> [JSONValue.Member] {
        members.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    private static func clamped<Value: Comparable>(_ value: Value, _ minimum: Value?, _ maximum: Value?) -> Value {
        var result = value
        if let minimum, result < minimum { result = minimum }
        if let maximum, result > maximum { result = maximum }
        return result
    }

    private static func sample(_ format: StringType.Format) -> String {
        switch format {
        case .dateTime: "2026-11-25T08:00:00.000Z"
        case .date: "2026-11-25"
        case .uuid: "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b"
        case .uri: "https://example.com/"
        case .email: "someone@example.com"
        case .byte: "AAEC"
        }
    }
}
