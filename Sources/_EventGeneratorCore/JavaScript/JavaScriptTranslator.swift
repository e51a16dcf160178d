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
            guard let payload = event.inlinePayload else { continue }
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
        var pieces = stream.pathSegments.map { segment in
            switch segment {
            case .literal(let text): JavaScriptLiteral.string(text)
            case .parameter(let name): "pathParameter_(parameters, \(JavaScriptLiteral.string(name)))"
            }
        }
        if pieces.isEmpty { pieces = [JavaScriptLiteral.string("")] }
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
            if event.inlinePayload != nil {
                // An inline payload is checked by the function declared for the event.
                payloadType = JavaScriptNaming.typeName(event.name.value)
                decoder = "(data) => \(PayloadCheckPrinter.functionName(typeName: payloadType))(json_(data), \"$\")"
            } else {
                // A `$ref` by its type's function, inside a null check when it is nullable.
                payloadType = typePrinter.expression(payload, indentation: "")
                var checks = PayloadCheckPrinter(context: context)  // a reference declares no function
                decoder =
                    payload.isNullable
                    ? "(data) => ((value) => \(checks.expression(payload, value: "value", path: "\"$\"", owner: payloadType)))(json_(data))"
                    : "(data) => \(checks.expression(payload, value: "json_(data)", path: "\"$\"", owner: payloadType))"
            }
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
