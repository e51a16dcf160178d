public import EventSchema

/// What a schema can be exported as, for tools and teams that do not run the generators.
public enum ExportFormat: String, CaseIterable, Hashable, Sendable {
    /// OpenAPI 3.2: each stream a `GET` with a `text/event-stream` `itemSchema`.
    case openAPI = "openapi"
    /// AsyncAPI 3.0: a channel, a `send` operation and messages per stream, with HTTP bindings.
    case asyncAPI = "asyncapi"
    /// JSON Schema 2020-12: one dispatched event at the root, every payload under `$defs`.
    case jsonSchema = "json-schema"
    /// A Markdown catalog of streams, events, payload tables and examples.
    case markdown
}

/// What the schema does not say and a document needs.
public struct ExportOptions: Hashable, Sendable {
    /// The API's version, `info.version` of OpenAPI and AsyncAPI. `0.0.0` by default.
    public var apiVersion: String
    /// The schema's path as given, which the Markdown catalog names as its source.
    public var sourcePath: String

    /// Creates options.
    public init(apiVersion: String = "0.0.0", sourcePath: String) {
        self.apiVersion = apiVersion
        self.sourcePath = sourcePath
    }
}

/// parse → translate → render, for exports: a validated schema in, one document's text out.
/// The same schema and options give the same bytes.
public enum EventExporter {
    /// The schema as a document in `format`, ending with a line feed.
    public static func export(_ schema: Schema, as format: ExportFormat, options: ExportOptions) -> String {
        switch format {
        case .openAPI: OpenAPIExporter(schema: schema, options: options).document().rendered(pretty: true) + "\n"
        case .asyncAPI: AsyncAPIExporter(schema: schema, options: options).document().rendered(pretty: true) + "\n"
        case .jsonSchema: JSONSchemaExporter(schema: schema).document().rendered(pretty: true) + "\n"
        case .markdown: MarkdownCatalog(schema: schema, options: options).render()
        }
    }
}
