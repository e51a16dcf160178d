#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

// The string formats whose Swift types are Foundation's (and `CalendarDate`), read and written
// as `EventPayloadJSON`'s Codable rules say, so that both paths give the same values and text.

extension JSONReader {
    /// Reads a `date-time` (RFC 3339, any offset).
    public mutating func readDate() throws(JSONPayloadError) -> Date {
        let text = try readFormattedString(expected: "a date-time string")
        guard let date = text.withBytes({ EventPayloadJSON.parseDateTime($0) }) else {
            throw invalid("'\(text.string)' is not an RFC 3339 date-time (e.g. 2026-11-25T08:00:00Z)")
        }
        return date
    }

    /// Reads a `uuid`, in either case.
    public mutating func readUUID() throws(JSONPayloadError) -> UUID {
        let text = try readFormattedString(expected: "a UUID string")
        guard let uuid = text.withBytes(Self.parseUUID) else {
            throw invalid("'\(text.string)' is not a UUID (e.g. 0F8FAD5B-D9CB-469F-A165-70867728950E)")
        }
        return uuid
    }

    /// Reads a `uri`.
    public mutating func readURL() throws(JSONPayloadError) -> URL {
        let text = try readString()
        guard let url = URL(string: text) else { throw invalid("'\(text)' is not a URL") }
        return url
    }

    /// Reads `byte`: base64.
    public mutating func readData() throws(JSONPayloadError) -> Data {
        let text = try readString()
        guard let data = Data(base64Encoded: text) else { throw invalid("'\(text)' is not base64") }
        return data
    }

    /// Reads a `date`: `YYYY-MM-DD`.
    public mutating func readCalendarDate() throws(JSONPayloadError) -> CalendarDate {
        let text = try readString()
        guard let date = CalendarDate(text) else { throw invalid("'\(text)' is not a date in the form YYYY-MM-DD") }
        return date
    }

    /// A string's bytes, read in place unless it has escapes.
    private mutating func readFormattedString(expected: String) throws(JSONPayloadError) -> JSONKey {
        let first = try startValue()
        guard first == UInt8(ascii: "\"") else { throw mismatch(expected: expected, found: first) }
        return try readKey()
    }

    /// `UUID(uuidString:)`'s form, read without a `String`: 8-4-4-4-12 hexadecimal digits.
    static func parseUUID(_ text: UnsafeRawBufferPointer) -> UUID? {
        guard text.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var offset = 0
        var ok = true
        withUnsafeMutableBytes(of: &bytes) { uuid in
            for index in 0..<16 {
                if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                    guard text[offset] == UInt8(ascii: "-") else {
                        ok = false
                        return
                    }
                    offset += 1
                }
                guard let high = ASCII.hexValue(text[offset]), let low = ASCII.hexValue(text[offset + 1]) else {
                    ok = false
                    return
                }
                uuid[index] = high << 4 | low
                offset += 2
            }
        }
        return ok ? UUID(uuid: bytes) : nil
    }
}

extension JSONKey {
    /// Runs `body` with the string's UTF-8 bytes.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        guard hasEscapes else { return body(raw) }
        var unescaped = string
        return unescaped.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}

extension JSONWriter {
    /// A `date-time`, in UTC, with milliseconds when it has them.
    public mutating func write(_ value: Date) {
        beginElement()
        bytes.append(UInt8(ascii: "\""))
        EventPayloadJSON.appendDateTime(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        followsValue = true
    }

    /// A `uuid`, in upper case as `UUID.uuidString`.
    public mutating func write(_ value: UUID) {
        beginElement()
        bytes.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: value.uuid) { uuid in
            for (index, byte) in uuid.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(Self.upperHexDigit(byte >> 4))
                bytes.append(Self.upperHexDigit(byte & 0xF))
            }
        }
        bytes.append(UInt8(ascii: "\""))
        followsValue = true
    }

    /// A `uri`: its absolute string.
    public mutating func write(_ value: URL) {
        write(value.absoluteString)
    }

    /// `byte`: base64.
    public mutating func write(_ value: Data) {
        write(value.base64EncodedString())
    }

    /// A `date`: `YYYY-MM-DD`.
    public mutating func write(_ value: CalendarDate) {
        write(value.description)
    }

    private static func upperHexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}
