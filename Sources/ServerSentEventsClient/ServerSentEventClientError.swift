#if AsyncHTTPClient
/// A stream that cannot go on: the server answered with something that is not an event stream,
/// or it kept failing.
public struct ServerSentEventClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why; more cases may come, so `switch` needs a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case unexpectedStatus
            case unexpectedContentType
            case streamTooLarge
            case tooManyFailedAttempts
        }
        private let wrapped: Wrapped

        /// A status other than 200 (or 204, which ends the stream quietly).
        public static var unexpectedStatus: Self { .init(wrapped: .unexpectedStatus) }
        /// A content type other than `text/event-stream`.
        public static var unexpectedContentType: Self { .init(wrapped: .unexpectedContentType) }
        /// A line or event over the decoder's limits.
        public static var streamTooLarge: Self { .init(wrapped: .streamTooLarge) }
        /// `ServerSentEventReconnection.Policy.maximumFailedAttempts` attempts failed in a row.
        public static var tooManyFailedAttempts: Self { .init(wrapped: .tooManyFailedAttempts) }

        /// A short name of the code.
        public var description: String {
            switch wrapped {
            case .unexpectedStatus: "unexpected status"
            case .unexpectedContentType: "unexpected content type"
            case .streamTooLarge: "stream over the limits"
            case .tooManyFailedAttempts: "too many failed attempts"
            }
        }
    }

    /// Why.
    public var code: Code
    /// The stream's URL.
    public var url: String
    /// The status, for `unexpectedStatus`.
    public var status: Int?
    /// The content type, for `unexpectedContentType`.
    public var contentType: String?
    /// More detail, e.g. the decoder's error.
    public var underlying: String?

    /// Creates an error.
    public init(code: Code, url: String, status: Int? = nil, contentType: String? = nil, underlying: String? = nil) {
        self.code = code
        self.url = url
        self.status = status
        self.contentType = contentType
        self.underlying = underlying
    }

    /// A sentence for logs.
    public var description: String {
        var text = "\(code) from \(url)"
        if let status { text += ": status \(status)" }
        if let contentType { text += ": content type '\(contentType)'" }
        if let underlying { text += ": \(underlying)" }
        return text
    }
}
#endif  // AsyncHTTPClient
