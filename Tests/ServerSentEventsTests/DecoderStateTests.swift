import ServerSentEvents
import Testing

/// Stream state that the wire fixtures cannot show: the last event ID and reconnection time a
/// reconnecting client reads, across events, blocks without data and new streams.
@Suite("Decoder state")
struct DecoderStateTests {
    @Test("a block with only an id sets the last event ID at its blank line, not before")
    func lastEventIDChangesAtDispatch() throws {
        var decoder = ServerSentEventDecoder()
        _ = try decoder.decode(Array("data: a\n\nid: 5\n".utf8))
        #expect(decoder.lastEventID == "")
        _ = try decoder.decode(Array("\n".utf8))
        #expect(decoder.lastEventID == "5")
    }

    @Test("an unfinished event's id is dropped at the end of the stream")
    func unfinishedIDDropped() throws {
        var decoder = ServerSentEventDecoder()
        _ = try decoder.decode(Array("id: 1\ndata: a\n\nid: 2\ndata: b\n".utf8))
        decoder.finish()
        #expect(decoder.lastEventID == "1")
    }

    @Test("the last event ID and reconnection time persist into the next stream")
    func statePersistsAcrossFinish() throws {
        var decoder = ServerSentEventDecoder()
        _ = try decoder.decode(Array("retry: 1500\nid: 9\ndata: a\n\n".utf8))
        decoder.finish()
        let outputs = try decoder.decode(Array("data: b\n\n".utf8))
        #expect(outputs == [.event(ServerSentEvent(data: "b", id: "9"))])
        #expect(decoder.reconnectionTime == .milliseconds(1500))
    }

    @Test(
        "an id with NUL anywhere is ignored, at every length and position; bytes near NUL are not",
        arguments: 0...20
    )
    func idWithNull(length: Int) throws {
        // 0x01, 0x80 and 0xFF sit next to NUL in a word-at-a-time search: none may pass for it.
        let filler: [UInt8] = (0..<length).map { [0x31, 0x01, 0x80, 0xFF][$0 % 4] }
        let plain = try lastEventID(afterID: filler)
        #expect(plain == String(decoding: filler, as: UTF8.self))
        for position in 0..<length {
            var value = filler
            value[position] = 0
            #expect(try lastEventID(afterID: value) == "7", "NUL at \(position) of \(length) bytes")
        }
    }

    /// The event ID of an event whose `id:` field holds `value`, after an event with ID 7.
    private func lastEventID(afterID value: [UInt8]) throws -> String? {
        var decoder = ServerSentEventDecoder()
        let outputs = try decoder.decode(Array("id: 7\ndata: a\n\nid: ".utf8) + value + Array("\ndata: b\n\n".utf8))
        guard case .event(let event) = outputs.last else { return nil }
        return event.id ?? ""
    }

    @Test("a decoder can start from the ID a client resumed from")
    func initialLastEventID() throws {
        var decoder = ServerSentEventDecoder(lastEventID: "41")
        #expect(try decoder.decode(Array("data: x\n\n".utf8)) == [.event(ServerSentEvent(data: "x", id: "41"))])
    }

    @Test("a new stream strips its own leading BOM")
    func byteOrderMarkPerStream() throws {
        var decoder = ServerSentEventDecoder()
        let stream: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("data: a\n\n".utf8)
        #expect(try decoder.decode(stream).count == 1)
        decoder.finish()
        #expect(try decoder.decode(stream).count == 1)
    }

    @Test("a BOM split across chunks is still stripped; half a BOM is line content")
    func byteOrderMarkAcrossChunks() throws {
        var decoder = ServerSentEventDecoder()
        _ = try decoder.decode([0xEF])
        _ = try decoder.decode([0xBB])
        #expect(try decoder.decode([0xBF] + Array("data: a\n\n".utf8)).count == 1)

        var partial = ServerSentEventDecoder()
        _ = try partial.decode([0xEF, 0xBB])
        // "\u{EF}\u{BB}data: a" is a field named "\u{FFFD}data": ignored.
        #expect(try partial.decode(Array("data: a\n\ndata: b\n\n".utf8)) == [.event(ServerSentEvent(data: "b"))])
    }

    @Test("CR ending one chunk and LF starting the next make one line break")
    func carriageReturnThenLineFeedAcrossChunks() throws {
        var decoder = ServerSentEventDecoder()
        var outputs = try decoder.decode(Array("data: a\r".utf8))
        outputs += try decoder.decode(Array("\ndata: b\r".utf8))
        outputs += try decoder.decode(Array("\n\r".utf8))
        #expect(outputs == [.event(ServerSentEvent(data: "a\nb"))])
    }

    @Test(
        "every line break is found wherever it falls in the scanner's 32-byte blocks",
        arguments: ["\n", "\r", "\r\n"])
    func lineBreaksAtEveryOffset(lineBreak: String) throws {
        // Lines of 0 to 100 bytes, so that breaks fall on every lane of a block, on the blocks'
        // edges and in the tail that is searched byte by byte, with CR and LF both searched for.
        let lines = (0...100).map { length in String(repeating: "x", count: length) }
        let stream = lines.map { "data:\($0)\(lineBreak)" }.joined() + lineBreak
        let expected = [ServerSentEventDecoder.Output.event(ServerSentEvent(data: lines.joined(separator: "\n")))]
        for chunkSize in [stream.utf8.count, 31, 32, 33] {
            var decoder = ServerSentEventDecoder()
            var outputs: [ServerSentEventDecoder.Output] = []
            let bytes = Array(stream.utf8)
            for start in stride(from: 0, to: bytes.count, by: chunkSize) {
                outputs += try decoder.decode(bytes[start..<min(start + chunkSize, bytes.count)])
            }
            #expect(outputs == expected, "chunks of \(chunkSize) bytes")
        }
        // The encoder splits data at the same breaks.
        var frame: [UInt8] = []
        try ServerSentEventEncoder().encode(
            ServerSentEvent(data: lines.joined(separator: lineBreak)), into: &frame)
        var decoder = ServerSentEventDecoder()
        #expect(try decoder.decode(frame) == expected)
    }

    @Test("an event ending in CR CR is dispatched without waiting for the next byte")
    func dispatchAtCarriageReturn() throws {
        var decoder = ServerSentEventDecoder()
        #expect(try decoder.decode(Array("data: now\r\r".utf8)) == [.event(ServerSentEvent(data: "now"))])
    }

    @Test("a data line split between two chunks, anywhere, decodes as if whole, by both decoders")
    func dataLineSplitBetweenChunks() throws {
        // A data line that straddles two chunks, followed by a second data line, by other
        // fields, by the blank line in a later chunk; cut inside a character, before an
        // ill-formed byte and inside the field name.
        let stream: [UInt8] =
            Array("data: héllo 😀 wörld\ndata: second\n\nid: 4\ndata: only ".utf8) + [0xE2, 0x82, 0xFF]
            + Array(" ends\nevent: e\n\ndata: x\n\n".utf8)
        let whole = decodeRecords([stream])
        #expect(whole.error == nil)
        #expect(whole.records.count == 3)
        for cut in 1..<stream.count {
            for split in [[Array(stream[..<cut]), Array(stream[cut...])], Chunking.blocks(stream, of: cut)] {
                #expect(decodeRecords(split).records == whole.records, "cut at \(cut)")
                #expect(DifferentialTests.decodeInPlace(split) == whole.records, "in place, cut at \(cut)")
            }
        }
    }

    @Test("a data line split between chunks counts whole against the event size limit")
    func splitDataLineLimit() {
        let limits = ServerSentEventDecoder.Limits(maximumLineLength: 1 << 10, maximumEventSize: 100)
        // 99 bytes of value and the LF the spec appends: at the limit, then one past it.
        for (valueLength, fits) in [(99, true), (100, false)] {
            let stream = Array("data: \(String(repeating: "x", count: valueLength))\n\n".utf8)
            var decoder = ServerSentEventDecoder(limits: limits)
            do {
                let outputs = try decoder.decode(stream[..<50]) + decoder.decode(stream[50...])
                #expect(fits && outputs.count == 1, "value of \(valueLength) bytes")
            } catch {
                #expect(!fits && (error as? ServerSentEventDecodingError)?.code == .eventTooLarge)
            }
        }
    }

    @Test("retry is reported in stream order, between events")
    func retryInStreamOrder() throws {
        var decoder = ServerSentEventDecoder()
        let outputs = try decoder.decode(Array("data: a\n\nretry: 10\ndata: b\nretry: 20\n\n".utf8))
        #expect(
            outputs == [
                .event(ServerSentEvent(data: "a")),
                .reconnectionTime(.milliseconds(10)),
                .reconnectionTime(.milliseconds(20)),
                .event(ServerSentEvent(data: "b")),
            ])
        #expect(decoder.reconnectionTime == .milliseconds(20))
    }

    @Test("in-place views hold the bytes as sent: type empty for message, invalid UTF-8 kept")
    func inPlaceViews() throws {
        var decoder = ServerSentEventDecoder()
        var seen: [(type: [UInt8], data: [UInt8], id: [UInt8])] = []
        let stream: [UInt8] = Array("id: 7\ndata: a\ndata: b".utf8) + [0xFF] + Array("\n\nevent: e\ndata: c\n\n".utf8)
        for chunk in [Array(stream[..<9]), Array(stream[9...])] {
            try decoder.decodeInPlace(chunk) { output in
                if case .event(let view) = output {
                    seen.append((Array(view.type), Array(view.data), Array(view.lastEventID)))
                }
            }
        }
        #expect(seen.count == 2)
        #expect(seen[0].type.isEmpty)
        #expect(seen[0].data == Array("a\nb".utf8) + [0xFF])
        #expect(seen[0].id == Array("7".utf8))
        #expect(seen[1].type == Array("e".utf8))
        #expect(seen[1].data == Array("c".utf8))
        #expect(seen[1].id == Array("7".utf8))
    }

    @Test("empty chunks change nothing")
    func emptyChunks() throws {
        var decoder = ServerSentEventDecoder()
        for _ in 0..<1000 { #expect(try decoder.decode([UInt8]()).isEmpty) }
        #expect(try decoder.decode(Array("data: a\n\n".utf8)).count == 1)
    }

    @Test("the async iterator tells the last event ID and reconnection time")
    func asyncIteratorState() async throws {
        let chunks = ["retry: 250\nid: 1\ndata: a\n", "\nid: 2\n\n"].map { Array($0.utf8) }
        var iterator = ChunkSequence(chunks: chunks).serverSentEvents().makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first == ServerSentEvent(data: "a", id: "1"))
        #expect(iterator.lastEventID == "1")
        #expect(iterator.reconnectionTime == .milliseconds(250))
        #expect(try await iterator.next() == nil)
        #expect(iterator.lastEventID == "2")
        #expect(try await iterator.next() == nil)
    }
}

@Suite("Last-Event-ID header")
struct LastEventIDHeaderTests {
    @Test(
        "header values",
        arguments: [
            (String?.none, String?.none),
            ("", nil),
            ("   ", nil),
            ("42", "42"),
            (" 42\t", "42"),
            ("a b", "a b"),
            ("ünï", "ünï"),
            ("1\r\n2", nil),
            ("1\0", nil),
        ] as [(String?, String?)]
    )
    func values(_ header: String?, _ expected: String?) {
        #expect(ServerSentEvent.lastEventID(fromHeaderValue: header) == expected)
    }

    @Test("raw bytes must be UTF-8")
    func rawBytes() {
        #expect(ServerSentEvent.lastEventID(fromHeaderValue: Array("7".utf8)) == "7")
        #expect(ServerSentEvent.lastEventID(fromHeaderValue: [0x37, 0xFF]) == nil)
        #expect(ServerSentEvent.lastEventID(fromHeaderValue: [UInt8]?.none) == nil)
    }
}
