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
        /// Checks that every event comes back equal through the generated emitter and decoder.
        let run: @Sendable (Schema, EventStream, inout RandomPayload) async throws -> Void
        /// The frames the generated emitter writes for random events the decoder accepted.
        let write: @Sendable (Schema, EventStream, inout RandomPayload) async throws -> [WrittenEvent]
        /// Checks the generated JSON coding against Foundation's coders (`PayloadDifferentialTests`).
        let differential:
            @Sendable (Schema, EventStream, inout RandomPayload) async throws -> PayloadDifferentialTests.Tally
        var testDescription: String { "\(schemaPath) \(stream)" }

        init<Decoder: ServerSentEventTypedDecoder>(
            schemaPath: String,
            stream: String,
            decoder: Decoder,
            emit: @escaping @Sendable (Decoder.Event, String?, AsyncStreamServerSentEventSink) async throws -> Void
        ) where Decoder.Event: Equatable {
            self.schemaPath = schemaPath
            self.stream = stream
            run = { try await RoundTripTests.roundTrip($0, $1, &$2, decoder: decoder, emit: emit) }
            write = { try await RoundTripTests.written($0, $1, &$2, decoder: decoder, emit: emit) }
            differential = { try await PayloadDifferentialTests.compare($0, $1, &$2, decoder: decoder, emit: emit) }
        }
    }

    /// An event as a server that follows the schema sent it, and the frame the generated
    /// emitter writes for what the generated decoder made of it.
    struct WrittenEvent: Encodable {
        var type: String
        var original: String
        var written: String
    }

    static let cases: [StreamCase] = [
        .init(schemaPath: "Schemas/chat.events.yaml", stream: "room", decoder: ChatRoomDecoder()) {
            try await ChatRoomEmitter(sink: $2).send($0, id: $1!)
        },
        .init(schemaPath: "Schemas/chat.events.yaml", stream: "inbox", decoder: ChatInboxDecoder()) {
            try await ChatInboxEmitter(sink: $2).send($0, id: $1!)
        },
        .init(schemaPath: "Schemas/progress.events.yaml", stream: "job", decoder: ProgressJobDecoder()) {
            try await ProgressJobEmitter(sink: $2).send($0, id: $1!)
        },
        .init(schemaPath: "Schemas/market.events.yaml", stream: "ticker", decoder: MarketTickerDecoder()) {
            try await MarketTickerEmitter(sink: $2).send($0)
        },
        .init(schemaPath: "Schemas/market.events.yaml", stream: "book", decoder: MarketBookDecoder()) {
            try await MarketBookEmitter(sink: $2).send($0, id: $1!)
        },
        .init(
            schemaPath: "Tests/Fixtures/schemas/golden/names.events.yaml", stream: "default",
            decoder: OddDefaultDecoder()
        ) {
            try await OddDefaultEmitter(sink: $2).send($0, id: $1)
        },
        // The hostile schema's other stream is deprecated: using it here would warn.
        .init(
            schemaPath: "Tests/Fixtures/schemas/golden/hostile.events.yaml", stream: "extension",
            decoder: HostileExtensionDecoder()
        ) {
            try await HostileExtensionEmitter(sink: $2).send($0)
        },
        .init(
            schemaPath: "Tests/Fixtures/schemas/golden/payloads.events.yaml", stream: "room",
            decoder: PayloadsRoomDecoder()
        ) {
            try await PayloadsRoomEmitter(sink: $2).send($0, id: $1)
        },
        .init(
            schemaPath: "Tests/Fixtures/schemas/golden/recursion.events.yaml", stream: "tree",
            decoder: TreeTreeDecoder()
        ) {
            try await TreeTreeEmitter(sink: $2).send($0, id: $1)
        },
        .init(
            schemaPath: "Tests/Fixtures/schemas/golden/scalars.events.yaml", stream: "feed",
            decoder: ScalarsFeedDecoder()
        ) {
            try await ScalarsFeedEmitter(sink: $2).send($0, id: $1)
        },
    ]

    static func load(_ streamCase: StreamCase) throws -> (Schema, EventStream) {
        let bytes = try [UInt8](Data(contentsOf: GoldenTests.repository.appendingPathComponent(streamCase.schemaPath)))
        var diagnostics = DiagnosticCollector()
        let schema = try #require(Schema.load(bytes, path: streamCase.schemaPath, diagnostics: &diagnostics))
        let stream = try #require(schema.streams.first { $0.name.value == streamCase.stream })
        return (schema, stream)
    }

    @Test("every event, 25 random payloads each, comes back equal", arguments: cases)
    func roundTrips(_ streamCase: StreamCase) async throws {
        let (schema, stream) = try Self.load(streamCase)
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

    /// Random events of every kind the stream carries, `count` each, as a server that follows
    /// the schema sends them; `body` gets each with what the generated decoder made of it and
    /// the bytes the generated emitter wrote for that. A refused valid payload is an issue.
    static func emitted<Decoder: ServerSentEventTypedDecoder>(
        _ schema: Schema,
        _ stream: EventStream,
        _ random: inout RandomPayload,
        count: Int,
        decoder: Decoder,
        emit: @escaping @Sendable (Decoder.Event, String?, AsyncStreamServerSentEventSink) async throws -> Void,
        _ body: (_ sent: ServerSentEvent, _ typed: Decoder.Event, _ written: [UInt8]) async throws -> Void
    ) async throws {
        for (index, name) in stream.events.enumerated() {
            let event = try #require(schema.event(named: name.value))
            for iteration in 0..<count {
                let id = "\(index)-\(iteration)"
                let sent = randomEvent(event, id: id, random: &random)
                let typed: Decoder.Event
                do {
                    typed = try decoder.decode(sent)
                } catch {
                    Issue.record("\(name.value): a valid payload was refused: \(error)\n\(sent.data)")
                    continue
                }
                let (bytes, sink) = AsyncStreamServerSentEventSink.makeStream()
                try await emit(typed, id, sink)
                try await sink.finish()
                var written: [UInt8] = []
                for await chunk in bytes { written += chunk }
                try await body(sent, typed, written)
            }
        }
    }

    static func roundTrip<Decoder: ServerSentEventTypedDecoder>(
        _ schema: Schema,
        _ stream: EventStream,
        _ random: inout RandomPayload,
        decoder: Decoder,
        emit: @escaping @Sendable (Decoder.Event, String?, AsyncStreamServerSentEventSink) async throws -> Void
    ) async throws where Decoder.Event: Equatable {
        try await emitted(schema, stream, &random, count: 25, decoder: decoder, emit: emit) { sent, typed, written in
            #expect("\(typed)".hasPrefix("unknown") == false, "\(sent.type) decodes to its own case")
            var received: [Decoder.Event] = []
            for try await event in decoder.events(fromBytes: [written].async) { received.append(event) }
            #expect(received == [typed], "\(sent.type) does not come back equal: \(sent.data)")
        }
    }

    /// Random events of every kind the stream carries, 10 each, and what the generated
    /// emitter writes for them.
    static func written<Decoder: ServerSentEventTypedDecoder>(
        _ schema: Schema,
        _ stream: EventStream,
        _ random: inout RandomPayload,
        decoder: Decoder,
        emit: @escaping @Sendable (Decoder.Event, String?, AsyncStreamServerSentEventSink) async throws -> Void
    ) async throws -> [WrittenEvent] {
        var events: [WrittenEvent] = []
        try await emitted(schema, stream, &random, count: 10, decoder: decoder, emit: emit) { sent, _, written in
            events.append(
                WrittenEvent(type: sent.type, original: sent.data, written: String(decoding: written, as: UTF8.self)))
        }
        return events
    }
}
