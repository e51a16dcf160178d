import ArgumentParser
import EventSchema
import _EventGeneratorCore

/// `generate-events export`: a schema as OpenAPI, AsyncAPI, JSON Schema or Markdown.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export an event schema as OpenAPI 3.2, AsyncAPI 3.0, JSON Schema or a Markdown catalog.",
        discussion: """
            Writes the document to standard output, or to --output. The same schema gives the same bytes. \
            A schema with an error prints its diagnostics and writes nothing.
            """
    )

    @Argument(help: "The schema file (*.events.yaml).")
    var schema: String

    @Option(
        help: "openapi, asyncapi, json-schema or markdown.",
        transform: { text in
            guard let format = ExportFormat(rawValue: text) else {
                throw ValidationError(
                    "unknown format '\(text)': expected "
                        + ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return format
        }
    )
    var format: ExportFormat

    @Option(help: "The file to write (atomically) instead of standard output.")
    var output: String?

    @Option(help: "The API's version: info.version of OpenAPI and AsyncAPI documents.")
    var apiVersion = "0.0.0"

    func run() throws {
        var diagnostics = DiagnosticCollector()
        let path = RelativePath.fromWorkingDirectory(schema)
        let loaded = SchemaFile.load(path: schema, diagnostics: &diagnostics)
        StandardError.report(diagnostics.diagnostics)
        guard let loaded, !diagnostics.hasErrors else { throw ExitCode.failure }
        let text = EventExporter.export(
            loaded, as: format, options: ExportOptions(apiVersion: apiVersion, sourcePath: path))
        guard let output else {
            print(text, terminator: "")
            return
        }
        let slash = output.lastIndex(of: "/")
        let directory = OutputDirectory(path: slash.map { String(output[..<$0]) } ?? ".")
        let name = slash.map { String(output[output.index(after: $0)...]) } ?? output
        do {
            _ = try directory.write([GeneratedFile(name: name, contents: text)])
        } catch {
            throw CommandFailure("cannot write \(output): \(error)").reported()
        }
    }
}
