import EventSchema

/// Prints the TypeScript types of payloads, as the checks in the module leave them: defaults
/// filled in (so a property with a default is always there), `null` only where the schema
/// says `nullable`, dates and UUIDs as the strings they are on the wire.
struct TypeScriptTypePrinter {
    let context: TranslationContext

    /// `export interface User { … }` or `export type Role = "admin" | …;`, with its documentation.
    func declaration(name: String, schema: TypeSchema) -> String {
        var lines = JavaScriptLiteral.documentation(schema.description, deprecation: schema.deprecation)
        if case .object(let object) = schema.kind, !schema.isNullable, schema.constant == nil {
            lines.append("export interface \(name) {")
            lines += propertyLines(object, indentation: "  ")
            lines.append("}")
        } else {
            lines.append("export type \(name) = \(expression(schema, indentation: ""));")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The type of a value of `schema`, for a declaration at `indentation`.
    func expression(_ schema: TypeSchema, indentation: String) -> String {
        var type: String
        if let constant = schema.constant {
            type = literalType(constant.value) ?? kindExpression(schema, indentation: indentation)
        } else {
            type = kindExpression(schema, indentation: indentation)
        }
        if schema.isNullable { type += " | null" }
        return type
    }

    private func kindExpression(_ schema: TypeSchema, indentation: String) -> String {
        switch schema.kind {
        case .string(let string):
            guard let values = string.enumeration else { return "string" }
            return values.map { JavaScriptLiteral.string($0.value) }.joined(separator: " | ")
        case .integer, .number:
            return "number"
        case .boolean:
            return "boolean"
        case .array(let array):
            return "Array<\(expression(array.items, indentation: indentation))>"
        case .map(let values):
            return "{ [key: string]: \(expression(values, indentation: indentation)) }"
        case .reference(let name):
            return JavaScriptNaming.typeName(name.value)
        case .object(let object):
            guard !object.properties.isEmpty else { return "{}" }
            return (["{"] + propertyLines(object, indentation: indentation + "  ") + [indentation + "}"])
                .joined(separator: "\n")
        case .oneOf(let union):
            return union.members.map {
                "(\(JavaScriptNaming.typeName($0.typeName.value)) & { "
                    + "\(JavaScriptLiteral.propertyKey(union.propertyName.value)): \(JavaScriptLiteral.string($0.tag.value)) })"
            }.joined(separator: " | ")
        }
    }

    /// Scalars as literal types; other constants keep their kind's type.
    private func literalType(_ value: JSONValue) -> String? {
        switch value {
        case .null: "null"
        case .boolean, .integer, .number, .string: JavaScriptLiteral.json(value)
        case .array, .object: nil
        }
    }

    private func propertyLines(_ object: ObjectType, indentation: String) -> [String] {
        object.properties.flatMap { property -> [String] in
            let schema = property.schema
            let alwaysThere = property.isRequired || context.defaultValue(of: schema) != nil
            let key = JavaScriptLiteral.propertyKey(property.name.value) + (alwaysThere ? "" : "?")
            // An optional property without a default reads `null` as absent: never null.
            var type = schema
            if !alwaysThere { type.isNullable = false }
            return JavaScriptLiteral.documentation(
                schema.description, deprecation: schema.deprecation, indentation: indentation)
                + ["\(indentation)\(key): \(expression(type, indentation: indentation));"]
        }
    }
}
