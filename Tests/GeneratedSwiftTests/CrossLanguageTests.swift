import EventSchema
import Foundation
import Testing

/// Swift writes, the JavaScript module reads: for every stream of the goldens, random events
/// the schema allows go through the generated Swift decoder and emitter, and the generated
/// JavaScript module (`Tests/JavaScript/Generated`) must read each frame Swift wrote as the
/// value Swift meant, and read the original event as Swift read it (defaults filled the same
/// way, the same checks passed). Runs `node Tests/JavaScript/cross-language.mjs`.
@Suite("Generated Swift and JavaScript agree")
struct CrossLanguageTests {
    struct StreamRecord: Encodable {
        var module: String
        var connect: String
        var parameters: [String: String]
        var handlers: [String: String]
        /// `none`, `text` or `json`, by wire name.
        var payloads: [String: String]
        var events: [RoundTripTests.WrittenEvent]
    }

    @Test("what the Swift emitter writes, the JavaScript module reads as Swift does, for every golden stream")
    func swiftWritesJavaScriptReads() async throws {
        var records: [StreamRecord] = []
        for streamCase in RoundTripTests.cases {
            let (schema, stream) = try RoundTripTests.load(streamCase)
            var random = RandomPayload(schema: schema, generator: SeededGenerator(state: 7))
            var handlers: [String: String] = [:]
            var payloads: [String: String] = [:]
            for name in stream.events {
                let event = try #require(schema.event(named: name.value))
                handlers[event.wireName.value] = JavaScriptNaming.handlerName(event: event.name.value)
                switch event.payload {
                case .none: payloads[event.wireName.value] = "none"
                case .text: payloads[event.wireName.value] = "text"
                case .json: payloads[event.wireName.value] = "json"
                }
            }
            records.append(
                StreamRecord(
                    module:
                        "Tests/JavaScript/Generated/\(JavaScriptNaming.fileBaseName(schema: schema.name.value)).events.mjs",
                    connect: JavaScriptNaming.connectFunctionName(stream: stream.name.value),
                    parameters: Dictionary(uniqueKeysWithValues: stream.pathParameters.map { ($0.value, "p 1/é") }),
                    handlers: handlers,
                    payloads: payloads,
                    events: try await streamCase.write(schema, stream, &random)
                )
            )
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("cross-language-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: input) }
        try JSONEncoder().encode(records).write(to: input)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["node", "Tests/JavaScript/cross-language.mjs", input.path]
        process.currentDirectoryURL = GoldenTests.repository
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        let count = records.map(\.events.count).reduce(0, +)
        #expect(text.contains("\(count) events agree"), "\(text)")
    }
}
