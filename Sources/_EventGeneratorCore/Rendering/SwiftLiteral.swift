/// The one escaping path for text that goes into generated Swift: string literals and
/// documentation comments. Schema text is free (quotes, backslashes, `\(`, `"""`, `*/`, line
/// breaks, control characters); generated code must compile and mean exactly that text.
enum SwiftLiteral {
    /// A one-line string literal whose value is `value`.
    static func string(_ value: String) -> String {
        var literal = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": literal += "\\\\"
            case "\"": literal += "\\\""
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\t": literal += "\\t"
            case "\0": literal += "\\0"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}":
                literal += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }

    /// `///` lines for documentation text: one per line of the text, control characters
    /// dropped, trailing spaces trimmed. `///` comments end at the line's end, so no text can
    /// close them early.
    static func documentationLines(_ text: String) -> [String] {
        DocumentationText.lines(text).map { $0.isEmpty ? "///" : "/// " + $0 }
    }

    /// A `Double` literal that reads back as `value`.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) + ".0" }
        return "\(value)"
    }
}
