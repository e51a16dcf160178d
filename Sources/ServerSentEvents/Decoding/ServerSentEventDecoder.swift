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
/// ``decodeInPlace(_:_:)`` delivers the same events as views of their bytes, for consumers
/// that parse the data themselves (JSON, say) and need no `String`.
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

    /// What the stream said, in stream order, with events as views of their bytes.
    public enum InPlaceOutput {
        /// A dispatched event, valid only during the call that hands it over.
        case event(InPlaceEvent)
        /// A valid `retry:` field: the client should now wait this long before reconnecting.
        case reconnectionTime(Duration)
    }

    /// A dispatched event as views of its bytes, which lie in the chunk being decoded or in
    /// the decoder's buffers: valid only during the call that hands it over.
    ///
    /// The bytes are as the stream sent them, so they may hold invalid UTF-8; ``event``
    /// decodes them as the spec says (invalid sequences become U+FFFD).
    public struct InPlaceEvent {
        /// The event type's bytes; empty for the type `"message"`.
        public let type: UnsafeRawBufferPointer
        /// The event's data: its `data:` lines joined with LF.
        public let data: UnsafeRawBufferPointer
        /// The stream's last event ID at dispatch; empty when there is none.
        public let lastEventID: UnsafeRawBufferPointer
        /// The event these views are of, when it already was a value.
        @usableFromInline let original: ServerSentEvent?

        @usableFromInline
        init(
            type: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer, lastEventID: UnsafeRawBufferPointer,
            original: ServerSentEvent? = nil
        ) {
            self.type = type
            self.data = data
            self.lastEventID = lastEventID
            self.original = original
        }

        /// The event as a value that outlives the call.
        public var event: ServerSentEvent {
            if let original { return original }
            return ServerSentEvent(
                type: type.isEmpty ? "message" : String(utf8: type),
                data: String(utf8: data),
                id: lastEventID.isEmpty ? nil : String(utf8: lastEventID)
            )
        }
    }

    /// The bounds this decoder enforces.
    public let limits: Limits

    /// The stream's *last event ID*: what a client sends as `Last-Event-ID` when it reconnects.
    ///
    /// It changes only when an event is dispatched (at a blank line), even one with no data,
    /// and persists across events and across ``finish()``; `""` when there is none.
    public internal(set) var lastEventID: String

    /// The *reconnection time* set by the last valid `retry:` field, or `nil` when the stream
    /// has not set one. It persists across ``finish()``.
    public internal(set) var reconnectionTime: Duration?

    // MARK: Per-stream state ("When a stream is parsed, a data buffer, an event type buffer,
    // and a last event ID buffer must be associated with it.")

    /// The data buffer from ``dataBufferStart`` on, unless it is one line still lying in the
    /// chunk (``dataLineInChunk``).
    var dataBuffer: [UInt8] = []
    /// Where the data buffer starts in ``dataBuffer``: past the field name when a data line
    /// pieced together from several chunks became the buffer itself, without a copy.
    var dataBufferStart = 0
    /// Where the value starts in the line being interpreted, when that line was pieced together
    /// from several chunks and is the event's first data: the line then becomes the data buffer.
    var dataValueInPartialLine: Int?
    /// The data buffer's only line while it still lies in the current chunk, not yet copied:
    /// most events have one `data:` line, which then goes from the chunk straight into the
    /// event. Stands for those bytes plus the LF the spec appends.
    var dataLineInChunk: Range<Int>?
    /// The event type buffer, unless it still lies in the current chunk (``eventTypeInChunk``).
    var eventTypeBuffer: [UInt8] = []
    /// The event type buffer while it still lies in the current chunk.
    var eventTypeInChunk: Range<Int>?
    /// The last event ID buffer while ``lastEventIDBufferChanged``; otherwise the buffer equals
    /// ``lastEventID`` and this holds a stale value, left by the swap at dispatch.
    var lastEventIDBuffer: String
    /// Whether an `id:` field set the buffer since the last dispatch; when not, the buffer
    /// equals ``lastEventID`` and dispatch need not copy it.
    var lastEventIDBufferChanged = false
    /// Where the last event ID buffer's bytes lie in the current chunk, when they do.
    var lastEventIDBufferInChunk: Range<Int>?
    /// Where ``lastEventID``'s bytes lie in the current chunk, when they do: in-place events
    /// then view them there.
    var lastEventIDInChunk: Range<Int>?
    /// The start of a line whose end has not arrived yet.
    var partialLine: [UInt8] = []
    /// The last chunk ended with CR: an LF that starts the next chunk completes a CRLF.
    var skipsLeadingLineFeed = false
    /// How many bytes of a leading BOM have been seen, or `nil` once the stream is past it.
    var byteOrderMarkBytesSeen: Int? = 0
    /// An event was dispatched and its data and type are still in the buffers, to be taken.
    var holdsDispatchedEvent = false
    /// The last event types made into `String`s: streams repeat a few types.
    var recentEventTypes = RecentStrings()
    /// Set when a limit was broken; decoding stays failed until ``finish()``.
    var failure: ServerSentEventDecodingError?

    /// Buffers that grew past this are released instead of kept for the next event.
    static let retainedCapacity = 64 << 10

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
    @inlinable
    public mutating func decode<Bytes: Collection<UInt8>>(
        _ chunk: Bytes,
        _ body: (Output) throws -> Void
    ) throws {
        try decodeSteps(
            of: chunk,
            event: { decoder, bytes in try body(.event(decoder.takeEvent(in: bytes))) },
            reconnectionTime: { try body(.reconnectionTime($0)) }
        )
    }

    /// Decodes one chunk and returns its outputs, in stream order.
    /// - Throws: ``ServerSentEventDecodingError`` when the stream breaks a limit.
    public mutating func decode<Bytes: Collection<UInt8>>(_ chunk: Bytes) throws -> [Output] {
        var outputs: [Output] = []
        try decode(chunk) { outputs.append($0) }
        return outputs
    }

    /// Decodes one chunk and hands every output to `body`, in stream order, with events as
    /// views of their bytes: no `String` is made.
    ///
    /// Use it when the data goes straight into a parser that reads bytes, such as
    /// `JSONDecoder`. The views are valid only during the call to `body`.
    ///
    /// - Parameters:
    ///   - chunk: The next bytes of the stream; may be empty.
    ///   - body: Called once per output, before this method returns.
    /// - Throws: ``ServerSentEventDecodingError`` when the stream breaks a limit (outputs before
    ///   that point have been handed to `body`), or what `body` throws.
    /// - Complexity: O(*n*) in the size of the chunk.
    public mutating func decodeInPlace<Bytes: Collection<UInt8>>(
        _ chunk: Bytes,
        _ body: (InPlaceOutput) throws -> Void
    ) throws {
        try decodeSteps(
            of: chunk,
            event: { decoder, bytes in try decoder.withDispatchedEvent(in: bytes) { try body(.event($0)) } },
            reconnectionTime: { try body(.reconnectionTime($0)) }
        )
    }

    /// Ends the stream and readies the decoder for the next one (a reconnection).
    ///
    /// "Once the end of the file is reached, any pending data must be discarded. (If the file
    /// ends in the middle of an event, before the final empty line, the incomplete event is not
    /// dispatched.)" ``lastEventID`` and ``reconnectionTime`` persist; the next stream's last
    /// event ID buffer starts from ``lastEventID``, as Chromium and Firefox do, so an event of
    /// the new stream without `id:` keeps the ID the client resumed from.
    public mutating func finish() {
        clearEventBuffers()
        partialLine.removeAll(keepingCapacity: partialLine.capacity <= Self.retainedCapacity)
        lastEventIDBufferChanged = false
        lastEventIDBufferInChunk = nil
        lastEventIDInChunk = nil
        skipsLeadingLineFeed = false
        byteOrderMarkBytesSeen = 0
        failure = nil
    }

    /// Steps through one chunk, handing each dispatched event (still in the decoder and the
    /// chunk) to `event` and each reconnection time to `reconnectionTime`.
    @inlinable @inline(__always)
    mutating func decodeSteps<Bytes: Collection<UInt8>>(
        of chunk: Bytes,
        event: (inout ServerSentEventDecoder, UnsafeRawBufferPointer) throws -> Void,
        reconnectionTime: (Duration) throws -> Void
    ) throws {
        try Self.withContiguousBytes(of: chunk) { bytes in
            var cursor = Cursor()
            while true {
                switch try step(in: bytes, cursor: &cursor) {
                case .event: try event(&self, bytes)
                case .reconnectionTime: try reconnectionTime(self.reconnectionTime!)
                case .needsMoreBytes: return
                }
            }
        }
    }

    /// Runs `body` over the chunk's bytes, copying them only when the collection is not
    /// contiguous.
    @inlinable
    static func withContiguousBytes<Bytes: Collection<UInt8>>(
        of chunk: Bytes,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        let handled: Void? = try chunk.withContiguousStorageIfAvailable { try body(UnsafeRawBufferPointer($0)) }
        if handled == nil {
            try Array(chunk).withUnsafeBytes(body)
        }
    }
}

extension String {
    /// Decodes UTF-8, replacing invalid sequences with U+FFFD.
    ///
    /// A string that fits in a `String` value itself (15 bytes on 64-bit platforms; IDs, event
    /// types) is made with `init(unsafeUninitializedCapacity:)`, which checks a small ASCII
    /// string a word at a time: a fifth fewer instructions than `init(decoding:as:)`. A longer
    /// one is checked by ``UTF8Validation`` and copied as it is, when the platform has
    /// `UTF8Span`.
    @inline(__always)
    init(utf8 bytes: UnsafeRawBufferPointer) {
        if bytes.count <= 15 {
            self.init(unsafeUninitializedCapacity: bytes.count) { $0.initialize(fromContentsOf: bytes) }
        } else {
            self.init(longUTF8: bytes)
        }
    }

    private init(longUTF8 bytes: UnsafeRawBufferPointer) {
        let units = bytes.assumingMemoryBound(to: UInt8.self)
        if #available(macOS 26, iOS 26, watchOS 26, tvOS 26, visionOS 26, *) {
            let validation = UTF8Validation.validate(bytes)
            if validation != .illFormed {
                // Checked above, so not checked again.
                self = unsafe String(copying: UTF8Span(unchecked: units.span, isKnownASCII: validation == .ascii))
                return
            }
        }
        // Ill-formed: the standard library repairs it.
        self.init(decoding: units, as: UTF8.self)
    }
}
