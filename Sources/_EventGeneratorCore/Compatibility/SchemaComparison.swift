public import EventSchema

/// Every change between two versions of a schema, classified (``SchemaChange/Category``).
///
/// Events flow from server to client, and both directions of a deploy must keep working:
/// deployed clients read what new servers send, and new clients read old events (replayed from a
/// durable log, or sent by servers still on old code). So a payload change is compatible on the
/// wire only when each version's decoder accepts and reads alike what the other's emitter sends.
/// The rules, one per change, are listed in the documentation (The schema as a contract).
public enum SchemaComparison {
    /// The changes from `old` to `new`, in the order of the new schema.
    public static func changes(from old: Schema, to new: Schema) -> [SchemaChange] {
        var comparison = Comparison(old: old, new: new)
        comparison.compareSchemas()
        return comparison.changes
    }
}

/// The walk: streams, then events, then their payloads.
struct Comparison {
    let old: Schema
    let new: Schema
    var changes: [SchemaChange] = []
    /// Named types already compared as a pair: recursive types end here.
    var comparedTypes: Set<[String]> = []

    init(old: Schema, new: Schema) {
        self.old = old
        self.new = new
    }

    mutating func record(
        _ category: SchemaChange.Category, _ message: String, at location: SourceLocation,
        was oldLocation: SourceLocation? = nil
    ) {
        changes.append(SchemaChange(category, message, at: location, was: oldLocation))
    }

    mutating func compareSchemas() {
        if old.name.value != new.name.value {
            record(
                .source,
                "the schema's name changed from '\(old.name.value)' to '\(new.name.value)': the generated Swift types and the JavaScript module are named after it",
                at: new.name.location, was: old.name.location)
        }
        let events = matchEvents()
        compareStreams(events: events)
        compareEvents(events)
    }

    // MARK: Streams

    private mutating func compareStreams(events: EventMatch) {
        var unmatchedOld = old.streams
        var pairs: [(old: EventStream, new: EventStream)] = []
        var added: [EventStream] = []
        for stream in new.streams {
            if let index = unmatchedOld.firstIndex(where: { $0.name.value == stream.name.value }) {
                pairs.append((unmatchedOld.remove(at: index), stream))
            } else if let index = unmatchedOld.firstIndex(where: { Self.pathShape($0) == Self.pathShape(stream) }),
                !new.streams.contains(where: { $0.name.value == unmatchedOld[index].name.value })
            {
                let renamed = unmatchedOld.remove(at: index)
                record(
                    .source,
                    "stream '\(renamed.name.value)' is now '\(stream.name.value)' (same path): generated emitters, decoders and the JavaScript connect function are renamed",
                    at: stream.name.location, was: renamed.name.location)
                pairs.append((renamed, stream))
            } else {
                added.append(stream)
            }
        }
        for stream in unmatchedOld {
            record(
                .wire,
                "stream '\(stream.name.value)' (\(stream.path.value)) was removed: deployed clients that open it get an error and reconnect forever",
                at: new.name.location, was: stream.name.location)
        }
        for stream in added {
            record(.compatible, "stream '\(stream.name.value)' (\(stream.path.value)) is new", at: stream.name.location)
        }
        for (oldStream, newStream) in pairs {
            compare(oldStream, newStream, events: events)
        }
    }

    /// What a change of `ids:` does to clients that resume with `Last-Event-ID`.
    static func idsConsequence(from old: EventStream.IDPolicy, to new: EventStream.IDPolicy) -> String {
        switch (old, new) {
        case (.required, _):
            "deployed clients count on every event having an ID; after one without, a client that reconnects resumes from an earlier event and gets events twice"
        case (_, .required):
            "new clients count on every event having an ID, and events sent before may have none; after one of those, a client that reconnects resumes from an earlier event"
        default:
            "clients of the two versions resume from different events"
        }
    }

    /// `/rooms/{}/events` for `/rooms/{roomID}/events`: what a request URL matches.
    static func pathShape(_ stream: EventStream) -> String {
        stream.pathSegments.map {
            switch $0 {
            case .literal(let text): text
            case .parameter: "{}"
            }
        }.joined()
    }

    private mutating func compare(_ oldStream: EventStream, _ newStream: EventStream, events: EventMatch) {
        let name = "stream '\(newStream.name.value)'"
        if Self.pathShape(oldStream) != Self.pathShape(newStream) {
            record(
                .wire,
                "\(name) moved from \(oldStream.path.value) to \(newStream.path.value): deployed clients open the old path",
                at: newStream.path.location, was: oldStream.path.location)
        } else if oldStream.pathParameters.map(\.value) != newStream.pathParameters.map(\.value) {
            record(
                .source,
                "\(name) renamed its path parameters (\(oldStream.path.value) → \(newStream.path.value)): generated path functions and JavaScript parameters take the new names",
                at: newStream.path.location, was: oldStream.path.location)
        }
        if oldStream.ids != newStream.ids {
            record(
                .wire,
                "\(name) changed 'ids' from \(oldStream.ids.rawValue) to \(newStream.ids.rawValue): "
                    + Self.idsConsequence(from: oldStream.ids, to: newStream.ids),
                at: newStream.name.location, was: oldStream.name.location)
        }
        if oldStream.retryMilliseconds != newStream.retryMilliseconds {
            record(
                .compatible,
                "\(name) changed 'retry' from \(oldStream.retryMilliseconds.map { "\($0) ms" } ?? "none") to \(newStream.retryMilliseconds.map { "\($0) ms" } ?? "none")",
                at: newStream.name.location, was: oldStream.name.location)
        }
        if oldStream.heartbeatSeconds != newStream.heartbeatSeconds {
            record(
                .compatible,
                "\(name) changed 'heartbeat' from \(ExportText.seconds(oldStream.heartbeatSeconds)) s to \(ExportText.seconds(newStream.heartbeatSeconds)) s"
                    + (newStream.heartbeatSeconds == 0 || newStream.heartbeatSeconds > 30
                        ? ": proxies that close idle connections after 30 to 60 s may cut the stream" : ""),
                at: newStream.name.location, was: oldStream.name.location)
        }
        if oldStream.deprecation == nil, newStream.deprecation != nil {
            record(.compatible, "\(name) is now deprecated", at: newStream.name.location)
        }
        // Membership, by the matched events.
        let oldKeys = Set(oldStream.events.map(\.value))
        let newKeys = Set(newStream.events.map(\.value))
        for key in oldStream.events {
            // An event removed from the schema altogether is reported with the events.
            guard let newKey = events.newKey(forOld: key.value), !newKeys.contains(newKey) else { continue }
            record(
                .wire,
                "\(name) no longer carries '\(key.value)': new clients drop it when the log replays it or a server on old code sends it",
                at: newStream.name.location, was: key.location)
        }
        for key in newStream.events where events.oldKey(forNew: key.value).map({ !oldKeys.contains($0) }) ?? true {
            record(
                .source,
                "\(name) now carries '\(key.value)': an exhaustive Swift 'switch' over the stream's events no longer compiles; deployed clients get it as an unknown event",
                at: key.location)
        }
    }

    // MARK: Events

    /// Old and new events paired: by key, then by wire name (a renamed key).
    struct EventMatch {
        var pairs: [(old: Event, new: Event)] = []
        var removed: [Event] = []
        var added: [Event] = []

        func newKey(forOld key: String) -> String? { pairs.first { $0.old.name.value == key }?.new.name.value }
        func oldKey(forNew key: String) -> String? { pairs.first { $0.new.name.value == key }?.old.name.value }
    }

    private func matchEvents() -> EventMatch {
        var match = EventMatch()
        var unmatchedOld = old.events
        var unmatchedNew: [Event] = []
        for event in new.events {
            if let index = unmatchedOld.firstIndex(where: { $0.name.value == event.name.value }) {
                match.pairs.append((unmatchedOld.remove(at: index), event))
            } else {
                unmatchedNew.append(event)
            }
        }
        for event in unmatchedNew {
            if let index = unmatchedOld.firstIndex(where: { $0.wireName.value == event.wireName.value }) {
                match.pairs.append((unmatchedOld.remove(at: index), event))
            } else {
                match.added.append(event)
            }
        }
        match.removed = unmatchedOld
        return match
    }

    private mutating func compareEvents(_ match: EventMatch) {
        for event in match.removed {
            let streams = old.streams.filter { stream in stream.events.contains { $0.value == event.name.value } }
            let stillServed = streams.filter { stream in new.streams.contains { $0.name.value == stream.name.value } }
            if stillServed.isEmpty {
                record(
                    .source,
                    "event '\(event.name.value)' was removed: its generated types and cases are gone",
                    at: new.name.location, was: event.name.location)
            } else {
                record(
                    .wire,
                    "event '\(event.name.value)' (\(event.wireName.value)) was removed: new clients drop it when the log replays it or a server on old code sends it",
                    at: new.name.location, was: event.name.location)
            }
        }
        for (oldEvent, newEvent) in match.pairs {
            compare(oldEvent, newEvent)
        }
    }

    private mutating func compare(_ oldEvent: Event, _ newEvent: Event) {
        let name = "event '\(newEvent.name.value)'"
        if oldEvent.name.value != newEvent.name.value {
            record(
                .source,
                "event '\(oldEvent.name.value)' is now '\(newEvent.name.value)' (same wire name): its generated case, send method and handler are renamed",
                at: newEvent.name.location, was: oldEvent.name.location)
        }
        if oldEvent.wireName.value != newEvent.wireName.value {
            record(
                .wire,
                "\(name) changed its wire name from '\(oldEvent.wireName.value)' to '\(newEvent.wireName.value)': deployed clients no longer recognize it",
                at: newEvent.wireName.location, was: oldEvent.wireName.location)
        }
        if oldEvent.isTerminal != newEvent.isTerminal {
            record(
                .wire,
                newEvent.isTerminal
                    ? "\(name) is now terminal: deployed clients reconnect after it and the server has ended the stream"
                    : "\(name) is no longer terminal: deployed clients stop at it and miss the events after it",
                at: newEvent.name.location, was: oldEvent.name.location)
        }
        if oldEvent.deprecation == nil, newEvent.deprecation != nil {
            record(.compatible, "\(name) is now deprecated", at: newEvent.name.location)
        }
        switch (oldEvent.payload, newEvent.payload) {
        case (.none, .none), (.text, .text): break
        case (.json(let oldPayload), .json(let newPayload)):
            compare(oldPayload, newPayload, at: PayloadPlace(event: newEvent.name.value))
        default:
            record(
                .wire,
                "\(name) changed its data from \(Self.describe(oldEvent.payload)) to \(Self.describe(newEvent.payload)): deployed clients cannot read it",
                at: newEvent.name.location, was: oldEvent.name.location)
        }
    }

    static func describe(_ payload: Event.Payload) -> String {
        switch payload {
        case .none: "none"
        case .text: "text"
        case .json: "JSON"
        }
    }
}
