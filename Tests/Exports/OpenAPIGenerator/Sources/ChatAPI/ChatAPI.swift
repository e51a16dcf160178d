import OpenAPIRuntime

// What swift-openapi-generator makes of the export: the payload types, and each stream's
// response as a `text/event-stream` body (it does not read `itemSchema`), which
// `asDecodedServerSentEventsWithJSONData(of:)` turns into typed events.

/// A chat message, as the generator types `components/schemas/Message`.
public typealias ChatMessage = Components.Schemas.Message

/// The room stream's response body: raw `text/event-stream` bytes.
public typealias RoomEventStream = Operations.room.Output.Ok.Body
