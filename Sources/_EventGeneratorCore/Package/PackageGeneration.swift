public import EventSchema

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `swift package generate-events` does, for the command plugin (which only passes the
/// package's targets): find the schemas, generate every file in memory, and only then write
/// (or compare, or list) them. Zero configuration: every `*.events.yaml` inside a target's
/// folder generates that target's Swift (both sides) into `Generated/` beside the schema's
/// target sources, and the JavaScript into `public/events/` at the package's root.
public struct PackageGeneration: Sendable {
    /// A Swift target of the package, as the plugin sees it.
    public struct Target: Sendable, Hashable {
        /// The target's name.
        public var name: String
        /// Its folder, relative to the package's root (`Sources/App`).
        public var directory: String

        /// Creates a target.
        public init(name: String, directory: String) {
            self.name = name
            self.directory = directory
        }
    }

    /// One folder's files, generated.
    public struct Output: Sendable, Hashable {
        /// The folder, relative to the package's root.
        public var directory: String
        /// The files.
        public var files: [GeneratedFile]
    }

    /// Where the JavaScript goes without a configuration, relative to the package's root.
    public static let defaultJavaScriptDirectory = "public/events"

    /// The package's root folder (absolute).
    public var packageDirectory: String
    /// Its Swift targets.
    public var targets: [Target]

    /// Creates a generation for a package.
    public init(packageDirectory: String, targets: [Target]) {
        self.packageDirectory = packageDirectory
        self.targets = targets
    }

    /// Finds the schemas of the targets named in `only` (all when empty) and generates their
    /// files; `nil` when there is an error (reported to `diagnostics`): then nothing may be written.
    public func outputs(only: [String], diagnostics: inout DiagnosticCollector) -> [Output]? {
        let known = Set(targets.map(\.name))
        for name in only where !known.contains(name) {
            diagnostics.error(
                "the package has no Swift target named '\(name)'; its targets: "
                    + targets.map(\.name).sorted().joined(separator: ", "),
                at: .init(path: "Package.swift", line: 1, column: 1)
            )
        }
        guard !diagnostics.hasErrors else { return nil }
        let chosen = targets.filter { only.isEmpty || only.contains($0.name) }
        var byDirectory: [String: [GeneratedFile]] = [:]
        var origins: [String: String] = [:]
        var found = 0
        for target in chosen.sorted(by: { $0.name < $1.name }) {
            for schema in schemas(in: target) {
                found += 1
                guard let bytes = read(schema, diagnostics: &diagnostics),
                    let files = EventGenerator.generate(
                        bytes, path: schema, sides: Set(SwiftSide.allCases), javaScript: true, diagnostics: &diagnostics
                    )
                else { continue }
                for file in files {
                    let directory =
                        file.name.hasSuffix(".swift")
                        ? target.directory + "/Generated" : Self.defaultJavaScriptDirectory
                    let key = directory + "/" + file.name
                    if let other = origins[key] {
                        diagnostics.error(
                            "generates \(key), as \(other) does; give the schemas different names",
                            at: .init(path: schema, line: 1, column: 1)
                        )
                    }
                    origins[key] = schema
                    byDirectory[directory, default: []].append(file)
                }
            }
        }
        if found == 0 {
            let names = chosen.map(\.name).sorted().joined(separator: ", ")
            diagnostics.error(
                "no *.events.yaml schema in \(chosen.count == 1 ? "target" : "targets") \(names); "
                    + "put one in a target's folder, e.g. \(chosen.first.map { $0.directory } ?? "Sources/App")"
                    + "/chat.events.yaml (`swift run generate-events schema` prints the format's JSON Schema)",
                at: .init(path: "Package.swift", line: 1, column: 1)
            )
        }
        guard !diagnostics.hasErrors else { return nil }
        return byDirectory.keys.sorted().map { Output(directory: $0, files: byDirectory[$0]!) }
    }

    /// The schemas in a target's folder and below, relative to the package's root, sorted;
    /// `Generated/` folders are skipped.
    func schemas(in target: Target) -> [String] {
        var found: [String] = []
        func walk(_ relative: String) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: absolute(relative)) else { return }
            for name in names.sorted() where name != "Generated" && !name.hasPrefix(".") {
                let path = relative + "/" + name
                var isDirectory = false
                guard FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isDirectory) else {
                    continue
                }
                if isDirectory {
                    walk(path)
                } else if name.hasSuffix(".events.yaml") {
                    found.append(path)
                }
            }
        }
        walk(target.directory)
        return found.sorted()
    }

    /// The folder of `path` (relative to the package's root) on disk.
    public func absolute(_ path: String) -> String {
        packageDirectory.hasSuffix("/") ? packageDirectory + path : packageDirectory + "/" + path
    }

    private func read(_ schema: String, diagnostics: inout DiagnosticCollector) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: absolute(schema)) else {
            diagnostics.error("cannot read the schema", at: .init(path: schema, line: 1, column: 1))
            return nil
        }
        return [UInt8](data)
    }
}
