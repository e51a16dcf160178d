import EventSchema

/// A JSON Schema 2020-12 document: the root is one dispatched event of any of the schema's
/// streams (as OpenAPI's `itemSchema`), and `$defs` holds every payload type, so a tool
/// validates an event's data with `#/$defs/<Type>`.
struct JSONSchemaExporter {
    let schema: Schema

    func document() -> JSONValue {
        let payloads = PayloadSchemaTranslator(schema: schema, dialect: .jsonSchema, referencePrefix: "#/$defs/")
        // The streams' `ids:` rule when they agree on one.
        let policies = Set(schema.streams.map(\.ids))
        let ids = policies.count == 1 ? policies.first : nil
        let item = EventItemSchema(payloads: payloads).schema(events: schema.events, ids: ids)
        guard case .object(let itemMembers) = item else { return item }
        return .object(
            [
                .init("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
                .init("title", .string(schema.name.value)),
            ]
                + (schema.description.map { [JSONValue.Member("description", .string($0))] } ?? [])
                + itemMembers
                + [.init("$defs", .object(payloads.components()))]
        )
    }
}
