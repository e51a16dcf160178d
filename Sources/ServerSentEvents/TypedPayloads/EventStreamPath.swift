/// Filling in a stream's path template (`/rooms/{roomID}/events`).
public enum EventStreamPath {
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
