import Foundation
import OpenAPIRuntime
@_spi(Generated) import ServerSentEvents

/// Typed events of Schemas/market.events.yaml (the committed generated code), encoded into
/// `text/event-stream` bytes and decoded back into typed values, side by side in one run:
///
/// - **ours**: the generated JSON coding, straight from and into the frame's bytes;
/// - **ours, Foundation**: the same events through the generated types' `Codable` conformances
///   and `JSONEncoder`/`JSONDecoder` (what generated code did before), framed by our runtime;
/// - **framing alone**: our runtime on the same events with their JSON already made (encoding, a
///   frame per event as the typed path makes) or left as text (decoding into `ServerSentEvent`
///   values through the `AsyncSequence`, as an untyped client reads the same stream; and, for
///   reference, synchronously and in place with the data unread);
/// - **openapi-runtime**: swift-openapi-runtime 1.13.4's `asEncodedServerSentEventsWithJSONData`
///   / `asDecodedServerSentEventsWithJSONData` on the same payload types, with Foundation's coders.
///
/// Two workloads: market ticks (flat objects of about 110 bytes of JSON, with a date) and order
/// book snapshots (nested arrays, about 1 KB).
///
///     swift run -c release --package-path Benchmarks TypedBenchmark [ticks]
@main
struct TypedBenchmark {
    static func main() async throws {
        // Targets are reported, not enforced: a debug build (as CI runs it) misses them.
        let count = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 200_000
        // `--profile encode|decode|decode-events`: only our typed path on ticks, over and over, for a profiler.
        // `--books` profiles the order book snapshots instead.
        if let flag = CommandLine.arguments.firstIndex(of: "--profile") {
            if CommandLine.arguments.contains("--books") {
                try await profile(books(max(count / 10, 1)), CommandLine.arguments[flag + 1])
            } else {
                try await profile(ticks(count), CommandLine.arguments[flag + 1])
            }
            return
        }
        try await measure(ticks(count))
        try await measure(books(max(count / 10, 1)))
    }

    /// One workload: its payloads and the generated code for them.
    struct Workload<Payload: Codable & Sendable & Hashable> {
        var name: String
        var wireName: String
        /// Whether the stream's events carry ids (`ids: required`).
        var ids: Bool
        /// Whether the payloads are small (about 100 bytes of JSON), as the targets' workload.
        var isSmall: Bool
        var payloads: [Payload]
        /// The generated emitter's frame of one payload (`frame(for:id:)`).
        var frame: @Sendable (Payload, String?) throws -> ServerSentEventFrame
        /// Sends every payload through the generated emitter (an actor) to `sink`.
        var send: @Sendable ([Payload], CollectingSink) async throws -> Void
        /// Decodes typed events from chunks with the generated decoder: payloads of the event.
        var decode: @Sendable ([ArraySlice<UInt8>]) async throws -> [Payload]
        /// The same from decoded `ServerSentEvent`s (the `String` path).
        var decodeEvents: @Sendable ([ArraySlice<UInt8>]) async throws -> [Payload]

        /// The ID of the event at `index`, when the stream's events carry IDs.
        func id(_ index: Int) -> String? { ids ? String(index) : nil }
    }

    static func ticks(_ count: Int) -> Workload<Market.Tick> {
        let symbols = ["BTC-USD", "ETH-USD", "SOL-EUR"]
        var payloads: [Market.Tick] = []
        for index in 0..<count {
            let price: String = "\(64_000 + index % 997).\(index % 100)"
            let size: String = "0.\(index % 9_973)"
            let side: Market.Side = index % 2 == 0 ? .buy : .sell
            let tradedAt = Date(timeIntervalSince1970: 1_764_057_600 + Double(index) / 1000)
            payloads.append(
                Market.Tick(
                    symbol: symbols[index % 3], price: price, size: size, side: side, sequence: Int64(index),
                    tradedAt: tradedAt))
        }
        return Workload(
            name: "market ticks",
            wireName: "tick",
            ids: false,
            isSmall: true,
            payloads: payloads,
            frame: { payload, _ in try MarketTickerEmitter.frame(for: .tick(payload)) },
            send: { payloads, sink in
                let emitter = MarketTickerEmitter(sink: sink)
                for payload in payloads { try await emitter.sendTick(payload) }
            },
            decode: { chunks in
                var payloads: [Market.Tick] = []
                for try await event in MarketTickerDecoder().events(fromBytes: Elements(chunks)) {
                    if case .tick(let tick) = event { payloads.append(tick) }
                }
                return payloads
            },
            decodeEvents: { chunks in
                var payloads: [Market.Tick] = []
                for try await event in MarketTickerDecoder().events(Elements(chunks).serverSentEvents()) {
                    if case .tick(let tick) = event { payloads.append(tick) }
                }
                return payloads
            }
        )
    }

    static func books(_ count: Int) -> Workload<Market.BookSnapshot> {
        var payloads: [Market.BookSnapshot] = []
        for index in 0..<count {
            var bids: [Market.Level] = []
            var asks: [Market.Level] = []
            for level in 0..<10 {
                bids.append(Market.Level(price: "\(64_000 - level).\(index % 100)", quantity: "0.\(level + 1)"))
                asks.append(Market.Level(price: "\(64_001 + level).\(index % 100)", quantity: "1.\(level)"))
            }
            payloads.append(Market.BookSnapshot(symbol: "BTC-USD", sequence: Int64(index), bids: bids, asks: asks))
        }
        return Workload(
            name: "order book snapshots",
            wireName: "bookSnapshot",
            ids: true,
            isSmall: false,
            payloads: payloads,
            frame: { try MarketBookEmitter.frame(for: .bookSnapshot($0), id: $1) },
            send: { payloads, sink in
                let emitter = MarketBookEmitter(sink: sink)
                for (index, payload) in payloads.enumerated() {
                    try await emitter.sendBookSnapshot(payload, id: "\(index)")
                }
            },
            decode: { chunks in
                var payloads: [Market.BookSnapshot] = []
                for try await event in MarketBookDecoder().events(fromBytes: Elements(chunks)) {
                    if case .bookSnapshot(let book) = event { payloads.append(book) }
                }
                return payloads
            },
            decodeEvents: { chunks in
                var payloads: [Market.BookSnapshot] = []
                for try await event in MarketBookDecoder().events(Elements(chunks).serverSentEvents()) {
                    if case .bookSnapshot(let book) = event { payloads.append(book) }
                }
                return payloads
            }
        )
    }

    /// Measures from a nonisolated context, as a server's request handler runs: no side pays a
    /// hop off the main actor per element. Throws when the paths disagree.
    nonisolated static func measure<Payload>(_ workload: Workload<Payload>) async throws {
        let payloads = workload.payloads
        let count = payloads.count
        let encoder = EventPayloadJSON.makeEncoder()
        let jsonDecoder = EventPayloadJSON.makeDecoder()
        let framer = ServerSentEventEncoder()

        // Encoding.
        var ours: [UInt8] = []
        let encodeOurs = try await best {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(ours.count)
            for (index, payload) in payloads.enumerated() {
                bytes += try workload.frame(payload, workload.id(index)).bytes
            }
            ours = bytes
        }
        let encodeEmitter = try await best {
            let sink = CollectingSink()
            try await workload.send(payloads, sink)
        }
        var foundationBytes: [UInt8] = []
        let encodeFoundation = try await best {
            var bytes: [UInt8] = []
            for (index, payload) in payloads.enumerated() {
                let data = String(decoding: try encoder.encode(payload), as: UTF8.self)
                try framer.encode(
                    ServerSentEvent(type: workload.wireName, data: data, id: workload.id(index)), into: &bytes)
            }
            foundationBytes = bytes
        }
        let events = try payloads.enumerated().map { index, payload in
            ServerSentEvent(
                type: workload.wireName, data: String(decoding: try encoder.encode(payload), as: UTF8.self),
                id: workload.id(index))
        }
        // A frame per event, as the typed path makes (and as a server writes them).
        let encodeFraming = try await best {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(ours.count)
            for event in events { bytes += try ServerSentEventFrame(event).bytes }
            guard bytes.count > 0 else { throw Failure() }
        }
        var theirs: [UInt8] = []
        let encodeTheirs = try await best {
            let events = payloads.enumerated().map { index, payload in
                ServerSentEventWithJSONData<Payload>(event: workload.wireName, data: payload, id: workload.id(index))
            }
            var bytes: [UInt8] = []
            for try await chunk in Elements(events).asEncodedServerSentEventsWithJSONData(encoder: encoder) {
                bytes += chunk
            }
            theirs = bytes
        }

        // Decoding, each side from its own bytes (the same events).
        let chunks = chunked(ours)
        var decodedOurs: [Payload] = []
        let decodeOurs = try await best { decodedOurs = try await workload.decode(chunks) }
        var decodedEvents: [Payload] = []
        let decodeEvents = try await best { decodedEvents = try await workload.decodeEvents(chunks) }
        var decodedFoundation: [Payload] = []
        let decodeFoundation = try await best {
            var decoded: [Payload] = []
            for try await event in Elements(chunks).serverSentEvents() {
                decoded.append(try jsonDecoder.decode(Payload.self, from: Data(event.data.utf8)))
            }
            decodedFoundation = decoded
        }
        var framedEvents = Tally()
        let decodeFramingEvents = try await best {
            var tally = Tally()
            for try await event in Elements(chunks).serverSentEvents() { tally.add(dataBytes: event.data.utf8.count) }
            framedEvents = tally
        }
        // The issue's "framing alone" figure (3.4 M events/s) was the synchronous decoder's.
        var framedEventsSync = Tally()
        let decodeFramingEventsSync = try await best {
            var decoder = ServerSentEventDecoder()
            var tally = Tally()
            for chunk in chunks {
                try decoder.decode(chunk) { output in
                    if case .event(let event) = output { tally.add(dataBytes: event.data.utf8.count) }
                }
            }
            framedEventsSync = tally
        }
        var framed = Tally()
        let decodeFraming = try await best {
            var decoder = ServerSentEventDecoder()
            var tally = Tally()
            for chunk in chunks {
                try decoder.decodeInPlace(chunk) { output in
                    if case .event(let event) = output { tally.add(dataBytes: event.data.count) }
                }
            }
            framed = tally
        }
        let theirChunks = chunked(theirs)
        var decodedTheirs: [Payload] = []
        let decodeTheirs = try await best {
            var decoded: [Payload] = []
            for try await event in Elements(theirChunks).asDecodedServerSentEventsWithJSONData(
                of: Payload.self, decoder: jsonDecoder)
            {
                if let data = event.data { decoded.append(data) }
            }
            decodedTheirs = decoded
        }

        // Every path gives the same values, and ours the same bytes as Foundation's coders.
        guard decodedOurs == payloads, decodedEvents == payloads, decodedFoundation == payloads,
            decodedTheirs == payloads, framed.events == count, framedEvents == framed, framedEventsSync == framed,
            ours == foundationBytes
        else {
            print(
                "\(workload.name): the paths disagree: bytes equal \(ours == foundationBytes), decoded "
                    + "\([decodedOurs, decodedEvents, decodedFoundation, decodedTheirs].map { $0 == payloads }), framed \([framed, framedEvents, framedEventsSync].map(\.events))"
            )
            throw Failure()
        }

        let averageJSON =
            (foundationBytes.count - events.reduce(0) { $0 + 14 + $1.type.utf8.count + ($1.id?.utf8.count ?? 0) })
            / count
        print(
            "\nworkload: \(count) \(workload.name), about \(averageJSON) bytes of JSON each; decoded from 4 KiB chunks")
        print("measurement".padding(toLength: 52, withPad: " ", startingAt: 0) + "events/s   vs openapi   framing ÷")
        print(String(repeating: "-", count: 86))
        func row(_ name: String, _ time: Duration, peer: Duration, framing: Duration?) {
            let rate = Double(count) / time.seconds
            var line = name.padding(toLength: 48, withPad: " ", startingAt: 0) + format(rate).leftPadded(12)
            line += (String(format: "%.1f×", peer.seconds / time.seconds)).leftPadded(13)
            if let framing { line += String(format: "%.2f×", time.seconds / framing.seconds).leftPadded(12) }
            print(line)
        }
        row("encode, ours (generated JSON into the frame)", encodeOurs, peer: encodeTheirs, framing: encodeFraming)
        row("encode, ours through the emitter actor", encodeEmitter, peer: encodeTheirs, framing: encodeFraming)
        row("encode, ours with Foundation's JSONEncoder", encodeFoundation, peer: encodeTheirs, framing: encodeFraming)
        row("encode, framing alone (JSON made beforehand)", encodeFraming, peer: encodeTheirs, framing: nil)
        row("encode, openapi-runtime", encodeTheirs, peer: encodeTheirs, framing: nil)
        row("decode, ours (typed, from byte views)", decodeOurs, peer: decodeTheirs, framing: decodeFramingEvents)
        row("decode, ours from ServerSentEvent values", decodeEvents, peer: decodeTheirs, framing: decodeFramingEvents)
        row(
            "decode, ours with Foundation's JSONDecoder", decodeFoundation, peer: decodeTheirs,
            framing: decodeFramingEvents)
        row("decode, framing alone (ServerSentEvent values)", decodeFramingEvents, peer: decodeTheirs, framing: nil)
        row("decode, framing alone (the same, synchronous)", decodeFramingEventsSync, peer: decodeTheirs, framing: nil)
        row("decode, framing alone (in place, data unread)", decodeFraming, peer: decodeTheirs, framing: nil)
        row("decode, openapi-runtime", decodeTheirs, peer: decodeTheirs, framing: nil)

        // Issue 18's targets; "within 3× of framing alone" was set for payloads of about 100 bytes.
        let encodeVsPeer = encodeTheirs.seconds / encodeOurs.seconds
        let decodeVsPeer = decodeTheirs.seconds / decodeOurs.seconds
        let encodeVsFraming = encodeOurs.seconds / encodeFraming.seconds
        let decodeVsFraming = decodeOurs.seconds / decodeFramingEvents.seconds
        let targets = [
            ("typed encode ≥ 10× openapi-runtime", encodeVsPeer, met: encodeVsPeer >= 10, smallOnly: false),
            ("typed decode ≥ 10× openapi-runtime", decodeVsPeer, met: decodeVsPeer >= 10, smallOnly: false),
            ("typed encode within 3× of framing alone", encodeVsFraming, met: encodeVsFraming <= 3, smallOnly: true),
            ("typed decode within 3× of framing alone", decodeVsFraming, met: decodeVsFraming <= 3, smallOnly: true),
        ]
        for (target, ratio, met, smallOnly) in targets {
            let figure = String(format: "%.2f×", ratio)
            if smallOnly, !workload.isSmall {
                print("\(target) (a target for small payloads only): \(figure)")
            } else {
                print("target: \(target): \(figure), \(met ? "met" : "NOT met")")
            }
        }
        print(
            "(typed decode ÷ framing in place with the data unread: "
                + String(format: "%.1f×", decodeOurs.seconds / decodeFraming.seconds) + ")")
        print("bytes: ours \(ours.count) (identical to Foundation's coders), openapi-runtime \(theirs.count)")
    }

    struct Failure: Error {}

    /// The events a framing-only measurement saw and the bytes of their data: what keeps its
    /// work from being optimised away, and what the three framings must agree on.
    struct Tally: Equatable {
        var events = 0
        var dataBytes = 0

        mutating func add(dataBytes count: Int) {
            events += 1
            dataBytes &+= count
        }
    }

    nonisolated static func profile<Payload>(_ workload: Workload<Payload>, _ direction: String) async throws {
        var bytes: [UInt8] = []
        for (index, payload) in workload.payloads.enumerated() {
            bytes += try workload.frame(payload, workload.id(index)).bytes
        }
        let chunks = chunked(bytes)
        let start = ContinuousClock.now
        var events = 0
        for _ in 0..<20 {
            switch direction {
            case "encode":
                for (index, payload) in workload.payloads.enumerated() {
                    events += try workload.frame(payload, workload.id(index)).bytes.count > 0 ? 1 : 0
                }
            case "decode-events": events += try await workload.decodeEvents(chunks).count
            default: events += try await workload.decode(chunks).count
            }
        }
        print("\(direction): \(format(Double(events) / (ContinuousClock.now - start).seconds)) events/s")
    }

    static func chunked(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        stride(from: 0, to: bytes.count, by: 4096).map { bytes[$0..<min($0 + 4096, bytes.count)] }
    }

    static func best(
        of runs: Int = 5,
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

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
