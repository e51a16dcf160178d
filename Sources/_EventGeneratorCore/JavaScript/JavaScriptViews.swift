import EventTemplates

/// What the JavaScript templates (`Templates/`) render: every string is already escaped for
/// where it goes (string literals quoted, documentation made safe), so the templates only place it.
struct JavaScriptModuleView {
    /// The schema's path as given, with control characters removed: it goes into a `//` comment.
    var sourcePath: String
    /// The schema's description as a `/** … */` comment, or empty.
    var description: String
    /// The check functions (module) or the type declarations (declarations), printed.
    var checks: String
    var types: String
    var streams: [JavaScriptStreamView]
    /// `Templates/runtime.mjs`, embedded verbatim at the end of the module.
    var runtime = EventTemplates.runtime
}

/// One stream in both files.
struct JavaScriptStreamView {
    /// `connectRoom`.
    var connectFunction: String
    /// The body lines of the stream's `/** … */` comment.
    var documentation: String
    /// `RoomEventNames`: the exported constant of wire names.
    var wireNamesConstant: String
    /// `connectRoomEvents_`: the module's private table of the stream's events.
    var eventTableName: String
    /// `RoomParameters`, `RoomHandlers`.
    var parametersType: String
    var handlersType: String
    /// A JavaScript expression for the stream's path from `parameters`.
    var pathExpression: String
    /// Milliseconds without a byte before the fetch transport reconnects: three heartbeats.
    var idleTimeout: String
    var parameters: [JavaScriptParameterView]
    var events: [JavaScriptEventView]
}

/// A path parameter.
struct JavaScriptParameterView {
    /// The key in `parameters`, bare or quoted.
    var key: String
}

/// One event of a stream.
struct JavaScriptEventView {
    /// The event's name as a key of the wire-names constant, bare or quoted.
    var key: String
    /// The wire name as a string literal (a literal type in the declarations).
    var wireName: String
    /// `onMessagePosted`, and as a string literal.
    var handler: String
    var handlerLiteral: String
    /// A function from the event's data to its checked payload.
    var decoder: String
    /// `true` or `false`.
    var terminal: String
    /// The handler's type of payload.
    var payloadType: String
    /// The handler's `/** … */` comment lines in the handlers interface, or empty.
    var documentation: String
}
