import ServerSentEvents
import Testing

/// The decoder against a plain transliteration of the WHATWG algorithms (decode the whole
/// stream as UTF-8, strip a BOM, split lines, interpret fields), on random byte streams built
/// from the pieces that matter to the grammar, each decoded at random chunk boundaries.
@Suite("Differential: decoder vs spec transliteration")
struct DifferentialTests {
    static let pieces: [[UInt8]] =
        [
            "data", "event", "id", "retry", "dat", "Data", "ids", ":", ": ", " ", "\r", "\n", "\r\n", "\n\n",
            "x", "42", "007", "message", "é", "😀", "\u{FEFF}", "\u{2028}",
        ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xEF, 0xBB], [0xBF]]

    @Test("random streams decode as the spec says, at any chunking", arguments: UInt64(1)...40)
    func randomStreams(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<50 {
            var stream: [UInt8] = []
            if Bool.random(using: &generator) { stream += [0xEF, 0xBB, 0xBF] }
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                stream += Self.pieces.randomElement(using: &generator)!
            }
            let expected = SpecTransliteration.decode(stream)
            let chunkings = [[stream], Chunking.random(stream, using: &generator)]
            for chunks in chunkings {
                let result = decodeRecords(chunks)
                #expect(result.error == nil)
                #expect(result.records == expected, "stream \(stream)")
            }
            #expect(Self.decodeInPlace(chunkings[1]) == expected, "in place, stream \(stream)")
        }
    }

    /// Runs of text long enough to leave the line scanner's inline blocks (64 bytes) and cross
    /// its CR windows (2 KiB), so that breaks fall before, on and past every edge.
    static let longPieces: [[UInt8]] =
        ["data:", "data: ", "event:", "id:", ":", "\r", "\n", "\r\n", "\n\n", "é"].map { Array($0.utf8) }
        + [15, 16, 17, 63, 64, 65, 700, 1023, 1024, 1025, 2047, 2048, 2049, 4200].map {
            [UInt8](repeating: UInt8(ascii: "x"), count: $0)
        }

    @Test("random streams of long lines decode as the spec says, in chunks of any size", arguments: UInt64(1)...12)
    func longLines(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<12 {
            var stream: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                stream += Self.longPieces.randomElement(using: &generator)!
            }
            let expected = SpecTransliteration.decode(stream)
            // Whole, in network-sized chunks, and cut at random places up to 4 KiB apart: events
            // straddle chunks, and so do long data lines that become the data buffer.
            var chunkings = [[stream]]
            for size in [1000, 4096, 16384] { chunkings.append(Chunking.blocks(stream, of: size)) }
            var randomChunks: [[UInt8]] = []
            var start = 0
            while start < stream.count {
                let end = min(stream.count, start + Int.random(in: 1...4096, using: &generator))
                randomChunks.append(Array(stream[start..<end]))
                start = end
            }
            chunkings.append(randomChunks)
            for chunks in chunkings {
                let result = decodeRecords(chunks)
                #expect(result.error == nil)
                #expect(result.records == expected, "chunks of \(chunks.map(\.count))")
                #expect(Self.decodeInPlace(chunks) == expected, "in place, chunks of \(chunks.map(\.count))")
            }
        }
    }

    /// Event types that interleave (more of them than the decoder keeps made as strings), with
    /// one to three data lines whose first stays in the chunk while later ones are buffered.
    @Test("interleaved event types and multi-line data decode as the spec says", arguments: UInt64(1)...8)
    func interleavedTypes(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let types = ["messagePosted", "notice", "a", "inventorySnapshotOfTheWholeStore", "é", "typing", ""]
        var stream: [UInt8] = []
        for index in 0..<300 {
            let type = types[Int.random(in: 0..<(Bool.random(using: &generator) ? 2 : types.count), using: &generator)]
            var event = "event: \(type)\nid: \(index)\n"
            for line in 0..<Int.random(in: 1...3, using: &generator) { event += "data: line \(line) of \(index)\n" }
            stream += Array((event + "\n").utf8)
        }
        let expected = SpecTransliteration.decode(stream)
        for chunks in [[stream], Chunking.blocks(stream, of: 500), Chunking.random(stream, using: &generator)] {
            let result = decodeRecords(chunks)
            #expect(result.error == nil)
            #expect(result.records == expected)
            #expect(Self.decodeInPlace(chunks) == expected)
        }
    }
}

extension DifferentialTests {
    /// The records `decodeInPlace` gives, each event made into a value while its views are valid.
    static func decodeInPlace(_ chunks: [[UInt8]]) -> [WireRecord]? {
        var decoder = ServerSentEventDecoder()
        var records: [WireRecord] = []
        do {
            for chunk in chunks {
                try decoder.decodeInPlace(chunk) { output in
                    switch output {
                    case .event(let view): records.append(WireRecord(.event(view.event)))
                    case .reconnectionTime(let time): records.append(WireRecord(.reconnectionTime(time)))
                    }
                }
            }
        } catch {
            return nil
        }
        return records
    }
}

/// The spec's algorithms, transliterated as directly as possible; slow and obviously right.
enum SpecTransliteration {
    static func decode(_ bytes: [UInt8]) -> [WireRecord] {
        // "Streams must be decoded using the UTF-8 decode algorithm." (which strips one BOM)
        var scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }

        var lines: [[Unicode.Scalar]] = []
        var line: [Unicode.Scalar] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\r" || scalar == "\n" {
                lines.append(line)
                line = []
                if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
            } else {
                line.append(scalar)
            }
            index += 1
        }
        // What follows the last line break is an unfinished line: discarded at end of stream.

        var records: [WireRecord] = []
        var data = ""
        var type = ""
        var lastEventIDBuffer = ""
        var lastEventID = ""
        for line in lines.map({ String(String.UnicodeScalarView($0)) }) {
            if line.isEmpty {
                lastEventID = lastEventIDBuffer
                if data.isEmpty {
                    type = ""
                    continue
                }
                if data.hasSuffix("\n") { data.removeLast() }
                records.append(.event(type: type.isEmpty ? "message" : type, data: data, id: lastEventID))
                data = ""
                type = ""
                continue
            }
            if line.hasPrefix(":") { continue }
            let field: Substring
            var value: Substring
            if let colon = line.firstIndex(of: ":") {
                field = line[..<colon]
                value = line[line.index(after: colon)...]
                if value.hasPrefix(" ") { value.removeFirst() }
            } else {
                field = line[...]
                value = ""
            }
            switch field {
            case "event": type = String(value)
            case "data": data += value + "\n"
            case "id": if !value.unicodeScalars.contains("\0") { lastEventIDBuffer = String(value) }
            case "retry":
                if !value.isEmpty, value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
                    records.append(.retry(Int64(value) ?? .max))
                }
            default: break
            }
        }
        return records
    }
}
