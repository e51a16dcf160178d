/// A payload value's Swift type, as generated code names it and reads and writes its JSON.
/// Inline structure (arrays, maps, scalars) is spelled out; named types stop it.
indirect enum ValueType: Hashable {
    /// A standard library or Foundation type with a reader and writer of its own in the runtime.
    case scalar(Scalar)
    /// A generated struct, enum or union: `init(json:)` and `writeJSON(to:)`.
    case coded(String)
    /// A named type alias of a namespace: read and written by the namespace's `read…(from:)`
    /// and `write…(_:to:)`.
    case alias(namespace: String, name: String)
    case array(ValueType, nullableItems: Bool)
    case map(ValueType, nullableValues: Bool)

    enum Scalar: String, Hashable {
        case string = "Swift.String"
        case int32 = "Swift.Int32"
        case int64 = "Swift.Int64"
        case float = "Swift.Float"
        case double = "Swift.Double"
        case bool = "Swift.Bool"
        case date = "Foundation.Date"
        case calendarDate = "ServerSentEvents.CalendarDate"
        case uuid = "Foundation.UUID"
        case url = "Foundation.URL"
        case data = "Foundation.Data"

        /// The `JSONReader` method that reads it.
        var readMethod: String {
            switch self {
            case .string: "readString"
            case .int32: "readInt32"
            case .int64: "readInt64"
            case .float: "readFloat"
            case .double: "readDouble"
            case .bool: "readBool"
            case .date: "readDate"
            case .calendarDate: "readCalendarDate"
            case .uuid: "readUUID"
            case .url: "readURL"
            case .data: "readData"
            }
        }

        /// Whether `JSONWriter.write` can refuse it (a number that is not finite).
        var writeThrows: Bool { self == .float || self == .double }
    }

    /// The name of the namespace's function that reads alias `name`: `readNote`.
    static func aliasReaderName(_ name: String) -> String { "read" + name }

    /// The name of the namespace's function that writes alias `name`: `writeNote`.
    static func aliasWriterName(_ name: String) -> String { "write" + name }

    /// The function that reads an alias: `Chat.readNote`, called as `(from: &__reader)`.
    static func aliasReader(namespace: String, name: String) -> String { namespace + "." + aliasReaderName(name) }

    /// The function that writes an alias: `Chat.writeNote`, called as `(value, to: &__writer)`.
    static func aliasWriter(namespace: String, name: String) -> String { namespace + "." + aliasWriterName(name) }

    /// The type as Swift code names it where it is used.
    var swiftName: String {
        switch self {
        case .scalar(let scalar): scalar.rawValue
        case .coded(let name): name
        case .alias(let namespace, let name): namespace + "." + name
        case .array(let items, let nullable): "[" + items.swiftName + (nullable ? "?" : "") + "]"
        case .map(let values, let nullable): "[Swift.String: " + values.swiftName + (nullable ? "?" : "") + "]"
        }
    }
}
