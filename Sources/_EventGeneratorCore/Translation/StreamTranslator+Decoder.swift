import EventSchema

extension StreamTranslator {
    // MARK: - Client: the decoder

    func decoder() -> SwiftDeclaration {
        var clauses: [SwiftStatement] = events.map { event in
            let name = SwiftNaming.escapedMemberName(event.name.value)
            let label = "case \(SwiftLiteral.string(event.wireName.value)):"
            switch event.payload {
            case .none:
                return .caseClause(label, [.line("return .\(name)")])
            case .text:
                return .caseClause(label, [.line("return .\(name)(ServerSentEvents.EventPayloadJSON.text(of: event))")])
            case .json(let payload):
                let reader: String
                switch types.payloadValueType(of: event)! {
                case .coded(let type): reader = "\(type).init(json:)"
                case .alias(let namespace, let name):
                    reader = ValueType.aliasReader(namespace: namespace, name: name) + "(from:)"
                case .scalar, .array, .map: fatalError("an event's payload is a named type")
                }
                let nullable = payload.isNullable ? "nullable: " : ""
                return .caseClause(
                    label,
                    [
                        .line(
                            "return .\(name)(try ServerSentEvents.EventPayloadJSON.decode(from: event, \(nullable)\(reader)))"
                        )
                    ]
                )
            }
        }
        clauses.append(
            .caseClause(
                "case ServerSentEvents.ServerSentEventReplayGap.wireName:",
                [
                    .line(
                        "return ServerSentEvents.ServerSentEventReplayGap(event.event).map { .replayGap($0) } ?? .unknown(event.event)"
                    )
                ]
            )
        )
        clauses.append(.caseClause("default:", [.line("return .unknown(event.event)")]))
        let terminalBody: [SwiftStatement] = [.line("event.isTerminal")]
        let members: [SwiftDeclaration] = [
            .function(
                SwiftFunction(documentation: SwiftDocumentation(text: "Creates a decoder."), name: "init", body: [])),
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(
                        text: "The typed event, its JSON read where it lies; `unknown` for a type the schema does "
                            + "not name; an error naming the event when its payload does not match the schema. "
                            + "`decode(_:)` on a `ServerSentEvent` views it the same way."
                    ),
                    name: "decode",
                    parameters: [
                        .init(label: "_", name: "event", type: "ServerSentEvents.ServerSentEventDecoder.InPlaceEvent")
                    ],
                    throwsClause: "throws(ServerSentEvents.ServerSentEventPayloadError)",
                    returnType: eventTypeName,
                    body: [.block("switch ServerSentEvents.EventTypeName(event)", clauses)]
                )
            ),
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(text: "Whether the event ends the stream."),
                    name: "isTerminal",
                    parameters: [.init(label: "_", name: "event", type: eventTypeName)],
                    returnType: "Swift.Bool",
                    body: terminalBody
                )
            ),
        ]
        return .structure(
            SwiftTypeDeclaration(
                documentation: SwiftDocumentation(
                    text: summary("Decodes the events")
                        + "\n\nUse `events(fromBytes:)` on a response body, or `events(_:)` on decoded events; "
                        + "the sequence ends after a terminal event.",
                    deprecation: streamDeprecation
                ),
                name: decoderTypeName,
                inheritance: ["ServerSentEvents.ServerSentEventTypedDecoder"],
                members: members
            )
        )
    }
}
