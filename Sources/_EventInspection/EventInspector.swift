public import EventSchema
public import ServerSentEvents

/// What an event is, by the schema: one of the stream's events with a valid payload, the
/// server's loss signal, an event the stream does not carry, or one whose data is wrong.
public struct EventInspector: Sendable {
    /// What an event is.
    public enum Verdict: Sendable {
        /// One of the stream's events, its data as the schema says.
        case valid(Event)
        /// The server's loss signal.
        case replayGap(ServerSentEventReplayGap)
        /// An event the stream does not carry, and why.
        case unknown(reason: String)
        /// An event whose data the stream's decoders refuse, and why (with the path).
        case invalid(reason: String)
    }

    /// The schema.
    public let schema: Schema
    /// The stream the events come from; `nil` checks against every event of the schema.
    public let stream: EventStream?

    /// The events the stream carries, by wire name.
    private let carried: [String: Event]

    /// An inspector of `stream`'s events (every event of the schema when `nil`).
    public init(schema: Schema, stream: EventStream?) {
        self.schema = schema
        self.stream = stream
        let events =
            stream.map { stream in stream.events.compactMap { schema.event(named: $0.value) } } ?? schema.events
        // Wire names are unique per stream (validation); across a whole schema the first wins.
        carried = Dictionary(events.map { ($0.wireName.value, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The verdict on one event.
    public func inspect(_ event: ServerSentEvent) -> Verdict {
        if event.type == ServerSentEventReplayGap.eventType {
            guard let gap = ServerSentEventReplayGap(event) else {
                return .invalid(reason: "a '\(event.type)' event whose data is not the loss signal's JSON")
            }
            return .replayGap(gap)
        }
        guard let known = carried[event.type] else {
            if let stream, let elsewhere = schema.events.first(where: { $0.wireName.value == event.type }) {
                return .unknown(
                    reason: "the schema's event '\(elsewhere.name.value)' is not on stream '\(stream.name.value)'")
            }
            return .unknown(reason: "the schema has no event '\(event.type)'")
        }
        switch known.payload {
        case .none:
            return event.data.isEmpty
                ? .valid(known) : .invalid(reason: "'\(known.name.value)' has no payload, but the data is not empty")
        case .text:
            return .valid(known)
        case .json(let type):
            if let problem = PayloadInspector(schema: schema).problem(in: event.data, as: type) {
                return .invalid(reason: problem)
            }
            return .valid(known)
        }
    }
}
