import ServerSentEvents

/// A deterministic, realistic event stream.
struct Workload {
    enum Shape {
        /// Chat-like JSON events (about 300 bytes) with `event:` and `id:`, one in twenty with
        /// non-ASCII text, multi-line text events, heartbeat comments and an occasional `retry:`.
        case chat
        /// State snapshots: JSON documents of about 2 KiB with `event:` and `id:`.
        case snapshots
    }

    let bytes: [UInt8]
    let events: [ServerSentEvents.ServerSentEvent]

    init(targetSize: Int, shape: Shape) {
        var generator = SplitMix64(seed: 2026)
        let encoder = ServerSentEventEncoder()
        let names = ["Ada", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances"]
        let words = ["event", "stream", "swift", "typed", "server", "push", "retry", "reconnect", "chat", "price"]
        var bytes: [UInt8] = []
        var events: [ServerSentEvents.ServerSentEvent] = []
        bytes.reserveCapacity(targetSize + 4096)
        encoder.encodeRetry(.seconds(2), into: &bytes)
        var id = 1_000_000
        while bytes.count < targetSize {
            id += 1
            let roll = generator.next() % 100
            let event: ServerSentEvents.ServerSentEvent
            if roll < 2 {
                encoder.encodeComment("heartbeat", into: &bytes)
                continue
            } else if roll < 3 {
                encoder.encodeRetry(.milliseconds(Int(1000 + generator.next() % 4000)), into: &bytes)
                continue
            } else if shape == .snapshots {
                let items = (0..<24).map { index in
                    #"{"sku":"SKU-\#(generator.next() % 100_000)","name":"\#(words[index % 10]) \#(words[(index + 3) % 10])","price":"\#(generator.next() % 10_000).\#(10 + generator.next() % 90)","stock":\#(generator.next() % 500)}"#
                }
                event = .init(
                    type: "inventorySnapshot",
                    data: #"{"store":"s-\#(id % 97)","items":[\#(items.joined(separator: ","))]}"#, id: String(id))
            } else if roll < 15 {
                let lines = (0..<(2 + Int(generator.next() % 4))).map { _ in
                    (0..<(3 + Int(generator.next() % 8))).map { _ in words[Int(generator.next() % 10)] }.joined(
                        separator: " ")
                }
                event = .init(type: "notice", data: lines.joined(separator: "\n"), id: String(id))
            } else {
                let author = names[Int(generator.next() % 8)]
                var text = (0..<(4 + Int(generator.next() % 20))).map { _ in words[Int(generator.next() % 10)] }.joined(
                    separator: " ")
                if generator.next() % 20 == 0 { text += " ¡olé! 👍" }
                let data =
                    #"{"messageID":"m-\#(id)","author":{"id":"6f1c2b7e-\#(generator.next() % 10000)-4e0a-9b1e-3c5d7a9e2f10","name":"\#(author)","role":"member"},"text":"\#(text)","sentAt":"2026-11-25T06:\#(10 + id % 50):\#(10 + id % 49).123Z","reactions":{"+1":\#(generator.next() % 9)}}"#
                event = .init(type: "messagePosted", data: data, id: String(id))
            }
            try! encoder.encode(event, into: &bytes)
            events.append(event)
        }
        self.bytes = bytes
        self.events = events
    }

    /// The stream cut into chunks of `size` bytes, as a network would deliver it.
    func chunks(of size: Int) -> [ArraySlice<UInt8>] {
        stride(from: 0, to: bytes.count, by: size).map { bytes[$0..<min($0 + size, bytes.count)] }
    }
}

struct SplitMix64 {
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

/// Chunks as an `AsyncSequence`, costing nothing but the iteration itself.
struct Chunks: AsyncSequence, Sendable {
    typealias Element = ArraySlice<UInt8>
    let chunks: [ArraySlice<UInt8>]
    var repetitions = 1

    struct AsyncIterator: AsyncIteratorProtocol {
        let chunks: [ArraySlice<UInt8>]
        var remainingRepetitions: Int
        var index = 0
        mutating func next() async -> ArraySlice<UInt8>? { nextChunk() }
        mutating func next(isolation actor: isolated (any Actor)?) async -> ArraySlice<UInt8>? { nextChunk() }
        mutating func nextChunk() -> ArraySlice<UInt8>? {
            if index == chunks.count {
                remainingRepetitions -= 1
                guard remainingRepetitions > 0 else { return nil }
                index = 0
            }
            defer { index += 1 }
            return chunks[index]
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: chunks, remainingRepetitions: repetitions)
    }
}

/// Events as an `AsyncSequence`, for openapi-runtime's encoder.
struct Events<Event: Sendable>: AsyncSequence, Sendable {
    typealias Element = Event
    let events: [Event]
    struct AsyncIterator: AsyncIteratorProtocol {
        var base: IndexingIterator<[Event]>
        mutating func next() async -> Event? { base.next() }
        mutating func next(isolation actor: isolated (any Actor)?) async -> Event? { base.next() }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: events.makeIterator()) }
}
