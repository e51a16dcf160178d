import EventSchema
import Foundation
import ServerSentEvents
import Testing

/// Every event of every stream, with random payloads the schema allows: JSON → client decoder
/// → typed event → generated emitter → bytes → runtime decoder → client decoder → the same
/// typed event.
@Suite("Generated Swift round trips")
struct RoundTripTests {
    /// One stream of the goldens, with its generated emitter and decoder.
    struct StreamCase: CustomTestStringConvertible, Sendable {
        let schemaPath: String
        let stream: String
        let run: @Sendable (Schema, EventStream, inout RandomPayload) async throws -> Void
        var testDescription: String { "\(schemaPath) \(stream)" }
    }

    static let cases: [StreamCase] = [
        .init(schemaPath: "Schemas/chat.events.yaml", stream: "room") {
            try await roundTrip($0, $1, &$2, decoder: ChatRoomDecoder()) {
                try await ChatRoomEmitter(sink: $2).send($0, id: $1!)
            }
        },
        .init(schemaPath: "Schemas/chat.events.yaml", stream: "inbox") {
            try await roundTrip($0, $1, &$2, decoder: ChatInboxDecoder()) {
                try await ChatInboxEmitter(sink: $2).send($0, id: $1!)
            }
        },
        .init(schemaPath: "Schemas/progress.events.yaml", stream: "job") {
            try await roundTrip($0, $1, &$2, decoder: ProgressJobDecoder()) {
                try await ProgressJobEmitter(sink: $2).send($0, id: $1!)
            }
        },
        .init(schemaPath: "Schemas/market.events.yaml", stream: "ticker") {
            try await roundTrip($0, $1, &$2, decoder: MarketTickerDecoder()) {
                try await MarketTickerEmitter(sink: $2).send($0)
            }
        },
        .init(schemaPath: "Schemas/market.events.yaml", stream: "book") {
            try await roundTrip($0, $1, &$2, decoder: MarketBookDecoder()) {
                try await MarketBookEmitter(sink: $2).send($0, id: $1!)
            }
        },
        .init(schemaPath: "Tests/Fixtures/schemas/valid/names.events.yaml", stream: "default") {
            try await roundTrip($0, $1, &$2, decoder: OddDefaultDecoder()) {
                try await OddDefaultEmitter(sink: $2).send($0, id: $1)
            }
        },
        // The hostile schema's other stream is deprecated: using it here would warn.
        .init(schemaPath: "Tests/Fixtures/schemas/valid/hostile.events.yaml", stream: "extension") {
            try await roundTrip($0, $1, &$2, decoder: HostileExtensionDecoder()) {
                try await HostileExtensionEmitter(sink: $2).send($0)
            }
        },
        .init(schemaPath: "Tests/Fixtures/schemas/valid/recursion.events.yaml", stream: "tree") {
            try await roundTrip($0, $1, &$2, decoder: TreeTreeDecoder()) {
                try await TreeTreeEmitter(sink: $2).send($0, id: $1)
            }
        },
        .init(schemaPath: "Tests/Fixtures/schemas/valid/scalars.events.yaml", stream: "feed") {
            try await roundTrip($0, $1, &$2, decoder: ScalarsFeedDecoder()) {
                try await ScalarsFeedEmitter(sink: $2).send($0, id: $1)
            }
        },
    ]

    @Test("every event, 25 random payloads each, comes back equal", arguments: cases)
    func roundTrips(_ streamCase: StreamCase) async throws {
        let bytes = try [UInt8](Data(contentsOf: GoldenTests.repository.appendingPathComponent(streamCase.schemaPath)))
        var diagnostics = DiagnosticCollector()
        let schema = try #require(Schema.load(bytes, path: streamCase.schemaPath, diagnostics: &diagnostics))
        let stream = try #require(schema.streams.first { $0.name.value == streamCase.stream })
        var random = RandomPayload(schema: schema, generator: SeededGenerator(state: 42))
        try await streamCase.run(schema, stream, &random)
    }

    /// The event as a server that follows the schema would send it, with a random payload.
    static func randomEvent(_ event: Event, id: String?, random: inout RandomPayload) -> ServerSentEvent {
        let data: String
        switch event.payload {
        case .none: data = ""
        case .text: data = random.text(length: Int.random(in: 0...40, using: &random.generator))
        case .json(let type): data = random.value(for: type).rendered()
        }
        return ServerSentEvent(type: event.wireName.value, data: data, id: id)
    }

    static func roundTrip<Decoder: ServerSentEventTypedDecoder>(
        _ schema: Schema,
        _ stream: EventStream,
        _ random: inout RandomPayload,
        decoder: Decoder,
        emit: @escaping @Sendable (Decoder.Event, String?, AsyncStreamServerSentEventSink) async throws -> Void
    ) async throws where Decoder.Event: Equatable {
        for (index, name) in stream.events.enumerated() {
            let event = try #require(schema.event(named: name.value))
            for iteration in 0..<25 {
                let id = "\(index)-\(iteration)"
                let sent = randomEvent(event, id: id, random: &random)
                let typed: Decoder.Event
                do {
                    typed = try decoder.decode(sent)
                } catch {
                    Issue.record("\(name.value): a valid payload was refused: \(error)\n\(sent.data)")
                    continue
                }
                #expect("\(typed)".hasPrefix("unknown") == false, "\(name.value) decodes to its own case")

                let (bytes, sink) = AsyncStreamServerSentEventSink.makeStream()
                try await emit(typed, id, sink)
                try await sink.finish()
                var received: [Decoder.Event] = []
                for try await event in decoder.events(fromBytes: bytes) { received.append(event) }
                let same = received == [typed]
                #expect(same, "\(name.value) #\(iteration) does not come back equal: \(sent.data)")
            }
        }
    }
}
