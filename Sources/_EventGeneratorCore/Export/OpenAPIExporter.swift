import EventSchema

/// An OpenAPI 3.2 document: each stream a `GET` operation whose `200` response is a
/// `text/event-stream` with an `itemSchema` (one event), payload types under
/// `components/schemas`.
struct OpenAPIExporter {
    let schema: Schema
    let options: ExportOptions

    private var payloads: PayloadSchemaTranslator {
        PayloadSchemaTranslator(schema: schema, dialect: .openAPI, referencePrefix: "#/components/schemas/")
    }

    func document() -> JSONValue {
        .object { document in
            document.set("openapi", "3.2.0")
            document.set("info", ExportText.info(schema, options))
            document.set("paths", .object(schema.streams.map { .init($0.path.value, pathItem($0)) }))
            document.set("components", .object { $0.set("schemas", .object(payloads.components())) })
        }
    }

    private func pathItem(_ stream: EventStream) -> JSONValue {
        .object { item in
            item.set(
                "get",
                .object { operation in
                    operation.set("operationId", stream.name.value)
                    operation.set("summary", ExportText.summary(of: stream))
                    operation.set("description", ExportText.description(of: stream))
                    operation.set("deprecated", flag: stream.deprecation != nil)
                    var parameters = stream.pathParameters.map { parameter in
                        JSONValue.object {
                            $0.set("name", parameter.value)
                            $0.set("in", "path")
                            $0.set("required", .boolean(true))
                            $0.set("schema", .object { $0.set("type", "string") })
                        }
                    }
                    if stream.ids != .none {
                        parameters.append(
                            .object {
                                $0.set("name", "Last-Event-ID")
                                $0.set("in", "header")
                                $0.set("description", ExportText.lastEventIDHeader)
                                $0.set("required", .boolean(false))
                                $0.set("schema", .object { $0.set("type", "string") })
                            })
                    }
                    operation.set("parameters", parameters.isEmpty ? nil : .array(parameters))
                    operation.set(
                        "responses",
                        .object {
                            $0.set(
                                "200",
                                .object { response in
                                    response.set("description", "The event stream.")
                                    response.set(
                                        "content",
                                        .object {
                                            $0.set(
                                                "text/event-stream",
                                                .object { $0.set("itemSchema", itemSchema(stream)) })
                                        })
                                })
                        })
                })
        }
    }

    private func itemSchema(_ stream: EventStream) -> JSONValue {
        EventItemSchema(payloads: payloads).schema(events: ExportText.events(of: stream, in: schema), ids: stream.ids)
    }
}
