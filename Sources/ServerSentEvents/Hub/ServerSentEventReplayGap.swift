#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The server's loss signal: events the client should have had are gone.
///
/// A ``ServerSentEventHub`` sends it, as an event of type `replay-gap`, when it cannot replay
/// from a subscriber's `Last-Event-ID` (the ID is older than the topic's replay window, or
/// unknown after a restart or on another instance), or when a subscriber fell behind under
/// ``ServerSentEventHub/SlowSubscriberPolicy/dropOldest``. A client that keeps state built from
/// the events (a list of messages, a price) should fetch that state again.
///
/// Generated Swift decoders deliver it as the `replayGap` case of every stream's event enum,
/// and the generated JavaScript module calls `onReplayGap({ lastEventId, firstEventId })`.
/// The event carries no `id:`, so the client's last event ID stays where it was.
public struct ServerSentEventReplayGap: Hashable, Sendable {
    /// The `event:` type of the signal on the wire.
    public static let eventType = "\(wireName)"

    /// ``eventType``, for generated decoders, which match types without making strings.
    @_spi(Generated) public static let wireName: StaticString = "replay-gap"

    /// The last event ID the client had (its `Last-Event-ID`).
    public var lastEventID: String
    /// The ID of the first event it gets next; `nil` when none is waiting.
    public var firstEventID: String?

    /// Creates a signal.
    public init(lastEventID: String, firstEventID: String?) {
        self.lastEventID = lastEventID
        self.firstEventID = firstEventID
    }

    /// The signal in `event`, or `nil` when `event` is not one (another type, or data that is
    /// not `{"lastEventID":…,"firstEventID":…}`).
    public init?(_ event: ServerSentEvent) {
        struct Wire: Decodable {
            var lastEventID: String
            var firstEventID: String?
        }
        guard event.type == Self.eventType,
            let wire = try? JSONDecoder().decode(Wire.self, from: Data(event.data.utf8))
        else { return nil }
        self.init(lastEventID: wire.lastEventID, firstEventID: wire.firstEventID)
    }

    /// The signal as an event: `{"lastEventID":"41","firstEventID":"57"}` (`null` when no event
    /// is waiting), without an ID.
    public var event: ServerSentEvent {
        ServerSentEvent(
            type: Self.eventType,
            data: "{\"lastEventID\":\(Self.jsonString(lastEventID)),\"firstEventID\":"
                + (firstEventID.map(Self.jsonString) ?? "null") + "}"
        )
    }

    private static func jsonString(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
