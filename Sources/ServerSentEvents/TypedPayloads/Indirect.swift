/// A value kept on the heap, so that a generated struct can hold a value of its own type
/// (`Message.replyTo: Message?`), which Swift only allows through a reference.
///
/// It behaves as a value: setting it stores a new box, so copies never share a change.
@_spi(Generated) public struct Indirect<Value: Sendable>: Sendable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    /// Boxes a value.
    public init(_ value: Value) {
        box = Box(value)
    }

    /// The value.
    public var value: Value {
        get { box.value }
        set { box = Box(newValue) }
    }
}

extension Indirect: Equatable where Value: Equatable {
    /// Equal when the values are.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
}

extension Indirect: Hashable where Value: Hashable {
    /// Hashes the value.
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
