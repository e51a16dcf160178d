import Foundation
import ServerSentEvents
import Testing

@Suite("Encoder")
struct EncoderTests {
    let encoder = ServerSentEventEncoder()

    func text(_ event: ServerSentEvent) throws -> String {
        String(decoding: try encoder.encode(event), as: UTF8.self)
    }

    @Test("fields in order, one space after the colon, a blank line at the end")
    func fields() throws {
        #expect(
            try text(ServerSentEvent(type: "tick", data: #"{"n":1}"#, id: "1", retry: .milliseconds(2500)))
                == "event: tick\nid: 1\nretry: 2500\ndata: {\"n\":1}\n\n"
        )
        #expect(try text(ServerSentEvent(data: "plain")) == "data: plain\n\n")
        #expect(try text(ServerSentEvent(type: "", data: "x")) == "data: x\n\n")
    }

    @Test("empty values: one empty data line; an empty id resets")
    func emptyValues() throws {
        #expect(try text(ServerSentEvent(data: "")) == "data:\n\n")
        #expect(try text(ServerSentEvent(data: "x", id: "")) == "id:\ndata: x\n\n")
    }

    @Test("CR, LF and CRLF in data become separate data lines")
    func dataLineBreaks() throws {
        #expect(try text(ServerSentEvent(data: "a\nb\rc\r\nd")) == "data: a\ndata: b\ndata: c\ndata: d\n\n")
        #expect(try text(ServerSentEvent(data: "end\n")) == "data: end\ndata:\n\n")
        #expect(try text(ServerSentEvent(data: "\r\n")) == "data:\ndata:\n\n")
        #expect(try text(ServerSentEvent(data: " lead")) == "data:  lead\n\n")
    }

    @Test(
        "event types and ids with CR, LF or NUL are refused and nothing is written",
        arguments: ["a\nb", "a\rb", "a\0b", "\r\n", "\n"]
    )
    func refused(_ bad: String) {
        var buffer: [UInt8] = Array("kept".utf8)
        #expect(throws: ServerSentEventEncodingError(code: .invalidEventType, value: bad)) {
            try encoder.encode(ServerSentEvent(type: bad, data: "x"), into: &buffer)
        }
        #expect(throws: ServerSentEventEncodingError(code: .invalidID, value: bad)) {
            try encoder.encode(ServerSentEvent(data: "x", id: bad), into: &buffer)
        }
        #expect(buffer == Array("kept".utf8))
    }

    @Test("comments and retry")
    func commentsAndRetry() {
        var buffer: [UInt8] = []
        encoder.encodeComment("", into: &buffer)
        encoder.encodeComment("keep-alive", into: &buffer)
        encoder.encodeComment("two\nlines", into: &buffer)
        encoder.encodeRetry(.seconds(3), into: &buffer)
        encoder.encodeRetry(.milliseconds(-5), into: &buffer)
        encoder.encodeRetry(.nanoseconds(1_999_999), into: &buffer)
        #expect(
            String(decoding: buffer, as: UTF8.self)
                == ":\n: keep-alive\n: two\n: lines\nretry: 3000\nretry: 0\nretry: 1\n")
    }

    @Test("a comment cannot inject an event")
    func commentInjection() throws {
        var buffer: [UInt8] = []
        encoder.encodeComment("x\ndata: injected\n\n", into: &buffer)
        var decoder = ServerSentEventDecoder()
        #expect(try decoder.decode(buffer).isEmpty)
    }

    @Test("encodes into any RangeReplaceableCollection of bytes")
    func genericBuffer() throws {
        var slice = ArraySlice<UInt8>()
        try encoder.encode(ServerSentEvent(data: "a"), into: &slice)
        #expect(Array(slice) == Array("data: a\n\n".utf8))
    }
}

/// Encoder → decoder round trips on random strings made of the characters most likely to break
/// framing, decoded at random chunk boundaries: what comes out is exactly what went in, one
/// event per event, so no payload can inject a field or an event.
@Suite("Round trips")
struct RoundTripTests {
    static let alphabet: [String] = [
        "\n", "\r", "\r\n", "\0", "\u{FEFF}", "\u{2028}", "\u{2029}", "\u{85}", "😀", "👩‍👩‍👧", "é", ":", " ", "\t",
        "a", "data: x", "event: evil", "id: 6", "retry: 1", "\\", "\"", "\u{FFFD}", "日",
    ]

    static func randomString(using generator: inout SeededGenerator, maxLength: Int) -> String {
        (0..<Int.random(in: 0...maxLength, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            .joined()
    }

    static func withoutLineBreaksOrNull(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\n" && $0 != "\r" && $0 != "\0" }))
    }

    @Test("random events survive encoding and decoding", arguments: UInt64(1)...20)
    func randomEvents(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let encoder = ServerSentEventEncoder()
        var events: [ServerSentEvent] = []
        var stream: [UInt8] = []
        for _ in 0..<50 {
            let type = Self.withoutLineBreaksOrNull(Self.randomString(using: &generator, maxLength: 4))
            let id = Self.withoutLineBreaksOrNull(Self.randomString(using: &generator, maxLength: 4))
            let event = ServerSentEvent(
                type: type,
                data: Self.randomString(using: &generator, maxLength: 12),
                id: Bool.random(using: &generator) ? id : nil
            )
            try encoder.encode(event, into: &stream)
            events.append(event)
        }

        var lastEventID = ""
        let expected = events.map { event -> WireRecord in
            if let id = event.id { lastEventID = id }
            // CRLF and lone CR in data come back as LF: the spec's one line-break character.
            let data = event.data.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
                of: "\r", with: "\n")
            return .event(type: event.type.isEmpty ? "message" : event.type, data: data, id: lastEventID)
        }
        for chunking in [[stream], Chunking.random(stream, using: &generator), Chunking.bytewise(stream)] {
            let result = decodeRecords(chunking)
            #expect(result.error == nil)
            #expect(result.records == expected)
        }
    }

    @Test("a payload crafted to inject events stays one event")
    func injection() throws {
        let payload = "x\n\nevent: admin\ndata: pwned\nid: 999\nretry: 1\n\r\n\r"
        let bytes = try ServerSentEventEncoder().encode(ServerSentEvent(data: payload))
        let result = decodeRecords([bytes])
        #expect(
            result.records == [
                .event(type: "message", data: "x\n\nevent: admin\ndata: pwned\nid: 999\nretry: 1\n\n\n", id: "")
            ])
    }
}
