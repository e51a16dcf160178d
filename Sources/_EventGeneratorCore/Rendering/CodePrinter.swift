/// Writes lines with scoped indentation (four spaces a level for Swift, two for JavaScript).
struct CodePrinter {
    private(set) var text = ""
    private var level = 0
    private let unit: String

    init(indentation unit: String = "    ") {
        self.unit = unit
    }

    mutating func line(_ line: String) {
        if line.isEmpty {
            text += "\n"
        } else {
            text += String(repeating: unit, count: level) + line + "\n"
        }
    }

    /// `opener {`, the body one level in, `}`.
    mutating func block(_ opener: String, closer: String = "}", _ body: (inout CodePrinter) -> Void) {
        line(opener + " {")
        indented(body)
        line(closer)
    }

    mutating func indented(_ body: (inout CodePrinter) -> Void) {
        level += 1
        body(&self)
        level -= 1
    }
}
