public import EventSchema

/// Which side of the Swift code to generate.
public enum SwiftSide: String, CaseIterable, Hashable, Sendable {
    /// Emitters: typed `send` methods that frame events for a server.
    case server
    /// Decoders: typed events from a byte stream, for clients.
    case client
}

/// One file of generated code, by name (no folder) and contents.
public struct GeneratedFile: Hashable, Sendable {
    /// The file's name, e.g. `Chat.Events.swift`.
    public var name: String
    /// The file's text.
    public var contents: String

    /// Creates a file.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// parse → translate → render: a schema's bytes in, generated files out.
public enum EventGenerator {
    /// Loads and validates a schema, then generates its files.
    ///
    /// - Parameters:
    ///   - bytes: The schema file's contents.
    ///   - path: The schema's path, relative to the working directory where it can be: it is
    ///     printed in diagnostics and in each file's banner.
    ///   - sides: The Swift sides to generate; the shared types file comes with either.
    ///   - javaScript: Whether to generate the JavaScript module and its `.d.ts`.
    ///   - diagnostics: Where problems are reported.
    /// - Returns: The files, or `nil` when the schema has an error: nothing may be written then.
    public static func generate(
        _ bytes: [UInt8],
        path: String,
        sides: Set<SwiftSide>,
        javaScript: Bool = false,
        diagnostics: inout DiagnosticCollector
    ) -> [GeneratedFile]? {
        guard let schema = Schema.load(bytes, path: path, diagnostics: &diagnostics) else { return nil }
        return generate(schema, sourcePath: path, sides: sides, javaScript: javaScript)
    }

    /// Generates the files of a validated schema.
    public static func generate(
        _ schema: Schema,
        sourcePath: String,
        sides: Set<SwiftSide>,
        javaScript: Bool = false
    ) -> [GeneratedFile] {
        // Translate to models, then render each in one place.
        var files = FileTranslator(schema: schema, sourcePath: sourcePath).files(sides: sides).map {
            GeneratedFile(name: $0.name, contents: SwiftRenderer.render($0))
        }
        if javaScript {
            let view = JavaScriptTranslator(schema: schema, sourcePath: sourcePath).module()
            let base = JavaScriptNaming.fileBaseName(schema: schema.name.value)
            files.append(GeneratedFile(name: base + ".events.mjs", contents: JavaScriptRenderer.module(view)))
            // TypeScript looks for `.d.mts` beside an `.mjs` import; `.d.ts` serves tools and
            // bundles that refer to the module by another name. The same declarations.
            let declarations = JavaScriptRenderer.declarations(view)
            files.append(GeneratedFile(name: base + ".events.d.mts", contents: declarations))
            files.append(GeneratedFile(name: base + ".events.d.ts", contents: declarations))
        }
        return files
    }
}
