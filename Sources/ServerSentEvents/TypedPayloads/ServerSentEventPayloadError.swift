/// An event whose data does not match its type in the schema: JSON that does not decode, a
/// missing required property, a value outside its `enum`, `const` or bounds.
///
/// It names the event's type and ID, so a log line leads to the event that was sent.
public struct ServerSentEventPayloadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The event's type (its wire name).
    public var eventType: String
    /// The last event ID when it arrived, if any.
    public var id: String?
    /// What is wrong, with the path to the value: "at author.name: …".
    public var reason: String
    /// The event as it arrived.
    public var event: ServerSentEvent

    /// Creates an error about `event`.
    public init(event: ServerSentEvent, reason: String) {
        self.eventType = event.type
        self.id = event.id
        self.reason = reason
        self.event = event
    }

    /// A sentence for logs: `event 'messagePosted' (id 42): at author: required property 'id' is missing`.
    public var description: String {
        "event '\(eventType)'\(id.map { " (id \($0))" } ?? ""): \(reason)"
    }
}
