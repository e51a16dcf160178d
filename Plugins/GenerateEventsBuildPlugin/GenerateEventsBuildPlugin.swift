import Foundation
import PackagePlugin

/// The build-tool plugin: generates a target's Swift from the `*.events.yaml` in its folder at
/// every build (into the build folder, nothing committed). Both sides: the types, the emitters
/// and the decoders.
@main
struct GenerateEventsBuildPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let tool = try context.tool(named: "generate-events")
        return target.sourceFiles.map(\.url).filter { $0.lastPathComponent.hasSuffix(".events.yaml") }.map {
            schema in
            // Outputs are named after the schema's file: the plugin must name them before the
            // schema is read.
            let base = String(schema.lastPathComponent.dropLast(".events.yaml".count))
            let output = context.pluginWorkDirectoryURL.appending(path: base)
            return .buildCommand(
                displayName: "Generating Swift from \(schema.lastPathComponent)",
                executable: tool.url,
                arguments: [
                    "generate", schema.path, "--output", output.path, "--swift", "server,client",
                    "--swift-file-base", base,
                ],
                inputFiles: [schema],
                outputFiles: ["Events", "Server", "Client"].map { output.appending(path: "\(base).\($0).swift") }
            )
        }
    }
}
