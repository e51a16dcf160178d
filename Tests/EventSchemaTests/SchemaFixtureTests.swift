import EventSchema
import Foundation
import Testing

/// A schema file of `Tests/Fixtures/schemas`, with the diagnostics its `# expect:` block lists.
struct SchemaFixture: CustomTestStringConvertible, Sendable {
    /// The folder and the file name: `invalid/cycle.events.yaml`.
    let name: String
    let isValid: Bool
    let bytes: [UInt8]
    /// `line:column: severity: message`, one a line, as the file's `# expect:` block says.
    let expected: [String]

    var testDescription: String { name }
    /// What diagnostics name the file by.
    var fileName: String { String(name.split(separator: "/").last ?? "") }

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `invalid/`, or `valid/` and `golden/` (valid schemas whose generated code is committed).
    static func all(valid: Bool) throws -> [SchemaFixture] {
        try (valid ? ["valid", "golden"] : ["invalid"]).flatMap { folder in
            let directory = repository.appendingPathComponent("Tests/Fixtures/schemas/\(folder)")
            return try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".events.yaml") }
                .sorted()
                .map { name in
                    let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
                    let lines = String(decoding: bytes, as: UTF8.self).split(
                        separator: "\n", omittingEmptySubsequences: false)
                    let expected = lines.drop { $0 != "# expect:" }.dropFirst().map { String($0.dropFirst(2)) }
                        .filter { !$0.isEmpty }
                    return SchemaFixture(name: "\(folder)/\(name)", isValid: valid, bytes: bytes, expected: expected)
                }
        }
    }
}

/// Loads `bytes` as `path` and returns its diagnostics, one line each, without the path.
func diagnosticLines(_ bytes: [UInt8], path: String) -> (schema: Schema?, lines: [String]) {
    var diagnostics = DiagnosticCollector()
    let schema = Schema.load(bytes, path: path, diagnostics: &diagnostics)
    let lines = diagnostics.diagnostics.flatMap { $0.description.split(separator: "\n").map(String.init) }
    return (schema, lines.map { $0.hasPrefix(path + ":") ? String($0.dropFirst(path.count + 1)) : $0 })
}

@Suite("Schema rules: one file per rule, with its exact diagnostics")
struct SchemaFixtureTests {
    @Test(
        "every invalid schema gives exactly its expected diagnostics, and no schema",
        arguments: try SchemaFixture.all(valid: false))
    func invalid(_ fixture: SchemaFixture) {
        let (schema, lines) = diagnosticLines(fixture.bytes, path: fixture.fileName)
        #expect(schema == nil)
        #expect(!fixture.expected.isEmpty, "an invalid fixture lists its diagnostics")
        #expect(lines == fixture.expected)
    }

    @Test("every valid schema loads, with exactly its expected warnings", arguments: try SchemaFixture.all(valid: true))
    func valid(_ fixture: SchemaFixture) {
        let (schema, lines) = diagnosticLines(fixture.bytes, path: fixture.fileName)
        #expect(schema != nil)
        #expect(lines == fixture.expected)
        #expect(lines.allSatisfy { $0.contains(": warning: ") })
    }

    @Test("a missing version stops before the rest is read: another version may mean another format")
    func versionFirst() {
        let (_, lines) = diagnosticLines(Array("eventSchema: 2\nbogus: 1\n".utf8), path: "a.events.yaml")
        #expect(lines == ["1:14: error: unsupported schema version '2'; supported versions: 1"])
    }

    @Test("an empty file, or one with only comments, is an error")
    func empty() {
        for text in ["", "# nothing yet\n"] {
            let (schema, lines) = diagnosticLines(Array(text.utf8), path: "a.events.yaml")
            #expect(schema == nil)
            #expect(lines == ["1:1: error: the file is empty; a schema starts with 'eventSchema: 1'"])
        }
    }

    @Test("a billion-laughs file is refused at its first alias, quickly and without growing")
    func billionLaughs() {
        var text =
            "eventSchema: 1\nname: Laughs\na: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for level in 1...9 {
            let previous = Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(level - 1)))
            let name = Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(level)))
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        let (schema, lines) = diagnosticLines(Array(text.utf8), path: "a.events.yaml")
        #expect(schema == nil)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("4:") == true)
        #expect(lines.first?.contains("aliases ('*name') are not allowed") == true)
    }

    @Test("nesting 10,000 deep is a parse error with a position, not a stack overflow")
    func deepNesting() {
        let text = "eventSchema: 1\nname: Deep\nevents: " + String(repeating: "[", count: 10_000) + "\n"
        let (schema, lines) = diagnosticLines(Array(text.utf8), path: "a.events.yaml")
        #expect(schema == nil)
        #expect(lines.count >= 1)
        #expect(lines.first?.hasPrefix("3:") == true)
    }
}
