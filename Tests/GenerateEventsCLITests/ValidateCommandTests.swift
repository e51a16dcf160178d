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

    /// Nine levels of nine aliases: 9^9 copies of one list once expanded.
    static let billionLaughs: [UInt8] = {
        var text = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = level == 1 ? "*a" : "*l\(level - 1)"
            text += "l\(level): &l\(level) [" + Array(repeating: previous, count: 9).joined(separator: ", ") + "]\n"
        }
        return Array(text.utf8)
    }()

    /// Each hostile file: one clear diagnostic with a position, exit 1, no crash, no hang.
    @Test(
        "hostile files",
        arguments: [
            ("empty", Array("".utf8), "1:1: error: the file is empty"),
            ("list", Array("- a\n- b\n".utf8), "1:1: error: the top level of a schema must be a mapping"),
            ("syntax", Array("eventSchema: 1\nevents: [a\n".utf8), "3:1: error: did not find expected ',' or ']'"),
            (
                "tab", Array("eventSchema: 1\n\tname: A\n".utf8),
                "2:1: error: found a tab character that violates indentation"
            ),
            ("duplicate", Array("eventSchema: 1\nname: A\nname: B\n".utf8), "3:1: error: duplicate key 'name'"),
            ("utf8", Array("eventSchema: 1\nname: A".utf8) + [0xFF], "2:8: error: the file is not valid UTF-8"),
            ("nesting", Array(("eventSchema: 1\nevents: " + String(repeating: "[", count: 10_000)).utf8), "2:"),
            ("laughs", billionLaughs, "2:"),
        ]
    )
    func hostile(name: String, bytes: [UInt8], expectedStart: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(bytes).write(to: directory.appendingPathComponent("\(name).events.yaml"))

        let result = try CLI.run(["validate", "\(name).events.yaml"], in: directory)
        let stderr = String(decoding: result.stderr, as: UTF8.self)
        #expect(result.status == 1)
        #expect(stderr.hasPrefix("\(name).events.yaml:\(expectedStart)"), "\(stderr)")
        #expect(stderr.contains(": error: "))
    }

    @Test("'schema' prints Schemas/event-schema.json")
    func jsonSchema() throws {
        let result = try CLI.run(["schema"])
        #expect(result.status == 0)
        let committed = try Data(contentsOf: Self.repository.appendingPathComponent("Schemas/event-schema.json"))
        #expect(result.stdout == [UInt8](committed))
    }
}
