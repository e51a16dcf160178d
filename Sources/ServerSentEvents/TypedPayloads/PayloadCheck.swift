/// The cheap constraints of the schema (`const`, bounds, lengths, counts), checked on values
/// by generated code in both directions with the same rules.
///
/// Each check returns what is wrong (`"81 characters, more than the maximum 80"`) or `nil`:
/// generated JSON coding throws it at the value's place in the text (``JSONReader/check(_:at:)``,
/// ``JSONWriter/check(_:)``); the `Codable` conformances throw it with the coding path
/// (``decoding(_:at:)``, ``encoding(_:_:at:)``), as `JSONDecoder` does for the rest. Emitters
/// check before they write: a server never sends what its own clients refuse.
@_spi(Generated) public enum PayloadCheck {
    /// `value` equals `expected` (`const:`).
    @inlinable
    public static func constant<Value: Equatable>(_ value: Value, _ expected: Value) -> String? {
        value == expected ? nil : "expected the constant \(expected), found \(value)"
    }

    /// `minimum:` and `maximum:`.
    @inlinable
    public static func range<Value: Comparable>(_ value: Value, minimum: Value?, maximum: Value?) -> String? {
        if let minimum, value < minimum { return "\(value) is below the minimum \(minimum)" }
        if let maximum, value > maximum { return "\(value) is above the maximum \(maximum)" }
        return nil
    }

    /// `minLength:` and `maxLength:`, in Unicode scalars as JSON Schema counts.
    @inlinable
    public static func length(_ value: String, minimum: Int?, maximum: Int?) -> String? {
        // Most strings are shorter in bytes than any bound: no need to count scalars.
        if minimum == nil, let maximum, value.utf8.count <= maximum { return nil }
        let count = value.unicodeScalars.count
        if let minimum, count < minimum { return "\(counted(count, "character")), fewer than the minimum \(minimum)" }
        if let maximum, count > maximum { return "\(counted(count, "character")), more than the maximum \(maximum)" }
        return nil
    }

    /// `minItems:` and `maxItems:`.
    @inlinable
    public static func count(_ count: Int, minimum: Int?, maximum: Int?) -> String? {
        if let minimum, count < minimum { return "\(counted(count, "item")), fewer than the minimum \(minimum)" }
        if let maximum, count > maximum { return "\(counted(count, "item")), more than the maximum \(maximum)" }
        return nil
    }

    /// Throws `problem` as `JSONDecoder` reports bad data: `DecodingError.dataCorrupted`.
    public static func decoding(_ problem: String?, at codingPath: [any CodingKey]) throws {
        guard let problem else { return }
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: problem))
    }

    /// Throws `problem` about `value` as `JSONEncoder` reports bad values: `EncodingError.invalidValue`.
    public static func encoding(_ problem: String?, _ value: Any, at codingPath: [any CodingKey]) throws {
        guard let problem else { return }
        throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: problem))
    }

    /// `1 item`, `2 items`.
    @usableFromInline
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

/// A coding key made from a string, for paths into maps and for discriminators.
@_spi(Generated) public struct PayloadCodingKey: CodingKey, Hashable, Sendable {
    /// The key.
    public var stringValue: String
    /// The index, for array elements.
    public var intValue: Int?

    /// A key for a member name.
    public init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    /// A key for a member name.
    public init?(stringValue: String) { self.init(stringValue) }

    /// A key for an array index.
    public init(index: Int) {
        stringValue = String(index)
        intValue = index
    }

    /// A key for an array index.
    public init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
