import Foundation
import ServerSentEvents
import Testing

/// A decoder output in the shape of the shared wire fixtures and of `generate-events decode`.
enum WireRecord: Hashable, CustomStringConvertible {
    case event(type: String, data: String, id: String)
    case retry(Int64)

    init(_ output: ServerSentEventDecoder.Output) {
        switch output {
        case .event(let event): self = .event(type: event.type, data: event.data, id: event.id ?? "")
        case .reconnectionTime(let time):
            self = .retry(time.components.seconds * 1000 + time.components.attoseconds / 1_000_000_000_000_000)
        }
    }

    var description: String {
        switch self {
        case .event(let type, let data, let id):
            "event(\(type.debugDescription), \(data.debugDescription), id: \(id.debugDescription))"
        case .retry(let milliseconds): "retry(\(milliseconds))"
        }
    }
}

/// One case of `Tests/Fixtures/wire`: `NAME.sse` bytes and the `NAME.json` records they decode to.
struct WireFixture: CustomTestStringConvertible, Sendable {
    let name: String
    let bytes: [UInt8]
    let expected: [WireRecord]

    var testDescription: String { name }

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/wire")

    static func all() throws -> [WireFixture] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sse") }
            .map { String($0.dropLast(4)) }
            .sorted()
        return try names.map(load)
    }

    static func load(_ name: String) throws -> WireFixture {
        struct Raw: Decodable {
            var type: String?
            var data: String?
            var id: String?
            var retry: Int64?
        }
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("\(name).sse")))
        let raw = try JSONDecoder().decode(
            [Raw].self, from: Data(contentsOf: directory.appendingPathComponent("\(name).json")))
        let expected = raw.map { record in
            if let retry = record.retry { return WireRecord.retry(retry) }
            return .event(type: record.type!, data: record.data!, id: record.id!)
        }
        return WireFixture(name: name, bytes: bytes, expected: expected)
    }
}

/// SplitMix64: a seeded generator, so a failing chunking can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Chunking {
    /// Cuts `bytes` at random places, with empty chunks mixed in.
    static func random(_ bytes: [UInt8], using generator: inout some RandomNumberGenerator) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            if Int.random(in: 0..<4, using: &generator) == 0 { chunks.append([]) }
            let length = Int.random(in: 1...max(1, min(17, bytes.count - start)), using: &generator)
            chunks.append(Array(bytes[start..<start + length]))
            start += length
        }
        chunks.append([])
        return chunks
    }

    static func bytewise(_ bytes: [UInt8]) -> [[UInt8]] { bytes.map { [$0] } }

    /// Cuts `bytes` every `size` bytes, as a network delivers reads of one size.
    static func blocks(_ bytes: [UInt8], of size: Int) -> [[UInt8]] {
        stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
    }
}

/// Decodes `chunks` with one decoder, ending the stream; returns the records, and the error that
/// ended decoding, if any.
func decodeRecords(
    _ chunks: [[UInt8]],
    limits: ServerSentEventDecoder.Limits = .default
) -> (records: [WireRecord], error: ServerSentEventDecodingError?) {
    var decoder = ServerSentEventDecoder(limits: limits)
    var records: [WireRecord] = []
    do {
        for chunk in chunks {
            try decoder.decode(chunk) { records.append(WireRecord($0)) }
        }
        decoder.finish()
        return (records, nil)
    } catch {
        return (records, error as? ServerSentEventDecodingError)
    }
}

/// An async sequence over prepared chunks.
struct ChunkSequence<Chunk: Sendable>: AsyncSequence, Sendable {
    typealias Element = Chunk
    let chunks: [Chunk]
    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: IndexingIterator<[Chunk]>
        mutating func next() async -> Chunk? { remaining.next() }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks.makeIterator()) }
}

/// A byte collection without contiguous storage, like a rope or a chain of buffers.
struct NonContiguousBytes: Collection, Sendable {
    let bytes: [UInt8]
    var startIndex: Int { 0 }
    var endIndex: Int { bytes.count }
    func index(after index: Int) -> Int { index + 1 }
    subscript(position: Int) -> UInt8 { bytes[position] }
}
