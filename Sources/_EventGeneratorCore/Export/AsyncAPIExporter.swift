import EventSchema

/// An AsyncAPI 3.0 document of the server: per stream a channel (its path as the address), a
/// `send` operation bound to HTTP `GET`, and its events as messages named by their wire names;
/// payload types under `components/schemas`.
struct AsyncAPIExporter {
    let schema: Schema
    let options: ExportOptions

    private var payloads: PayloadSchemaTranslator {
        PayloadSchemaTranslator(schema: schema, dialect: .asyncAPI, referencePrefix: "#/components/schemas/")
    }

    /// The HTTP bindings' version these documents use.
    static let httpBindingVersion = "0.3.0"

    func document() -> JSONValue {
        .object { document in
            document.set("asyncapi", "3.0.0")
            document.set("info", ExportText.info(schema, options))
            document.set("defaultContentType", "application/json")
            document.set("channels", .object(schema.streams.map { .init(Self.key(stream: $0), channel($0)) }))
            document.set("operations", .object(schema.streams.map { .init(Self.key(stream: $0), operation($0)) }))
            document.set(
                "components",
                .object {
                    $0.set("schemas", .object(payloads.components()))
                    $0.set(
                        "messages",
                        .object(
                            schema.events.map { .init(Self.key(event: $0), message($0)) }
                                + [.init(Self.replayGapKey, replayGapMessage)]))
                })
        }
    }

    private func channel(_ stream: EventStream) -> JSONValue {
        .object { channel in
            channel.set("address", stream.path.value)
            channel.set("summary", ExportText.summary(of: stream))
            channel.set("description", ExportText.description(of: stream))
            channel.set(
                "messages",
                .object(
                    (ExportText.events(of: stream, in: schema).map { Self.key(event: $0) } + [Self.replayGapKey]).map {
                        key in
                        .init(key, .object { $0.set("$ref", "#/components/messages/" + key) })
                    }
                ))
            if !stream.pathParameters.isEmpty {
                channel.set(
                    "parameters",
                    .object(
                        stream.pathParameters.map { parameter in
                            .init(
                                parameter.value, .object { $0.set("description", "The path's `{\(parameter.value)}`.") }
                            )
                        }))
            }
        }
    }

    private func operation(_ stream: EventStream) -> JSONValue {
        let channel = "#/channels/" + Self.key(stream: stream)
        return .object { operation in
            operation.set("action", "send")
            operation.set("channel", .object { $0.set("$ref", channel) })
            operation.set("summary", ExportText.summary(of: stream))
            operation.set(
                "description",
                "The server sends these events on a `text/event-stream` response to `GET \(stream.path.value)`."
                    + (stream.ids == .none
                        ? ""
                        : " A client that reconnects sends the ID of the last event it received in the "
                            + "`Last-Event-ID` request header, and the stream resumes after it."))
            operation.set(
                "bindings",
                .object {
                    $0.set(
                        "http",
                        .object {
                            $0.set("method", "GET")
                            $0.set("bindingVersion", Self.httpBindingVersion)
                        })
                })
            operation.set(
                "messages",
                .array(
                    (ExportText.events(of: stream, in: schema).map { Self.key(event: $0) } + [Self.replayGapKey]).map {
                        key in
                        .object { $0.set("$ref", channel + "/messages/" + key) }
                    }))
        }
    }

    private func message(_ event: Event) -> JSONValue {
        .object { message in
            message.set("name", event.wireName.value)
            message.set("title", event.name.value)
            message.set("description", PayloadSchemaTranslator.description(event.description, event.deprecation))
            switch event.payload {
            case .none:
                message.set("contentType", "text/plain")
                message.set(
                    "payload",
                    .object {
                        $0.set("description", "No payload: the data is empty.")
                        $0.set("type", "string")
                        $0.set("const", "")
                    })
            case .text:
                message.set("contentType", "text/plain")
                message.set("payload", .object { $0.set("type", "string") })
            case .json:
                message.set("contentType", "application/json")
                message.set("payload", payloads.payloadSchema(of: event))
            }
            message.set("x-ms-sse-terminal-event", flag: event.isTerminal)
        }
    }

    private var replayGapMessage: JSONValue {
        .object {
            $0.set("name", Naming.replayGapWireName)
            $0.set("title", "Replay gap")
            $0.set(
                "description",
                "Sent by the server's hub when it cannot replay the events after the client's last event ID.")
            $0.set("contentType", "application/json")
            $0.set("payload", payloads.reference(to: PayloadSchemaTranslator.replayGapComponentName))
        }
    }

    static let replayGapKey = Naming.replayGapWireName

    /// Channel, operation and message keys (``ComponentKey``).
    static func key(stream: EventStream) -> String { ComponentKey.key(for: stream.name.value) }

    static func key(event: Event) -> String { ComponentKey.key(for: event.name.value) }

}
