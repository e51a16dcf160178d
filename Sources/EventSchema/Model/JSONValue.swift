/// A JSON value, as written in a schema's `const` and `default` (and as the JSON Schema of the
/// format is built). Objects keep their members' order, so rendering is deterministic.
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case boolean(Bool)
    /// A number without a fraction, within `Int64`.
    case integer(Int64)
    /// Any other finite number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in the order written.
    case object([Member])

    /// One member of an object.
    public struct Member: Hashable, Sendable {
        /// The member's name.
        public var name: String
        /// The member's value.
        public var value: JSONValue

        /// Creates a member.
        public init(_ name: String, _ value: JSONValue) {
            self.name = name
            self.value = value
        }
    }

    /// What kind of value this is, as a message would say it: "a string", "an integer"…
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .boolean: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue {
    /// The value as JSON text: one line, or indented by two spaces a level when `pretty`.
    public func rendered(pretty: Bool = false) -> String {
        var output = ""
        render(into: &output, pretty: pretty, indent: 0)
        return output
    }

    private func render(into output: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: output += "null"
        case .boolean(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .number(let value): output += Self.render(number: value)
        case .string(let value): Self.render(string: value, into: &output)
        case .array(let elements):
            renderContainer(elements, open: "[", close: "]", into: &output, pretty: pretty, indent: indent) {
                $2.render(into: &$0, pretty: pretty, indent: $1)
            }
        case .object(let members):
            renderContainer(members, open: "{", close: "}", into: &output, pretty: pretty, indent: indent) {
                Self.render(string: $2.name, into: &$0)
                $0 += pretty ? ": " : ":"
                $2.value.render(into: &$0, pretty: pretty, indent: $1)
            }
        }
    }

    private func renderContainer<Element>(
        _ elements: [Element],
        open: String,
        close: String,
        into output: inout String,
        pretty: Bool,
        indent: Int,
        element: (inout String, Int, Element) -> Void
    ) {
        output += open
        guard !elements.isEmpty else {
            output += close
            return
        }
        let inner = String(repeating: " ", count: indent + 2)
        for (index, value) in elements.enumerated() {
            if index > 0 { output += "," }
            if pretty { output += "\n" + inner }
            element(&output, indent + 2, value)
        }
        if pretty { output += "\n" + String(repeating: " ", count: indent) }
        output += close
    }

    /// Shortest form that reads back as the same `Double`; integral values keep a `.0`-free form.
    private static func render(number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }

    /// `string` as a JSON string literal (RFC 8259): quotes, backslashes and control characters
    /// escaped, and DEL, U+2028 and U+2029 as well, so that the text is also a JavaScript string
    /// literal in every engine. The one JSON string escaper of the project: JSON values and the
    /// string literals of the generated JavaScript both come from here.
    public static func quoted(_ string: String) -> String {
        var output = ""
        render(string: string, into: &output)
        return output
    }

    static func render(string: String, into output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
