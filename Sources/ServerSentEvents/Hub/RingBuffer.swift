/// A first-in first-out queue on a growable circular array: O(1) append at the back and
/// removal at the front, without the standard library's `removeFirst()` shifting.
struct RingBuffer<Element> {
    private var storage: [Element?] = []
    private var head = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    var first: Element? { count == 0 ? nil : storage[head] }

    var last: Element? { count == 0 ? nil : storage[(head + count - 1) % storage.count] }

    mutating func append(_ element: Element) {
        if count == storage.count { grow() }
        storage[(head + count) % storage.count] = element
        count += 1
    }

    @discardableResult
    mutating func removeFirst() -> Element {
        precondition(count > 0, "removeFirst on an empty RingBuffer")
        let element = storage[head]!
        storage[head] = nil
        head = (head + 1) % storage.count
        count -= 1
        return element
    }

    mutating func removeAll() {
        self = RingBuffer()
    }

    /// The element `offset` places from the front.
    subscript(offset: Int) -> Element {
        precondition(offset >= 0 && offset < count, "RingBuffer index out of range")
        return storage[(head + offset) % storage.count]!
    }

    private mutating func grow() {
        var grown = [Element?](repeating: nil, count: Swift.max(8, storage.count * 2))
        for offset in 0..<count { grown[offset] = storage[(head + offset) % storage.count] }
        storage = grown
        head = 0
    }
}
