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
        guard event.type == Self.eventType else { return nil }
        var data = event.data
        let fields = data.withUTF8 { utf8 in
            try? JSONReader.read(UnsafeRawBufferPointer(utf8)) {
                (reader) throws(JSONPayloadError) -> (last: String?, first: String?) in
                try reader.beginObject()
                var fields: (last: String?, first: String?) = (nil, nil)
                while let key = try reader.nextMember() {
                    switch key {
                    case "lastEventID": fields.last = try reader.readString()
                    case "firstEventID": fields.first = try reader.readNull() ? nil : reader.readString()
                    default: try reader.skipValue()
                    }
                }
                return fields
            }
        }
        guard let fields, let lastEventID = fields.last else { return nil }
        self.init(lastEventID: lastEventID, firstEventID: fields.first)
    }

    /// The signal as an event: `{"lastEventID":"41","firstEventID":"57"}` (`null` when no event
    /// is waiting), without an ID.
    public var event: ServerSentEvent {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("lastEventID")
        writer.write(lastEventID)
        writer.key("firstEventID")
        if let firstEventID { writer.write(firstEventID) } else { writer.writeNull() }
        writer.endObject()
        return ServerSentEvent(type: Self.eventType, data: String(decoding: writer.bytes, as: UTF8.self))
    }
}
