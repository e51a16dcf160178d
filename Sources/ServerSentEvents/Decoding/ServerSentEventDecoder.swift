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
    /// The data buffer's only line while it still lies in the current chunk, not yet copied:
    /// most events have one `data:` line, which then goes from the chunk straight into the
    /// event's `String`. Stands for those bytes plus the LF the spec appends.
    private var dataLineInChunk: Range<Int>?
    private var eventTypeBuffer = ""
    private var lastEventIDBuffer: String
    /// Whether an `id:` field set the buffer since the last dispatch; when not, the buffer
    /// equals ``lastEventID`` and dispatch need not copy it.
    private var lastEventIDBufferChanged = false
    /// The start of a line whose end has not arrived yet.
    private var partialLine: [UInt8] = []
    /// The last chunk ended with CR: an LF that starts the next chunk completes a CRLF.
    private var skipsLeadingLineFeed = false
    /// How many bytes of a leading BOM have been seen, or `nil` once the stream is past it.
    private var byteOrderMarkBytesSeen: Int? = 0
    /// The last event type seen: streams repeat a few types, which then cost no new `String`.
    private var recentEventType = RecentString()
    /// The type and data of the event the last step dispatched, until ``takeEvent()`` takes
    /// them; its ID is ``lastEventID``.
    private var dispatchedType = ""
    private var dispatchedData = ""
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
        dataLineInChunk = nil
        dataBuffer.removeAll(keepingCapacity: dataBuffer.capacity <= Self.retainedCapacity)
        partialLine.removeAll(keepingCapacity: partialLine.capacity <= Self.retainedCapacity)
        eventTypeBuffer = ""
        lastEventIDBuffer = lastEventID
        lastEventIDBufferChanged = false
        skipsLeadingLineFeed = false
        byteOrderMarkBytesSeen = 0
        failure = nil
    }

    private mutating func decodeContiguous(
        _ bytes: UnsafeRawBufferPointer,
        _ body: (Output) throws -> Void
    ) throws {
        var cursor = Cursor()
        while true {
            switch try step(in: bytes, cursor: &cursor) {
            case .event: try body(.event(takeEvent()))
            case .reconnectionTime: try body(.reconnectionTime(reconnectionTime!))
            case .needsMoreBytes: return
            }
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

    /// What one ``step(in:cursor:)`` produced. A plain tag: the event itself is taken with
    /// ``takeEvent()``, so that it is moved once instead of copied up through every call.
    @usableFromInline
    enum Step {
        /// An event was dispatched: take it with ``takeEvent()``.
        case event
        /// A `retry:` field set ``reconnectionTime``.
        case reconnectionTime
        /// The chunk is used up; continue with the next one and a new cursor.
        case needsMoreBytes
    }

    /// Decodes from `cursor` until one output is ready or the chunk is used up. Call it again
    /// with the same chunk and cursor until it answers ``Step/needsMoreBytes``.
    @usableFromInline
    mutating func step(
        in bytes: UnsafeRawBufferPointer,
        cursor: inout Cursor
    ) throws(ServerSentEventDecodingError) -> Step {
        if let failure { throw failure }
        do {
            return try parseLines(in: bytes, cursor: &cursor)
        } catch {
            failure = error
            throw error
        }
    }

    /// The event that the last ``Step/event`` dispatched.
    @usableFromInline
    mutating func takeEvent() -> ServerSentEvent {
        ServerSentEvent(
            type: Self.take(&dispatchedType),
            data: Self.take(&dispatchedData),
            id: lastEventID.isEmpty ? nil : lastEventID
        )
    }

    /// Moves a string out, leaving an empty one: no reference counting.
    @inline(__always)
    private static func take(_ string: inout String) -> String {
        var taken = ""
        swap(&taken, &string)
        return taken
    }

    private mutating func parseLines(
        in bytes: UnsafeRawBufferPointer,
        cursor: inout Cursor
    ) throws(ServerSentEventDecodingError) -> Step {
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
                copyDataLineOutOfChunk(bytes)
                return .needsMoreBytes
            }
            guard partialLine.count + (end - offset) <= limits.maximumLineLength else {
                throw ServerSentEventDecodingError(code: .lineTooLong, limit: limits.maximumLineLength)
            }

            let step: Step?
            if partialLine.isEmpty {
                step = try interpretLine(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]), at: offset, in: bytes)
            } else {
                partialLine.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
                var line: [UInt8] = []
                swap(&line, &partialLine)
                defer {
                    line.removeAll(keepingCapacity: line.capacity <= Self.retainedCapacity)
                    swap(&line, &partialLine)
                }
                step = try line.withUnsafeBytes { line in
                    Result { () throws(ServerSentEventDecodingError) in try interpretLine(line, at: nil, in: bytes) }
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
            if let step {
                copyDataLineOutOfChunk(bytes)
                return step
            }
        }
        copyDataLineOutOfChunk(bytes)
        return .needsMoreBytes
    }

    /// Copies the data line that still lies in the chunk into the data buffer, because the
    /// caller may hand over another chunk when this call returns.
    @inline(__always)
    private mutating func copyDataLineOutOfChunk(_ bytes: UnsafeRawBufferPointer) {
        guard let line = dataLineInChunk else { return }
        dataLineInChunk = nil
        dataBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[line]))
        dataBuffer.append(ASCII.lineFeed)
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
    ///
    /// - Parameters:
    ///   - line: The line's bytes.
    ///   - lineOffset: Where the line starts in `chunk`, or `nil` when it was pieced together
    ///     from several chunks.
    ///   - chunk: The chunk being decoded.
    @inline(__always)
    private mutating func interpretLine(
        _ line: UnsafeRawBufferPointer,
        at lineOffset: Int?,
        in chunk: UnsafeRawBufferPointer
    ) throws(ServerSentEventDecodingError) -> Step? {
        // "If the line is empty (a blank line): Dispatch the event, as defined below."
        guard !line.isEmpty else { return dispatch(chunk) }
        // "If the line starts with a U+003A COLON character (:): Ignore the line."
        // "Otherwise: The field is ignored." (unknown field names)
        guard let (name, valueStart) = FieldName.match(line) else { return nil }
        let value = UnsafeRawBufferPointer(rebasing: line[valueStart...])
        switch name {
        case .data:
            // "Append the field value to the data buffer, then append a single U+000A LINE
            // FEED (LF) character to the data buffer."
            var bufferedCount = dataBuffer.count
            if let dataLineInChunk { bufferedCount += dataLineInChunk.count + 1 }
            guard bufferedCount + value.count + 1 <= limits.maximumEventSize else {
                throw ServerSentEventDecodingError(code: .eventTooLarge, limit: limits.maximumEventSize)
            }
            if bufferedCount == 0, let lineOffset {
                dataLineInChunk = (lineOffset + valueStart)..<(lineOffset + line.count)
            } else {
                copyDataLineOutOfChunk(chunk)
                dataBuffer.append(contentsOf: value)
                dataBuffer.append(ASCII.lineFeed)
            }
        case .event:
            // "Set the event type buffer to the field value."
            eventTypeBuffer = recentEventType.string(for: value)
        case .id:
            // "If the field value does not contain U+0000 NULL, then set the last event ID
            // buffer to the field value. Otherwise, ignore the field."
            if !value.contains(ASCII.null) {
                lastEventIDBuffer = String(utf8: value)
                lastEventIDBufferChanged = true
            }
        case .retry:
            // "If the field value consists of only ASCII digits, then interpret the field
            // value as an integer in base ten, and set the event stream's reconnection time
            // to that integer. Otherwise, ignore the field."
            if let milliseconds = Self.digits(value) {
                reconnectionTime = .milliseconds(milliseconds)
                return .reconnectionTime
            }
        }
        return nil
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
    private mutating func dispatch(_ chunk: UnsafeRawBufferPointer) -> Step? {
        // "1. Set the last event ID string of the event source to the value of the last event
        // ID buffer. The buffer does not get reset, …"
        if lastEventIDBufferChanged {
            lastEventID = lastEventIDBuffer
            lastEventIDBufferChanged = false
        }
        // "2. If the data buffer is an empty string, set the data buffer and the event type
        // buffer to the empty string and return."
        // "3. If the data buffer's last character is a U+000A LINE FEED (LF) character, then
        // remove the last character from the data buffer." Every data field ends with LF.
        // Invalid UTF-8 becomes U+FFFD here, as the stream's UTF-8 decode would make it.
        if let line = dataLineInChunk {
            dataLineInChunk = nil
            dispatchedData = String(utf8: UnsafeRawBufferPointer(rebasing: chunk[line]))
        } else if dataBuffer.isEmpty {
            eventTypeBuffer = ""
            return nil
        } else {
            dispatchedData = dataBuffer.withUnsafeBufferPointer { buffer in
                String(decoding: UnsafeBufferPointer(rebasing: buffer.dropLast()), as: UTF8.self)
            }
            dataBuffer.removeAll(keepingCapacity: dataBuffer.capacity <= Self.retainedCapacity)
        }
        // "5. Initialize event's type attribute to "message", … 6. If the event type buffer has a
        // value other than the empty string, change the type of the newly created event to equal
        // the value of the event type buffer."
        // "7. Set the data buffer and the event type buffer to the empty string."
        dispatchedType = eventTypeBuffer.isEmpty ? "message" : Self.take(&eventTypeBuffer)
        return .event
    }
}

/// The four field names, matched on bytes.
///
/// "If the line contains a U+003A COLON character (:): Collect the characters on the line
/// before the first U+003A COLON character (:), and let field be that string. Collect the
/// characters on the line after the first U+003A COLON character (:), and let value be that
/// string. If value starts with a U+0020 SPACE character, remove it from value."
/// "Otherwise, the string is not empty but does not contain a U+003A COLON character (:):
/// Process the field using the steps described below, using the whole line as the field
/// name, and the empty string as the field value."
private enum FieldName {
    case data, event, id, retry

    /// The field `line` holds and the offset of its value, when it is one of the four.
    /// `line` must not be empty.
    @inline(__always)
    static func match(_ line: UnsafeRawBufferPointer) -> (FieldName, valueStart: Int)? {
        let count = line.count
        let name: FieldName
        let nameLength: Int
        switch line[0] {
        case UInt8(ascii: "d"):
            guard count >= 4, line.loadUnaligned(as: UInt32.self) == word("data") else { return nil }
            (name, nameLength) = (.data, 4)
        case UInt8(ascii: "e"):
            guard count >= 5, line.loadUnaligned(as: UInt32.self) == word("even"), line[4] == UInt8(ascii: "t")
            else { return nil }
            (name, nameLength) = (.event, 5)
        case UInt8(ascii: "i"):
            guard count >= 2, line[1] == UInt8(ascii: "d") else { return nil }
            (name, nameLength) = (.id, 2)
        case UInt8(ascii: "r"):
            guard count >= 5, line.loadUnaligned(as: UInt32.self) == word("retr"), line[4] == UInt8(ascii: "y")
            else { return nil }
            (name, nameLength) = (.retry, 5)
        default:
            return nil
        }
        if count == nameLength { return (name, nameLength) }
        guard line[nameLength] == ASCII.colon else { return nil }
        let afterColon = nameLength + 1
        return (name, afterColon < count && line[afterColon] == ASCII.space ? afterColon + 1 : afterColon)
    }

    /// Four ASCII characters as the native-endian word that loading them from memory gives.
    @inline(__always)
    private static func word(_ text: StaticString) -> UInt32 {
        let bytes = text.utf8Start
        let littleEndian = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        return UInt32(littleEndian: littleEndian)
    }
}

extension String {
    /// Decodes UTF-8, replacing invalid sequences with U+FFFD.
    ///
    /// Goes through a typed buffer: `String(decoding:as:)` on a raw buffer takes a generic path
    /// that costs several times more, which showed in the benchmarks.
    @inline(__always)
    init(utf8 bytes: UnsafeRawBufferPointer) {
        self.init(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }
}

/// Remembers one string and its UTF-8, to hand out the same `String` for the same bytes.
private struct RecentString: Sendable {
    private var string = ""
    private var utf8: [UInt8] = []

    @inline(__always)
    mutating func string(for bytes: UnsafeRawBufferPointer) -> String {
        if bytes.isEmpty { return "" }
        if utf8.withUnsafeBytes({ $0.elementsEqualBytes(bytes) }) { return string }
        string = String(utf8: bytes)
        utf8.removeAll(keepingCapacity: true)
        utf8.append(contentsOf: bytes)
        return string
    }
}
