import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory generate-events [--target NAME]… [--check] [--dry-run]`
/// `swift package --allow-writing-to-package-directory generate-events --check-breaking REV [--strict]`: each schema
/// against its version at a git revision; writes nothing.
///
/// Thin on purpose: it hands the package's folder and Swift targets to `generate-events package`,
/// which finds the schemas, generates everything in memory, and writes only when no schema has
/// an error.
@main
struct GenerateEventsPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        // Given after the verb, the permission flag also arrives as an argument.
        var extractor = ArgumentExtractor(arguments.filter { $0 != "--allow-writing-to-package-directory" })
        let only = extractor.extractOption(named: "target")
        let check = extractor.extractFlag(named: "check") > 0
        let dryRun = extractor.extractFlag(named: "dry-run") > 0
        let checkBreaking = extractor.extractOption(named: "check-breaking")
        let strict = extractor.extractFlag(named: "strict") > 0
        guard extractor.remainingArguments.isEmpty, checkBreaking.count <= 1 else {
            Diagnostics.error(
                "unknown argument(s) \(extractor.remainingArguments.joined(separator: " ")); "
                    + "generate-events takes --target NAME (repeatable), --check, --dry-run, and --check-breaking REV [--strict]"
            )
            return
        }

        let root = context.package.directoryURL.standardizedFileURL.path
        var toolArguments = ["package", "--package-directory", root]
        for target in context.package.targets {
            guard let target = target as? SwiftSourceModuleTarget else { continue }
            let folder = target.directoryURL.standardizedFileURL.path
            let relative = folder.hasPrefix(root + "/") ? String(folder.dropFirst(root.count + 1)) : folder
            toolArguments += ["--package-target", "\(target.name)=\(relative)"]
        }
        for name in only { toolArguments += ["--target", name] }
        if check { toolArguments.append("--check") }
        if dryRun { toolArguments.append("--dry-run") }
        if let revision = checkBreaking.first { toolArguments += ["--check-breaking", revision] }
        if strict { toolArguments.append("--strict") }

        let process = Process()
        process.executableURL = try context.tool(named: "generate-events").url
        process.arguments = toolArguments
        process.currentDirectoryURL = context.package.directoryURL
        // The tool's output is relayed in the plugin's diagnostics when it fails: SwiftPM prints
        // those in order, while it may print a plugin's standard output after them.
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        var text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        while text.hasSuffix("\n") { text.removeLast() }
        guard process.terminationStatus != 0 else {
            if !text.isEmpty { print(text) }
            return
        }
        let summary =
            if let revision = checkBreaking.first {
                "schemas break deployed clients or code against \(revision)"
            } else if check {
                "generated files are out of date; run swift package --allow-writing-to-package-directory generate-events"
            } else {
                "generate-events found problems; nothing was written"
            }
        Diagnostics.error(text.isEmpty ? summary : summary + ":\n" + text)
    }
}
