import EventSchema
import Foundation
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

    /// The schemas `scripts/update-goldens.sh` generates, as it names them.
    static let schemas = [
        "Schemas/chat.events.yaml", "Schemas/market.events.yaml", "Schemas/progress.events.yaml",
        "Tests/Fixtures/schemas/valid/names.events.yaml", "Tests/Fixtures/schemas/valid/recursion.events.yaml",
        "Tests/Fixtures/schemas/valid/hostile.events.yaml", "Tests/Fixtures/schemas/valid/scalars.events.yaml",
    ]

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
            #expect(golden == file.contents, "\(file.name) drifted from the generator; run scripts/update-goldens.sh")
        }
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
                    contents == generated[name], "\(copy.folder)/\(name) drifted; run scripts/update-goldens.sh")
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
