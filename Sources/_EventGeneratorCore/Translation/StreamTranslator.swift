import EventSchema

/// A stream → its event enum (shared), its server emitter and its client decoder.
struct StreamTranslator {
    let context: TranslationContext
    let types: TypeTranslator
    let stream: EventStream

    var schemaName: String { context.namespace }
    var eventTypeName: String { SwiftNaming.streamEventTypeName(schema: schemaName, stream: stream.name.value) }
    var emitterTypeName: String { SwiftNaming.streamEmitterTypeName(schema: schemaName, stream: stream.name.value) }
    var decoderTypeName: String { SwiftNaming.streamDecoderTypeName(schema: schemaName, stream: stream.name.value) }

    /// The stream's events, in the order it lists them.
    let events: [Event]

    init(context: TranslationContext, types: TypeTranslator, stream: EventStream) {
        self.context = context
        self.types = types
        self.stream = stream
        events = stream.events.compactMap { context.event(named: $0.value) }
    }

    var streamDeprecation: String? { stream.deprecation.map { $0.message ?? "" } }

    func summary(_ what: String) -> String {
        var text = "\(what) of stream '\(stream.name.value)' (\(stream.path.value))."
        if let description = stream.description { text += "\n\n" + description }
        return text
    }

    func eventDocumentation(_ event: Event) -> String {
        var parts = ["`\(event.wireName.value)`" + (event.isTerminal ? ", terminal: the stream ends after it." : ".")]
        if let description = event.description { parts.append(description) }
        if let deprecation = event.deprecation {
            parts.append("Deprecated" + (deprecation.message.map { ": \($0)" } ?? "."))
        }
        return parts.joined(separator: "\n\n")
    }

    // MARK: - The event enum

    func eventEnumeration() -> SwiftDeclaration {
        var members: [SwiftDeclaration] = events.map { event in
            .enumCase(
                SwiftEnumCase(
                    documentation: SwiftDocumentation(text: eventDocumentation(event)),
                    name: SwiftNaming.escapedMemberName(event.name.value),
                    associatedType: associatedType(of: event)
                )
            )
        }
        members.append(
            .enumCase(
                SwiftEnumCase(
                    documentation: SwiftDocumentation(
                        text: "The server's loss signal (`replay-gap`): events this client should have had are gone "
                            + "(it could not replay from the client's `Last-Event-ID`: a restart, another instance, or "
                            + "past its replay window). Fetch the state the events build again."),
                    name: "replayGap",
                    associatedType: "ServerSentEvents.ServerSentEventReplayGap"
                )
            )
        )
        members.append(
            .enumCase(
                SwiftEnumCase(
                    documentation: SwiftDocumentation(
                        text: "An event whose type the schema does not name, as it arrived."),
                    name: "unknown",
                    associatedType: "ServerSentEvents.ServerSentEvent"
                )
            )
        )
        members.append(
            .property(
                SwiftProperty(
                    documentation: SwiftDocumentation(text: "The stream's path, its parameters in braces."),
                    isStatic: true,
                    isMutable: false,
                    name: "pathTemplate",
                    type: "Swift.String",
                    initialValue: SwiftLiteral.string(stream.path.value)
                )
            )
        )
        members.append(.function(pathFunction()))
        let terminal = events.filter(\.isTerminal).map { "." + SwiftNaming.escapedMemberName($0.name.value) }
        members.append(
            .property(
                SwiftProperty(
                    documentation: SwiftDocumentation(
                        text: "Whether the stream ends after this event (`terminal: true`)."),
                    name: "isTerminal",
                    type: "Swift.Bool",
                    getter: terminal.isEmpty
                        ? [.line("false")]
                        : [
                            .block(
                                "switch self",
                                [
                                    .caseClause(
                                        "case " + terminal.joined(separator: ", ") + ":", [.line("return true")]),
                                    .caseClause("default:", [.line("return false")]),
                                ]
                            )
                        ]
                )
            )
        )
        return .enumeration(
            SwiftTypeDeclaration(
                documentation: SwiftDocumentation(text: summary("The events")),
                name: eventTypeName,
                inheritance: ["Swift.Hashable", "Swift.Sendable"],
                members: members
            )
        )
    }

    func associatedType(of event: Event) -> String? {
        switch event.payload {
        case .none: nil
        case .text: "Swift.String"
        case .json: types.payloadType(of: event)
        }
    }

    /// `path(roomID:)`: the template with each parameter percent-encoded.
    func pathFunction() -> SwiftFunction {
        var pieces = stream.pathSegments.map { segment in
            switch segment {
            case .literal(let text): SwiftLiteral.string(text)
            case .parameter(let name):
                "ServerSentEvents.EventStreamPath.encodeParameter(_\(SwiftNaming.memberName(name)))"
            }
        }
        if pieces.isEmpty { pieces = [SwiftLiteral.string("")] }
        return SwiftFunction(
            documentation: SwiftDocumentation(text: "The stream's path for these parameters, each percent-encoded."),
            isStatic: true,
            name: "path",
            parameters: stream.pathParameters.map {
                .init(
                    label: SwiftNaming.escapedMemberName($0.value),
                    name: "_" + SwiftNaming.memberName($0.value),
                    type: "Swift.String"
                )
            },
            returnType: "Swift.String",
            body: [.line(pieces.joined(separator: " + "))]
        )
    }

}
