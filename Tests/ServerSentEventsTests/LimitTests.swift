import ServerSentEvents
import Testing

/// Hostile and broken streams end with a typed error at a bound, never with unbounded memory.
@Suite("Limits")
struct LimitTests {
    let limits = ServerSentEventDecoder.Limits(maximumLineLength: 64, maximumEventSize: 256)

    @Test("a line past the limit fails, whole or byte by byte, after the same events")
    func lineTooLong() {
        let stream = Array(("data: ok\n\n:" + String(repeating: "x", count: 100) + "\ndata: never\n\n").utf8)
        for chunks in [[stream], Chunking.bytewise(stream)] {
            let result = decodeRecords(chunks, limits: limits)
            #expect(result.records == [.event(type: "message", data: "ok", id: "")])
            #expect(result.error == ServerSentEventDecodingError(code: .lineTooLong, limit: 64))
        }
    }

    @Test("a line exactly at the limit is fine")
    func lineAtLimit() {
        let value = String(repeating: "y", count: 64 - "data: ".count)
        let result = decodeRecords([Array("data: \(value)\n\n".utf8)], limits: limits)
        #expect(result.error == nil)
        #expect(result.records == [.event(type: "message", data: value, id: "")])
    }

    @Test("endless data lines fail at the event size limit")
    func eventTooLarge() {
        let stream = Array(String(repeating: "data: 0123456789\n", count: 100).utf8)
        let result = decodeRecords([stream], limits: limits)
        #expect(result.error?.code == .eventTooLarge)
        #expect(result.error?.limit == 256)
    }

    @Test("a NUL flood without line breaks fails at the line limit")
    func nulFlood() {
        let result = decodeRecords(Array(repeating: [UInt8](repeating: 0, count: 50), count: 10), limits: limits)
        #expect(result.error?.code == .lineTooLong)
    }

    @Test("a failed decoder stays failed until finish() starts a new stream")
    func failureIsSticky() throws {
        var decoder = ServerSentEventDecoder(limits: limits)
        #expect(throws: ServerSentEventDecodingError.self) {
            try decoder.decode([UInt8](repeating: UInt8(ascii: "x"), count: 65))
        }
        #expect(throws: ServerSentEventDecodingError.self) {
            try decoder.decode(Array("\ndata: a\n\n".utf8))
        }
        decoder.finish()
        #expect(try decoder.decode(Array("data: a\n\n".utf8)).count == 1)
    }

    /// A 1 GiB line, produced lazily: decoding must stop near the limit, having pulled only a
    /// few chunks, instead of buffering the line.
    @Test("a 1 GiB line is refused after reading little more than the limit")
    func gigabyteLine() async throws {
        let chunkSize = 64 << 10
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: chunkSize)
        let counter = PulledChunks()
        let lines = LazyChunks(chunk: chunk, count: (1 << 30) / chunkSize, counter: counter)
        let limits = ServerSentEventDecoder.Limits(maximumLineLength: 1 << 20, maximumEventSize: 1 << 20)
        await #expect(throws: ServerSentEventDecodingError(code: .lineTooLong, limit: 1 << 20)) {
            for try await _ in lines.serverSentEvents(limits: limits) {}
        }
        #expect(counter.value * chunkSize <= (1 << 20) + chunkSize)
    }

    @Test("an AsyncSequence that hit a limit throws once, then ends")
    func asyncSequenceEndsAfterError() async throws {
        let chunks = [
            Array("data: ok\n\n".utf8), [UInt8](repeating: UInt8(ascii: "x"), count: 100), Array("\n\n".utf8),
        ]
        var iterator = ChunkSequence(chunks: chunks).serverSentEvents(limits: limits).makeAsyncIterator()
        #expect(try await iterator.next() == ServerSentEvent(data: "ok"))
        await #expect(throws: ServerSentEventDecodingError(code: .lineTooLong, limit: 64)) {
            _ = try await iterator.next()
        }
        #expect(try await iterator.next() == nil)
    }

    @Test("the default limits are on")
    func defaults() {
        #expect(ServerSentEventDecoder.Limits.default.maximumLineLength == 1 << 20)
        #expect(ServerSentEventDecoder.Limits.default.maximumEventSize == 8 << 20)
        let result = decodeRecords([[UInt8](repeating: UInt8(ascii: "z"), count: (1 << 20) + 1)])
        #expect(result.error?.code == .lineTooLong)
    }
}

final class PulledChunks: @unchecked Sendable {
    var value = 0
}

/// `count` copies of `chunk`, made one at a time as they are pulled.
struct LazyChunks: AsyncSequence, Sendable {
    let chunk: [UInt8]
    let count: Int
    let counter: PulledChunks

    struct AsyncIterator: AsyncIteratorProtocol {
        let sequence: LazyChunks
        mutating func next() async -> [UInt8]? {
            guard sequence.counter.value < sequence.count else { return nil }
            sequence.counter.value += 1
            return sequence.chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(sequence: self) }
}
