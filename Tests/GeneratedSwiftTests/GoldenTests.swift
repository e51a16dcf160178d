import EventSchema
import Foundation
import TestSupport
import Testing
import _EventGeneratorCore

/// The files in `Generated/` are what the generator writes for these schemas, byte for byte;
/// this target compiles them, so they are also the proof that the output compiles.
@Suite("Generated Swift goldens")
struct GoldenTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let generated = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Generated")
    /// The JavaScript goldens, which Tests/JavaScript imports and type-checks.
    static let generatedJavaScript = repository.appendingPathComponent("Tests/JavaScript/Generated")

    /// Where the golden of a generated file lives.
    static func golden(of file: GeneratedFile) -> URL {
        (file.name.hasSuffix(".swift") ? generated : generatedJavaScript).appendingPathComponent(file.name)
    }

    /// The golden set: every schema in these folders, as `scripts/update-goldens.sh` names them.
    static let goldenFolders = ["Schemas", "Tests/Fixtures/schemas/golden"]

    static let schemas: [String] = goldenFolders.flatMap { folder in
        let names =
            (try? FileManager.default.contentsOfDirectory(
                atPath: repository.appendingPathComponent(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".events.yaml") }.sorted().map { "\(folder)/\($0)" }
    }

    /// Copies that the packages beside the root compile, since they cannot reach `Tests/`
    /// (`scripts/update-goldens.sh` records them with the rest).
    static let copies = [
        (schema: "Schemas/chat.events.yaml", folder: "IntegrationTests/Sources/EndToEndServer/Generated"),
        (schema: "Schemas/market.events.yaml", folder: "Benchmarks/Sources/TypedBenchmark/Generated"),
    ]

    static func generate(_ path: String) throws -> [GeneratedFile] {
        let bytes = try [UInt8](Data(contentsOf: repository.appendingPathComponent(path)))
        var diagnostics = DiagnosticCollector()
        let files = EventGenerator.generate(
            bytes, path: path, sides: Set(SwiftSide.allCases), javaScript: true, diagnostics: &diagnostics)
        return try #require(files, "\(diagnostics.diagnostics)")
    }

    @Test(
        "every golden is exactly what the generator writes (re-record with scripts/update-goldens.sh)",
        arguments: schemas)
    func golden(_ path: String) throws {
        for file in try Self.generate(path) {
            let golden = try String(contentsOf: Self.golden(of: file), encoding: .utf8)
            #expect(
                golden == file.contents,
                """
                \(file.name) drifted from the generator (run scripts/update-goldens.sh):
                \(UnifiedDiff(old: golden, new: file.contents, oldName: "golden", newName: "generated"))
                """)
        }
    }

    @Test("a drifted golden is reported as a unified diff of the lines that changed")
    func unifiedDiff() {
        let old = (1...12).map { "line \($0)" }.joined(separator: "\n")
        let new = old.replacingOccurrences(of: "line 6", with: "line six")
        #expect(
            UnifiedDiff(old: old, new: new, oldName: "golden", newName: "generated").description == """
                --- golden
                +++ generated
                @@ -3,7 +3,7 @@
                 line 3
                 line 4
                 line 5
                -line 6
                +line six
                 line 7
                 line 8
                 line 9
                """)
        #expect(UnifiedDiff(old: old, new: old, oldName: "a", newName: "b").description == "(no difference)")
    }

    @Test("the golden set is not empty, and holds the schemas the other tests name")
    func goldenSet() {
        #expect(Self.schemas.contains("Schemas/chat.events.yaml"))
        #expect(Self.schemas.contains("Tests/Fixtures/schemas/golden/recursion.events.yaml"))
    }

    @Test("the copies beside the root are the goldens of their schema, file for file")
    func copiesBesideTheRoot() throws {
        for copy in Self.copies {
            let generated = Dictionary(
                uniqueKeysWithValues: try Self.generate(copy.schema).map { ($0.name, $0.contents) })
            let folder = Self.repository.appendingPathComponent(copy.folder)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(!names.isEmpty, "\(copy.folder) is empty")
            for name in names {
                let contents = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                #expect(
                    contents == generated[name],
                    """
                    \(copy.folder)/\(name) drifted (run scripts/update-goldens.sh):
                    \(UnifiedDiff(old: contents, new: generated[name] ?? "", oldName: "copy", newName: "generated"))
                    """)
            }
        }
    }

    @Test("no golden is left over from a schema or file that is gone")
    func noStrayFiles() throws {
        let expected = try Set(Self.schemas.flatMap { try Self.generate($0).map { Self.golden(of: $0).path } })
        var present: Set<String> = []
        for folder in [Self.generated, Self.generatedJavaScript] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                present.insert(folder.appendingPathComponent(name).path)
            }
        }
        #expect(present == expected)
    }

    @Test("the same schema gives the same bytes")
    func deterministic() throws {
        for path in Self.schemas {
            #expect(try Self.generate(path) == Self.generate(path))
        }
    }
}
