extension SchemaValidator {
    // MARK: - Events and streams

    mutating func checkEvent(_ event: Event) {
        if event.name.value.isEmpty {
            diagnostics.error("an event needs a name", at: event.name.location)
        }
        let wireName = event.wireName
        if wireName.value.isEmpty {
            diagnostics.error(
                "a wire name cannot be empty: EventSource would dispatch the event as 'message'",
                at: wireName.location
            )
        } else if let bad = wireName.value.unicodeScalars.first(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            let shown = bad == "\0" ? "NUL" : bad == "\r" ? "CR" : "LF"
            diagnostics.error(
                "wire name \(JSONValue.string(wireName.value).rendered()) holds \(shown); "
                    + "the 'event:' field is one line, so it cannot be sent",
                at: wireName.location
            )
        } else if wireName.value == "error" || wireName.value == "open" {
            diagnostics.warning(
                "the wire name '\(wireName.value)' is also the name of EventSource's own '\(wireName.value)' event; "
                    + "browser listeners cannot tell them apart. Set another 'wireName'",
                at: wireName.location
            )
        }
        if case .json(let payload) = event.payload {
            checkType(payload)
        }
    }

    mutating func checkStreams() {
        var swiftStreams = NameScope("Swift type")
        var javaScriptStreams = NameScope("JavaScript export")
        var typeScript = typeScriptTypes
        var paths: [String: EventStream] = [:]
        var listed: Set<String> = []
        for stream in schema.streams {
            let owner = "stream '\(stream.name.value)'"
            if stream.name.value.isEmpty {
                diagnostics.error("a stream needs a name", at: stream.name.location)
            }
            claim(
                SwiftNaming.streamEventTypeName(schema: schema.name.value, stream: stream.name.value),
                in: &swiftStreams,
                owner: owner,
                at: stream.name.location
            )
            claim(
                JavaScriptNaming.connectFunctionName(stream: stream.name.value),
                in: &javaScriptStreams,
                owner: owner,
                at: stream.name.location
            )
            claim(
                JavaScriptNaming.wireNamesConstantName(stream: stream.name.value),
                in: &javaScriptStreams,
                owner: owner,
                at: stream.name.location
            )
            for typeName in [
                JavaScriptNaming.streamParametersTypeName(stream: stream.name.value),
                JavaScriptNaming.streamHandlersTypeName(stream: stream.name.value),
            ] {
                claim(typeName, in: &typeScript, owner: owner, at: stream.name.location)
            }

            let template = stream.path.value.replacing(/\{[^}]*\}/, with: "{}")
            if let other = paths[template] {
                diagnostics.error(
                    "\(owner) has the same path as stream '\(other.name.value)'; a server could not route them",
                    at: stream.path.location,
                    notes: [Diagnostic(.note, "stream '\(other.name.value)' is declared here", at: other.path.location)]
                )
            } else {
                paths[template] = stream
            }
            var parameters = NameScope("Swift parameter")
            for parameter in stream.pathParameters {
                claim(
                    SwiftNaming.memberName(parameter.value),
                    in: &parameters,
                    owner: "path parameter '\(parameter.value)'",
                    at: parameter.location
                )
            }

            if stream.events.isEmpty, !parsedWithErrors {
                diagnostics.warning("\(owner) carries no events", at: stream.name.location)
            }
            var seen: [String: Located<String>] = [:]
            var wireNames: [String: Event] = [:]
            var cases = NameScope("Swift case", reserved: SwiftNaming.reservedEventCaseNames)
            var handlers = NameScope("JavaScript handler", reserved: JavaScriptNaming.reservedHandlerNames)
            for name in stream.events {
                if let first = seen[name.value] {
                    diagnostics.error(
                        "\(owner) lists '\(name.value)' twice",
                        at: name.location,
                        notes: [Diagnostic(.note, "first listed here", at: first.location)]
                    )
                    continue
                }
                seen[name.value] = name
                guard let event = eventsByName[name.value] else {
                    let known = schema.events.map(\.name.value)
                    diagnostics.error(
                        "\(owner) lists unknown event '\(name.value)'"
                            + (Suggestion.closest(to: name.value, among: known).map { "; did you mean '\($0)'?" } ?? ""),
                        at: name.location
                    )
                    continue
                }
                listed.insert(event.name.value)
                if let other = wireNames[event.wireName.value] {
                    diagnostics.error(
                        "events '\(other.name.value)' and '\(event.name.value)' both have the wire name "
                            + "'\(event.wireName.value)' in \(owner); clients could not tell them apart",
                        at: name.location,
                        notes: [
                            Diagnostic(
                                .note, "'\(event.name.value)' has the wire name here", at: event.wireName.location),
                            Diagnostic(
                                .note, "'\(other.name.value)' has the wire name here", at: other.wireName.location),
                        ]
                    )
                } else {
                    wireNames[event.wireName.value] = event
                }
                if event.wireName.value == Naming.replayGapWireName {
                    diagnostics.error(
                        "the wire name '\(Naming.replayGapWireName)' is the server's loss signal (events could not be "
                            + "replayed); every client handles it already. Set another 'wireName'",
                        at: event.wireName.location
                    )
                }
                let eventOwner = "event '\(event.name.value)'"
                let advice = "rename the event; its 'wireName' can keep the name on the wire"
                claim(
                    SwiftNaming.memberName(event.name.value), in: &cases, owner: eventOwner, at: event.name.location,
                    advice: advice)
                claim(
                    JavaScriptNaming.handlerName(event: event.name.value),
                    in: &handlers,
                    owner: eventOwner,
                    at: event.name.location,
                    advice: advice
                )
            }
        }
        if parsedWithErrors {
            return
        } else if schema.streams.isEmpty {
            diagnostics.warning(
                "the schema has no 'streams'; no emitter or client is generated for its events",
                at: schema.name.location
            )
        } else {
            for event in schema.events where !listed.contains(event.name.value) && !event.name.value.isEmpty {
                diagnostics.warning(
                    "event '\(event.name.value)' is in no stream; add it to a stream's 'events' or remove it",
                    at: event.name.location
                )
            }
        }
    }
}
