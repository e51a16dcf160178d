/// Why a JSON payload could not be read or written, and where: a byte offset into the JSON
/// text (into what was written so far, when writing).
///
/// Generated code throws it; ``EventPayloadJSON`` turns it into a
/// ``ServerSentEventPayloadError`` whose reason names the path of the value
/// (`at author.name: …`), worked out from the text only when an error happens.
@_spi(Generated) public struct JSONPayloadError: Error, Hashable, Sendable {
    /// The offset, in bytes, of the value (or the malformed byte) the error is about.
    public var offset: Int
    /// What is wrong: `expected a string, found a number`.
    public var message: String
    /// The text is not JSON (RFC 8259) at ``offset``, as opposed to JSON with a value the
    /// schema does not allow.
    public var isMalformed: Bool

    /// Creates an error.
    public init(offset: Int, message: String, isMalformed: Bool) {
        self.offset = offset
        self.message = message
        self.isMalformed = isMalformed
    }
}
