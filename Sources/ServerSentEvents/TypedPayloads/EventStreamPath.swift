/// Filling in a stream's path template (`/rooms/{roomID}/events`).
@_spi(Generated) public enum EventStreamPath {
    /// A path parameter, percent-encoded so that it stays one path segment: every byte but
    /// RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) becomes `%XX`.
    public static func encodeParameter(_ value: String) -> String {
        var encoded = ""
        encoded.reserveCapacity(value.utf8.count)
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }
}

extension EventStreamPath {
    /// Whether `path` fills in `template` (`/rooms/{roomID}/events`: each `{name}` is one
    /// non-empty segment), and with which parameters, percent-decoded.
    ///
    /// - Returns: The parameters, and the path in canonical form: each parameter encoded as
    ///   ``encodeParameter(_:)`` encodes it, so it is the same string the generated
    ///   `…Event.path(…)` builds for these parameters, however the client encoded them. `nil`
    ///   when the path does not match, or a parameter is not percent-encoded UTF-8.
    package static func match(
        _ path: some StringProtocol, template: String
    ) -> (parameters: [String: String], canonicalPath: String)? {
        let templateSegments = template.split(separator: "/", omittingEmptySubsequences: false)
        let pathSegments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard templateSegments.count == pathSegments.count else { return nil }
        var parameters: [String: String] = [:]
        var canonical: [String] = []
        for (expected, actual) in zip(templateSegments, pathSegments) {
            if expected.hasPrefix("{"), expected.hasSuffix("}"), expected.count > 2 {
                guard !actual.isEmpty, let value = decodeParameter(actual) else { return nil }
                parameters[String(expected.dropFirst().dropLast())] = value
                canonical.append(encodeParameter(value))
            } else {
                guard expected == actual else { return nil }
                canonical.append(String(expected))
            }
        }
        return (parameters, canonical.joined(separator: "/"))
    }

    /// A percent-encoded path segment, decoded: `nil` when a `%` is not followed by two hex
    /// digits or the bytes are not UTF-8.
    package static func decodeParameter(_ encoded: some StringProtocol) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.utf8.count)
        var iterator = encoded.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(ASCII.hexValue), let low = iterator.next().flatMap(ASCII.hexValue)
            else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
