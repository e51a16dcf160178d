import EventSchema

/// A JSON object under construction for an exported document: members keep the order in which
/// they are set, so documents are deterministic, and a `nil` value leaves its member out.
struct JSONObject {
    private(set) var members: [JSONValue.Member] = []

    init() {}

    /// Adds a member unless `value` is `nil`.
    mutating func set(_ name: String, _ value: JSONValue?) {
        guard let value else { return }
        members.append(.init(name, value))
    }

    /// Adds a string member unless `text` is `nil`.
    mutating func set(_ name: String, _ text: String?) {
        set(name, text.map(JSONValue.string))
    }

    /// Adds `true` when `flag` is set; leaves the member out otherwise.
    mutating func set(_ name: String, flag: Bool) {
        if flag { members.append(.init(name, .boolean(true))) }
    }

    /// The object.
    var value: JSONValue { .object(members) }

    /// Whether no member was set.
    var isEmpty: Bool { members.isEmpty }
}

extension JSONValue {
    /// An object built by `build`.
    static func object(_ build: (inout JSONObject) -> Void) -> JSONValue {
        var object = JSONObject()
        build(&object)
        return object.value
    }

    /// An array of strings.
    static func strings(_ values: [String]) -> JSONValue {
        .array(values.map(JSONValue.string))
    }
}
