import EventSchema
import Foundation
import TestSupport
import Testing
import _EventGeneratorCore

/// The files in `Tests/Exports/Goldens/` are what `generate-events export` writes for every
/// schema of the golden set, in every format; `Tests/Exports/check_exports.py` validates them
/// with tools we did not write (CI runs it).
@Suite("Export goldens")
struct ExportGoldenTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let goldens = repository.appendingPathComponent("Tests/Exports/Goldens")

    /// The golden set of `scripts/update-goldens.sh`: every schema of these folders.
    static let schemas: [String] = ["Schemas", "Tests/Fixtures/schemas/golden"].flatMap { folder in
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".events.yaml") }.sorted().map { "\(folder)/\($0)" }
    }

    /// `chat.openapi.json` for `Schemas/chat.events.yaml`, as the script names them.
    static func goldenName(schema path: String, format: ExportFormat) -> String {
        let base = String(path.split(separator: "/").last!.dropLast(".events.yaml".count))
        let suffix =
            switch format {
            case .openAPI: "openapi.json"
            case .asyncAPI: "asyncapi.json"
            case .jsonSchema: "schema.json"
            case .markdown: "md"
            }
        return base + "." + suffix
    }

    static func export(_ path: String, as format: ExportFormat) throws -> String {
        let bytes = try [UInt8](Data(contentsOf: repository.appendingPathComponent(path)))
        var diagnostics = DiagnosticCollector()
        let schema = try #require(
            Schema.load(bytes, path: path, diagnostics: &diagnostics), "\(diagnostics.diagnostics)")
        return EventExporter.export(schema, as: format, options: ExportOptions(sourcePath: path))
    }

    @Test(
        "every export golden is exactly what export writes (re-record with scripts/update-goldens.sh)",
        arguments: schemas)
    func golden(_ path: String) throws {
        #expect(!Self.schemas.isEmpty)
        for format in ExportFormat.allCases {
            let name = Self.goldenName(schema: path, format: format)
            let golden = try String(contentsOf: Self.goldens.appendingPathComponent(name), encoding: .utf8)
            let exported = try Self.export(path, as: format)
            #expect(
                golden == exported,
                """
                \(name) drifted from export (run scripts/update-goldens.sh):
                \(UnifiedDiff(old: golden, new: exported, oldName: "golden", newName: "exported"))
                """)
        }
    }

    @Test("the golden folder holds no export of a schema that is gone")
    func noStrayGoldens() throws {
        let expected = Set(
            Self.schemas.flatMap { path in ExportFormat.allCases.map { Self.goldenName(schema: path, format: $0) } })
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.goldens.path)
        #expect(Set(present) == expected)
    }
}
