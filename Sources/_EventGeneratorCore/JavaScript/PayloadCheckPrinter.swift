import EventSchema

/// Prints the JavaScript functions that check a parsed JSON payload against its schema: the
/// same constraints the Swift decoders check (types, required members, nullability, enums,
/// constants, bounds, lengths, counts, formats, tagged unions), filling in defaults. Each
/// function returns the checked value or throws a `PayloadError` naming the path (`$.author.name`).
struct PayloadCheckPrinter {
    let context: TranslationContext
    /// The functions printed so far, in order.
    private(set) var functions: [String] = []
    private var anonymousCount: [String: Int] = [:]

    init(context: TranslationContext) {
        self.context = context
    }

    /// The function that checks a named type (or an event's inline payload): `checkUser_`.
    static func functionName(typeName: String) -> String {
        "check" + typeName + "_"
    }

    /// Prints the function of a named type.
    mutating func declare(typeName: String, schema: TypeSchema) {
        let name = Self.functionName(typeName: typeName)
        switch schema.kind {
        case .object(let object) where !schema.isNullable && schema.constant == nil:
            declareObject(name, object, owner: typeName)
        case .oneOf(let union) where !schema.isNullable && schema.constant == nil:
            declareOneOf(name, union)
        default:
            var printer = CodePrinter(indentation: "  ")
            let body = expression(schema, value: "value", path: "path", owner: typeName)
            printer.block("function \(name)(value, path)") { $0.line("return \(body);") }
            functions.append(printer.text)
        }
    }

    /// An expression that checks `value` (an expression without side effects) at `path` and
    /// gives the checked value.
    mutating func expression(_ type: TypeSchema, value: String, path: String, owner: String) -> String {
        var checked = kindExpression(type, value: value, path: path, owner: owner)
        if let constant = type.constant {
            checked = "checkConstant_(\(checked), \(path), \(JavaScriptLiteral.json(constant.value)))"
        }
        return type.isNullable ? "(\(value) === null ? null : \(checked))" : checked
    }

    private mutating func kindExpression(_ type: TypeSchema, value: String, path: String, owner: String) -> String {
        switch type.kind {
        case .string(let string):
            var checked: String
            if let values = string.enumeration {
                let list = values.map { JavaScriptLiteral.string($0.value) }.joined(separator: ", ")
                checked = "checkEnum_(\(value), \(path), [\(list)])"
            } else {
                let format = string.format.map { JavaScriptLiteral.string($0.rawValue) } ?? "undefined"
                checked = "checkString_(\(value), \(path), \(format))"
            }
            if string.minLength != nil || string.maxLength != nil {
                checked = "checkLength_(\(checked), \(path), \(bound(string.minLength)), \(bound(string.maxLength)))"
            }
            return checked
        case .integer(let integer):
            let minimum: String
            let maximum: String
            if integer.format == .int32 {
                minimum = String(max(integer.minimum?.value ?? Int64(Int32.min), Int64(Int32.min)))
                maximum = String(min(integer.maximum?.value ?? Int64(Int32.max), Int64(Int32.max)))
            } else {
                // Bounded as the Swift side's Int64 is: 1e308 is an integer to JavaScript.
                minimum = String(integer.minimum?.value ?? Int64.min)
                maximum = String(integer.maximum?.value ?? Int64.max)
            }
            return "checkInteger_(\(value), \(path), \(minimum), \(maximum))"
        case .number(let number):
            let minimum = number.minimum.map { JavaScriptLiteral.json(.number($0.value)) } ?? "undefined"
            let maximum = number.maximum.map { JavaScriptLiteral.json(.number($0.value)) } ?? "undefined"
            return "checkNumber_(\(value), \(path), \(minimum), \(maximum))"
        case .boolean:
            return "checkBoolean_(\(value), \(path))"
        case .array(let array):
            let item = expression(array.items, value: "item", path: "path", owner: owner)
            return "checkArray_(\(value), \(path), \(bound(array.minItems)), \(bound(array.maxItems)), "
                + "(item, path) => \(item))"
        case .map(let values):
            let item = expression(values, value: "item", path: "path", owner: owner)
            return "checkMap_(\(value), \(path), (item, path) => \(item))"
        case .reference(let name):
            return "\(Self.functionName(typeName: JavaScriptNaming.typeName(name.value)))(\(value), \(path))"
        case .object(let object):
            let name = anonymousName(owner)
            declareObject(name, object, owner: owner)
            return "\(name)(\(value), \(path))"
        case .oneOf(let union):
            let name = anonymousName(owner)
            declareOneOf(name, union)
            return "\(name)(\(value), \(path))"
        }
    }

    private func bound(_ value: Located<Int>?) -> String {
        value.map { String($0.value) } ?? "undefined"
    }

    /// `checkMessage$1_`: `$` never appears in a type's name, so these cannot collide with them.
    private mutating func anonymousName(_ owner: String) -> String {
        let count = anonymousCount[owner, default: 0] + 1
        anonymousCount[owner] = count
        return "check\(owner)$\(count)_"
    }

    private mutating func declareObject(_ name: String, _ object: ObjectType, owner: String) {
        var lines: [String] = ["checkObject_(value, path);"]
        for property in object.properties {
            let key = JavaScriptLiteral.string(property.name.value)
            let member = "value[\(key)]"
            let path = "path + \(JavaScriptLiteral.string(JavaScriptLiteral.pathStep(property.name.value)))"
            let checked = expression(property.schema, value: member, path: path, owner: owner)
            let fallback = context.defaultValue(of: property.schema).map {
                "setDefault_(value, \(key), \(JavaScriptLiteral.json($0.value)));"
            }
            if property.isRequired {
                lines.append("checkRequired_(value, \(key), path);")
                lines.append("\(member) = \(checked);")
                continue
            }
            // As Swift reads it: `null` for an optional property is absence (Swift's `T?` cannot
            // tell them apart), except where a nullable property's default makes them differ.
            if !property.schema.isNullable || fallback == nil {
                lines.append("if (has_(value, \(key)) && \(member) === null) delete \(member);")
            }
            lines.append("if (has_(value, \(key))) \(member) = \(checked);")
            if let fallback { lines.append("else \(fallback)") }
        }
        var printer = CodePrinter(indentation: "  ")
        printer.block("function \(name)(value, path)") { printer in
            for line in lines { printer.line(line) }
            printer.line("return value;")
        }
        functions.append(printer.text)
    }

    private mutating func declareOneOf(_ name: String, _ union: OneOfType) {
        let key = JavaScriptLiteral.string(union.propertyName.value)
        let tags = union.members.map { JavaScriptLiteral.string($0.tag.value) }.joined(separator: ", ")
        let path = JavaScriptLiteral.string(JavaScriptLiteral.pathStep(union.propertyName.value))
        var printer = CodePrinter(indentation: "  ")
        printer.block("function \(name)(value, path)") { printer in
            printer.line("checkObject_(value, path);")
            printer.block("switch (value[\(key)])") { printer in
                for member in union.members {
                    let check = Self.functionName(typeName: JavaScriptNaming.typeName(member.typeName.value))
                    printer.line("case \(JavaScriptLiteral.string(member.tag.value)):")
                    printer.indented { $0.line("return \(check)(value, path);") }
                }
                printer.line("default:")
                printer.indented { $0.line("return checkEnum_(value[\(key)], path + \(path), [\(tags)]);") }
            }
        }
        functions.append(printer.text)
    }
}
