import Foundation
import OpenAPIRuntime
@_spi(Generated) import ServerSentEvents

/// Typed round trips of market ticks (Schemas/market.events.yaml, the committed generated code):
/// JSON payloads encoded into `text/event-stream` bytes, then decoded back into typed values,
/// against swift-openapi-runtime 1.13.4's `asEncodedServerSentEventsWithJSONData` /
/// `asDecodedServerSentEventsWithJSONData` on the same payload type and the same bytes, in the
/// same run. Both sides use the same Foundation JSON coders (`EventPayloadJSON`); the difference
/// is framing, dispatch and (ours) the schema's checks.
///
///     swift run -c release --package-path Benchmarks TypedBenchmark [events]
@main
struct TypedBenchmark {
    static func main() async throws {
        try await run(count: CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000)
    }

    /// Measures from a nonisolated context, as a server's request handler runs: neither side
    /// pays a hop off the main actor per element.
    nonisolated static func run(count: Int) async throws {
        let symbols = ["BTC-USD", "ETH-USD", "SOL-EUR"]
        var ticks: [Market.Tick] = []
        for index in 0..<count {
            let price: String = "\(64_000 + index % 997).\(index % 100)"
            let size: String = "0.\(index % 9_973)"
            let side: Market.Side = index % 2 == 0 ? .buy : .sell
            let tradedAt = Date(timeIntervalSince1970: 1_764_057_600 + Double(index) / 1000)
            ticks.append(
                Market.Tick(
                    symbol: symbols[index % 3],
                    price: price,
                    size: size,
                    side: side,
                    sequence: Int64(index),
                    tradedAt: tradedAt
                )
            )
        }
        print("workload: \(count) market ticks (typed JSON payloads), decoded from 4 KiB chunks")

        // Encoding.
        var ourBytes: [UInt8] = []
        let oursEncode = try await best(of: 3) {
            let sink = CollectingSink()
            let emitter = MarketTickerEmitter(sink: sink)
            for tick in ticks { try await emitter.sendTick(tick) }
            ourBytes = sink.bytes
        }
        var theirBytes: [UInt8] = []
        let theirsEncode = try await best(of: 3) {
            let events = ticks.map { ServerSentEventWithJSONData<Market.Tick>(event: "tick", data: $0) }
            var bytes: [UInt8] = []
            let encoded = Elements(events).asEncodedServerSentEventsWithJSONData(
                encoder: EventPayloadJSON.makeEncoder())
            for try await chunk in encoded { bytes += chunk }
            theirBytes = bytes
        }

        // Decoding, each side its own bytes (both are valid streams of the same events).
        let ourChunks = chunked(ourBytes)
        let theirChunks = chunked(theirBytes)
        var decodedOurs = 0
        let oursDecode = try await best(of: 3) {
            decodedOurs = 0
            for try await event in MarketTickerDecoder().events(fromBytes: Elements(ourChunks)) {
                if case .tick = event { decodedOurs += 1 }
            }
        }
        var decodedTheirs = 0
        let theirsDecode = try await best(of: 3) {
            decodedTheirs = 0
            let decoder = EventPayloadJSON.makeDecoder()
            for try await event in Elements(theirChunks).asDecodedServerSentEventsWithJSONData(
                of: Market.Tick.self, decoder: decoder)
            {
                if event.data != nil { decodedTheirs += 1 }
            }
        }
        guard decodedOurs == count, decodedTheirs == count else {
            print("decoded \(decodedOurs) and \(decodedTheirs) of \(count) events")
            throw Failure()
        }

        func line(_ name: String, _ ours: Duration, _ theirs: Duration) {
            let oursRate = Double(count) / ours.seconds
            let theirsRate = Double(count) / theirs.seconds
            print(
                name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + "ours \(format(oursRate)) events/s   openapi-runtime \(format(theirsRate)) events/s   ratio \(String(format: "%.2f", oursRate / theirsRate))×"
            )
        }
        line("encode", oursEncode, theirsEncode)
        line("decode", oursDecode, theirsDecode)
        line("round trip", oursEncode + oursDecode, theirsEncode + theirsDecode)
        print("bytes: ours \(ourBytes.count), openapi-runtime \(theirBytes.count)")
    }

    struct Failure: Error {}

    static func chunked(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        stride(from: 0, to: bytes.count, by: 4096).map { bytes[$0..<min($0 + 4096, bytes.count)] }
    }

    static func best(
        of runs: Int,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Void
    ) async rethrows -> Duration {
        var best = Duration.seconds(1_000_000)
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try await body()
            best = min(best, ContinuousClock.now - start)
        }
        return best
    }

    static func format(_ rate: Double) -> String {
        let digits = Array(String(Int(rate.rounded())))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return text
    }
}

/// Collects what an emitter writes, in memory.
final class CollectingSink: ServerSentEventSink, @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [UInt8] = []
    var bytes: [UInt8] { lock.withLock { storage } }
    func write(_ bytes: [UInt8]) async throws { lock.withLock { storage += bytes } }
    func finish() async throws {}
}

/// An array as an `AsyncSequence` that never suspends.
struct Elements<Element: Sendable>: AsyncSequence, Sendable {
    let elements: [Element]
    init(_ elements: [Element]) { self.elements = elements }

    struct AsyncIterator: AsyncIteratorProtocol {
        var iterator: IndexingIterator<[Element]>
        mutating func next() async -> Element? { iterator.next() }
        mutating func next(isolation actor: isolated (any Actor)?) async -> Element? { iterator.next() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(iterator: elements.makeIterator()) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
