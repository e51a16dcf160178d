import OpenAPIRuntime
import ServerSentEvents

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Throughput of the `ServerSentEvents` framing against swift-openapi-runtime 1.13.4's on the
/// same input in one run, with a `memchr` pass over the input as the floor. Not a test: it
/// prints a table.
///
///     swift run -c release --package-path Benchmarks FramingBenchmark [MiB] [--ours-only] [--filter TEXT] [--targets]
///     swift run -c release --package-path Benchmarks FramingBenchmark --probe [UNIT] [--probe-chunk KiB]
@main
enum FramingBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        let sizeMiB = arguments.first.flatMap(Int.init) ?? 64
        let measuresPeer = !arguments.contains("--ours-only")
        /// The argument after `option`, unless it is another option.
        func value(after option: String) -> String? {
            guard let index = arguments.firstIndex(of: option), index + 1 < arguments.endIndex,
                !arguments[index + 1].hasPrefix("--")
            else { return nil }
            return arguments[index + 1]
        }
        if arguments.contains("--probe") {
            let onlyUnit = value(after: "--probe")
            let chunkSize = (value(after: "--probe-chunk").flatMap(Int.init) ?? 64) << 10
            for (name, unit) in [
                ("comments", ": heartbeat\n"), ("tiny events", "data: x\n\n"),
                ("id+data events", "id: 1000123\ndata: x\n\n"),
                ("type+id+data events", "event: messagePosted\nid: 1000123\ndata: x\n\n"),
                (
                    "type+id+250 B data events",
                    "event: messagePosted\nid: 1000123\ndata: " + String(repeating: "{\"k\":\"value\"}", count: 17)
                        + "\n\n"
                ),
            ] {
                if let onlyUnit, !name.hasPrefix(onlyUnit) { continue }
                let bytes = Array(String(repeating: unit, count: (16 << 20) / unit.utf8.count).utf8)
                let lines = Measurement.lineCount(bytes)
                let chunks = stride(from: 0, to: bytes.count, by: chunkSize).map {
                    bytes[$0..<min($0 + chunkSize, bytes.count)]
                }
                let ours = Measurement.best(of: 5, "ours", bytes: bytes.count) { decodeChecksum(chunks) }
                let inPlace = Measurement.best(of: 5, "in place", bytes: bytes.count) {
                    decodeInPlaceChecksum(chunks)
                }
                let reference = Measurement.best(of: 5, "reference", bytes: bytes.count) {
                    bytes.withUnsafeBytes(ReferenceDecoders.minimalEvents)
                }
                print(
                    name, "ns/line ours:", Measurement.format(ours.seconds * 1e9 / Double(lines), 1),
                    "in place:", Measurement.format(inPlace.seconds * 1e9 / Double(lines), 1),
                    "reference:", Measurement.format(reference.seconds * 1e9 / Double(lines), 1)
                )
            }
            return
        }
        if arguments.contains("--targets") {
            // Only the target lines, from more alternating runs: for comparing builds.
            for shape in [Workload.Shape.chat, .snapshots] {
                print("\(shape):")
                printTargets(Workload(targetSize: sizeMiB << 20, shape: shape), runs: 21)
            }
            return
        }
        try await run(
            Workload(targetSize: sizeMiB << 20, shape: .chat),
            title: "chat-like: JSON events with event: and id:, multi-line text events, heartbeat comments, retry",
            measuresPeer: measuresPeer
        )
        if Measurement.filter == nil {
            try await run(
                Workload(targetSize: sizeMiB << 20, shape: .snapshots),
                title: "snapshots: ~2 KiB JSON documents with event: and id:",
                measuresPeer: measuresPeer
            )
        }
    }

    /// The target of issue 18: the `String` decoder within 1.3× of the minimal reference.
    static func printTargets(_ workload: Workload, runs: Int = 11) {
        for chunkSize in [4 << 10, 64 << 10] {
            let chunks = workload.chunks(of: chunkSize)
            let ratio = Measurement.pairedRatio(
                of: { decodeChecksum(chunks) }, to: { workload.bytes.withUnsafeBytes(ReferenceDecoders.minimalEvents) },
                runs: runs)
            print(
                "target: sync decoder (\(chunkSize >> 10) KiB chunks) within 1.3× of the minimal reference:",
                "\(Measurement.format(ratio, 2))× (alternating runs),", ratio <= 1.3 ? "met" : "NOT met"
            )
        }
    }

    /// Runs every measurement on one workload, from a nonisolated context, so that no
    /// sequence pays an actor hop per element.
    nonisolated static func run(_ workload: Workload, title: String, measuresPeer: Bool) async throws {
        let bytes = workload.bytes
        print("")
        print(
            "stream: \(Measurement.format(Double(bytes.count) / Double(1 << 20), 1)) MiB, \(workload.events.count) events, \(Measurement.lineCount(bytes)) lines"
        )
        print("        \(title)")
        var results: [Measurement] = []

        results.append(
            Measurement.best(of: 5, "memchr LF pass (floor)", bytes: bytes.count) { Measurement.lineCount(bytes) }
        )
        results.append(
            Measurement.best(of: 5, "reference: memchr lines + a String per data line", bytes: bytes.count) {
                bytes.withUnsafeBytes(ReferenceDecoders.linesAndDataStrings)
            }
        )
        results.append(
            Measurement.best(of: 5, "reference: minimal event decoder, LF only", bytes: bytes.count) {
                bytes.withUnsafeBytes(ReferenceDecoders.minimalEvents)
            }
        )

        for chunkSize in [4 << 10, 64 << 10] {
            let chunks = workload.chunks(of: chunkSize)
            let label = "\(chunkSize >> 10) KiB chunks"
            results.append(
                Measurement.best(of: 5, "ours: sync decoder, \(label)", bytes: bytes.count) {
                    decodeChecksum(chunks)
                }
            )
            results.append(
                Measurement.best(of: 5, "ours: sync decoder in place (byte views), \(label)", bytes: bytes.count) {
                    decodeInPlaceChecksum(chunks)
                }
            )
            results.append(
                try await Measurement.best(of: 5, "ours: AsyncSequence, \(label)", bytes: bytes.count) {
                    var checksum = 0
                    for try await event in Chunks(chunks: chunks).serverSentEvents() {
                        checksum &+= checksumOf(event)
                    }
                    return checksum
                }
            )
            if measuresPeer {
                results.append(
                    try await Measurement.best(
                        of: 2, "openapi-runtime: asDecodedServerSentEvents, \(label)", bytes: bytes.count
                    ) {
                        var checksum = 0
                        for try await event in Chunks(chunks: chunks).asDecodedServerSentEvents() {
                            checksum &+=
                                (event.event?.utf8.count ?? 0) &+ (event.data?.utf8.count ?? 0)
                                &+ (event.id?.utf8.count ?? 0) &+ 1
                        }
                        return checksum
                    }
                )
            }
        }

        results.append(
            Measurement.best(of: 5, "ours: encoder", bytes: bytes.count) {
                let encoder = ServerSentEventEncoder()
                var buffer: [UInt8] = []
                buffer.reserveCapacity(64 << 10)
                var total = 0
                for event in workload.events {
                    try! encoder.encode(event, into: &buffer)
                    if buffer.count >= 60 << 10 {
                        total &+= buffer.count
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                return total &+ buffer.count
            }
        )
        if measuresPeer {
            let peerEvents = workload.events.map {
                OpenAPIRuntime.ServerSentEvent(id: $0.id, event: $0.type, data: $0.data)
            }
            results.append(
                try await Measurement.best(of: 2, "openapi-runtime: asEncodedServerSentEvents", bytes: bytes.count) {
                    var total = 0
                    for try await chunk in Events(events: peerEvents).asEncodedServerSentEvents() {
                        total &+= chunk.count
                    }
                    return total
                }
            )
        }
        Measurement.printTable(results, events: workload.events.count)
        guard Measurement.filter == nil else { return }

        printTargets(workload)

        // Memory: decode the stream once, then eight times over; the peak must not grow.
        func decodeRepeated(_ repetitions: Int) async throws -> Int {
            var count = 0
            for try await _ in Chunks(chunks: workload.chunks(of: 64 << 10), repetitions: repetitions)
                .serverSentEvents()
            {
                count += 1
            }
            return count
        }
        _ = try await decodeRepeated(1)
        let afterOne = Measurement.peakResidentMiB()
        let eventsDecoded = try await decodeRepeated(8)
        let afterEight = Measurement.peakResidentMiB()
        print(
            "memory: peak RSS \(Measurement.format(afterOne, 1)) MiB after one pass, "
                + "\(Measurement.format(afterEight, 1)) MiB after 8 more passes (\(eventsDecoded) events): "
                + (afterEight - afterOne < 8 ? "flat" : "GREW")
        )
    }
}

/// What every decoder's consumer reads of an event: all three fields, so that no decoder's
/// strings can be optimised away unused.
@inline(__always)
func checksumOf(_ event: ServerSentEvents.ServerSentEvent) -> Int {
    event.type.utf8.count &+ event.data.utf8.count &+ (event.id?.utf8.count ?? 0) &+ 1
}

/// Decodes every chunk with `decode`; the checksum keeps the work from being optimised away.
func decodeChecksum(_ chunks: [ArraySlice<UInt8>]) -> Int {
    var decoder = ServerSentEventDecoder()
    var checksum = 0
    for chunk in chunks {
        try! decoder.decode(chunk) { output in
            if case .event(let event) = output { checksum &+= checksumOf(event) }
        }
    }
    decoder.finish()
    return checksum
}

/// The same with `decodeInPlace`: byte views, no `String`.
func decodeInPlaceChecksum(_ chunks: [ArraySlice<UInt8>]) -> Int {
    var decoder = ServerSentEventDecoder()
    var checksum = 0
    for chunk in chunks {
        try! decoder.decodeInPlace(chunk) { output in
            if case .event(let event) = output {
                checksum &+= event.type.count &+ event.data.count &+ event.lastEventID.count &+ 1
            }
        }
    }
    decoder.finish()
    return checksum
}

/// What a decoder that returns `String`s cannot beat on this machine, measured in the same run:
/// the cost of finding the lines and making the strings, with none of the spec's rules.
enum ReferenceDecoders {
    static func linesAndDataStrings(_ buffer: UnsafeRawBufferPointer) -> Int {
        var checksum = 0
        var offset = 0
        let base = buffer.baseAddress!
        while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
            let end = base.distance(to: UnsafeRawPointer(found))
            if end - offset > 5, buffer[offset] == UInt8(ascii: "d") {
                checksum &+= string(buffer, (offset + 6)..<end).utf8.count
            }
            offset = end + 1
        }
        return checksum
    }

    /// LF-terminated lines, fields told apart by their first byte, one data line an event.
    static func minimalEvents(_ buffer: UnsafeRawBufferPointer) -> Int {
        var checksum = 0
        var offset = 0
        let base = buffer.baseAddress!
        var type = ""
        var id = ""
        var dataRange: Range<Int>? = nil
        while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
            let end = base.distance(to: UnsafeRawPointer(found))
            if end == offset {
                if let dataRange {
                    let event = ServerSentEvents.ServerSentEvent(
                        type: type.isEmpty ? "message" : type,
                        data: string(buffer, dataRange),
                        id: id.isEmpty ? nil : id
                    )
                    checksum &+= checksumOf(event)
                    type = ""
                }
                dataRange = nil
            } else if buffer[offset] == UInt8(ascii: "d") {
                dataRange = (offset + 6)..<end
            } else if buffer[offset] == UInt8(ascii: "e") {
                type = string(buffer, (offset + 7)..<end)
            } else if buffer[offset] == UInt8(ascii: "i") {
                id = string(buffer, (offset + 4)..<end)
            }
            offset = end + 1
        }
        return checksum
    }

    static func string(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(
            decoding: UnsafeRawBufferPointer(rebasing: buffer[range]).assumingMemoryBound(to: UInt8.self), as: UTF8.self
        )
    }
}
