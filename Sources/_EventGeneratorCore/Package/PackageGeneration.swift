public import EventSchema

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `swift package generate-events` does, for the command plugin (which only passes the
/// package's targets): find the schemas, generate every file in memory, and only then write
/// (or compare, or list) them. Zero configuration: every `*.events.yaml` inside a target's
/// folder generates that target's Swift (both sides) into `Generated/` in the target's
/// folder, and the JavaScript into `public/events/` at the package's root. A
/// `generate-events.yaml` at the root says otherwise (``PackageConfiguration``).
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

    /// One schema and where its files go.
    struct Job {
        var schema: String
        var swift: [(target: Target, sides: Set<SwiftSide>)]
        /// `nil`: no JavaScript.
        var javaScript: String?
    }

    /// Finds the schemas (from `generate-events.yaml` when the package has one, else in the
    /// folders of the targets named in `only`, all when empty) and generates their files;
    /// `nil` when there is an error (reported to `diagnostics`): then nothing may be written.
    public func outputs(only: [String], diagnostics: inout DiagnosticCollector) -> [Output]? {
        let known = Set(targets.map(\.name))
        for name in only where !known.contains(name) {
            // Most often the folder is there, with a schema but no Swift file yet.
            let stray = schemas(under: "Sources/\(name)", depth: 6)
            guard stray.isEmpty else {
                reportNotATarget(stray, diagnostics: &diagnostics)
                continue
            }
            diagnostics.error(
                "the package has no Swift target named '\(name)'; its targets: "
                    + targets.map(\.name).sorted().joined(separator: ", "),
                at: .init(path: "Package.swift", line: 1, column: 1)
            )
        }
        guard !diagnostics.hasErrors, let jobs = jobs(only: only, diagnostics: &diagnostics) else { return nil }
        var byDirectory: [String: [GeneratedFile]] = [:]
        var origins: [String: String] = [:]
        for job in jobs {
            let sides = job.swift.reduce(into: Set<SwiftSide>()) { $0.formUnion($1.sides) }
            guard let bytes = read(job.schema, diagnostics: &diagnostics),
                let files = EventGenerator.generate(
                    bytes, path: job.schema, sides: sides, javaScript: job.javaScript != nil, diagnostics: &diagnostics)
            else { continue }
            for file in files {
                var directories: [String] = []
                if file.name.hasSuffix(".swift") {
                    for (target, sides) in job.swift where Self.belongs(file.name, to: sides) {
                        directories.append(target.directory + "/Generated")
                    }
                } else if let folder = job.javaScript {
                    directories.append(folder)
                }
                for directory in directories {
                    let key = directory + "/" + file.name
                    if let other = origins[key] {
                        diagnostics.error(
                            "generates \(key), as \(other) does; give the schemas different names",
                            at: .init(path: job.schema, line: 1, column: 1)
                        )
                    }
                    origins[key] = job.schema
                    byDirectory[directory, default: []].append(file)
                }
            }
        }
        guard !diagnostics.hasErrors else { return nil }
        return byDirectory.keys.sorted().map { Output(directory: $0, files: byDirectory[$0]!) }
    }

    /// Whether a generated Swift file goes to a target that asked for `sides`: the types file
    /// always, the emitters with `server`, the decoders with `client`.
    /// The package's schemas, relative to its root, found as ``outputs(only:diagnostics:)``
    /// finds them; `nil` when there are none or the configuration has an error (reported).
    public func schemas(only: [String], diagnostics: inout DiagnosticCollector) -> [String]? {
        jobs(only: only, diagnostics: &diagnostics)?.map(\.schema)
    }

    private static func belongs(_ name: String, to sides: Set<SwiftSide>) -> Bool {
        if name.hasSuffix(".Server.swift") { return sides.contains(.server) }
        if name.hasSuffix(".Client.swift") { return sides.contains(.client) }
        return !sides.isEmpty
    }

    private func jobs(only: [String], diagnostics: inout DiagnosticCollector) -> [Job]? {
        let chosen = targets.filter { only.isEmpty || only.contains($0.name) }
        let configurationPath = absolute(PackageConfiguration.fileName)
        guard let data = FileManager.default.contents(atPath: configurationPath) else {
            let jobs = chosen.sorted { $0.name < $1.name }.flatMap { target in
                schemas(in: target).map {
                    Job(
                        schema: $0, swift: [(target, Set(SwiftSide.allCases))],
                        javaScript: Self.defaultJavaScriptDirectory)
                }
            }
            if jobs.isEmpty {
                reportNoSchema(in: chosen, diagnostics: &diagnostics)
                return nil
            }
            return jobs
        }
        guard let configuration = PackageConfiguration.read([UInt8](data), diagnostics: &diagnostics) else {
            return nil
        }
        let byName = Dictionary(targets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var jobs: [Job] = []
        for entry in configuration.entries {
            var swift: [(target: Target, sides: Set<SwiftSide>)] = []
            if let outputs = entry.swift {
                for output in outputs {
                    guard let target = byName[output.target] else {
                        diagnostics.error(
                            "the package has no Swift target named '\(output.target)'; its targets: "
                                + targets.map(\.name).sorted().joined(separator: ", "),
                            at: output.location
                        )
                        continue
                    }
                    swift.append((target, output.sides))
                }
            } else if let own = targets.first(where: { entry.schema.hasPrefix($0.directory + "/") }) {
                swift.append((own, Set(SwiftSide.allCases)))
            } else {
                diagnostics.error(
                    "'\(entry.schema)' is in no target's folder; say which targets get its Swift with 'swift:'",
                    at: entry.location
                )
            }
            if !only.isEmpty {
                swift = swift.filter { only.contains($0.target.name) }
                if swift.isEmpty { continue }
            }
            let javaScript = entry.javaScript.map { $0.isEmpty ? nil : $0 } ?? Self.defaultJavaScriptDirectory
            jobs.append(Job(schema: entry.schema, swift: swift, javaScript: javaScript))
        }
        return diagnostics.hasErrors ? nil : jobs
    }

    /// Says why there is nothing to generate, and what to do: most often a schema sits in a
    /// folder that is not a target yet (SwiftPM leaves out a target folder with no Swift file).
    private func reportNoSchema(in chosen: [Target], diagnostics: inout DiagnosticCollector) {
        let targetFolders = targets.map(\.directory)
        let stray = schemas(under: "", depth: 6).filter { schema in
            !targetFolders.contains { schema.hasPrefix($0 + "/") }
        }
        reportNotATarget(stray, diagnostics: &diagnostics)
        guard stray.isEmpty else { return }
        let names = chosen.map(\.name).sorted()
        let example = (chosen.first?.directory ?? "Sources/App") + "/chat.events.yaml"
        diagnostics.error(
            (names.isEmpty
                ? "the package has no Swift target, so there is nowhere to generate into; "
                : "no *.events.yaml schema in \(names.count == 1 ? "target" : "targets") \(names.joined(separator: ", ")); ")
                + "put a schema in a target's folder, e.g. \(example) "
                + "(`swift run generate-events schema` prints the format's JSON Schema)",
            at: .init(path: "Package.swift", line: 1, column: 1)
        )
    }

    /// One error per schema that is in no target's folder, saying what to do.
    private func reportNotATarget(_ stray: [String], diagnostics: inout DiagnosticCollector) {
        for schema in stray {
            let components = schema.split(separator: "/").dropLast()
            if components.first == "Sources", components.count >= 2 {
                let folder = components.prefix(2).joined(separator: "/")
                diagnostics.error(
                    "this schema is in \(folder), which is not a Swift target yet (SwiftPM leaves out a target "
                        + "folder with no Swift file): add a Swift file, e.g. \(folder)/main.swift, declare the "
                        + "target in Package.swift, and run again",
                    at: .init(path: schema, line: 1, column: 1)
                )
            } else {
                diagnostics.error(
                    "this schema is in no Swift target's folder: move it into one, or list it in "
                        + "\(PackageConfiguration.fileName) with the targets that get its Swift",
                    at: .init(path: schema, line: 1, column: 1)
                )
            }
        }
    }

    /// The schemas in the folder `relative` and below, down to `depth` levels, skipping
    /// hidden folders, build output and `Generated/`.
    private func schemas(under relative: String, depth: Int) -> [String] {
        guard depth > 0, let names = try? FileManager.default.contentsOfDirectory(atPath: absolute(relative)) else {
            return []
        }
        var found: [String] = []
        for name in names.sorted()
        where !name.hasPrefix(".") && name != "Generated" && name != "node_modules" && name != "Packages" {
            let path = relative.isEmpty ? name : relative + "/" + name
            var isDirectory = false
            guard FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isDirectory) else { continue }
            if isDirectory {
                found += schemas(under: path, depth: depth - 1)
            } else if Self.isSchemaFileName(name) {
                found.append(path)
            }
        }
        return found
    }

    /// `*.events.yaml` or `*.events.yml`.
    static func isSchemaFileName(_ name: String) -> Bool {
        name.hasSuffix(".events.yaml") || name.hasSuffix(".events.yml")
    }

    /// The schemas in a target's folder and below, relative to the package's root, sorted;
    /// `Generated/` folders are skipped.
    func schemas(in target: Target) -> [String] {
        schemas(under: target.directory, depth: 32).sorted()
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
