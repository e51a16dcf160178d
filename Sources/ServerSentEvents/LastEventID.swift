extension ServerSentEvent {
    /// The request header a reconnecting client sends: `Last-Event-ID`.
    public static let lastEventIDHeaderName = "Last-Event-ID"

    /// The last event ID a client sent, read from a `Last-Event-ID` header value.
    ///
    /// "The `Last-Event-ID` HTTP request header reports an EventSource object's last event ID
    /// string to the server when the user agent is to reestablish the connection." A client
    /// never sends an empty one, and no ID it could have received holds CR, LF or NUL: such
    /// values come from elsewhere and are refused. Surrounding spaces and tabs, which HTTP does
    /// not count as part of a field value, are removed.
    ///
    /// ```swift
    /// let resumeAfter = ServerSentEvent.lastEventID(fromHeaderValue: request.headers["Last-Event-ID"])
    /// ```
    ///
    /// - Parameter headerValue: The header's value, or `nil` when the request has none.
    /// - Returns: The ID to resume after, or `nil` when the client has none (a first connection).
    public static func lastEventID(fromHeaderValue headerValue: String?) -> String? {
        guard let headerValue else { return nil }
        let isWhitespace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        let scalars = headerValue.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
            let last = scalars.lastIndex(where: { !isWhitespace($0) })
        else { return nil }
        let value = String(scalars[first...last])
        guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
            return nil
        }
        return value
    }

    /// The last event ID a client sent, read from the header's raw bytes.
    ///
    /// The header carries the ID "encoded as UTF-8"; bytes that are not valid UTF-8 could not
    /// come from a client's ID and are refused, as are the values refused by
    /// ``lastEventID(fromHeaderValue:)-(String?)``.
    /// - Parameter headerBytes: The header value's bytes, or `nil` when the request has none.
    public static func lastEventID<Bytes: Collection<UInt8>>(fromHeaderValue headerBytes: Bytes?) -> String? {
        guard let headerBytes, let text = String(validating: headerBytes, as: UTF8.self) else { return nil }
        return lastEventID(fromHeaderValue: text)
    }
}
