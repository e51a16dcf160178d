/// One event of a `text/event-stream`, as a server sends it and as a client receives it.
///
/// The same value serves both ends:
/// - ``ServerSentEventEncoder`` writes it as `event:`, `id:`, `retry:` and `data:` fields.
/// - ``ServerSentEventDecoder`` produces it when the WHATWG algorithm *dispatches* an event.
///
/// ```swift
/// let event = ServerSentEvent(type: "messagePosted", data: #"{"text":"hi"}"#, id: "42")
/// var bytes: [UInt8] = []
/// try ServerSentEventEncoder().encode(event, into: &bytes)
/// // event: messagePosted\nid: 42\ndata: {"text":"hi"}\n\n
/// ```
public struct ServerSentEvent: Sendable, Hashable {
    // `data` comes before `type` so that the synthesized memberwise initializer, which the
    // public one below calls, has other labels. An initializer that assigns the properties one
    // by one leaves a copy and a destroy of the whole event in every caller (Swift 6.3's
    // optimizer keeps the `self` it builds on the stack); the memberwise one builds it in place.

    /// The event's data: the `data:` lines of one block joined with LF.
    ///
    /// The encoder splits it at CR, LF and CRLF into several `data:` lines, so data can never
    /// start a field or an event; a decoder joins them back with LF.
    public var data: String

    /// The event type, `"message"` unless the stream named another one.
    ///
    /// Browsers deliver `"message"` events to `onmessage` and every other type only to
    /// `addEventListener(type, …)`. The encoder omits the `event:` field for `"message"` and
    /// for the empty string, which every client reads as `"message"`.
    public var type: String

    /// The event ID.
    ///
    /// When encoding, `nil` sends no `id:` field and `""` sends an empty one, which resets the
    /// client's last event ID. When decoding, it is the stream's *last event ID* at dispatch
    /// (which persists across events until the server sends another `id:`), or `nil` when that
    /// is empty, as `MessageEvent.lastEventId` is in a browser.
    public var id: String?

    /// The reconnection time to send in a `retry:` field with this event, in whole milliseconds.
    ///
    /// The decoder leaves this `nil`: the spec applies `retry:` to the stream, not to an event,
    /// so a decoded `retry:` field updates ``ServerSentEventDecoder/reconnectionTime`` and is
    /// reported as ``ServerSentEventDecoder/Output/reconnectionTime(_:)`` in stream order.
    public var retry: Duration?
}

extension ServerSentEvent {
    /// Creates an event.
    /// - Parameters:
    ///   - type: The event type; `"message"` by default.
    ///   - data: The event's data; may hold any characters, line breaks included.
    ///   - id: The event ID, or `nil` for none.
    ///   - retry: A reconnection time to send with the event, or `nil` for none.
    public init(type: String = "message", data: String, id: String? = nil, retry: Duration? = nil) {
        self.init(data: data, type: type, id: id, retry: retry)
    }
}

extension ServerSentEvent {
    /// Runs `body` with views of this event's bytes, as ``ServerSentEventDecoder`` hands over
    /// the events it decodes in place: code that reads views (a generated typed decoder) then
    /// serves both. The views are valid only during the call; their ``ServerSentEventDecoder/InPlaceEvent/event``
    /// is this event.
    @inlinable
    public func withInPlaceView<Result, Failure: Error>(
        _ body: (ServerSentEventDecoder.InPlaceEvent) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var type = type == "message" ? "" : type
        var data = data
        var id = id ?? ""
        // `withUTF8` rethrows untyped errors: the result comes out as a `Result`.
        var outcome: Swift.Result<Result, Failure>?
        type.withUTF8 { type in
            data.withUTF8 { data in
                id.withUTF8 { id in
                    let view = ServerSentEventDecoder.InPlaceEvent(
                        type: UnsafeRawBufferPointer(type), data: UnsafeRawBufferPointer(data),
                        lastEventID: UnsafeRawBufferPointer(id), original: self)
                    outcome = Swift.Result { () throws(Failure) -> Result in try body(view) }
                }
            }
        }
        return try outcome!.get()
    }
}

extension ServerSentEvent: CustomStringConvertible {
    /// A one-line summary for logs.
    public var description: String {
        var text = "ServerSentEvent(type: \(String(reflecting: type)), data: \(String(reflecting: data))"
        if let id { text += ", id: \(String(reflecting: id))" }
        if let retry { text += ", retry: \(retry)" }
        return text + ")"
    }
}
