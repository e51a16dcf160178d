// The decoder's state machine: lines, fields, dispatch. Every branch quotes the WHATWG HTML
// Standard, "9.2.5 Parsing an event stream" and "9.2.6 Interpreting an event stream".

extension ServerSentEventDecoder {
    /// Where decoding stands within one contiguous chunk. Start each chunk with a new cursor.
    @usableFromInline
    struct Cursor {
        @usableFromInline var offset = 0
        /// How far the line scanner knows the chunk to hold no CR.
        @usableFromInline var noCarriageReturnBefore = 0

        @inlinable
        init() {}
    }

    /// What one ``step(in:cursor:)`` produced: a plain tag, so that nothing is copied up
    /// through the calls. The event stays in the decoder's buffers and in the chunk until
    /// ``takeEvent(in:)`` or ``withDispatchedEvent(in:_:)`` takes it.
    @usableFromInline
    enum Step {
        /// An event was dispatched: take it before the next step.
        case event
        /// A `retry:` field set ``reconnectionTime``.
        case reconnectionTime
        /// The chunk is used up; continue with the next one and a new cursor.
        case needsMoreBytes
    }

    /// Decodes from `cursor` until one output is ready or the chunk is used up.
    ///
    /// Call it again with the same chunk and cursor until it answers ``Step/needsMoreBytes``:
    /// until then the decoder may refer to bytes of the chunk.
    @usableFromInline
    mutating func step(
        in bytes: UnsafeRawBufferPointer,
        cursor: inout Cursor
    ) throws(ServerSentEventDecodingError) -> Step {
        if let failure { throw failure }
        if holdsDispatchedEvent { clearEventBuffers() }
        do {
            return try parseLines(in: bytes, cursor: &cursor)
        } catch {
            failure = error
            throw error
        }
    }

    /// The event that the last ``Step/event`` dispatched, as a value.
    ///
    /// "4. Let event be the result of creating an event using MessageEvent … 5. Initialize
    /// event's type attribute to "message", its data attribute to data, … and its lastEventId
    /// attribute to the last event ID string of the event source. 6. If the event type buffer
    /// has a value other than the empty string, change the type of the newly created event to
    /// equal the value of the event type buffer."
    @usableFromInline
    mutating func takeEvent(in chunk: UnsafeRawBufferPointer) -> ServerSentEvent {
        let data: String
        if let line = dataLineInChunk {
            data = String(utf8: UnsafeRawBufferPointer(rebasing: chunk[line]))
        } else {
            // "3. If the data buffer's last character is a U+000A LINE FEED (LF) character,
            // then remove the last character from the data buffer." Every data field ends with LF.
            data = dataBuffer.withUnsafeBytes {
                String(utf8: UnsafeRawBufferPointer(rebasing: $0[dataBufferStart..<($0.count - 1)]))
            }
        }
        let type: String
        if let range = eventTypeInChunk {
            type =
                range.isEmpty ? "message" : recentEventTypes.string(for: UnsafeRawBufferPointer(rebasing: chunk[range]))
        } else if eventTypeBuffer.isEmpty {
            type = "message"
        } else {
            type = eventTypeBuffer.withUnsafeBytes { recentEventTypes.string(for: $0) }
        }
        clearEventBuffers()
        return ServerSentEvent(type: type, data: data, id: lastEventID.isEmpty ? nil : lastEventID)
    }

    /// Runs `body` with views of the event that the last ``Step/event`` dispatched.
    @usableFromInline
    mutating func withDispatchedEvent<Result>(
        in chunk: UnsafeRawBufferPointer,
        _ body: (InPlaceEvent) throws -> Result
    ) rethrows -> Result {
        defer { clearEventBuffers() }
        // Most events lie whole in the chunk: view them there.
        if let dataRange = dataLineInChunk, eventTypeBuffer.isEmpty,
            lastEventID.isEmpty || lastEventIDInChunk != nil
        {
            return try body(
                InPlaceEvent(
                    type: eventTypeInChunk.map { UnsafeRawBufferPointer(rebasing: chunk[$0]) }
                        ?? UnsafeRawBufferPointer(start: nil, count: 0),
                    data: UnsafeRawBufferPointer(rebasing: chunk[dataRange]),
                    lastEventID: lastEventIDInChunk.map { UnsafeRawBufferPointer(rebasing: chunk[$0]) }
                        ?? UnsafeRawBufferPointer(start: nil, count: 0)
                )
            )
        }
        // The data buffer always ends with the LF of its last line: "3. … remove the last character".
        let bufferedData = dataBuffer[dataBufferStart...]
        return try Self.withView(of: dataLineInChunk, in: chunk, else: bufferedData, droppingLast: 1) { data in
            try Self.withView(of: eventTypeInChunk, in: chunk, else: eventTypeBuffer[...], droppingLast: 0) { type in
                var lastEventID = lastEventID
                return try lastEventID.withUTF8 { lastEventID in
                    try body(InPlaceEvent(type: type, data: data, lastEventID: UnsafeRawBufferPointer(lastEventID)))
                }
            }
        }
    }

    /// Runs `body` with a view of a field: in the chunk when it lies there, else in `buffer`.
    @inline(__always)
    private static func withView<Result>(
        of range: Range<Int>?,
        in chunk: UnsafeRawBufferPointer,
        else buffer: ArraySlice<UInt8>,
        droppingLast dropped: Int,
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        if let range { return try body(UnsafeRawBufferPointer(rebasing: chunk[range])) }
        return try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0.dropLast(dropped))) }
    }

    /// "7. Set the data buffer and the event type buffer to the empty string."
    @inline(__always)
    mutating func clearEventBuffers() {
        holdsDispatchedEvent = false
        dataLineInChunk = nil
        eventTypeInChunk = nil
        if !dataBuffer.isEmpty {
            dataBuffer.removeAll(keepingCapacity: dataBuffer.capacity <= Self.retainedCapacity)
            dataBufferStart = 0
        }
        if !eventTypeBuffer.isEmpty {
            eventTypeBuffer.removeAll(keepingCapacity: true)
        }
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

        // "Lines must be separated by either a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF)
        // character pair, a single U+000A LINE FEED (LF) character, or a single U+000D CARRIAGE
        // RETURN (CR) character." The CR of a CRLF ended the last chunk: only the first byte of
        // a chunk can be its LF.
        if skipsLeadingLineFeed, offset < bytes.count {
            skipsLeadingLineFeed = false
            if bytes[offset] == ASCII.lineFeed { offset += 1 }
        }

        // A line that began in an earlier chunk: only the first line of a chunk can complete it.
        if !partialLine.isEmpty, offset < bytes.count {
            guard
                let end = LineBreakScanner.next(
                    in: bytes, from: offset, noCarriageReturnBefore: &cursor.noCarriageReturnBefore)
            else { return try keepRestOfChunk(from: &offset, in: bytes) }
            guard partialLine.count + (end - offset) <= limits.maximumLineLength else {
                throw ServerSentEventDecodingError(code: .lineTooLong, limit: limits.maximumLineLength)
            }
            let step = try interpretPartialLine(
                completedBy: UnsafeRawBufferPointer(rebasing: bytes[offset..<end]), in: bytes)
            offset = skipLineBreak(at: end, in: bytes)
            if let step { return step }
        }

        // Every line from here on starts in this chunk.
        let maximumLineLength = limits.maximumLineLength
        while offset < bytes.count {
            guard
                let end = LineBreakScanner.next(
                    in: bytes, from: offset, noCarriageReturnBefore: &cursor.noCarriageReturnBefore)
            else { return try keepRestOfChunk(from: &offset, in: bytes) }
            guard end - offset <= maximumLineLength else {
                throw ServerSentEventDecodingError(code: .lineTooLong, limit: maximumLineLength)
            }
            let step = try interpretLine(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]), at: offset, in: bytes)
            offset = skipLineBreak(at: end, in: bytes)
            if let step { return step }
        }
        copyFieldsOutOfChunk(bytes)
        return .needsMoreBytes
    }

    /// The rest of the chunk from `offset` starts a line that goes on in a later chunk: it is
    /// kept, within the limit, and so are the fields that still lie in the chunk.
    @inline(__always)
    private mutating func keepRestOfChunk(
        from offset: inout Int, in bytes: UnsafeRawBufferPointer
    ) throws(ServerSentEventDecodingError) -> Step {
        guard partialLine.count + (bytes.count - offset) <= limits.maximumLineLength else {
            throw ServerSentEventDecodingError(code: .lineTooLong, limit: limits.maximumLineLength)
        }
        partialLine.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        offset = bytes.count
        copyFieldsOutOfChunk(bytes)
        return .needsMoreBytes
    }

    /// Where the next line starts, after the line break at `end` (CR, LF or CRLF).
    @inline(__always)
    private mutating func skipLineBreak(at end: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        let next = end + 1
        guard bytes[end] == ASCII.carriageReturn else { return next }
        guard next < bytes.count else {
            // The LF of a CRLF, if any, starts the next chunk.
            skipsLeadingLineFeed = true
            return next
        }
        return bytes[next] == ASCII.lineFeed ? next + 1 : next
    }

    /// A line that began in an earlier chunk, completed by `rest`.
    private mutating func interpretPartialLine(
        completedBy rest: UnsafeRawBufferPointer,
        in chunk: UnsafeRawBufferPointer
    ) throws(ServerSentEventDecodingError) -> Step? {
        partialLine.append(contentsOf: rest)
        var line: [UInt8] = []
        swap(&line, &partialLine)
        defer {
            if !line.isEmpty { line.removeAll(keepingCapacity: line.capacity <= Self.retainedCapacity) }
            swap(&line, &partialLine)
        }
        let step = try line.withUnsafeBytes { line in
            Result { () throws(ServerSentEventDecodingError) in try interpretLine(line, at: nil, in: chunk) }
        }.get()
        if let valueStart = dataValueInPartialLine {
            // The line is the event's first data: it becomes the data buffer as it is, and the
            // empty buffer takes its place for the next partial line.
            dataValueInPartialLine = nil
            swap(&line, &dataBuffer)
            dataBufferStart = valueStart
            dataBuffer.append(ASCII.lineFeed)
        }
        return step
    }

    /// Copies the fields that still lie in the chunk into the decoder's buffers, because the
    /// caller hands over another chunk next.
    private mutating func copyFieldsOutOfChunk(_ bytes: UnsafeRawBufferPointer) {
        copyDataLineOutOfChunk(bytes)
        if let range = eventTypeInChunk {
            eventTypeInChunk = nil
            eventTypeBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
        }
        lastEventIDBufferInChunk = nil
        lastEventIDInChunk = nil
    }

    /// Moves an event's first data line, viewed in the chunk, into the data buffer; the other
    /// fields may stay in the chunk until it ends.
    private mutating func copyDataLineOutOfChunk(_ bytes: UnsafeRawBufferPointer) {
        if let line = dataLineInChunk {
            dataLineInChunk = nil
            dataBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[line]))
            dataBuffer.append(ASCII.lineFeed)
        }
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
    /// - Parameters:
    ///   - line: The line's bytes.
    ///   - lineOffset: Where the line starts in `chunk`, or `nil` when it was pieced together
    ///     from several chunks.
    ///   - chunk: The chunk being decoded.
    // Transparent, not just `@inline(__always)`: called from a closure too, it was left a call,
    // which cost one in twenty of the String decoder's instructions.
    @_transparent
    private mutating func interpretLine(
        _ line: UnsafeRawBufferPointer,
        at lineOffset: Int?,
        in chunk: UnsafeRawBufferPointer
    ) throws(ServerSentEventDecodingError) -> Step? {
        // "If the line is empty (a blank line): Dispatch the event, as defined below."
        guard !line.isEmpty else { return dispatch() }
        // "If the line starts with a U+003A COLON character (:): Ignore the line."
        // "Otherwise: The field is ignored." (unknown field names)
        // One test per name, most frequent first: a branch on the name as a value compiles to a
        // jump table, which mispredicts on every change of field.
        if let valueStart = FieldName.data.valueStart(in: line) {
            let value = UnsafeRawBufferPointer(rebasing: line[valueStart...])
            // "Append the field value to the data buffer, then append a single U+000A LINE
            // FEED (LF) character to the data buffer."
            var bufferedCount = dataBuffer.count - dataBufferStart
            if let dataLineInChunk { bufferedCount += dataLineInChunk.count + 1 }
            guard bufferedCount + value.count + 1 <= limits.maximumEventSize else {
                throw ServerSentEventDecodingError(code: .eventTooLarge, limit: limits.maximumEventSize)
            }
            if bufferedCount == 0 {
                // The event's first data line is not copied: it is viewed in the chunk, or
                // the partial line it was pieced together in becomes the buffer.
                if let lineOffset {
                    dataLineInChunk = (lineOffset + valueStart)..<(lineOffset + line.count)
                } else {
                    dataValueInPartialLine = valueStart
                }
            } else {
                copyDataLineOutOfChunk(chunk)
                dataBuffer.append(contentsOf: value)
                dataBuffer.append(ASCII.lineFeed)
            }
        } else if let valueStart = FieldName.event.valueStart(in: line) {
            // "Set the event type buffer to the field value."
            if !eventTypeBuffer.isEmpty { eventTypeBuffer.removeAll(keepingCapacity: true) }
            if let lineOffset {
                eventTypeInChunk = (lineOffset + valueStart)..<(lineOffset + line.count)
            } else {
                eventTypeInChunk = nil
                eventTypeBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[valueStart...]))
            }
        } else if let valueStart = FieldName.id.valueStart(in: line) {
            let value = UnsafeRawBufferPointer(rebasing: line[valueStart...])
            // "If the field value does not contain U+0000 NULL, then set the last event ID
            // buffer to the field value. Otherwise, ignore the field."
            if !value.containsNull() {
                lastEventIDBuffer = String(utf8: value)
                lastEventIDBufferChanged = true
                lastEventIDBufferInChunk = lineOffset.map { ($0 + valueStart)..<($0 + line.count) }
            }
        } else if let valueStart = FieldName.retry.valueStart(in: line) {
            // "If the field value consists of only ASCII digits, then interpret the field
            // value as an integer in base ten, and set the event stream's reconnection time
            // to that integer. Otherwise, ignore the field."
            if let milliseconds = Self.digits(UnsafeRawBufferPointer(rebasing: line[valueStart...])) {
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
    private mutating func dispatch() -> Step? {
        // "1. Set the last event ID string of the event source to the value of the last event
        // ID buffer. The buffer does not get reset, …"
        if lastEventIDBufferChanged {
            // A swap, not a copy: the buffer's stale value is not read again until an `id:`
            // field sets it (see ``lastEventIDBuffer``).
            swap(&lastEventID, &lastEventIDBuffer)
            lastEventIDInChunk = lastEventIDBufferInChunk
            lastEventIDBufferChanged = false
        }
        // "2. If the data buffer is an empty string, set the data buffer and the event type
        // buffer to the empty string and return."
        guard dataLineInChunk != nil || !dataBuffer.isEmpty else {
            clearEventBuffers()
            return nil
        }
        // Steps 3 to 7 happen when the event is taken.
        holdsDispatchedEvent = true
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
///
/// The four names are ASCII, so a line names one of them exactly when it is the name alone or
/// the name followed by `:`: no search for the first colon is needed.
enum FieldName {
    case data, event, id, retry

    /// The offset of the value in `line` when the line is this field. `line` must not be empty.
    @inline(__always)
    func valueStart(in line: UnsafeRawBufferPointer) -> Int? {
        let count = line.count
        let nameLength: Int
        switch self {
        case .data:
            guard count >= 4, line.loadUnaligned(as: UInt32.self) == Self.word("data") else { return nil }
            nameLength = 4
        case .event:
            guard count >= 5, line.loadUnaligned(as: UInt32.self) == Self.word("even"), line[4] == UInt8(ascii: "t")
            else { return nil }
            nameLength = 5
        case .id:
            guard count >= 2, line[0] == UInt8(ascii: "i"), line[1] == UInt8(ascii: "d") else { return nil }
            nameLength = 2
        case .retry:
            guard count >= 5, line.loadUnaligned(as: UInt32.self) == Self.word("retr"), line[4] == UInt8(ascii: "y")
            else { return nil }
            nameLength = 5
        }
        if count == nameLength { return nameLength }
        guard line[nameLength] == ASCII.colon else { return nil }
        let afterColon = nameLength + 1
        return afterColon < count && line[afterColon] == ASCII.space ? afterColon + 1 : afterColon
    }

    /// Four ASCII characters as the native-endian word that loading them from memory gives.
    @inline(__always)
    private static func word(_ text: StaticString) -> UInt32 {
        let bytes = text.utf8Start
        let littleEndian = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        return UInt32(littleEndian: littleEndian)
    }
}

/// Remembers the last few strings and their UTF-8, to hand out the same `String` for the same
/// bytes: a stream interleaves a few event types, and making one costs more than comparing.
struct RecentStrings: Sendable {
    /// How many strings are kept. Each is as long as a line at most (``ServerSentEventDecoder/Limits/maximumLineLength``).
    static let capacity = 4

    /// Most recently made first.
    private var entries: [(utf8: [UInt8], string: String)] = []

    @inline(__always)
    mutating func string(for bytes: UnsafeRawBufferPointer) -> String {
        if bytes.isEmpty { return "" }
        for index in entries.indices where entries[index].utf8.withUnsafeBytes({ $0.elementsEqualBytes(bytes) }) {
            return entries[index].string
        }
        return remember(bytes)
    }

    private mutating func remember(_ bytes: UnsafeRawBufferPointer) -> String {
        let string = String(utf8: bytes)
        if entries.count == Self.capacity { entries.removeLast() }
        entries.insert((Array(bytes), string), at: 0)
        return string
    }
}
