/// Prints a ``SwiftFile``: declarations separated by blank lines, members indented.
enum SwiftRenderer {
    static func render(_ file: SwiftFile) -> String {
        renderHeader(of: file) + renderDeclarations(file.declarations)
    }

    /// The banner and the imports.
    private static func renderHeader(of file: SwiftFile) -> String {
        var printer = CodePrinter()
        for line in file.banner { printer.line(line.isEmpty ? "//" : "// " + line) }
        printer.line("")
        for use in file.imports {
            printer.line((use.spi.map { "@_spi(\($0)) " } ?? "") + "\(use.access) import \(use.module)")
        }
        return printer.text
    }

    /// Top-level declarations, each after a blank line.
    private static func renderDeclarations(_ declarations: [SwiftDeclaration]) -> String {
        var printer = CodePrinter()
        for declaration in declarations {
            printer.line("")
            render(declaration, into: &printer)
        }
        return printer.text
    }

    static func render(_ declaration: SwiftDeclaration, into printer: inout CodePrinter) {
        switch declaration {
        case .structure(let type):
            renderType(type, keyword: "struct", into: &printer)
        case .enumeration(let type):
            renderType(type, keyword: (type.isIndirect ? "indirect " : "") + "enum", into: &printer)
        case .enumCase(let enumCase):
            renderDocumentation(enumCase.documentation, into: &printer)
            var line = "case \(enumCase.name)"
            if let associated = enumCase.associatedType { line += "(\(associated))" }
            if let raw = enumCase.rawValue { line += " = \(raw)" }
            printer.line(line)
        case .property(let property):
            renderDocumentation(property.documentation, into: &printer)
            var line = property.access == .public ? "public " : "private "
            if property.isStatic { line += "static " }
            line += (property.isMutable || property.getter != nil ? "var " : "let ") + property.name
            if let type = property.type { line += ": \(type)" }
            if let initial = property.initialValue { line += " = \(initial)" }
            if let getter = property.getter {
                printer.block(line) { printer in
                    guard let setter = property.setter else {
                        renderStatements(getter, into: &printer)
                        return
                    }
                    printer.block("get") { renderStatements(getter, into: &$0) }
                    printer.block("set") { renderStatements(setter, into: &$0) }
                }
            } else {
                printer.line(line)
            }
        case .function(let function):
            renderDocumentation(function.documentation, into: &printer)
            if function.discardsResult { printer.line("@discardableResult") }
            var line =
                switch function.access {
                case .public: "public "
                case .generated: "@_spi(Generated) public "
                case .private: "private "
                }
            if function.isStatic { line += "static " }
            line += function.name == "init" ? "init" : "func \(function.name)"
            if let generics = function.genericParameters { line += "<\(generics)>" }
            let parameters = function.parameters.map { parameter -> String in
                var text =
                    parameter.label.map { $0 == parameter.name ? $0 : "\($0) \(parameter.name)" } ?? parameter.name
                text += ": \(parameter.type)"
                if let value = parameter.defaultValue { text += " = \(value)" }
                return text
            }
            line += "(" + parameters.joined(separator: ", ") + ")"
            if function.isAsync { line += " async" }
            if let throwsClause = function.throwsClause { line += " \(throwsClause)" }
            if let returnType = function.returnType { line += " -> \(returnType)" }
            printer.block(line) { renderStatements(function.body, into: &$0) }
        case .typeAlias(let alias):
            renderDocumentation(alias.documentation, into: &printer)
            printer.line((alias.isPrivate ? "private" : "public") + " typealias \(alias.name) = \(alias.type)")
        }
    }

    private static func renderType(_ type: SwiftTypeDeclaration, keyword: String, into printer: inout CodePrinter) {
        renderDocumentation(type.documentation, into: &printer)
        let inheritance = type.inheritance.isEmpty ? "" : ": " + type.inheritance.joined(separator: ", ")
        if type.members.isEmpty {
            printer.line("public \(keyword) \(type.name)\(inheritance) {}")
            return
        }
        printer.block("public \(keyword) \(type.name)\(inheritance)") { renderMembers(type.members, into: &$0) }
    }

    /// Members, a blank line between them except between consecutive one-line cases or
    /// stored properties without documentation.
    private static func renderMembers(_ members: [SwiftDeclaration], into printer: inout CodePrinter) {
        for (index, member) in members.enumerated() {
            if index > 0, !(isPlainLine(member) && isPlainLine(members[index - 1])) { printer.line("") }
            render(member, into: &printer)
        }
    }

    private static func isPlainLine(_ declaration: SwiftDeclaration) -> Bool {
        switch declaration {
        case .enumCase(let enumCase): enumCase.documentation == .none
        case .property(let property): property.documentation == .none && property.getter == nil
        default: false
        }
    }

    private static func renderDocumentation(_ documentation: SwiftDocumentation, into printer: inout CodePrinter) {
        if let text = documentation.text {
            for line in SwiftLiteral.documentationLines(text) { printer.line(line) }
        }
        if let message = documentation.deprecation {
            printer.line(
                message.isEmpty
                    ? "@available(*, deprecated)"
                    : "@available(*, deprecated, message: \(SwiftLiteral.string(message)))"
            )
        }
    }

    static func renderStatements(_ statements: [SwiftStatement], into printer: inout CodePrinter) {
        for statement in statements {
            switch statement {
            case .line(let line):
                printer.line(line)
            case .block(let opener, let body):
                printer.block(opener) { renderStatements(body, into: &$0) }
            case .trailingClosure(let opener, let parameters, let body, let closer):
                printer.line("\(opener) { \(parameters) in")
                printer.indented { renderStatements(body, into: &$0) }
                printer.line(closer)
            case .caseClause(let label, let body):
                printer.line(label)
                printer.indented { renderStatements(body, into: &$0) }
            case .ifElse(let condition, let then, let otherwise):
                printer.line("if \(condition) {")
                printer.indented { renderStatements(then, into: &$0) }
                printer.line("} else {")
                printer.indented { renderStatements(otherwise, into: &$0) }
                printer.line("}")
            }
        }
    }
}
