/// Events as `text/event-stream` bytes, ready to write: framed once, then written to a sink
/// (or to every subscriber) as they are.
///
/// ```swift
/// let frame = try ServerSentEventFrame(ServerSentEvent(type: "tick", data: "1", id: "7"))
/// try await emitter.send(frame)
/// ```
///
/// Generated emitters frame typed events straight from their payloads: the JSON is written
/// into the frame's `data:` line, with no `String` in between.
public struct ServerSentEventFrame: Sendable, Hashable {
    /// The bytes: whole events, each ending with its blank line.
    public private(set) var bytes: [UInt8]

    /// Bytes known to be whole events.
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The frame of one event.
    ///
    /// - Throws: ``ServerSentEventEncodingError`` when the type or ID holds CR, LF or NUL.
    public init(_ event: ServerSentEvent) throws(ServerSentEventEncodingError) {
        bytes = try ServerSentEventEncoder().encode(event)
    }

    /// The frame of one event whose data is `payload` as one line of JSON.
    ///
    /// - Parameters:
    ///   - type: The event's wire name (the generator checked it holds no line break).
    ///   - id: Its ID, or `nil` for none.
    ///   - payload: What goes in its `data:` line.
    ///   - write: Writes `payload` as JSON.
    /// - Throws: ``ServerSentEventPayloadError`` for a payload outside the schema's constraints,
    ///   ``ServerSentEventEncodingError`` for an ID with CR, LF or NUL.
    @_spi(Generated)
    public init<Payload>(
        type: StaticString,
        id: String?,
        payload: Payload,
        _ write: (Payload, inout JSONWriter) throws(JSONPayloadError) -> Void
    ) throws {
        var header: [UInt8] = []
        header.reserveCapacity(256)
        let typeBytes = UnsafeRawBufferPointer(start: type.utf8Start, count: type.utf8CodeUnitCount)
        if !typeBytes.isEmpty, !("message" ~= EventTypeName(bytes: typeBytes)) {
            ServerSentEventEncoder.appendASCII("event", into: &header)
            ServerSentEventEncoder.appendValue(typeBytes.assumingMemoryBound(to: UInt8.self), into: &header)
        }
        if let id {
            if ServerSentEventEncoder.holdsLineBreakOrNull(id) {
                throw ServerSentEventEncodingError(code: .invalidID, value: id)
            }
            ServerSentEventEncoder.appendField("id", value: id, into: &header)
        }
        ServerSentEventEncoder.appendASCII("data: ", into: &header)
        var writer = JSONWriter(appendingTo: consume header)
        do {
            try write(payload, &writer)
        } catch {
            throw ServerSentEventPayloadError(
                event: ServerSentEvent(type: String(describing: type), data: "", id: id),
                reason: EventPayloadJSON.describe(error, in: writer.bytes[writer.start...]))
        }
        // The JSON is one line: the writer escapes every line break inside strings.
        writer.bytes.append(ASCII.lineFeed)
        writer.bytes.append(ASCII.lineFeed)
        bytes = writer.bytes
    }
}
