import ArgumentParser

/// `generate-events`: the command-line face of swift-typed-events. Each subcommand is thin;
/// the work is done by the libraries it calls.
@main
struct GenerateEvents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-events",
        abstract: "Typed Server-Sent Events for Swift servers and JavaScript frontends.",
        subcommands: [
            Generate.self, Validate.self, Export.self, Diff.self, Tail.self, PrintJSONSchema.self, Decode.self,
            GeneratePackage.self,
        ]
    )
}
