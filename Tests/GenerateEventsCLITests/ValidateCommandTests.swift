import Foundation
import Testing

/// `generate-events validate` and `generate-events schema` as a user runs them.
@Suite("generate-events validate, schema")
struct ValidateCommandTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func validate(_ paths: [String]) throws -> (status: Int32, stderr: String) {
        let result = try CLI.run(["validate"] + paths, in: Self.repository)
        #expect(result.stdout.isEmpty, "diagnostics go to standard error")
        return (result.status, String(decoding: result.stderr, as: UTF8.self))
    }

    @Test("the example schemas: exit 0, nothing printed")
    func examples() throws {
        let result = try validate([
            "Schemas/chat.events.yaml", "Schemas/progress.events.yaml", "Schemas/market.events.yaml",
        ])
        #expect(result.status == 0)
        #expect(result.stderr == "")
    }

    @Test("errors: exit 1, each as path:line:column: error: message, the path as given")
    func errors() throws {
        let result = try validate(["Schemas/chat.events.yaml", "Tests/Fixtures/schemas/invalid/references.events.yaml"])
        #expect(result.status == 1)
        let path = "Tests/Fixtures/schemas/invalid/references.events.yaml"
        #expect(
            result.stderr == """
                \(path):10:22: error: unknown type 'Usr'; did you mean 'User'?
                \(path):12:22: error: '$ref' takes the name of a type under 'types:'; write '$ref: User'
                \(path):14:28: error: 'type' cannot be combined with '$ref'; '$ref' takes only 'default', 'deprecated', \
                'description', 'nullable'
                \(path):16:14: error: a payload of type 'User' is written '{ $ref: User }'

                """
        )
    }

    @Test("warnings alone: printed, exit 0")
    func warnings() throws {
        let result = try validate(["Tests/Fixtures/schemas/valid/no-streams.events.yaml"])
        #expect(result.status == 0)
        #expect(
            result.stderr
                == "Tests/Fixtures/schemas/valid/no-streams.events.yaml:2:7: warning: the schema has no 'streams'; "
                + "no emitter or client is generated for its events\n"
        )
    }

    @Test("a file that cannot be read, and a 10 MB file (read no further than the limit)")
    func unreadable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(repeating: UInt8(ascii: "#"), count: 10_000_000).write(
            to: directory.appendingPathComponent("big.events.yaml"))

        let result = try CLI.run(["validate", "missing.events.yaml", "big.events.yaml"], in: directory)
        #expect(result.status == 1)
        #expect(
            String(decoding: result.stderr, as: UTF8.self) == """
                missing.events.yaml:1:1: error: cannot read the file: No such file or directory
                big.events.yaml:1:1: error: the file is larger than a schema may be (4 MiB); is it the right file?

                """
        )
    }

    @Test("'schema' prints Schemas/event-schema.json")
    func jsonSchema() throws {
        let result = try CLI.run(["schema"])
        #expect(result.status == 0)
        let committed = try Data(contentsOf: Self.repository.appendingPathComponent("Schemas/event-schema.json"))
        #expect(result.stdout == [UInt8](committed))
    }
}
