/// The cheap constraints generated decoders check on decoded values (`const`, bounds), throwing
/// `DecodingError.dataCorrupted` with the coding path, as `JSONDecoder` does for the rest.
public enum PayloadCheck {
    /// `value` equals `expected` (`const:`).
    public static func constant<Value: Equatable>(
        _ value: Value, _ expected: Value, at codingPath: [any CodingKey]
    ) throws {
        guard value != expected else { return }
        throw corrupted("expected the constant \(expected), found \(value)", at: codingPath)
    }

    /// `minimum:` and `maximum:`.
    public static func range<Value: Comparable>(
        _ value: Value,
        minimum: Value?,
        maximum: Value?,
        at codingPath: [any CodingKey]
    ) throws {
        if let minimum, value < minimum { throw corrupted("\(value) is below the minimum \(minimum)", at: codingPath) }
        if let maximum, value > maximum { throw corrupted("\(value) is above the maximum \(maximum)", at: codingPath) }
    }

    /// `minLength:` and `maxLength:`, in Unicode scalars as JSON Schema counts.
    public static func length(_ value: String, minimum: Int?, maximum: Int?, at codingPath: [any CodingKey]) throws {
        let count = value.unicodeScalars.count
        if let minimum, count < minimum {
            throw corrupted("\(count) characters, fewer than the minimum \(minimum)", at: codingPath)
        }
        if let maximum, count > maximum {
            throw corrupted("\(count) characters, more than the maximum \(maximum)", at: codingPath)
        }
    }

    /// `minItems:` and `maxItems:`.
    public static func count(_ count: Int, minimum: Int?, maximum: Int?, at codingPath: [any CodingKey]) throws {
        if let minimum, count < minimum {
            throw corrupted("\(count) items, fewer than the minimum \(minimum)", at: codingPath)
        }
        if let maximum, count > maximum {
            throw corrupted("\(count) items, more than the maximum \(maximum)", at: codingPath)
        }
    }

    private static func corrupted(_ message: String, at codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath, debugDescription: message))
    }
}

/// A coding key made from a string, for paths into maps and for discriminators.
public struct PayloadCodingKey: CodingKey, Hashable, Sendable {
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
