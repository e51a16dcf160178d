/// Writes events as `text/event-stream` bytes into a buffer the caller owns.
///
/// The encoder builds no intermediate strings: it copies each field's UTF-8 bytes straight
/// into the buffer. It guarantees that what it writes decodes to exactly the values it was
/// given (type, data, id) in every client that follows the WHATWG algorithm:
/// - `data` holding CR, LF or CRLF is split into several `data:` lines, so a payload can never
///   start a field or an event of its own;
/// - an event type or ID holding CR, LF or NUL is refused with ``ServerSentEventEncodingError``
///   and nothing is written.
///
/// ```swift
/// let encoder = ServerSentEventEncoder()
/// var buffer: [UInt8] = []
/// encoder.encodeRetry(.seconds(2), into: &buffer)          // retry: 2000
/// try encoder.encode(ServerSentEvent(type: "tick", data: "1", id: "1"), into: &buffer)
/// encoder.encodeComment("keep-alive", into: &buffer)      // : keep-alive
/// ```
///
/// - Complexity: O(*n*) in the size of the event.
public struct ServerSentEventEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Appends one event, ending with the blank line that makes clients dispatch it.
    ///
    /// Fields are written in the order `event`, `id`, `retry`, `data`. The `event:` field is
    /// left out for the types `"message"` and `""`, which clients read as `"message"` anyway.
    /// Empty data is written as one empty `data:` line, so the event is still dispatched.
    ///
    /// - Parameters:
    ///   - event: The event to write.
    ///   - buffer: The buffer to append to; left unchanged when the event is refused.
    /// - Throws: ``ServerSentEventEncodingError`` when the type or ID holds CR, LF or NUL.
    @inlinable
    public func encode<Buffer: RangeReplaceableCollection<UInt8>>(
        _ event: ServerSentEvent,
        into buffer: inout Buffer
    ) throws(ServerSentEventEncodingError) {
        try Self.validate(event)
        if !event.type.isEmpty && event.type != "message" {
            Self.appendField("event", value: event.type, into: &buffer)
        }
        if let id = event.id {
            Self.appendField("id", value: id, into: &buffer)
        }
        if let retry = event.retry {
            Self.appendRetryField(retry, into: &buffer)
        }
        Self.appendLines(prefix: "data", of: event.data, into: &buffer)
        buffer.append(ASCII.lineFeed)
    }

    /// Checks that `event` can be written: its type and ID hold no CR, LF or NUL. The hub
    /// checks every event this way before it stores it, so that no event it keeps fails to
    /// encode later, on every replay.
    ///
    /// - Throws: ``ServerSentEventEncodingError`` naming the field.
    @inlinable
    public static func validate(_ event: ServerSentEvent) throws(ServerSentEventEncodingError) {
        if holdsLineBreakOrNull(event.type) {
            throw ServerSentEventEncodingError(code: .invalidEventType, value: event.type)
        }
        if let id = event.id, holdsLineBreakOrNull(id) {
            throw ServerSentEventEncodingError(code: .invalidID, value: id)
        }
    }

    /// Returns one event as bytes.
    /// - Throws: ``ServerSentEventEncodingError`` when the type or ID holds CR, LF or NUL.
    @inlinable
    public func encode(_ event: ServerSentEvent) throws(ServerSentEventEncodingError) -> [UInt8] {
        var buffer: [UInt8] = []
        try encode(event, into: &buffer)
        return buffer
    }

    /// Appends a comment, which every client ignores: use it as a heartbeat, so that proxies
    /// keep an idle connection open and the server notices a client that went away.
    ///
    /// Text holding line breaks becomes several comment lines. A comment does not end an
    /// event, so it may be written at any point between events.
    @inlinable
    public func encodeComment<Buffer: RangeReplaceableCollection<UInt8>>(
        _ text: String,
        into buffer: inout Buffer
    ) {
        Self.appendLines(prefix: "", of: text, into: &buffer)
    }

    /// Appends a `retry:` field on its own: clients wait this long before they reconnect.
    ///
    /// Durations are sent in whole milliseconds, rounded down; negative ones as 0. No blank
    /// line follows, because clients apply `retry:` at once and some (httpx-sse) would report
    /// a block without data as an empty event.
    @inlinable
    public func encodeRetry<Buffer: RangeReplaceableCollection<UInt8>>(
        _ reconnectionTime: Duration,
        into buffer: inout Buffer
    ) {
        Self.appendRetryField(reconnectionTime, into: &buffer)
    }
}

// MARK: - Field writers

extension ServerSentEventEncoder {
    @inlinable
    static func holdsLineBreakOrNull(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { UnsafeRawBufferPointer($0).containsLineBreakOrNull() }
    }

    @inlinable
    static func appendASCII<Buffer: RangeReplaceableCollection<UInt8>>(
        _ text: StaticString,
        into buffer: inout Buffer
    ) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// `name: value` LF, or `name:` LF for an empty value (one space is what decoders strip).
    @inlinable
    static func appendField<Buffer: RangeReplaceableCollection<UInt8>>(
        _ name: StaticString,
        value: String,
        into buffer: inout Buffer
    ) {
        appendASCII(name, into: &buffer)
        var value = value
        value.withUTF8 { bytes in
            appendValue(bytes, into: &buffer)
        }
    }

    /// `:` then, for a non-empty value, a space and the value; then LF.
    @inlinable
    static func appendValue<Buffer: RangeReplaceableCollection<UInt8>>(
        _ bytes: UnsafeBufferPointer<UInt8>,
        into buffer: inout Buffer
    ) {
        if bytes.isEmpty {
            buffer.append(ASCII.colon)
        } else {
            buffer.append(ASCII.colon)
            buffer.append(ASCII.space)
            buffer.append(contentsOf: bytes)
        }
        buffer.append(ASCII.lineFeed)
    }

    @inlinable
    static func appendRetryField<Buffer: RangeReplaceableCollection<UInt8>>(
        _ reconnectionTime: Duration,
        into buffer: inout Buffer
    ) {
        appendASCII("retry: ", into: &buffer)
        appendDecimal(reconnectionTime.wholeMilliseconds, into: &buffer)
        buffer.append(ASCII.lineFeed)
    }

    @inlinable
    static func appendDecimal<Buffer: RangeReplaceableCollection<UInt8>>(
        _ value: UInt64,
        into buffer: inout Buffer
    ) {
        // 20 digits hold UInt64.max.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var value = value
            var start = 20
            repeat {
                start -= 1
                digits[start] = ASCII.zero &+ UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            } while value != 0
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Writes `text` as one line per CR, LF or CRLF-separated segment, each as `prefix:`
    /// followed by the segment (``appendValue(_:into:)``).
    ///
    /// A trailing line break yields a last, empty line, so that decoders rebuild the text
    /// exactly: `"a\n"` becomes `data: a` LF `data:` LF, which decodes to `"a\n"`.
    @inlinable
    static func appendLines<Buffer: RangeReplaceableCollection<UInt8>>(
        prefix: StaticString,
        of text: String,
        into buffer: inout Buffer
    ) {
        var text = text
        text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            var start = 0
            while let end = LineBreakScanner.next(in: bytes, from: start) {
                appendASCII(prefix, into: &buffer)
                appendValue(UnsafeBufferPointer(rebasing: utf8[start..<end]), into: &buffer)
                start = end + 1
                if bytes[end] == ASCII.carriageReturn, start < bytes.count, bytes[start] == ASCII.lineFeed {
                    start += 1
                }
            }
            appendASCII(prefix, into: &buffer)
            appendValue(UnsafeBufferPointer(rebasing: utf8[start...]), into: &buffer)
        }
    }
}

extension Duration {
    /// Whole milliseconds, rounded down; 0 for negative durations; saturating.
    @usableFromInline
    var wholeMilliseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        let (milliseconds, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1000)
        guard !overflow else { return .max }
        let (total, overflow2) = milliseconds.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000_000_000))
        return overflow2 ? .max : total
    }
}
