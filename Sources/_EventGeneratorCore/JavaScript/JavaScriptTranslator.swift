import EventSchema

/// A schema → the view models of its JavaScript module and declarations.
struct JavaScriptTranslator {
    let schema: Schema
    let sourcePath: String
    private let context: TranslationContext
    private let typePrinter: TypeScriptTypePrinter

    init(schema: Schema, sourcePath: String) {
        self.schema = schema
        self.sourcePath = sourcePath
        context = TranslationContext(schema: schema)
        typePrinter = TypeScriptTypePrinter(context: context)
    }

    func module() -> JavaScriptModuleView {
        var checks = PayloadCheckPrinter(context: context)
        for type in schema.types {
            checks.declare(typeName: JavaScriptNaming.typeName(type.name.value), schema: type.schema)
        }
        var types: [String] = schema.types.map {
            typePrinter.declaration(name: JavaScriptNaming.typeName($0.name.value), schema: $0.schema)
        }
        for event in schema.events {
            guard let payload = inlinePayload(event) else { continue }
            let name = JavaScriptNaming.typeName(event.name.value)
            checks.declare(typeName: name, schema: payload)
            var documented = payload
            documented.description = documented.description ?? "The payload of the '\(event.name.value)' event."
            types.append(typePrinter.declaration(name: name, schema: documented))
        }
        return JavaScriptModuleView(
            sourcePath: String(String.UnicodeScalarView(sourcePath.unicodeScalars.filter { $0.value >= 0x20 })),
            description: JavaScriptLiteral.documentation(schema.description, deprecation: nil).joined(separator: "\n"),
            checks: checks.functions.joined(separator: "\n"),
            types: types.joined(separator: "\n"),
            streams: schema.streams.map(stream)
        )
    }

    /// An event's JSON payload that is not a `$ref`: it gets a type and a check of its own,
    /// named after the event.
    private func inlinePayload(_ event: Event) -> TypeSchema? {
        guard case .json(let payload) = event.payload else { return nil }
        if case .reference = payload.kind, payload.constant == nil, !payload.isNullable { return nil }
        return payload
    }

    private func stream(_ stream: EventStream) -> JavaScriptStreamView {
        let connect = JavaScriptNaming.connectFunctionName(stream: stream.name.value)
        var documentation = JavaScriptLiteral.documentationLines(
            "The `\(stream.name.value)` stream: `GET \(stream.path.value)`.")
        if let description = stream.description {
            documentation += [" *"] + JavaScriptLiteral.documentationLines(description)
        }
        if let deprecation = stream.deprecation {
            documentation += JavaScriptLiteral.documentationLines("@deprecated " + (deprecation.message ?? ""))
        }
        return JavaScriptStreamView(
            connectFunction: connect,
            documentation: documentation.joined(separator: "\n"),
            wireNamesConstant: JavaScriptNaming.wireNamesConstantName(stream: stream.name.value),
            eventTableName: connect + "Events_",
            parametersType: JavaScriptNaming.streamParametersTypeName(stream: stream.name.value),
            handlersType: JavaScriptNaming.streamHandlersTypeName(stream: stream.name.value),
            pathExpression: pathExpression(stream),
            idleTimeout: String(Int((stream.heartbeatSeconds * 3 * 1000).rounded())),
            parameters: stream.pathParameters.map {
                JavaScriptParameterView(key: JavaScriptLiteral.propertyKey($0.value))
            },
            events: stream.events.compactMap { schema.event(named: $0.value) }.map(event)
        )
    }

    private func pathExpression(_ stream: EventStream) -> String {
        var pieces: [String] = []
        var rest = Substring(stream.path.value)
        for parameter in stream.pathParameters {
            guard let range = rest.firstRange(of: "{\(parameter.value)}") else { continue }
            if range.lowerBound > rest.startIndex {
                pieces.append(JavaScriptLiteral.string(String(rest[..<range.lowerBound])))
            }
            pieces.append("pathParameter_(parameters, \(JavaScriptLiteral.string(parameter.value)))")
            rest = rest[range.upperBound...]
        }
        if !rest.isEmpty || pieces.isEmpty { pieces.append(JavaScriptLiteral.string(String(rest))) }
        return pieces.joined(separator: " + ")
    }

    private func event(_ event: Event) -> JavaScriptEventView {
        let handler = JavaScriptNaming.handlerName(event: event.name.value)
        let decoder: String
        let payloadType: String
        switch event.payload {
        case .none:
            decoder = "() => undefined"
            payloadType = "undefined"
        case .text:
            decoder = "(data) => data"
            payloadType = "string"
        case .json(let payload):
            let typeName: String
            if inlinePayload(event) != nil {
                typeName = JavaScriptNaming.typeName(event.name.value)
            } else {
                typeName = typePrinter.expression(payload, indentation: "")
            }
            // A `$ref` payload is checked by its type's function; an inline one by the event's.
            decoder = "(data) => \(PayloadCheckPrinter.functionName(typeName: typeName))(json_(data), \"$\")"
            payloadType = typeName
        }
        return JavaScriptEventView(
            key: JavaScriptLiteral.propertyKey(event.name.value),
            wireName: JavaScriptLiteral.string(event.wireName.value),
            handler: handler,
            handlerLiteral: JavaScriptLiteral.string(handler),
            decoder: decoder,
            terminal: event.isTerminal ? "true" : "false",
            payloadType: payloadType,
            documentation: JavaScriptLiteral.documentation(
                event.description.map { $0 + (event.isTerminal ? "\n\nThe stream ends after it." : "") }
                    ?? (event.isTerminal ? "The stream ends after it." : nil),
                deprecation: event.deprecation,
                indentation: "  "
            ).joined(separator: "\n")
        )
    }
}
