#if Hummingbird
public import Hummingbird
@_spi(Generated) import ServerSentEvents

extension Parameters {
    /// A route parameter as the client meant it: percent-decoded, once.
    ///
    /// Hummingbird hands route parameters over as they appear in the path, still
    /// percent-encoded, while the generated `…Event.path(…)` encodes the values it is given. Pass
    /// it what this returns, so that a room named `café` or `x y` is one topic for the page that
    /// posts to it and the streams that follow it:
    ///
    /// ```swift
    /// router.post("/rooms/:roomID/messages") { request, context in
    ///     let roomID = try context.parameters.requireEventStreamParameter("roomID")   // "x y", not "x%20y"
    ///     try await ChatRoomEmitter.publish(event, to: hub, topic: ChatRoomEvent.path(roomID: roomID))
    /// }
    /// ```
    ///
    /// - Throws: `HTTPError(.badRequest)` when the parameter is missing, or a `%` is not
    ///   followed by two hex digits, or the bytes are not UTF-8.
    public func requireEventStreamParameter(_ name: String) throws -> String {
        guard let encoded = self[name[...]] else {
            throw HTTPError(.badRequest, message: "the path has no parameter '\(name)'")
        }
        guard let decoded = EventStreamPath.decodeParameter(encoded) else {
            throw HTTPError(.badRequest, message: "the path parameter '\(name)' is not valid percent-encoded UTF-8")
        }
        return decoded
    }
}
#endif  // Hummingbird
