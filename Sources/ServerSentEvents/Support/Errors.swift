/// A stream broke a ``ServerSentEventDecoder/Limits`` bound; decoding ends with this error.
///
/// The limits keep a hostile or broken stream (a line that never ends, endless `data:` lines)
/// from growing memory without bound. Compare ``code`` to tell the cases apart:
///
/// ```swift
/// catch let error as ServerSentEventDecodingError where error.code == .lineTooLong { … }
/// ```
public struct ServerSentEventDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong; more cases may come, so `switch` needs a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case lineTooLong
            case eventTooLarge
        }
        private let wrapped: Wrapped

        /// A line grew past ``ServerSentEventDecoder/Limits/maximumLineLength``.
        public static var lineTooLong: Self { .init(wrapped: .lineTooLong) }
        /// One event's data grew past ``ServerSentEventDecoder/Limits/maximumEventSize``.
        public static var eventTooLarge: Self { .init(wrapped: .eventTooLarge) }

        /// A short name of the code.
        public var description: String {
            switch wrapped {
            case .lineTooLong: "line too long"
            case .eventTooLarge: "event too large"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The limit, in bytes, that the stream went past.
    public var limit: Int

    /// Creates an error.
    public init(code: Code, limit: Int) {
        self.code = code
        self.limit = limit
    }

    /// A sentence for logs and command-line output.
    public var description: String {
        if code == .lineTooLong {
            return "event stream line longer than the limit of \(limit) bytes"
        }
        return "event stream event larger than the limit of \(limit) bytes of data"
    }
}

/// The encoder refused an event because a field would break the framing.
///
/// A CR or LF in an event type or ID would end the field early and let the rest of the value
/// start a field or an event of its own; a NUL in an ID makes every client ignore it. Data is
/// never refused: the encoder splits it into several `data:` lines instead.
public struct ServerSentEventEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which field was refused; more cases may come, so `switch` needs a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case invalidEventType
            case invalidID
        }
        private let wrapped: Wrapped

        /// The event type holds CR, LF or NUL.
        public static var invalidEventType: Self { .init(wrapped: .invalidEventType) }
        /// The ID holds CR, LF or NUL.
        public static var invalidID: Self { .init(wrapped: .invalidID) }

        /// A short name of the code.
        public var description: String {
            switch wrapped {
            case .invalidEventType: "invalid event type"
            case .invalidID: "invalid event ID"
            }
        }
    }

    /// Which field was refused.
    public var code: Code
    /// The refused value.
    public var value: String

    /// Creates an error.
    public init(code: Code, value: String) {
        self.code = code
        self.value = value
    }

    /// A sentence for logs and command-line output.
    public var description: String {
        "\(code) \(String(reflecting: value)): CR, LF and NUL are not allowed in an event type or ID"
    }
}
