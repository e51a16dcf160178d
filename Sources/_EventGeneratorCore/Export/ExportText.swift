import EventSchema

/// The prose every export says the same way: one home for how a stream's rules read.
enum ExportText {
    /// `info` of OpenAPI and AsyncAPI: title, version, description.
    static func info(_ schema: Schema, _ options: ExportOptions) -> JSONValue {
        .object {
            $0.set("title", schema.name.value)
            $0.set("version", options.apiVersion)
            $0.set("description", schema.description)
        }
    }

    /// The events a stream carries, in the order it lists them.
    static func events(of stream: EventStream, in schema: Schema) -> [Event] {
        stream.events.compactMap { schema.event(named: $0.value) }
    }

    /// A line for lists: the first line of the stream's description, or its name.
    static func summary(of stream: EventStream) -> String {
        stream.description.flatMap { DocumentationText.lines($0).first } ?? "The '\(stream.name.value)' stream."
    }

    /// The stream's description, deprecation and wire rules (IDs, `retry`, heartbeats, terminal
    /// events), as paragraphs.
    static func description(of stream: EventStream) -> String {
        var paragraphs: [String] = []
        if let text = PayloadSchemaTranslator.description(stream.description, stream.deprecation) {
            paragraphs.append(text)
        }
        paragraphs.append(rules(of: stream).joined(separator: " "))
        return paragraphs.joined(separator: "\n\n")
    }

    /// The stream's wire rules, one sentence each.
    static func rules(of stream: EventStream) -> [String] {
        var sentences: [String] = []
        switch stream.ids {
        case .required:
            sentences.append(
                "Every event has an ID: a client that reconnects sends the last one as `Last-Event-ID`, and the server resumes after it."
            )
        case .optional:
            sentences.append(
                "Events may have an ID: a client that reconnects sends the last one as `Last-Event-ID`, and the server resumes after it."
            )
        case .none:
            sentences.append("Events have no ID: a client that reconnects starts afresh.")
        }
        if let retry = stream.retryMilliseconds {
            sentences.append("The stream opens with `retry: \(retry)` (milliseconds before a client reconnects).")
        }
        if stream.heartbeatSeconds > 0 {
            sentences.append(
                "A comment line every \(seconds(stream.heartbeatSeconds)) s keeps an idle connection open.")
        }
        sentences.append(
            "The server may send `\(Naming.replayGapWireName)` when it cannot replay what a reconnecting client missed."
        )
        return sentences
    }

    /// The description of the `Last-Event-ID` request header.
    static let lastEventIDHeader =
        "The ID of the last event the client received, sent when it reconnects: the stream resumes after it."

    /// `15` for 15.0, `0.5` for 0.5.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
