/// The cheap constraints of the schema (`const`, bounds, lengths, counts), checked on values
/// by generated code in both directions with the same rules: decoders throw
/// `DecodingError.dataCorrupted`, as `JSONDecoder` does for the rest; emitters check before
/// encoding and throw `EncodingError.invalidValue`, so that a server never sends what its own
/// clients refuse. Both carry the coding path of the bad value.
@_spi(Generated) public enum PayloadCheck {
    /// Whether a value is being decoded (read from the wire) or encoded (about to be sent).
    public enum Direction: Sendable {
        /// Throws `DecodingError.dataCorrupted`.
        case decoding
        /// Throws `EncodingError.invalidValue`.
        case encoding
    }

    /// `value` equals `expected` (`const:`).
    public static func constant<Value: Equatable>(
        _ value: Value, _ expected: Value, at codingPath: [any CodingKey], while direction: Direction = .decoding
    ) throws {
        guard value != expected else { return }
        throw violation("expected the constant \(expected), found \(value)", value, at: codingPath, direction)
    }

    /// `minimum:` and `maximum:`.
    public static func range<Value: Comparable>(
        _ value: Value,
        minimum: Value?,
        maximum: Value?,
        at codingPath: [any CodingKey],
        while direction: Direction = .decoding
    ) throws {
        if let minimum, value < minimum {
            throw violation("\(value) is below the minimum \(minimum)", value, at: codingPath, direction)
        }
        if let maximum, value > maximum {
            throw violation("\(value) is above the maximum \(maximum)", value, at: codingPath, direction)
        }
    }

    /// `minLength:` and `maxLength:`, in Unicode scalars as JSON Schema counts.
    public static func length(
        _ value: String, minimum: Int?, maximum: Int?, at codingPath: [any CodingKey],
        while direction: Direction = .decoding
    ) throws {
        let count = value.unicodeScalars.count
        if let minimum, count < minimum {
            throw violation(
                "\(counted(count, "character")), fewer than the minimum \(minimum)", value, at: codingPath, direction)
        }
        if let maximum, count > maximum {
            throw violation(
                "\(counted(count, "character")), more than the maximum \(maximum)", value, at: codingPath, direction)
        }
    }

    /// `minItems:` and `maxItems:`.
    public static func count(
        _ count: Int, minimum: Int?, maximum: Int?, at codingPath: [any CodingKey],
        while direction: Direction = .decoding
    ) throws {
        if let minimum, count < minimum {
            throw violation(
                "\(counted(count, "item")), fewer than the minimum \(minimum)", count, at: codingPath, direction)
        }
        if let maximum, count > maximum {
            throw violation(
                "\(counted(count, "item")), more than the maximum \(maximum)", count, at: codingPath, direction)
        }
    }

    /// `1 item`, `2 items`.
    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    private static func violation(
        _ message: String, _ value: Any, at codingPath: [any CodingKey], _ direction: Direction
    ) -> any Error {
        switch direction {
        case .decoding:
            DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: message))
        case .encoding:
            EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: message))
        }
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
