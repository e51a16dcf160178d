/// The one naming authority: every identifier that the Swift and JavaScript generators write
/// comes from here, and validation uses the same functions to find names that collide after
/// conversion. Names in a schema are free text (`user.joined`, `order-book`, `2fa`, `class`);
/// identifiers are not.
///
/// Words are runs of letters and digits; anything else separates them. Each word keeps its
/// case except the first letter, so `messageID` stays `messageID` and `user.joined` becomes
/// `userJoined` / `UserJoined`. A name with no letters or digits spells its characters
/// (`+` → `x2B`); an identifier that would start with a digit gets a leading `_`.
public enum Naming {
    /// The `event:` name of the server's loss signal (`ServerSentEventHub.replayGapEventType`):
    /// generated clients handle it on every stream, so no schema event may use it.
    public static let replayGapWireName = "replay-gap"

    /// Splits a name into words: runs of letters and digits.
    static func words(_ name: String) -> [Substring] {
        name.split { character in !character.unicodeScalars.allSatisfy(isWordScalar) }
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9")
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
    }

    /// `UpperCamelCase`, before any language's reserved words are applied.
    static func upperCamelCase(_ name: String) -> String {
        guardLeadingDigit(upperCamelCaseSuffix(name))
    }

    /// `UpperCamelCase` for the end of an identifier (`on` + `2fa` → `on2fa`): may start with a digit.
    static func upperCamelCaseSuffix(_ name: String) -> String {
        let words = words(name)
        guard !words.isEmpty else { return spelled(name, capitalized: true) }
        return words.map { capitalizingFirst($0) }.joined()
    }

    /// `lowerCamelCase`, before any language's reserved words are applied. A leading acronym is
    /// lowered whole: `URLPath` → `urlPath`, `ID` → `id`.
    static func lowerCamelCase(_ name: String) -> String {
        let words = words(name)
        guard let first = words.first else { return spelled(name, capitalized: false) }
        return guardLeadingDigit(
            lowercasingLeadingAcronym(first) + words.dropFirst().map { capitalizingFirst($0) }.joined())
    }

    private static func capitalizingFirst(_ word: Substring) -> String {
        guard let first = word.first else { return "" }
        return first.uppercased() + word.dropFirst()
    }

    private static func lowercasingLeadingAcronym(_ word: Substring) -> String {
        let characters = Array(word)
        var end = 0
        while end < characters.count, characters[end].isUppercase { end += 1 }
        // In `URLPath` the `P` starts the next word: keep it.
        if end > 1, end < characters.count, characters[end].isLowercase { end -= 1 }
        if end == 0 { return String(word) }
        return characters[..<end].map { $0.lowercased() }.joined() + String(characters[end...])
    }

    private static func guardLeadingDigit(_ identifier: String) -> String {
        guard let first = identifier.unicodeScalars.first, first.properties.numericType == .decimal else {
            return identifier
        }
        return "_" + identifier
    }

    /// `x2B` for `+`; `empty` for the empty name.
    private static func spelled(_ name: String, capitalized: Bool) -> String {
        guard !name.isEmpty else { return capitalized ? "Empty" : "empty" }
        return (capitalized ? "X" : "x")
            + name.unicodeScalars.map { String($0.value, radix: 16, uppercase: true) }.joined(separator: "x")
    }
}

/// Swift identifiers.
public enum SwiftNaming {
    /// The name of a Swift type for a schema name: `order-book` → `OrderBook`. Names that
    /// cannot be a type (`Self`, `Type`…) or that would hide a module the generated code uses
    /// (`Swift`, `Foundation`…) get a trailing `_`.
    public static func typeName(_ name: String) -> String {
        let identifier = Naming.upperCamelCase(name)
        return reservedTypeNames.contains(identifier) ? identifier + "_" : identifier
    }

    /// ``typeName(_:)`` for a type nested in another, renamed with a trailing `_` while it
    /// equals one of `taken` (the enclosing type's name, the schema's namespace…), which it
    /// would hide inside its scope.
    public static func nestedTypeName(_ name: String, avoiding taken: Set<String>) -> String {
        var identifier = typeName(name)
        while taken.contains(identifier) { identifier += "_" }
        return identifier
    }

    /// The emitter method that sends an event: `messagePosted` → `sendMessagePosted`.
    public static func sendMethodName(event: String) -> String {
        "send" + Naming.upperCamelCaseSuffix(event)
    }

    /// The name of a Swift property, case, method or parameter, without backticks:
    /// `message_id` → `messageId`, `class` → `class` (see ``escapedMemberName(_:)``).
    public static func memberName(_ name: String) -> String {
        let identifier = Naming.lowerCamelCase(name)
        return reservedMemberNames.contains(identifier) ? identifier + "_" : identifier
    }

    /// ``memberName(_:)`` as written in declarations: keywords in backticks.
    public static func escapedMemberName(_ name: String) -> String {
        let identifier = memberName(name)
        return keywords.contains(identifier) ? "`\(identifier)`" : identifier
    }

    /// The top-level enum of a stream's events: `Chat` + `room` → `ChatRoomEvent`.
    public static func streamEventTypeName(schema: String, stream: String) -> String {
        schema + Naming.upperCamelCaseSuffix(stream) + "Event"
    }

    /// The server emitter of a stream: `ChatRoomEmitter`.
    public static func streamEmitterTypeName(schema: String, stream: String) -> String {
        schema + Naming.upperCamelCaseSuffix(stream) + "Emitter"
    }

    /// The client decoder of a stream: `ChatRoomDecoder`.
    public static func streamDecoderTypeName(schema: String, stream: String) -> String {
        schema + Naming.upperCamelCaseSuffix(stream) + "Decoder"
    }

    /// Cases every stream's event enum has besides the events, each with why.
    public static let reservedEventCaseNames: [String: String] = [
        "unknown": "every stream's event enum has an 'unknown' case for events the schema does not name",
        "replayGap": "every stream's event enum has a 'replayGap' case for the server's loss signal",
        "path": "every stream's event enum has 'path(…)', which fills in the stream's path",
        "pathTemplate": "every stream's event enum has 'pathTemplate', the stream's path as written",
        "isTerminal": "every stream's event enum has 'isTerminal'",
    ]

    /// Modules generated code names, and types that cannot be declared.
    static let reservedTypeNames: Set<String> = [
        "Any", "Self", "Type", "Protocol", "Swift", "Foundation", "ServerSentEvents", "_Concurrency", "CodingKeys",
    ]

    /// Members whose names synthesized conformances already use.
    static let reservedMemberNames: Set<String> = ["hashValue"]

    /// Words that need backticks to be used as a member name.
    static let keywords: Set<String> = [
        "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension", "fileprivate", "func",
        "import", "init", "inout", "internal", "let", "nonisolated", "open", "operator", "private",
        "precedencegroup", "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias", "var",
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if",
        "in", "repeat", "return", "throw", "switch", "where", "while", "as", "await", "false", "is", "nil", "self",
        "super", "throws", "true", "try", "Any", "Self", "Type", "Protocol",
    ]
}

/// JavaScript and TypeScript identifiers.
public enum JavaScriptNaming {
    /// The name of a TypeScript type for a schema name; globals the generated module uses get
    /// a trailing `_`.
    public static func typeName(_ name: String) -> String {
        let identifier = Naming.upperCamelCase(name)
        return reservedTypeNames.contains(identifier) ? identifier + "_" : identifier
    }

    /// A variable, parameter or function name: `lowerCamelCase`, reserved words get a trailing `_`.
    public static func identifier(_ name: String) -> String {
        let identifier = Naming.lowerCamelCase(name)
        return reservedWords.contains(identifier) ? identifier + "_" : identifier
    }

    /// The handler of an event: `messagePosted` → `onMessagePosted`.
    public static func handlerName(event: String) -> String {
        "on" + Naming.upperCamelCaseSuffix(event)
    }

    /// The function that opens a stream: `room` → `connectRoom`.
    public static func connectFunctionName(stream: String) -> String {
        "connect" + Naming.upperCamelCaseSuffix(stream)
    }

    /// The base of the JavaScript files' names: `MarketData` → `market-data` (so
    /// `market-data.events.mjs`), as web projects name files.
    public static func fileBaseName(schema: String) -> String {
        var words: [String] = []
        for word in Naming.words(schema) {
            // Split camel case: `MarketData` → `Market`, `Data`; acronyms stay whole (`HTTPLog` → `HTTP`, `Log`).
            var current = ""
            let characters = Array(word)
            for (index, character) in characters.enumerated() {
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                let startsWord =
                    character.isUppercase && !current.isEmpty
                    && (!(current.last?.isUppercase ?? false) || (next?.isLowercase ?? false))
                if startsWord {
                    words.append(current)
                    current = ""
                }
                current.append(character)
            }
            if !current.isEmpty { words.append(current) }
        }
        return words.isEmpty ? "events" : words.map { $0.lowercased() }.joined(separator: "-")
    }

    /// The exported constant of a stream's wire names: `room` → `RoomEventNames`.
    public static func wireNamesConstantName(stream: String) -> String {
        Naming.upperCamelCase(stream) + "EventNames"
    }

    /// The type of a stream's path parameters: `room` → `RoomParameters`.
    public static func streamParametersTypeName(stream: String) -> String {
        Naming.upperCamelCase(stream) + "Parameters"
    }

    /// The type of a stream's handlers: `room` → `RoomHandlers`.
    public static func streamHandlersTypeName(stream: String) -> String {
        Naming.upperCamelCase(stream) + "Handlers"
    }

    /// Handlers every stream has besides one per event, each with why.
    public static let reservedHandlerNames: [String: String] = [
        "onOpen": "'onOpen' is called when the connection opens",
        "onError": "'onError' is called when the connection fails",
        "onUnknown": "'onUnknown' receives the events the schema does not name",
        "onInvalid": "'onInvalid' receives the events whose payload does not match the schema",
        "onReplayGap": "'onReplayGap' is called when the server lost events it should have replayed",
    ]

    /// Global types the generated module refers to, and the types and classes it declares itself.
    static let reservedTypeNames: Set<String> = [
        "Array", "Boolean", "Date", "Error", "Event", "EventSource", "Function", "Headers", "Map", "MessageEvent",
        "Number", "Object", "Partial", "Promise", "Readonly", "Record", "RequestInit", "Response", "Set", "String",
        "Symbol", "URL", "HeadersInit", "BodyInit", "RequestCredentials", "Uint8Array", "SyntaxError", "TypeError",
        "TextDecoder", "AbortController",
        "PayloadError", "StreamError", "EventDetails", "UnknownEvent", "InvalidEvent", "StreamHandlers",
        "ConnectOptions", "Connection", "EventStreamParser", "ReplayGap",
    ]

    /// ECMAScript reserved words, strict-mode reserved words and names that cannot be bound.
    static let reservedWords: Set<String> = [
        "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
        "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
        "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var",
        "void", "while", "with", "yield", "let", "static", "implements", "interface", "package", "private",
        "protected", "public", "arguments", "eval", "undefined", "NaN", "Infinity", "__proto__", "constructor",
    ]
}
