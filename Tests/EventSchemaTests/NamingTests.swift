import EventSchema
import Testing

/// The naming authority: schema names in, identifiers out.
@Suite("Naming")
struct NamingTests {
    @Test(
        "Swift type names",
        arguments: [
            ("messagePosted", "MessagePosted"), ("user.joined", "UserJoined"), ("order-book", "OrderBook"),
            ("order_book", "OrderBook"), ("URL", "URL"), ("class", "Class"), ("Self", "Self_"), ("Type", "Type_"),
            ("Swift", "Swift_"), ("Foundation", "Foundation_"), ("2fa", "_2fa"), ("größe", "Größe"), ("日本", "日本"),
            ("", "Empty"), ("+", "X2B"), ("a b", "AB"),
        ]
    )
    func swiftTypeNames(name: String, expected: String) {
        #expect(SwiftNaming.typeName(name) == expected)
    }

    @Test(
        "Swift member names, and keywords in backticks",
        arguments: [
            ("message_id", "messageId", "messageId"), ("messageID", "messageID", "messageID"),
            ("URLPath", "urlPath", "urlPath"), ("ID", "id", "id"), ("Name", "name", "name"),
            ("class", "class", "`class`"), ("default", "default", "`default`"), ("Self", "self", "`self`"),
            ("Type", "type", "type"), ("2fa", "_2fa", "_2fa"), ("", "empty", "empty"), ("+", "x2B", "x2B"),
            ("-", "x2D", "x2D"), ("@type", "type", "type"), ("hashValue", "hashValue_", "hashValue_"),
            ("in-progress", "inProgress", "inProgress"), ("user.joined", "userJoined", "userJoined"),
        ]
    )
    func swiftMemberNames(name: String, member: String, escaped: String) {
        #expect(SwiftNaming.memberName(name) == member)
        #expect(SwiftNaming.escapedMemberName(name) == escaped)
    }

    @Test("a stream's event enum is prefixed by the schema's name")
    func streamEventType() {
        #expect(SwiftNaming.streamEventTypeName(schema: "Chat", stream: "room") == "ChatRoomEvent")
        #expect(SwiftNaming.streamEventTypeName(schema: "Market", stream: "order-book") == "MarketOrderBookEvent")
    }

    @Test(
        "JavaScript identifiers avoid reserved words",
        arguments: [
            ("roomID", "roomID"), ("class", "class_"), ("constructor", "constructor_"), ("__proto__", "proto"),
            ("arguments", "arguments_"), ("user-id", "userId"), ("2fa", "_2fa"), ("await", "await_"),
        ]
    )
    func javaScriptIdentifiers(name: String, expected: String) {
        #expect(JavaScriptNaming.identifier(name) == expected)
    }

    @Test("JavaScript handlers, connect functions and types")
    func javaScriptNames() {
        #expect(JavaScriptNaming.handlerName(event: "user.joined") == "onUserJoined")
        #expect(JavaScriptNaming.handlerName(event: "2fa") == "on2fa")
        #expect(JavaScriptNaming.connectFunctionName(stream: "room") == "connectRoom")
        #expect(JavaScriptNaming.typeName("Record") == "Record_")
        #expect(JavaScriptNaming.typeName("user") == "User")
        #expect(JavaScriptNaming.typeName("Connection") == "Connection_")
        #expect(JavaScriptNaming.wireNamesConstantName(stream: "order-book") == "OrderBookEventNames")
        #expect(JavaScriptNaming.streamParametersTypeName(stream: "room") == "RoomParameters")
        #expect(JavaScriptNaming.streamHandlersTypeName(stream: "room") == "RoomHandlers")
    }

    @Test(
        "JavaScript file names are the schema's name in kebab case",
        arguments: [
            ("Chat", "chat"), ("MarketData", "market-data"), ("HTTPLog", "http-log"), ("Odd", "odd"),
            ("v2Events", "v2-events"), ("my_schema", "my-schema"), ("Größe", "größe"), ("+", "events"),
        ]
    )
    func javaScriptFileNames(name: String, expected: String) {
        #expect(JavaScriptNaming.fileBaseName(schema: name) == expected)
    }
}
