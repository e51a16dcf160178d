import ArgumentParser
import EventSchema
import Foundation
import _EventGeneratorCore

/// `generate-events diff`: every change between two versions of a schema, classified.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Classify the changes between two versions of an event schema: wire breaks, source breaks, compatible.",
        discussion: """
            generate-events diff OLD NEW compares two files; generate-events diff NEW --against REF compares \
            the schema in the working tree with its version at a git revision. Prints each change as \
            path:line:column: error|warning: … against the new schema: wire breaks (a deployed client, or a \
            new client reading old events, would miss, refuse or misread an event) are errors; source breaks \
            (generated Swift or TypeScript changes shape) and compatible changes are warnings. Exits 1 when \
            there is an error, 0 otherwise.
            """
    )

    @Argument(help: "OLD NEW, or NEW with --against.")
    var schemas: [String]

    @Option(help: "A git revision: compare NEW with its version there (e.g. main, HEAD~1, v1.2.0).")
    var against: String?

    @Flag(help: "Make source breaks errors too.")
    var strict = false

    @Flag(help: "Print one JSON document instead of diagnostics.")
    var json = false

    func validate() throws {
        if against == nil, schemas.count != 2 {
            throw ValidationError("give two schemas, OLD and NEW, or one with --against <git revision>")
        }
        if against != nil, schemas.count != 1 {
            throw ValidationError("--against compares one schema with its version at a git revision: give one schema")
        }
    }

    func run() throws {
        let newPath = schemas.last!
        let failed: Bool
        if let against {
            failed = try Self.check(newPath, against: against, strict: strict, json: json)
        } else {
            var diagnostics = DiagnosticCollector()
            let old = SchemaFile.readContents(path: schemas[0], diagnostics: &diagnostics).map {
                (bytes: $0, path: RelativePath.fromWorkingDirectory(schemas[0]))
            }
            failed = try Self.compare(old: old, newPath: newPath, strict: strict, json: json, diagnostics: &diagnostics)
        }
        if failed { throw ExitCode.failure }
    }

    /// Compares the schema at `newPath` with its version at a git revision; whether an error was
    /// found. Also what `generate-events package --check-breaking` runs for each schema.
    static func check(_ newPath: String, against revision: String, strict: Bool, json: Bool) throws -> Bool {
        var diagnostics = DiagnosticCollector()
        switch try GitRevision.contents(of: newPath, at: revision) {
        case .found(let bytes, let name):
            return try compare(
                old: (bytes, name), newPath: newPath, strict: strict, json: json, diagnostics: &diagnostics)
        case .absent(let name):
            StandardError.emit("generate-events diff: \(name) does not exist: a new schema breaks nothing\n")
            if json { print(document(old: name, new: newPath, changes: [], strict: strict)) }
            return false
        }
    }

    /// Loads both versions, prints the changes (or the schemas' diagnostics), and says whether
    /// there was an error.
    private static func compare(
        old oldSource: (bytes: [UInt8], path: String)?, newPath: String, strict: Bool, json: Bool,
        diagnostics: inout DiagnosticCollector
    ) throws -> Bool {
        let old = oldSource.flatMap { Schema.load($0.bytes, path: $0.path, diagnostics: &diagnostics) }
        let new = SchemaFile.load(path: newPath, diagnostics: &diagnostics)
        StandardError.report(diagnostics.diagnostics)
        guard let old, let new, let oldSource, !diagnostics.hasErrors else { return true }

        let changes = SchemaComparison.changes(from: old, to: new)
        if json {
            print(document(old: oldSource.path, new: new.name.location.path, changes: changes, strict: strict))
        } else {
            for change in changes { print(change.diagnostic(strict: strict).description) }
            let count = { (category: SchemaChange.Category) in changes.filter { $0.category == category }.count }
            StandardError.emit(
                "generate-events diff: \(new.name.location.path): \(count(.wire)) wire breaks, \(count(.source)) source breaks, \(count(.compatible)) compatible changes\n"
            )
        }
        return changes.contains { $0.diagnostic(strict: strict).severity == .error }
    }

    /// `{ "old", "new", "changes": [{ category, severity, message, path, line, column, was? }], "summary" }`.
    static func document(old: String, new: String, changes: [SchemaChange], strict: Bool) -> String {
        func location(_ location: SourceLocation) -> [JSONValue.Member] {
            [
                .init("path", .string(location.path)), .init("line", .integer(Int64(location.line))),
                .init("column", .integer(Int64(location.column))),
            ]
        }
        let entries: [JSONValue] = changes.map { change in
            var members: [JSONValue.Member] = [
                .init("category", .string(change.category.rawValue)),
                .init("severity", .string(change.diagnostic(strict: strict).severity.rawValue)),
                .init("message", .string(change.message)),
            ]
            members += location(change.location)
            if let was = change.oldLocation { members.append(.init("was", .object(location(was)))) }
            return .object(members)
        }
        let summary = SchemaChange.Category.allCases.map { category in
            JSONValue.Member(category.rawValue, .integer(Int64(changes.filter { $0.category == category }.count)))
        }
        return JSONValue.object([
            .init("old", .string(old)), .init("new", .string(new)), .init("changes", .array(entries)),
            .init("summary", .object(summary)),
        ]).rendered(pretty: true)
    }
}

/// A file's contents at a git revision, read with `git show`.
enum GitRevision {
    enum Contents {
        /// The file at the revision, and how diagnostics name it (`main:Schemas/chat.events.yaml`).
        case found([UInt8], name: String)
        /// The revision exists; the file did not, there.
        case absent(name: String)
    }

    static func contents(of path: String, at revision: String) throws -> Contents {
        // `REV:./path` is relative to the working directory; run git where the file is, so that
        // the path is too.
        let file = URL(fileURLWithPath: path)
        let directory = file.deletingLastPathComponent().path
        let name = "\(revision):\(RelativePath.fromWorkingDirectory(path))"
        guard (try git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: directory)).status == 0 else {
            throw CommandFailure("'\(revision)' is not a git revision here").reported()
        }
        let shown = try git(["show", "\(revision):./\(file.lastPathComponent)"], in: directory)
        if shown.status == 0 { return .found(shown.output, name: name) }
        let exists = try git(["cat-file", "-e", "\(revision):./\(file.lastPathComponent)"], in: directory)
        if exists.status != 0 { return .absent(name: name) }
        throw CommandFailure("git show \(name) failed").reported()
    }

    private static func git(_ arguments: [String], in directory: String) throws -> (status: Int32, output: [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.isEmpty ? "." : directory)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CommandFailure("cannot run git: \(error)").reported()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, [UInt8](data))
    }
}
