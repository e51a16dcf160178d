/// An event's type as it came, matched against wire names with `case "name":` (the type
/// `message` also matches an empty type, which clients read as `message`).
@_spi(Generated) public struct EventTypeName {
    let bytes: UnsafeRawBufferPointer

    /// The type of `event`.
    public init(_ event: ServerSentEventDecoder.InPlaceEvent) {
        bytes = event.type
    }

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private static var message: UnsafeRawBufferPointer {
        let message: StaticString = "message"
        return UnsafeRawBufferPointer(start: message.utf8Start, count: message.utf8CodeUnitCount)
    }

    /// Whether the type is `pattern`.
    public static func ~= (pattern: StaticString, name: EventTypeName) -> Bool {
        let expected = UnsafeRawBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount)
        if name.bytes.isEmpty { return expected.elementsEqualBytes(Self.message) }
        return name.bytes.elementsEqualBytes(expected)
    }
}

/// A union's discriminator member, which an alternative writes among its own members (in
/// their sorted order) when it is written as the union.
@_spi(Generated) public struct JSONDiscriminator {
    /// The member's name.
    public let name: String
    /// The alternative's tag.
    public let value: String

    /// Creates a discriminator.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
