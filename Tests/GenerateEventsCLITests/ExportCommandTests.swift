import Foundation
import Testing

/// `generate-events export` as a user runs it.
@Suite("generate-events export")
struct ExportCommandTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(
        "each format goes to standard output, equal to its golden, the same bytes every time",
        arguments: [
            ("openapi", "openapi.json"), ("asyncapi", "asyncapi.json"), ("json-schema", "schema.json"),
            ("markdown", "md"),
        ])
    func standardOutput(format: String, suffix: String) throws {
        let first = try CLI.run(["export", "Schemas/chat.events.yaml", "--format", format], in: Self.repository)
        let second = try CLI.run(["export", "Schemas/chat.events.yaml", "--format", format], in: Self.repository)
        #expect(first.status == 0)
        #expect(first.stderr.isEmpty)
        #expect(first.stdout == second.stdout)
        let golden = try Data(
            contentsOf: Self.repository.appendingPathComponent("Tests/Exports/Goldens/chat.\(suffix)"))
        #expect(first.stdout == [UInt8](golden))
    }

    @Test("--output writes the file; --api-version sets info.version")
    func outputFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("nested/chat.openapi.json")
        let result = try CLI.run(
            [
                "export", Self.repository.appendingPathComponent("Schemas/chat.events.yaml").path, "--format",
                "openapi",
                "--output", file.path, "--api-version", "2.1.0",
            ])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
        let info = document?["info"] as? [String: Any]
        #expect(info?["version"] as? String == "2.1.0")
        #expect(document?["openapi"] as? String == "3.2.0")
    }

    @Test("a schema with an error: its diagnostics, exit 1, no file written")
    func invalidSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("out.json")
        let path = "Tests/Fixtures/schemas/invalid/references.events.yaml"
        let result = try CLI.run(
            ["export", path, "--format", "openapi", "--output", file.path], in: Self.repository)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(String(decoding: result.stderr, as: UTF8.self).hasPrefix("\(path):10:22: error: unknown type 'Usr'"))
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test("an unknown format names the ones there are")
    func unknownFormat() throws {
        let result = try CLI.run(["export", "Schemas/chat.events.yaml", "--format", "raml"], in: Self.repository)
        #expect(result.status != 0)
        #expect(
            String(decoding: result.stderr, as: UTF8.self).contains(
                "unknown format 'raml': expected openapi, asyncapi, json-schema, markdown"))
    }
}
