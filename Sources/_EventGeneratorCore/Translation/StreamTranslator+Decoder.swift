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
                return .caseClause(label, [.line("return .\(name)(event.data)")])
            case .json:
                let type = types.payloadType(of: event)!
                let decodedType = type.hasSuffix("?") ? "Swift.Optional<\(type.dropLast())>" : type
                let decode = "try ServerSentEvents.EventPayloadJSON.decode(\(decodedType).self, from: event)"
                let checks = types.payloadChecks(of: event, direction: .decoding)
                guard !checks.isEmpty else { return .caseClause(label, [.line("return .\(name)(\(decode))")]) }
                return .caseClause(
                    label,
                    [.trailingClosure("return .\(name)(\(decode)", parameters: "__value", checks, closer: "})")]
                )
            }
        }
        clauses.append(
            .caseClause(
                "case ServerSentEvents.ServerSentEventReplayGap.eventType:",
                [
                    .line(
                        "return ServerSentEvents.ServerSentEventReplayGap(event).map { .replayGap($0) } ?? .unknown(event)"
                    )
                ]
            )
        )
        clauses.append(.caseClause("default:", [.line("return .unknown(event)")]))
        let terminalBody: [SwiftStatement] = [.line("event.isTerminal")]
        let members: [SwiftDeclaration] = [
            .function(
                SwiftFunction(documentation: SwiftDocumentation(text: "Creates a decoder."), name: "init", body: [])),
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(
                        text: "The typed event; `unknown` for a type the schema does not name; an error naming the "
                            + "event when its payload does not match the schema."
                    ),
                    name: "decode",
                    parameters: [.init(label: "_", name: "event", type: "ServerSentEvents.ServerSentEvent")],
                    throwsClause: "throws(ServerSentEvents.ServerSentEventPayloadError)",
                    returnType: eventTypeName,
                    body: [.block("switch event.type", clauses)]
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
