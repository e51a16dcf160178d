import EventSchema
import Foundation

/// A deterministic generator, so that a failing case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random JSON values that a schema type accepts: every required property, optional ones at
/// random, nulls where nullable, values inside enums, consts and bounds, every format.
struct RandomPayload {
    let schema: Schema
    var generator: SeededGenerator

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &generator) < percent }

    mutating func value(for type: TypeSchema, depth: Int = 0) -> JSONValue {
        if type.isNullable, chance(depth > 3 ? 80 : 20) { return .null }
        if let constant = type.constant { return constant.value }
        switch type.kind {
        case .reference(let name):
            let target = schema.type(named: name.value)!.schema
            return value(for: target, depth: depth + 1)
        case .string(let string):
            if let values = string.enumeration { return .string(values.randomElement(using: &generator)!.value) }
            switch string.format {
            case .dateTime:
                let seconds = Int64.random(in: 0...4_102_444_800, using: &generator)
                var text = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)
                if chance(50) {
                    text.removeLast()  // Z
                    text += String(format: ".%03dZ", Int.random(in: 0...999, using: &generator))
                }
                return .string(text)
            case .date:
                return .string(
                    String(
                        format: "%04d-%02d-%02d",
                        Int.random(in: 1...9999, using: &generator),
                        Int.random(in: 1...12, using: &generator),
                        Int.random(in: 1...28, using: &generator)
                    )
                )
            case .uuid:
                return .string(UUID().uuidString)
            case .uri:
                return .string("https://example.com/\(Int.random(in: 0...9999, using: &generator))?q=a%20b")
            case .byte:
                return .string(
                    Data(
                        (0..<Int.random(in: 0...20, using: &generator)).map { _ in
                            UInt8.random(in: 0...255, using: &generator)
                        }
                    ).base64EncodedString())
            case .email, nil:
                let minimum = string.minLength?.value ?? 0
                let maximum = min(string.maxLength?.value ?? minimum + 12, minimum + 12)
                return .string(text(length: Int.random(in: minimum...maximum, using: &generator)))
            }
        case .integer(let integer):
            let lower = integer.minimum?.value ?? (integer.format == .int32 ? Int64(Int32.min) : -1 << 53)
            let upper = integer.maximum?.value ?? (integer.format == .int32 ? Int64(Int32.max) : 1 << 53)
            return .integer(Int64.random(in: lower...upper, using: &generator))
        case .number(let number):
            let lower = number.minimum?.value ?? -1e6
            let upper = number.maximum?.value ?? 1e6
            let value = Double.random(in: lower...upper, using: &generator)
            return .number(number.format == .float ? Double(Float(value)) : value)
        case .boolean:
            return .boolean(chance(50))
        case .array(let array):
            let minimum = array.minItems?.value ?? 0
            let maximum = depth > 3 ? minimum : min(array.maxItems?.value ?? minimum + 3, minimum + 3)
            return .array(
                (0..<Int.random(in: minimum...maximum, using: &generator)).map { _ in
                    value(for: array.items, depth: depth + 1)
                })
        case .map(let values):
            let count = depth > 3 ? 0 : Int.random(in: 0...3, using: &generator)
            return .object(
                (0..<count).map { .init("key \($0) \(text(length: 3))", value(for: values, depth: depth + 1)) })
        case .object(let object):
            var members: [JSONValue.Member] = []
            for property in object.properties where property.isRequired || (depth < 4 && chance(60)) {
                members.append(.init(property.name.value, value(for: property.schema, depth: depth + 1)))
            }
            return .object(members)
        case .oneOf(let union):
            // Deep down, the alternative with the fewest required references, so that a value ends.
            let member =
                depth > 4
                ? union.members.min {
                    requiredReferences(of: $0.typeName.value) < requiredReferences(of: $1.typeName.value)
                }!
                : union.members.randomElement(using: &generator)!
            guard
                case .object(var members) = value(
                    for: schema.type(named: member.typeName.value)!.schema, depth: depth + 1)
            else { fatalError("oneOf members are objects") }
            members.removeAll { $0.name == union.propertyName.value }
            members.append(.init(union.propertyName.value, .string(member.tag.value)))
            return .object(members)
        }
    }

    /// How many required properties of the named object type refer to a named type.
    func requiredReferences(of name: String) -> Int {
        guard case .object(let object) = schema.type(named: name)?.schema.kind else { return 0 }
        return object.properties.filter { property in
            guard property.isRequired, case .reference = property.schema.kind else { return false }
            return true
        }.count
    }

    /// Text with the characters that break naive framing or JSON: quotes, backslashes, line
    /// feeds, `data:` lookalikes, emoji, U+2028.
    mutating func text(length: Int) -> String {
        let pieces = ["a", "é", "\"", "\\", "\n", "data: x", "😀", "\u{2028}", " ", "{", "\t", "\u{1}", "id:"]
        return String((0..<length).map { _ in pieces.randomElement(using: &generator)!.first! })
    }
}
