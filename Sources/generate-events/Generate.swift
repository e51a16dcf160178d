import ArgumentParser
import EventSchema
import _EventGeneratorCore

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `generate-events generate`: schemas → Swift and JavaScript files.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate typed Swift (server emitters, client decoders) and JavaScript from event schemas.",
        discussion: """
            Writes <Name>.Events.swift (payload types and one event enum per stream), <Name>.Server.swift \
            (emitters), <Name>.Client.swift (decoders), and <name>.events.mjs with <name>.events.d.ts (the \
            JavaScript module and its types) for each schema; with --swift or --js, only those. Nothing is \
            written when any schema has an error. Files whose contents did not change are left alone.
            """
    )

    @Argument(help: "Schema files (*.events.yaml).")
    var schemas: [String]

    @Option(help: "The folder to write to.")
    var output: String

    @Option(
        help: "The Swift sides to generate, comma-separated: server, client. Both when neither this nor --js is given.",
        transform: { text in
            try Set(
                text.split(separator: ",").map { part in
                    guard let side = SwiftSide(rawValue: String(part.filter { $0 != " " })) else {
                        throw ValidationError("unknown side '\(part)': expected server, client, or both")
                    }
                    return side
                }
            )
        }
    )
    var swift: Set<SwiftSide>?

    @Flag(help: "Generate the JavaScript module and its .d.ts (also when neither this nor --swift is given).")
    var js = false

    @Flag(help: "Write nothing; exit 1 and name each file that is missing or differs from what would be generated.")
    var check = false

    @Option(
        help: ArgumentHelp(
            "Name the Swift files <base>.Events.swift, … instead of after the schema's name (for the build-tool plugin, which must name its outputs before it reads the schema).",
            visibility: .hidden))
    var swiftFileBase: String?

    func run() throws {
        var diagnostics = DiagnosticCollector()
        var files: [GeneratedFile] = []
        var sources: [String: String] = [:]
        for given in schemas {
            let path = RelativePath.fromWorkingDirectory(given)
            guard let bytes = SchemaFile.readContents(path: given, diagnostics: &diagnostics),
                let generated = EventGenerator.generate(
                    bytes,
                    path: path,
                    sides: swift ?? (js ? [] : Set(SwiftSide.allCases)),
                    javaScript: js || swift == nil,
                    diagnostics: &diagnostics
                )
            else { continue }
            let renamed = generated.map { file -> GeneratedFile in
                guard let base = swiftFileBase, file.name.hasSuffix(".swift"), let dot = file.name.firstIndex(of: ".")
                else { return file }
                return GeneratedFile(name: base + file.name[dot...], contents: file.contents)
            }
            for file in renamed {
                if let other = sources[file.name] {
                    diagnostics.error(
                        "generates \(file.name), as \(other) does; give the schemas different names",
                        at: .init(path: path, line: 1, column: 1)
                    )
                }
                sources[file.name] = path
            }
            files += renamed
        }
        StandardError.report(diagnostics.diagnostics)
        guard !diagnostics.hasErrors else { throw ExitCode.failure }

        let directory = OutputDirectory(path: output)
        if check {
            let stale = directory.staleFiles(files)
            for file in stale {
                StandardError.emit("error: \(directory.path(of: file)) is out of date; run generate-events generate\n")
            }
            if !stale.isEmpty { throw ExitCode.failure }
            return
        }
        do {
            let written = try directory.write(files)
            print("generate-events: \(written.count) written, \(files.count - written.count) unchanged in \(output)")
        } catch {
            throw CommandFailure("cannot write to \(output): \(error)").reported()
        }
    }
}

/// Paths as banners and diagnostics show them.
enum RelativePath {
    /// `path` relative to the working directory when it lies inside it; otherwise as given.
    static func fromWorkingDirectory(_ path: String) -> String {
        var trimmed = path
        while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
        guard trimmed.hasPrefix("/"), let cwd = currentDirectory() else { return trimmed }
        let base = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return trimmed.hasPrefix(base) ? String(trimmed.dropFirst(base.count)) : trimmed
    }

    private static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
