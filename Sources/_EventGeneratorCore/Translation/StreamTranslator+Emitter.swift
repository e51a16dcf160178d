import EventSchema

extension StreamTranslator {
    // MARK: - Server: the emitter

    /// The parameter that carries an event's id, by the stream's `ids:` rule.
    var idParameter: SwiftFunction.Parameter? {
        switch stream.ids {
        case .required: .init(label: "id", name: "id", type: "Swift.String")
        case .optional: .init(label: "id", name: "id", type: "Swift.String?", defaultValue: "nil")
        case .none: nil
        }
    }

    var idArgument: String { idParameter == nil ? "nil" : "id" }

    func emitter() -> SwiftDeclaration {
        let configuration = "ServerSentEvents.ServerSentEventEmitter.Configuration"
        let retry = stream.retryMilliseconds.map { ".milliseconds(\($0))" } ?? "nil"
        let heartbeat = stream.heartbeatSeconds > 0 ? heartbeatLiteral(stream.heartbeatSeconds) : "nil"
        var members: [SwiftDeclaration] = [
            .property(
                SwiftProperty(
                    documentation: SwiftDocumentation(
                        text: "`retry:` sent when the stream opens, and the heartbeat interval, as the schema says."
                    ),
                    isStatic: true,
                    isMutable: false,
                    name: "configuration",
                    type: configuration,
                    initialValue: ".init(retry: \(retry), heartbeat: \(heartbeat))"
                )
            ),
            .property(
                SwiftProperty(
                    documentation: SwiftDocumentation(text: "The emitter that frames and writes the events."),
                    isMutable: false,
                    name: "emitter",
                    type: "ServerSentEvents.ServerSentEventEmitter"
                )
            ),
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(
                        text: "An emitter writing to `sink`, configured as the schema says. Call `runHeartbeats()` "
                            + "beside the producer, or use `withEmitter(sink:_:)`, which does."
                    ),
                    name: "init",
                    genericParameters: nil,
                    parameters: [.init(label: "sink", name: "sink", type: "some ServerSentEvents.ServerSentEventSink")],
                    body: [
                        .line(
                            "self.emitter = ServerSentEvents.ServerSentEventEmitter(sink: sink, configuration: Self.configuration)"
                        )
                    ]
                )
            ),
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(
                        text: "A typed front to an emitter configured elsewhere (e.g. by a server adapter)."),
                    name: "init",
                    parameters: [
                        .init(label: "emitter", name: "emitter", type: "ServerSentEvents.ServerSentEventEmitter")
                    ],
                    body: [.line("self.emitter = emitter")]
                )
            ),
        ]
        for event in events {
            members.append(.function(sendFunction(for: event)))
        }
        members.append(.function(genericSend()))
        members.append(.function(serverSentEventFunction()))
        members.append(.function(frameFunction()))
        members.append(.function(publishFunction()))
        members.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(text: "Sends a comment, which clients ignore."),
                    name: "sendComment",
                    parameters: [.init(label: "_", name: "text", type: "Swift.String")],
                    isAsync: true,
                    throwsClause: "throws",
                    body: [.line("try await emitter.comment(text)")]
                )
            )
        )
        members.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(
                        text: "Sends heartbeats while the stream is idle, until it ends."),
                    name: "runHeartbeats",
                    isAsync: true,
                    throwsClause: "throws",
                    body: [.line("try await emitter.runHeartbeats()")]
                )
            )
        )
        members.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(text: "Ends the stream."),
                    name: "finish",
                    isAsync: true,
                    throwsClause: "throws",
                    body: [.line("try await emitter.finish()")]
                )
            )
        )
        members.append(
            .function(
                SwiftFunction(
                    documentation: SwiftDocumentation(
                        text: "Runs `body` with an emitter on `sink`: opens the stream (`retry:`), sends heartbeats "
                            + "while `body` runs, and ends the stream when it returns."
                    ),
                    isStatic: true,
                    name: "withEmitter",
                    genericParameters: "Result: Swift.Sendable",
                    parameters: [
                        .init(label: "sink", name: "sink", type: "some ServerSentEvents.ServerSentEventSink"),
                        .init(label: "_", name: "body", type: "(\(emitterTypeName)) async throws -> Result"),
                    ],
                    isAsync: true,
                    throwsClause: "throws",
                    returnType: "Result",
                    body: [
                        .block(
                            "try await ServerSentEvents.ServerSentEventEmitter.withEmitter(sink: sink, configuration: Self.configuration)",
                            [.line("try await body(\(emitterTypeName)(emitter: $0))")]
                        )
                    ]
                )
            )
        )
        members += events.compactMap { payloadWriter(for: $0).map { .function($0) } }
        return .structure(
            SwiftTypeDeclaration(
                documentation: SwiftDocumentation(text: summary("Sends the events"), deprecation: streamDeprecation),
                name: emitterTypeName,
                inheritance: ["Swift.Sendable"],
                members: members
            )
        )
    }

    func heartbeatLiteral(_ seconds: Double) -> String {
        if seconds == seconds.rounded() { return ".seconds(\(Int64(seconds)))" }
        return ".milliseconds(\(Int64((seconds * 1000).rounded())))"
    }

    /// The statement that sends `event` with its payload in `payload`.
    /// The statement that sends `event` with its payload in `payload`: framed by the one
    /// `serverSentEvent(for:id:)` of the emitter.
    func sendStatement(for event: Event, payload: String) -> String {
        let name = SwiftNaming.escapedMemberName(event.name.value)
        let value = event.payload == .none ? ".\(name)" : ".\(name)(\(payload))"
        let send = "Self.frame(for: \(value), id: \(idArgument))"
        return "try await emitter.send(\(send)" + (event.isTerminal ? ", terminal: true)" : ")")
    }

    func sendFunction(for event: Event) -> SwiftFunction {
        var parameters: [SwiftFunction.Parameter] = []
        switch event.payload {
        case .none: break
        case .text: parameters.append(.init(label: "_", name: "text", type: "Swift.String"))
        case .json: parameters.append(.init(label: "_", name: "payload", type: types.payloadType(of: event)!))
        }
        if let idParameter { parameters.append(idParameter) }
        var text = "Sends " + eventDocumentation(event)
        if event.isTerminal { text += "\n\nThe sink is finished after it; sending again throws." }
        return SwiftFunction(
            documentation: SwiftDocumentation(
                text: text,
                deprecation: event.deprecation.map { $0.message ?? "" }
            ),
            name: SwiftNaming.sendMethodName(event: event.name.value),
            parameters: parameters,
            isAsync: true,
            throwsClause: "throws",
            body: [.line(sendStatement(for: event, payload: event.payload == .text ? "text" : "payload"))]
        )
    }

    /// `send(_:id:)` for any event of the enum, e.g. one relayed from elsewhere.
    func genericSend() -> SwiftFunction {
        var parameters: [SwiftFunction.Parameter] = [.init(label: "_", name: "event", type: eventTypeName)]
        if let idParameter { parameters.append(idParameter) }
        return SwiftFunction(
            documentation: SwiftDocumentation(
                text: "Sends any event of the stream; `unknown` events are relayed as they are."
            ),
            name: "send",
            parameters: parameters,
            isAsync: true,
            throwsClause: "throws",
            body: [
                .line(
                    "try await emitter.send(Self.frame(for: event, id: \(idArgument)), terminal: event.isTerminal)"
                )
            ]
        )
    }

    /// `serverSentEvent(for:id:)`: the event as framed for the wire, e.g. to publish in a hub.
    func serverSentEventFunction() -> SwiftFunction {
        var clauses: [SwiftStatement] = events.map { event in
            let name = SwiftNaming.escapedMemberName(event.name.value)
            let type = SwiftLiteral.string(event.wireName.value)
            switch event.payload {
            case .none:
                return .caseClause(
                    "case .\(name):",
                    [.line("return ServerSentEvents.ServerSentEvent(type: \(type), data: \"\", id: id)")]
                )
            case .text:
                return .caseClause(
                    "case .\(name)(let __payload):",
                    [.line("return ServerSentEvents.ServerSentEvent(type: \(type), data: __payload, id: id)")]
                )
            case .json:
                let encode =
                    "try ServerSentEvents.EventPayloadJSON.encode(__payload, type: \(type), id: id, \(payloadWriterName(event)))"
                return .caseClause(
                    "case .\(name)(let __payload):",
                    [.line("return ServerSentEvents.ServerSentEvent(type: \(type), data: \(encode), id: id)")]
                )
            }
        }
        let relayedID = stream.ids == .none ? "id" : "id ?? __event.id"
        clauses.append(.caseClause("case .replayGap(let __gap):", [.line("return __gap.event")]))
        clauses.append(
            .caseClause(
                "case .unknown(let __event):",
                [
                    .line(
                        "return ServerSentEvents.ServerSentEvent(type: __event.type, data: __event.data, id: \(relayedID))"
                    )
                ]
            )
        )
        return SwiftFunction(
            documentation: SwiftDocumentation(
                text: "The event as this stream frames it (its wire name, one-line JSON), e.g. to publish into a "
                    + "`ServerSentEventHub`; an `unknown` event keeps its own id unless given one, and a "
                    + "`replayGap` never has one (it must not move the client's last event ID)."
            ),
            isStatic: true,
            name: "serverSentEvent",
            parameters: [
                .init(label: "for", name: "event", type: eventTypeName),
                .init(label: "id", name: "id", type: "Swift.String?", defaultValue: "nil"),
            ],
            throwsClause: "throws(ServerSentEvents.ServerSentEventPayloadError)",
            returnType: "ServerSentEvents.ServerSentEvent",
            body: [.block("switch event", clauses)]
        )
    }

    /// `frame(for:id:)`: the event as bytes, a JSON payload written straight into its `data:` line.
    func frameFunction() -> SwiftFunction {
        var clauses: [SwiftStatement] = events.compactMap { event in
            guard case .json = event.payload else { return nil }
            let name = SwiftNaming.escapedMemberName(event.name.value)
            let type = SwiftLiteral.string(event.wireName.value)
            return .caseClause(
                "case .\(name)(let __payload):",
                [
                    .line(
                        "return try ServerSentEvents.ServerSentEventFrame(type: \(type), id: id, payload: __payload, \(payloadWriterName(event)))"
                    )
                ]
            )
        }
        clauses.append(
            .caseClause(
                "default:",
                [.line("return try ServerSentEvents.ServerSentEventFrame(Self.serverSentEvent(for: event, id: id))")]))
        return SwiftFunction(
            documentation: SwiftDocumentation(
                text:
                    "The event as `text/event-stream` bytes, as `send` writes them: a JSON payload is written straight "
                    + "into its `data:` line. Throws `ServerSentEventPayloadError` for a payload outside the schema's "
                    + "constraints, `ServerSentEventEncodingError` for an id with a line break."
            ),
            isStatic: true,
            name: "frame",
            parameters: [
                .init(label: "for", name: "event", type: eventTypeName),
                .init(label: "id", name: "id", type: "Swift.String?", defaultValue: "nil"),
            ],
            throwsClause: "throws",
            returnType: "ServerSentEvents.ServerSentEventFrame",
            body: [.block("switch event", clauses)]
        )
    }

    /// `Self.writeName`: writes the JSON payload of `event`.
    func payloadWriterName(_ event: Event) -> String {
        "Self.write" + SwiftNaming.typeName(event.name.value)
    }

    /// The private writer of an event's JSON payload: the named type writes itself; `null` for `nil`.
    func payloadWriter(for event: Event) -> SwiftFunction? {
        guard case .json(let payload) = event.payload, let value = types.payloadValueType(of: event) else { return nil }
        let write: SwiftStatement
        switch value {
        case .coded: write = .line("try __payload.writeJSON(to: &__writer)")
        case .alias(let namespace, let name):
            write = .line("try \(ValueType.aliasWriter(namespace: namespace, name: name))(__payload, to: &__writer)")
        case .scalar, .array, .map: fatalError("an event's payload is a named type")
        }
        let nullable = payload.isNullable
        return SwiftFunction(
            documentation: SwiftDocumentation(text: "Writes the payload of `\(event.wireName.value)`."),
            access: .private,
            isStatic: true,
            name: "write" + SwiftNaming.typeName(event.name.value),
            parameters: [
                .init(label: "_", name: "__payload", type: types.payloadType(of: event)!),
                .init(label: "to", name: "__writer", type: "inout ServerSentEvents.JSONWriter"),
            ],
            throwsClause: "throws(ServerSentEvents.JSONPayloadError)",
            body: nullable ? [.ifElse("let __payload", [write], else: [.line("__writer.writeNull()")])] : [write]
        )
    }

    /// `publish(_:to:topic:)`: into a hub, terminal events ending its subscriptions.
    func publishFunction() -> SwiftFunction {
        SwiftFunction(
            documentation: SwiftDocumentation(
                text: "Publishes the event to every subscriber of `topic` (e.g. `\(eventTypeName).path(…)`); "
                    + "the hub gives it its ID, and a terminal event ends the subscriptions. A payload outside the "
                    + "schema's constraints throws `ServerSentEventPayloadError`, a shared log that cannot store "
                    + "it throws its own error; either way nothing is published. Returns the event as published, "
                    + "with its ID."
            ),
            isStatic: true,
            name: "publish",
            parameters: [
                .init(label: "_", name: "event", type: eventTypeName),
                .init(label: "to", name: "hub", type: "ServerSentEvents.ServerSentEventHub"),
                .init(label: "topic", name: "topic", type: "Swift.String"),
            ],
            isAsync: true,
            throwsClause: "throws",
            returnType: "ServerSentEvents.ServerSentEvent",
            discardsResult: true,
            body: [
                .line("try await hub.publish(Self.serverSentEvent(for: event), to: topic, terminal: event.isTerminal)")
            ]
        )
    }
}
