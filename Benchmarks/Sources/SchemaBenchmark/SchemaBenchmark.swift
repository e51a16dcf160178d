import EventSchema
import Yams
import _EventGeneratorCore

/// How long loading and validating a large schema takes: a generated schema of N events (1,000
/// by default), each with an inline object payload, over 50 named types and N / 50 streams.
///
/// Prints the best of several runs for: Yams composing the node tree with its default resolver
/// (the peer: what a loader built on Yams' defaults pays before checking anything), composing
/// with the basic resolver (the floor `Schema.load` stands on), and `Schema.load` (compose +
/// typed model + every rule), with the ratios.
///
///     swift run -c release --package-path Benchmarks SchemaBenchmark [events]
@main
struct SchemaBenchmark {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        let eventCount = arguments.first.flatMap { Int($0) } ?? 1_000
        let text = makeSchema(events: eventCount)
        let bytes = Array(text.utf8)
        print("schema: \(eventCount) events, 50 types, \(eventCount / 50) streams, \(bytes.count / 1024) KiB")

        var diagnostics = DiagnosticCollector()
        guard Schema.load(bytes, path: "bench.events.yaml", diagnostics: &diagnostics) != nil,
            diagnostics.diagnostics.isEmpty
        else {
            print(diagnostics.diagnostics.prefix(5).map(\.description).joined(separator: "\n"))
            throw BenchmarkFailure()
        }

        let runs = 5
        let composeDefault = try best(of: runs) { _ = try Yams.compose(yaml: text) }
        let compose = try best(of: runs) { _ = try Yams.compose(yaml: text, .basic) }
        let load = best(of: runs) {
            var diagnostics = DiagnosticCollector()
            _ = Schema.load(bytes, path: "bench.events.yaml", diagnostics: &diagnostics)
        }
        print("peer: Yams.compose, default resolver: \(milliseconds(composeDefault)) ms (node tree only, no checks)")
        print("floor: Yams.compose, basic resolver:  \(milliseconds(compose)) ms")
        print(
            "Schema.load (compose+parse+validate): \(milliseconds(load)) ms  "
                + "(\(ratio(load, compose))× the floor, \(ratio(load, composeDefault))× the peer)"
        )
        print("validation of \(eventCount) events: \(load < .seconds(1) ? "under" : "OVER") one second")

        var generatedBytes = 0
        let generate = best(of: runs) {
            var diagnostics = DiagnosticCollector()
            let files = EventGenerator.generate(
                bytes, path: "bench.events.yaml", sides: Set(SwiftSide.allCases), diagnostics: &diagnostics)
            generatedBytes = files?.reduce(0) { $0 + $1.contents.utf8.count } ?? 0
        }
        print(
            "generate all Swift (load + translate + render): \(milliseconds(generate)) ms, "
                + "\(generatedBytes / 1024) KiB of code; \(generate < .seconds(1) ? "under" : "OVER") one second"
        )
    }

    struct BenchmarkFailure: Error {}

    static func best(of runs: Int, _ body: () throws -> Void) rethrows -> Duration {
        var best = Duration.seconds(1_000)
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try body()
            best = min(best, ContinuousClock.now - start)
        }
        return best
    }

    static func milliseconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
        return String(Int(value.rounded()))
    }

    static func ratio(_ a: Duration, _ b: Duration) -> String {
        let value = (a / b * 100).rounded() / 100
        return "\(value)"
    }

    /// A schema in the style of `Schemas/chat.events.yaml`, scaled up.
    static func makeSchema(events: Int) -> String {
        var text = "eventSchema: 1\nname: Big\ndescription: A generated schema for the benchmark.\ntypes:\n"
        for index in 0..<50 {
            text += """
                  Type\(index):
                    type: object
                    description: Named type \(index).
                    properties:
                      id: { type: string, format: uuid }
                      name: { type: string, minLength: 1, maxLength: 80 }
                      kind: { type: string, enum: [a, b, c-d, e_f] }
                      count: { type: integer, format: int32, minimum: 0 }
                      next: { $ref: Type\((index + 1) % 50), nullable: true }
                    required: [id, name]

                """
        }
        text += "events:\n"
        for index in 0..<events {
            text += """
                  event\(index):
                    description: Event number \(index).
                    wireName: event.\(index)
                    payload:
                      type: object
                      properties:
                        id: { type: string }
                        at: { type: string, format: date-time }
                        owner: { $ref: Type\(index % 50) }
                        tags: { type: array, items: { type: string }, maxItems: 10 }
                        score: { type: number, minimum: 0, maximum: 100 }
                        counts: { type: object, additionalProperties: { type: integer } }
                      required: [id, at, owner]

                """
        }
        text += "streams:\n"
        for stream in 0..<(events / 50) {
            let names = (0..<50).map { "event\(stream * 50 + $0)" }.joined(separator: ", ")
            text += """
                  stream\(stream):
                    path: /streams/\(stream)/{itemID}
                    events: [\(names)]
                    ids: required
                    retry: 2000

                """
        }
        return text
    }
}
