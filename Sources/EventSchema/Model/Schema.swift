/// A value read from a schema file, with the place it was written.
public struct Located<Value> {
    /// The value.
    public var value: Value
    /// Where it was written.
    public var location: SourceLocation

    /// Creates a located value.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// A validated event schema (format version 1): the typed form of one `*.events.yaml` file.
///
/// Every name and value keeps its ``SourceLocation``, so generators can point back at the YAML.
/// Members keep the order in which they were written, so generated output is deterministic.
public struct Schema: Hashable, Sendable {
    /// The format version, `eventSchema:`.
    public var version: Int
    /// The namespace of the generated types, e.g. `Chat`.
    public var name: Located<String>
    /// `description:`.
    public var description: String?
    /// Reusable types under `types:`, in file order.
    public var types: [NamedType]
    /// Events under `events:`, in file order.
    public var events: [Event]
    /// Streams under `streams:`, in file order.
    public var streams: [EventStream]

    /// Creates a schema.
    public init(
        version: Int,
        name: Located<String>,
        description: String?,
        types: [NamedType],
        events: [Event],
        streams: [EventStream]
    ) {
        self.version = version
        self.name = name
        self.description = description
        self.types = types
        self.events = events
        self.streams = streams
    }

    /// The reusable type of that name.
    public func type(named name: String) -> NamedType? { types.first { $0.name.value == name } }

    /// The event of that key.
    public func event(named name: String) -> Event? { events.first { $0.name.value == name } }
}

/// `deprecated: true` or `deprecated: <message>`.
public struct Deprecation: Hashable, Sendable {
    /// What to use instead, when the schema says.
    public var message: String?

    /// Creates a deprecation.
    public init(message: String?) {
        self.message = message
    }
}

/// A reusable type under `types:`.
public struct NamedType: Hashable, Sendable {
    /// The key under `types:`, as written; `$ref` names it.
    public var name: Located<String>
    /// The type.
    public var schema: TypeSchema

    /// Creates a named type.
    public init(name: Located<String>, schema: TypeSchema) {
        self.name = name
        self.schema = schema
    }
}

/// An event under `events:`.
public struct Event: Hashable, Sendable {
    /// What an event's `data` holds.
    public enum Payload: Hashable, Sendable {
        /// No payload: data is empty on the wire (a single empty `data:` line).
        case none
        /// `payload: text`: data is plain text and may hold newlines.
        case text
        /// One line of JSON of this type.
        case json(TypeSchema)
    }

    /// The key under `events:`, as written.
    public var name: Located<String>
    /// The `event:` field on the wire; the key unless `wireName:` says otherwise.
    public var wireName: Located<String>
    /// `description:`.
    public var description: String?
    /// `deprecated:`.
    public var deprecation: Deprecation?
    /// What `data` holds.
    public var payload: Payload
    /// `terminal: true`: the server ends the stream after it; clients stop and do not reconnect.
    public var isTerminal: Bool

    /// Creates an event.
    public init(
        name: Located<String>,
        wireName: Located<String>,
        description: String? = nil,
        deprecation: Deprecation? = nil,
        payload: Payload,
        isTerminal: Bool = false
    ) {
        self.name = name
        self.wireName = wireName
        self.description = description
        self.deprecation = deprecation
        self.payload = payload
        self.isTerminal = isTerminal
    }

    /// The payload that gets a generated type of its own, named after the event (Swift
    /// `Chat.MessagePosted`, TypeScript `MessagePosted`): a JSON payload that is not a `$ref`.
    /// A `$ref`, nullable or not, uses its type's name (`Chat.User?`, `User | null`).
    ///
    /// The one home of this rule: validation claims these names, and both generators declare
    /// exactly these types.
    public var inlinePayload: TypeSchema? {
        guard case .json(let payload) = payload else { return nil }
        if case .reference = payload.kind { return nil }
        return payload
    }
}

/// A stream under `streams:`: one SSE endpoint.
public struct EventStream: Hashable, Sendable {
    /// `ids:`: whether events carry an `id:` field, so that clients can resume.
    public enum IDPolicy: String, Hashable, Sendable, CaseIterable {
        /// Every event carries an id.
        case required
        /// Events may carry an id.
        case optional
        /// No event carries an id.
        case none
    }

    /// The key under `streams:`, as written.
    public var name: Located<String>
    /// `description:`.
    public var description: String?
    /// `deprecated:`.
    public var deprecation: Deprecation?
    /// `path:`, e.g. `/rooms/{roomID}/events`.
    public var path: Located<String>
    /// The `{params}` of the path, in order.
    public var pathParameters: [Located<String>]
    /// The keys of the events the stream carries, in the order listed.
    public var events: [Located<String>]
    /// `ids:`; `optional` when not given.
    public var ids: IDPolicy
    /// `retry:` in milliseconds, sent once when the stream opens; `nil` sends none.
    public var retryMilliseconds: Int?
    /// `heartbeat:` in seconds between comment lines; 0 sends none. 15 when not given.
    public var heartbeatSeconds: Double

    /// The heartbeat interval used when a stream does not declare one: 15 seconds, well
    /// inside the 30–60 s idle timeouts of common proxies and load balancers.
    public static let defaultHeartbeatSeconds = 15.0

    /// Creates a stream.
    public init(
        name: Located<String>,
        description: String? = nil,
        deprecation: Deprecation? = nil,
        path: Located<String>,
        pathParameters: [Located<String>],
        events: [Located<String>],
        ids: IDPolicy = .optional,
        retryMilliseconds: Int? = nil,
        heartbeatSeconds: Double = EventStream.defaultHeartbeatSeconds
    ) {
        self.name = name
        self.description = description
        self.deprecation = deprecation
        self.path = path
        self.pathParameters = pathParameters
        self.events = events
        self.ids = ids
        self.retryMilliseconds = retryMilliseconds
        self.heartbeatSeconds = heartbeatSeconds
    }

    /// One piece of a path template.
    public enum PathSegment: Hashable, Sendable {
        /// Text as written, e.g. `/rooms/`.
        case literal(String)
        /// A `{name}` placeholder, by its name.
        case parameter(String)
    }

    /// The path template in pieces, in order: `/rooms/`, `roomID`, `/events`. The one reading of
    /// a template that both generators build a stream's `path(…)` from.
    public var pathSegments: [PathSegment] {
        var segments: [PathSegment] = []
        var rest = Substring(path.value)
        for parameter in pathParameters {
            guard let range = rest.firstRange(of: "{\(parameter.value)}") else { continue }
            if range.lowerBound > rest.startIndex { segments.append(.literal(String(rest[..<range.lowerBound]))) }
            segments.append(.parameter(parameter.value))
            rest = rest[range.upperBound...]
        }
        if !rest.isEmpty { segments.append(.literal(String(rest))) }
        return segments
    }
}
