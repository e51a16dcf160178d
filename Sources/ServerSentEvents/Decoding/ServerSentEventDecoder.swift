/// An incremental, synchronous `text/event-stream` decoder that follows the WHATWG HTML
/// Standard's "parse an event stream" and "interpret an event stream" algorithms exactly.
///
/// Feed it chunks of any size, split anywhere (inside a field, a UTF-8 sequence, a BOM, or
/// between the CR and LF of a CRLF), and it produces the same outputs in the same order:
///
/// ```swift
/// var decoder = ServerSentEventDecoder()
/// for chunk in chunks {
///     try decoder.decode(chunk) { output in
///         if case .event(let event) = output { print(event.type, event.data) }
///     }
/// }
/// decoder.finish()   // end of stream: an unfinished event is dropped
/// ```
///
/// Memory stays bounded whatever the stream holds: a line longer than
/// ``Limits/maximumLineLength`` or an event larger than ``Limits/maximumEventSize`` ends
/// decoding with ``ServerSentEventDecodingError``. Decoding does not resume after such an
/// error until ``finish()`` starts a new stream.
///
/// For an `AsyncSequence` of byte chunks use ``_Concurrency/AsyncSequence/serverSentEvents(limits:lastEventID:)``.
public struct ServerSentEventDecoder: Sendable {
    /// Bounds on what one stream may make the decoder hold.
    public struct Limits: Sendable, Hashable {
        /// The longest line, in bytes, line break excluded. Default: 1 MiB.
        ///
        /// Bounds every field (a comment, an `event:` or `id:` value, one `data:` line) and a
        /// line that never ends.
        public var maximumLineLength: Int
        /// The most data one event may gather, in bytes, counting one byte for the line break
        /// between `data:` lines. Default: 8 MiB.
        public var maximumEventSize: Int

        /// Creates limits.
        /// - Parameters:
        ///   - maximumLineLength: The longest line, in bytes.
        ///   - maximumEventSize: The most data one event may gather, in bytes.
        public init(maximumLineLength: Int = 1 << 20, maximumEventSize: Int = 8 << 20) {
            self.maximumLineLength = maximumLineLength
            self.maximumEventSize = maximumEventSize
        }

        /// 1 MiB lines, 8 MiB events.
        public static var `default`: Self { .init() }
    }

    /// What the stream said, in stream order.
    public enum Output: Sendable, Hashable {
        /// A dispatched event.
        case event(ServerSentEvent)
        /// A valid `retry:` field: the client should now wait this long before reconnecting.
        case reconnectionTime(Duration)
    }

    /// The bounds this decoder enforces.
    public let limits: Limits

    /// The stream's *last event ID*: what a client sends as `Last-Event-ID` when it reconnects.
    ///
    /// It changes only when an event is dispatched (at a blank line), even one with no data,
    /// and persists across events and across ``finish()``; `""` when there is none.
    public private(set) var lastEventID: String

    /// The *reconnection time* set by the last valid `retry:` field, or `nil` when the stream
    /// has not set one. It persists across ``finish()``.
    public private(set) var reconnectionTime: Duration?

    // MARK: Per-stream state ("When a stream is parsed, a data buffer, an event type buffer,
    // and a last event ID buffer must be associated with it.")

    private var dataBuffer: [UInt8] = []
    private var eventTypeBuffer = ""
    private var lastEventIDBuffer: String
    /// The start of a line whose end has not arrived yet.
    private var partialLine: [UInt8] = []
    /// The last chunk ended with CR: an LF that starts the next chunk completes a CRLF.
    private var skipsLeadingLineFeed = false
    /// How many bytes of a leading BOM have been seen, or `nil` once the stream is past it.
    private var byteOrderMarkBytesSeen: Int? = 0
    /// Set when a limit was broken; decoding stays failed until ``finish()``.
    private var failure: ServerSentEventDecodingError?

    /// Buffers that grew past this are released instead of kept for the next event.
    private static let retainedCapacity = 64 << 10

    /// Creates a decoder.
    /// - Parameters:
    ///   - limits: Bounds on line length and event size.
    ///   - lastEventID: The last event ID to start from, e.g. the one a reconnecting client
    ///     sent; events dispatched before any `id:` field carry it.
    public init(limits: Limits = .default, lastEventID: String = "") {
        self.limits = limits
        self.lastEventID = lastEventID
        self.lastEventIDBuffer = lastEventID
    }

    /// Decodes one chunk and hands every output to `body`, in stream order.
    ///
    /// - Parameters:
    ///   - chunk: The next bytes of the stream; may be empty.
    ///   - body: Called once per output, before this method returns.
    /// - Throws: ``ServerSentEventDecodingError`` when the stream breaks a limit (outputs before
    ///   that point have been handed to `body`), or what `body` throws.
    /// - Complexity: O(*n*) in the size of the chunk.
    public mutating func decode<Bytes: Collection<UInt8>>(
        _ chunk: Bytes,
        _ body: (Output) throws -> Void
    ) throws {
        let handled: Void? = try chunk.withContiguousStorageIfAvailable { bytes in
            try decodeContiguous(UnsafeRawBufferPointer(bytes), body)
        }
        if handled == nil {
            try Array(chunk).withUnsafeBytes { bytes in
                try decodeContiguous(bytes, body)
            }
        }
    }

    /// Decodes one chunk and returns its outputs, in stream order.
    /// - Throws: ``ServerSentEventDecodingError`` when the stream breaks a limit.
    public mutating func decode<Bytes: Collection<UInt8>>(_ chunk: Bytes) throws -> [Output] {
        var outputs: [Output] = []
        try decode(chunk) { outputs.append($0) }
        return outputs
    }

    /// Ends the stream and readies the decoder for the next one (a reconnection).
    ///
    /// "Once the end of the file is reached, any pending data must be discarded. (If the file
    /// ends in the middle of an event, before the final empty line, the incomplete event is not
    /// dispatched.)" ``lastEventID`` and ``reconnectionTime`` persist; the next stream's last
    /// event ID buffer starts from ``lastEventID``, as Chromium and Firefox do, so an event of
    /// the new stream without `id:` keeps the ID the client resumed from.
    public mutating func finish() {
        dataBuffer.removeAll(keepingCapacity: dataBuffer.capacity <= Self.retainedCapacity)
        partialLine.removeAll(keepingCapacity: partialLine.capacity <= Self.retainedCapacity)
        eventTypeBuffer = ""
        lastEventIDBuffer = lastEventID
        skipsLeadingLineFeed = false
        byteOrderMarkBytesSeen = 0
        failure = nil
    }

    private mutating func decodeContiguous(
        _ bytes: UnsafeRawBufferPointer,
        _ body: (Output) throws -> Void
    ) throws {
        var cursor = Cursor()
        while let output = try next(in: bytes, cursor: &cursor) {
            try body(output)
        }
    }
}

// MARK: - The state machine

extension ServerSentEventDecoder {
    /// Where decoding stands within one contiguous chunk. Start each chunk with a new cursor.
    @usableFromInline
    struct Cursor {
        @usableFromInline var offset = 0
        @usableFromInline var lineBreaks = LineBreakScanner()

        @inlinable
        init() {}
    }

    /// Decodes from `cursor` until one output is ready, or to the end of the chunk (`nil`).
    @usableFromInline
    mutating func next(
        in bytes: UnsafeRawBufferPointer,
        cursor: inout Cursor
    ) throws(ServerSentEventDecodingError) -> Output? {
        if let failure { throw failure }
        do {
            return try parseLines(in: bytes, cursor: &cursor)
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func parseLines(
        in bytes: UnsafeRawBufferPointer,
        cursor: inout Cursor
    ) throws(ServerSentEventDecodingError) -> Output? {
        var offset = cursor.offset
        defer { cursor.offset = offset }

        // "The UTF-8 decode algorithm strips one leading UTF-8 Byte Order Mark (BOM), if any."
        // Only at the start of the stream, and possibly split across chunks.
        if let seen = byteOrderMarkBytesSeen {
            offset = skipByteOrderMark(in: bytes, from: offset, seen: seen)
        }

        while offset < bytes.count {
            // "Lines must be separated by either a U+000D CARRIAGE RETURN U+000A LINE FEED
            // (CRLF) character pair, a single U+000A LINE FEED (LF) character, or a single
            // U+000D CARRIAGE RETURN (CR) character." The CR of a CRLF ended the last chunk.
            if skipsLeadingLineFeed {
                skipsLeadingLineFeed = false
                if bytes[offset] == ASCII.lineFeed {
                    offset += 1
                    continue
                }
            }

            guard let end = cursor.lineBreaks.next(in: bytes, from: offset) else {
                // The line goes on in a later chunk: keep its start, within the limit.
                let rest = bytes.count - offset
                guard partialLine.count + rest <= limits.maximumLineLength else {
                    throw ServerSentEventDecodingError(code: .lineTooLong, limit: limits.maximumLineLength)
                }
                partialLine.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
                offset = bytes.count
                return nil
            }
            guard partialLine.count + (end - offset) <= limits.maximumLineLength else {
                throw ServerSentEventDecodingError(code: .lineTooLong, limit: limits.maximumLineLength)
            }

            let output: Output?
            if partialLine.isEmpty {
                output = try interpretLine(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
            } else {
                partialLine.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
                var line: [UInt8] = []
                swap(&line, &partialLine)
                defer {
                    line.removeAll(keepingCapacity: line.capacity <= Self.retainedCapacity)
                    swap(&line, &partialLine)
                }
                output = try line.withUnsafeBytes { line in
                    Result { () throws(ServerSentEventDecodingError) in try interpretLine(line) }
                }.get()
            }

            offset = end + 1
            if bytes[end] == ASCII.carriageReturn {
                if offset < bytes.count {
                    if bytes[offset] == ASCII.lineFeed { offset += 1 }
                } else {
                    skipsLeadingLineFeed = true
                }
            }
            if let output { return output }
        }
        return nil
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Consumes what matches the BOM; on a mismatch the bytes seen so far begin the first line.
    private mutating func skipByteOrderMark(in bytes: UnsafeRawBufferPointer, from start: Int, seen: Int) -> Int {
        var offset = start
        var seen = seen
        while offset < bytes.count {
            guard bytes[offset] == Self.byteOrderMark[seen] else {
                byteOrderMarkBytesSeen = nil
                return offset
            }
            partialLine.append(bytes[offset])
            offset += 1
            seen += 1
            if seen == Self.byteOrderMark.count {
                partialLine.removeAll(keepingCapacity: true)
                byteOrderMarkBytesSeen = nil
                return offset
            }
        }
        byteOrderMarkBytesSeen = seen
        return offset
    }

    /// One line, without its line break, as "interpret an event stream" says.
    ///
    /// Field names are matched on bytes: the four names are ASCII, so a line names one of them
    /// exactly when it is the name alone or the name followed by `:`. Every other line is a
    /// comment, an unknown field, or a line whose first `:` comes elsewhere, and is ignored.
    @inline(__always)
    private mutating func interpretLine(
        _ line: UnsafeRawBufferPointer
    ) throws(ServerSentEventDecodingError) -> Output? {
        // "If the line is empty (a blank line): Dispatch the event, as defined below."
        guard let first = line.first else { return dispatch() }
        switch first {
        case UInt8(ascii: "d"):
            if let value = Self.value(of: "data", in: line) {
                // "Append the field value to the data buffer, then append a single U+000A LINE
                // FEED (LF) character to the data buffer."
                guard dataBuffer.count + value.count + 1 <= limits.maximumEventSize else {
                    throw ServerSentEventDecodingError(code: .eventTooLarge, limit: limits.maximumEventSize)
                }
                dataBuffer.append(contentsOf: value)
                dataBuffer.append(ASCII.lineFeed)
            }
        case UInt8(ascii: "e"):
            if let value = Self.value(of: "event", in: line) {
                // "Set the event type buffer to the field value."
                eventTypeBuffer = String(decoding: value, as: UTF8.self)
            }
        case UInt8(ascii: "i"):
            if let value = Self.value(of: "id", in: line) {
                // "If the field value does not contain U+0000 NULL, then set the last event ID
                // buffer to the field value. Otherwise, ignore the field."
                if value.firstIndex(of: ASCII.null, from: 0) == nil {
                    lastEventIDBuffer = String(decoding: value, as: UTF8.self)
                }
            }
        case UInt8(ascii: "r"):
            if let value = Self.value(of: "retry", in: line), let milliseconds = Self.digits(value) {
                // "If the field value consists of only ASCII digits, then interpret the field
                // value as an integer in base ten, and set the event stream's reconnection time
                // to that integer. Otherwise, ignore the field."
                let time = Duration.milliseconds(milliseconds)
                reconnectionTime = time
                return .reconnectionTime(time)
            }
        default:
            // "If the line starts with a U+003A COLON character (:): Ignore the line."
            // "Otherwise: The field is ignored." (unknown field names)
            break
        }
        return nil
    }

    /// The value of field `name` when `line` holds that field, else `nil`.
    ///
    /// "If the line contains a U+003A COLON character (:): Collect the characters on the line
    /// before the first U+003A COLON character (:), and let field be that string. Collect the
    /// characters on the line after the first U+003A COLON character (:), and let value be that
    /// string. If value starts with a U+0020 SPACE character, remove it from value."
    /// "Otherwise, the string is not empty but does not contain a U+003A COLON character (:):
    /// Process the field using the steps described below, using the whole line as the field
    /// name, and the empty string as the field value."
    @inline(__always)
    private static func value(of name: StaticString, in line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        let nameLength = name.utf8CodeUnitCount
        guard line.count >= nameLength,
            memcmp(line.baseAddress!, name.utf8Start, nameLength) == 0
        else { return nil }
        if line.count == nameLength { return UnsafeRawBufferPointer(rebasing: line[nameLength...]) }
        guard line[nameLength] == ASCII.colon else { return nil }
        var start = nameLength + 1
        if start < line.count, line[start] == ASCII.space { start += 1 }
        return UnsafeRawBufferPointer(rebasing: line[start...])
    }

    /// The value as a base-ten integer when it is one or more ASCII digits; saturates at
    /// `Int64.max` milliseconds (some 292 million years), which is as good as "never".
    private static func digits(_ value: UnsafeRawBufferPointer) -> Int64? {
        guard !value.isEmpty else { return nil }
        var result: Int64 = 0
        var saturated = false
        for byte in value {
            guard byte >= ASCII.zero, byte <= ASCII.nine else { return nil }
            if !saturated {
                let (times10, overflow1) = result.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte &- ASCII.zero))
                if overflow1 || overflow2 {
                    saturated = true
                    result = .max
                } else {
                    result = sum
                }
            }
        }
        return result
    }

    /// "When the user agent is required to dispatch the event, …"
    private mutating func dispatch() -> Output? {
        // "1. Set the last event ID string of the event source to the value of the last event
        // ID buffer. The buffer does not get reset, …"
        lastEventID = lastEventIDBuffer
        // "2. If the data buffer is an empty string, set the data buffer and the event type
        // buffer to the empty string and return."
        guard !dataBuffer.isEmpty else {
            eventTypeBuffer = ""
            return nil
        }
        // "3. If the data buffer's last character is a U+000A LINE FEED (LF) character, then
        // remove the last character from the data buffer." Every data field ends with LF.
        // Invalid UTF-8 becomes U+FFFD here, as the stream's UTF-8 decode would make it.
        let data = dataBuffer.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer.dropLast()), as: UTF8.self)
        }
        // "5. Initialize event's type attribute to "message", … 6. If the event type buffer has a
        // value other than the empty string, change the type of the newly created event to equal
        // the value of the event type buffer."
        let type = eventTypeBuffer.isEmpty ? "message" : eventTypeBuffer
        // "7. Set the data buffer and the event type buffer to the empty string."
        dataBuffer.removeAll(keepingCapacity: dataBuffer.capacity <= Self.retainedCapacity)
        eventTypeBuffer = ""
        return .event(ServerSentEvent(type: type, data: data, id: lastEventID.isEmpty ? nil : lastEventID))
    }
}

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Android)
import Android
#elseif canImport(ucrt)
import ucrt
#endif
