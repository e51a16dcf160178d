import EventSchema

/// The one escaping path for text that goes into generated JavaScript and TypeScript: string
/// literals, property keys, JSON values and documentation comments. Schema text is free
/// (quotes, backslashes, `*/`, line breaks, U+2028); generated code must parse and mean
/// exactly that text.
enum JavaScriptLiteral {
    /// A double-quoted string literal whose value is `value`: its JSON text (`JSONValue.quoted`).
    static func string(_ value: String) -> String {
        JSONValue.quoted(value)
    }

    /// A property key as written in an object literal or a type: bare when it is an ASCII
    /// identifier, quoted otherwise (`"user-name"`, `"2fa"`).
    static func propertyKey(_ name: String) -> String {
        isIdentifier(name) ? name : string(name)
    }

    /// The path step of a property in a payload error: `.name`, or `["user-name"]`.
    static func pathStep(_ name: String) -> String {
        isIdentifier(name) ? "." + name : "[" + string(name) + "]"
    }

    /// Whether `name` is an ASCII identifier (reserved words are fine as property keys).
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "$"
        }
    }

    /// A JSON value as a JavaScript expression: its JSON text (JSON is a subset of ECMAScript 2019).
    static func json(_ value: JSONValue) -> String {
        value.rendered()
    }

    /// The lines of a `/** … */` comment's body (` * text`), at `indentation`: control
    /// characters dropped, `*/` broken so that no text can end the comment early.
    static func documentationLines(_ text: String, indentation: String = "") -> [String] {
        DocumentationText.lines(text).map { line in
            let safe = line.replacing("*/", with: "*\\/")
            return indentation + (safe.isEmpty ? " *" : " * " + safe)
        }
    }

    /// A whole `/** … */` comment for `text` and a deprecation, or nothing when both are absent.
    static func documentation(_ text: String?, deprecation: Deprecation?, indentation: String = "") -> [String] {
        var body = documentationLines(text ?? "", indentation: indentation)
        if let deprecation {
            body += documentationLines("@deprecated " + (deprecation.message ?? ""), indentation: indentation)
        }
        guard !body.isEmpty else { return [] }
        return [indentation + "/**"] + body + [indentation + " */"]
    }
}
