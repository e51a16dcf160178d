import ArgumentParser
import EventSchema

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `generate-events validate`: diagnostics only.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check event schemas and print their diagnostics.",
        discussion: """
            Prints every error and warning as path:line:column: error: message on standard error. \
            Exits 1 when any schema has an error, 0 otherwise (warnings alone do not fail).
            """
    )

    @Argument(help: "Schema files (*.events.yaml).")
    var schemas: [String]

    func run() throws {
        var failed = false
        for path in schemas {
            var diagnostics = DiagnosticCollector()
            _ = SchemaFile.load(path: path, diagnostics: &diagnostics)
            StandardError.report(diagnostics.diagnostics)
            failed = failed || diagnostics.hasErrors
        }
        if failed { throw ExitCode.failure }
    }
}

/// Reading schema files from disk.
enum SchemaFile {
    /// Reads a schema file (no more than the largest schema accepted, plus one byte) and loads it.
    static func load(path: String, diagnostics: inout DiagnosticCollector) -> Schema? {
        guard let bytes = readContents(path: path, diagnostics: &diagnostics) else { return nil }
        return Schema.load(bytes, path: path, diagnostics: &diagnostics)
    }

    /// A schema file's bytes (no more than the largest schema accepted, plus one byte), or a
    /// diagnostic saying why it cannot be read.
    static func readContents(path: String, diagnostics: inout DiagnosticCollector) -> [UInt8]? {
        switch readBytes(path: path, limit: YAMLLoader.maximumFileSize + 1) {
        case .success(let bytes):
            return bytes
        case .failure(let error):
            diagnostics.error("cannot read the file: \(error.description)", at: .init(path: path, line: 1, column: 1))
            return nil
        }
    }

    private static func readBytes(path: String, limit: Int) -> Result<[UInt8], CommandFailure> {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(CommandFailure(String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes {
                read(descriptor, $0.baseAddress, min($0.count, limit - bytes.count))
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(CommandFailure(String(cString: strerror(errno))))
            }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return .success(bytes)
    }
}

/// Standard error, where diagnostics go.
enum StandardError {
    static func report(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        emit(diagnostics.map { $0.description + "\n" }.joined())
    }

    static func emit(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// `generate-events schema`: the JSON Schema of the YAML format.
struct PrintJSONSchema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the event schema format (for editors), as in Schemas/event-schema.json."
    )

    func run() throws {
        print(FormatJSONSchema.text, terminator: "")
    }
}
