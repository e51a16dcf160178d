import EventSchema

/// One dispatched event as JSON Schema: its fields (`event`, `data`, `id`, `retry`) as the
/// OpenAPI Specification models a `text/event-stream` item, with a `oneOf` of the events keyed
/// on `event` by `const`, each `data` with `contentMediaType` and `contentSchema`, as
/// TypeSpec's OpenAPI 3.2 emitter writes them.
struct EventItemSchema {
    let payloads: PayloadSchemaTranslator

    /// The item schema of events that follow `ids` (`nil`: events from any stream).
    func schema(events: [Event], ids: EventStream.IDPolicy?) -> JSONValue {
        .object { item in
            item.set("type", "object")
            item.set(
                "properties",
                .object { properties in
                    properties.set(
                        "event", Self.field("string", "The event's type: the `event:` field, absent for `message`."))
                    properties.set(
                        "data", Self.field("string", "The event's data: its `data:` lines joined with line feeds."))
                    if ids != EventStream.IDPolicy.none {
                        properties.set(
                            "id",
                            Self.field(
                                "string", "The event's ID: what a client sends as `Last-Event-ID` to resume after it."))
                    }
                    properties.set(
                        "retry",
                        Self.field(
                            "integer", "How long a client waits before it reconnects, in milliseconds.", minimum: 0))
                })
            item.set("required", .strings(["data"]))
            item.set("oneOf", .array(events.map { variant($0, carriesID: ids == .required) } + [replayGapVariant]))
        }
    }

    /// A field of the event: its description and type.
    private static func field(_ type: String, _ description: String, minimum: Int64? = nil) -> JSONValue {
        .object {
            $0.set("description", description)
            $0.set("type", type)
            $0.set("minimum", minimum.map(JSONValue.integer))
        }
    }

    /// One event: its `event` value, what its `data` holds, and whether it has an `id`. The
    /// loss signal has none, so `ids: required` is the events' rule, not the item's.
    private func variant(_ event: Event, carriesID: Bool) -> JSONValue {
        .object { object in
            object.set("title", event.name.value)
            object.set("description", PayloadSchemaTranslator.description(event.description, event.deprecation))
            object.set("deprecated", flag: event.deprecation != nil)
            object.set(
                "properties",
                .object { properties in
                    properties.set("event", .object { $0.set("const", event.wireName.value) })
                    properties.set("data", data(of: event))
                })
            // A `message` event goes without `event:` on the wire.
            let required = (event.wireName.value == "message" ? [] : ["event"]) + (carriesID ? ["id"] : [])
            object.set("required", required.isEmpty ? nil : .strings(required))
            object.set("x-ms-sse-terminal-event", flag: event.isTerminal)
        }
    }

    private func data(of event: Event) -> JSONValue {
        switch event.payload {
        case .none:
            .object {
                $0.set("description", "No payload: the data is empty.")
                $0.set("const", "")
            }
        case .text:
            .object { $0.set("contentMediaType", "text/plain") }
        case .json:
            .object {
                $0.set("contentMediaType", "application/json")
                $0.set("contentSchema", payloads.payloadSchema(of: event))
            }
        }
    }

    /// The loss signal that the server's hub sends on every stream.
    private var replayGapVariant: JSONValue {
        .object { object in
            object.set("title", Naming.replayGapWireName)
            object.set(
                "description",
                "Sent by the server's hub when it cannot replay the events after the client's last event ID.")
            object.set(
                "properties",
                .object { properties in
                    properties.set("event", .object { $0.set("const", Naming.replayGapWireName) })
                    properties.set(
                        "data",
                        .object {
                            $0.set("contentMediaType", "application/json")
                            $0.set(
                                "contentSchema", payloads.reference(to: PayloadSchemaTranslator.replayGapComponentName))
                        })
                })
            object.set("required", .strings(["event"]))
        }
    }
}
