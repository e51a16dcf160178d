import ArgumentParser
import EventSchema
import _EventGeneratorCore

/// `generate-events package`: what `swift package generate-events` runs. The plugin passes the
/// package's folder and Swift targets; the schemas are found and generated here.
struct GeneratePackage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Generate the files of a package's schemas (run by `swift package generate-events`).",
        discussion: """
            Every *.events.yaml inside a target's folder generates that target's Swift (server and client) \
            into Generated/ in the target's folder, and the JavaScript into \(PackageGeneration.defaultJavaScriptDirectory)/. \
            A generate-events.yaml at the package's root says otherwise. Nothing is written when any schema has an error.
            """
    )

    @Option(help: "The package's root folder.")
    var packageDirectory: String

    @Option(help: "A Swift target of the package, as NAME=FOLDER (the folder relative to the package's root).")
    var packageTarget: [String] = []

    @Option(help: "Only the schemas of this target (repeatable).")
    var target: [String] = []

    @Flag(help: "Write nothing; exit 1 and name each file that is missing or out of date (for CI).")
    var check = false

    @Flag(help: "Write nothing; list the files that would be written.")
    var dryRun = false

    @Option(
        help:
            "Write nothing; compare each schema with its version at this git revision, as generate-events diff does, and exit 1 on a wire break."
    )
    var checkBreaking: String?

    @Flag(help: "With --check-breaking: source breaks are errors too.")
    var strict = false

    func run() throws {
        let targets = try packageTarget.map { text -> PackageGeneration.Target in
            guard let equals = text.firstIndex(of: "=") else {
                throw ValidationError("--package-target wants NAME=FOLDER, not '\(text)'")
            }
            return .init(name: String(text[..<equals]), directory: String(text[text.index(after: equals)...]))
        }
        let generation = PackageGeneration(packageDirectory: packageDirectory, targets: targets)
        var diagnostics = DiagnosticCollector()
        if let revision = checkBreaking {
            let schemas = generation.schemas(only: target, diagnostics: &diagnostics)
            StandardError.report(diagnostics.diagnostics)
            guard let schemas else { throw ExitCode.failure }
            var failed = false
            for schema in schemas {
                // Paths relative to the package's root, where the plugin runs this.
                failed = try Diff.check(schema, against: revision, strict: strict, json: false) || failed
            }
            if failed { throw ExitCode.failure }
            print("generate-events: no breaking change in \(schemas.count) schemas against \(revision)")
            return
        }
        let outputs = generation.outputs(only: target, diagnostics: &diagnostics)
        StandardError.report(diagnostics.diagnostics)
        guard let outputs else { throw ExitCode.failure }

        var written = 0
        var unchanged = 0
        var stale = 0
        for output in outputs {
            let directory = OutputDirectory(path: generation.absolute(output.directory))
            let outdated = Set(directory.staleFiles(output.files).map(\.name))
            for file in output.files {
                let shown = output.directory + "/" + file.name
                if check, outdated.contains(file.name) {
                    StandardError.emit(
                        "error: \(shown) is out of date; run swift package --allow-writing-to-package-directory generate-events\n"
                    )
                } else if dryRun {
                    print("\(outdated.contains(file.name) ? "would write" : "unchanged  ") \(shown)")
                }
            }
            stale += outdated.count
            if check || dryRun { continue }
            do {
                written += try directory.write(output.files).count
            } catch {
                throw CommandFailure("cannot write to \(output.directory): \(error)").reported()
            }
            unchanged += output.files.count - outdated.count
        }
        if check {
            if stale > 0 { throw ExitCode.failure }
            print("generate-events: all \(outputs.map(\.files.count).reduce(0, +)) generated files are current")
        } else if !dryRun {
            print(
                "generate-events: \(written) written, \(unchanged) unchanged in "
                    + outputs.map(\.directory).joined(separator: ", "))
        }
    }
}
