// libFuzzer entry for the decoder, compiled with the runtime's framing sources by
// scripts/fuzz.sh decoder (swiftc -sanitize=fuzzer,address). For every input, it checks what
// must hold whatever the bytes: decoding never crashes or traps; the same bytes cut anywhere
// decode to the same events; every event encodes and decodes back to itself; the limits hold.

/// One input: decoded whole, cut in two where its first byte says, and a byte at a time.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let limits = ServerSentEventDecoder.Limits(maximumLineLength: 512, maximumEventSize: 2_048)
    let whole = decode([bytes[...]], limits: limits)
    // The first byte picks where to cut, so that the fuzzer explores chunk boundaries too.
    let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    let split = decode([bytes[..<cut], bytes[cut...]], limits: limits)
    let oneByOne = decode(bytes.indices.map { bytes[$0...$0] }, limits: limits)
    guard whole == split, whole == oneByOne else { fatalError("chunking changed the outcome") }
    if case .events(let outputs) = whole {
        for case .event(let event) in outputs {
            // The limit counts bytes as they came; each invalid one becomes U+FFFD, three bytes.
            guard event.data.utf8.count <= 3 * limits.maximumEventSize else { fatalError("an event past its limit") }
            guard let encoded = try? ServerSentEventEncoder().encode(event) else { continue }
            guard decode([encoded[...]], limits: .default) == .events([.event(event)]) else {
                fatalError("an event did not survive encoding")
            }
        }
    }
    return 0
}

enum Outcome: Equatable {
    case events([ServerSentEventDecoder.Output])
    case refused
}

func decode(_ chunks: [ArraySlice<UInt8>], limits: ServerSentEventDecoder.Limits) -> Outcome {
    var decoder = ServerSentEventDecoder(limits: limits)
    var outputs: [ServerSentEventDecoder.Output] = []
    do {
        for chunk in chunks { try decoder.decode(chunk) { outputs.append($0) } }
    } catch {
        return .refused
    }
    decoder.finish()
    return .events(outputs)
}
