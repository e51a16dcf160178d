import ServerSentEvents
import Testing

/// The shared wire fixtures, decoded whole, one byte at a time, at random boundaries (empty
/// chunks included) and through the `AsyncSequence`: every way must give the same records.
@Suite("Wire fixtures")
struct WireFixtureTests {
    static let fixtures = (try? WireFixture.all()) ?? []

    @Test("there are fixtures to run")
    func fixturesExist() throws {
        #expect(try WireFixture.all().count >= 30)
    }

    @Test("whole stream in one chunk", arguments: fixtures)
    func whole(_ fixture: WireFixture) {
        let result = decodeRecords([fixture.bytes])
        #expect(result.error == nil)
        #expect(result.records == fixture.expected)
    }

    @Test("one byte at a time", arguments: fixtures)
    func bytewise(_ fixture: WireFixture) {
        let result = decodeRecords(Chunking.bytewise(fixture.bytes))
        #expect(result.error == nil)
        #expect(result.records == fixture.expected)
    }

    @Test("random chunk boundaries with empty chunks", arguments: fixtures)
    func randomChunks(_ fixture: WireFixture) {
        for seed in UInt64(1)...50 {
            var generator = SeededGenerator(seed: seed)
            let result = decodeRecords(Chunking.random(fixture.bytes, using: &generator))
            #expect(result.records == fixture.expected, "seed \(seed)")
        }
    }

    @Test("every split into two chunks", arguments: fixtures)
    func everySplit(_ fixture: WireFixture) {
        for cut in 0...fixture.bytes.count {
            let result = decodeRecords([Array(fixture.bytes[..<cut]), Array(fixture.bytes[cut...])])
            #expect(result.records == fixture.expected, "cut at \(cut)")
        }
    }

    @Test("in place, as byte views, at random boundaries", arguments: fixtures)
    func inPlace(_ fixture: WireFixture) throws {
        for seed in UInt64(1)...10 {
            var generator = SeededGenerator(seed: seed)
            var decoder = ServerSentEventDecoder()
            var records: [WireRecord] = []
            for chunk in Chunking.random(fixture.bytes, using: &generator) {
                try decoder.decodeInPlace(chunk) { output in
                    switch output {
                    case .event(let view): records.append(WireRecord(.event(view.event)))
                    case .reconnectionTime(let time): records.append(WireRecord(.reconnectionTime(time)))
                    }
                }
            }
            decoder.finish()
            #expect(records == fixture.expected, "seed \(seed)")
        }
    }

    @Test("AsyncSequence over array slices and non-contiguous chunks", arguments: fixtures)
    func asyncSequence(_ fixture: WireFixture) async throws {
        var generator = SeededGenerator(seed: 7)
        let chunks = Chunking.random(fixture.bytes, using: &generator)
        let expectedEvents = fixture.expected.filter { if case .event = $0 { true } else { false } }

        var slices: [WireRecord] = []
        for try await event in ChunkSequence(chunks: chunks.map { $0[...] }).serverSentEvents() {
            slices.append(WireRecord(.event(event)))
        }
        #expect(slices == expectedEvents)

        var nonContiguous: [WireRecord] = []
        for try await event in ChunkSequence(chunks: chunks.map(NonContiguousBytes.init)).serverSentEvents() {
            nonContiguous.append(WireRecord(.event(event)))
        }
        #expect(nonContiguous == expectedEvents)
    }
}
