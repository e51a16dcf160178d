/// Where an event stands in its topic's history: the event ID a ``ServerSentEventHub`` gives.
///
/// The **epoch** names one history of one topic: the in-memory log draws a fresh one for each
/// topic in each process, a shared log (PostgreSQL) keeps one per topic for as long as the
/// topic's rows exist. The **offset** counts that history's events, 1, 2, 3… without gaps.
/// On the wire the two are one opaque ID, `<epoch>-<offset>`, e.g. `k3v9x2q1-42`: letters,
/// digits and one hyphen, safe in a header, a query parameter and an `id:` field alike.
///
/// An ID from another process, epoch or topic names another history, so the hub never
/// matches it by accident: it answers with the ``ServerSentEventReplayGap`` loss signal.
public struct ServerSentEventPosition: Hashable, Sendable, CustomStringConvertible {
    /// The history: 1 to 32 ASCII letters and digits.
    public var epoch: String
    /// The event's place in that history; 0 is the place before the first event.
    public var offset: UInt64

    /// Creates a position.
    ///
    /// - Precondition: `epoch` is 1 to ``maximumEpochLength`` ASCII letters and digits.
    public init(epoch: String, offset: UInt64) {
        precondition(Self.isValidEpoch(epoch), "an epoch is 1 to 32 ASCII letters and digits, not \(epoch)")
        self.epoch = epoch
        self.offset = offset
    }

    /// Reads an event ID; `nil` when it is not one a hub gives (any other text: a publisher's
    /// ID, a number from an older version, garbage).
    public init?(_ eventID: String) {
        let utf8 = eventID.utf8
        guard let hyphen = utf8.lastIndex(of: UInt8(ascii: "-")) else { return nil }
        let epoch = String(eventID[..<hyphen])
        let digits = utf8[utf8.index(after: hyphen)...]
        // One spelling per offset: no sign, no leading zero, so that an ID compares as text too.
        guard Self.isValidEpoch(epoch), let first = digits.first, first != UInt8(ascii: "0") || digits.count == 1,
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let offset = UInt64(Substring(digits))
        else { return nil }
        self.epoch = epoch
        self.offset = offset
    }

    /// The longest epoch.
    public static let maximumEpochLength = 32

    /// The event ID: `<epoch>-<offset>`.
    public var description: String { "\(epoch)-\(offset)" }

    /// The position of the event after this one in the same history.
    public var next: Self { Self(uncheckedEpoch: epoch, offset: offset + 1) }

    /// A new epoch of 10 random lowercase letters and digits (about 51 bits).
    public static func randomEpoch() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        return String(decoding: (0..<10).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
    }

    static func isValidEpoch(_ epoch: String) -> Bool {
        !epoch.isEmpty && epoch.utf8.count <= maximumEpochLength
            && epoch.utf8.allSatisfy { byte in
                let letter = byte | 0x20  // ASCII lowercase
                return (letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            }
    }

    private init(uncheckedEpoch epoch: String, offset: UInt64) {
        self.epoch = epoch
        self.offset = offset
    }
}
