#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The JSON of typed payloads, shared by every generated emitter and decoder so that the Swift
/// and JavaScript sides read the same text the same way.
///
/// Generated code reads and writes it with ``JSONReader`` and ``JSONWriter``, straight from and
/// into the frame's bytes; ``makeEncoder()`` and ``makeDecoder()`` give Foundation coders with
/// the same rules, for the generated types' `Codable` conformances.
///
/// - One line: never pretty-printed (a payload may still hold `\n` inside strings, escaped).
/// - `date-time`: RFC 3339 / ISO 8601 in UTC, with fractional seconds only when the date has
///   them; reads any offset, with or without fractional seconds.
/// - `byte`: base64. Slashes are not escaped. Keys are sorted, so equal values give equal text.
@_spi(Generated) public enum EventPayloadJSON {
    /// The encoder generated emitters use.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatDateTime(date))
        }
        return encoder
    }

    /// The decoder generated decoders use.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDateTime(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "'\(text)' is not an RFC 3339 date-time (e.g. 2026-11-25T08:00:00Z)"
                )
            }
            return date
        }
        return decoder
    }

    /// `2026-11-25T08:00:00Z`, or `2026-11-25T08:00:00.250Z` when there is a fraction: in UTC,
    /// rounded to the nearest millisecond (JavaScript's precision), so that a date read from
    /// text with milliseconds is written back as the same text.
    public static func formatDateTime(_ date: Date) -> String {
        var text: [UInt8] = []
        appendDateTime(date, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the text of ``formatDateTime(_:)``.
    static func appendDateTime(_ date: Date, to text: inout [UInt8]) {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (days, millisecondOfDay) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, time) = millisecondOfDay < 0 ? (days - 1, millisecondOfDay + 86_400_000) : (days, millisecondOfDay)
        let (year, month, dayOfMonth) = civilDate(daysSince1970: day)
        appendDigits(year, count: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        appendDigits(month, count: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        appendDigits(dayOfMonth, count: 2, to: &text)
        text.append(UInt8(ascii: "T"))
        appendDigits(time / 3_600_000, count: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        appendDigits(time / 60_000 % 60, count: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        appendDigits(time / 1000 % 60, count: 2, to: &text)
        if time % 1000 != 0 {
            text.append(UInt8(ascii: "."))
            appendDigits(time % 1000, count: 3, to: &text)
        }
        text.append(UInt8(ascii: "Z"))
    }

    /// `value` in decimal, at least `count` digits (zeros before), a `-` first when negative.
    private static func appendDigits(_ value: Int64, count: Int, to text: inout [UInt8]) {
        if value < 0 { text.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // 20 digits hold any Int64; divisions by 10 compile to multiplications.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0 || 20 - start < count
            text.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Year, month and day of a day counted from 1970-01-01 (proleptic Gregorian calendar;
    /// Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// An RFC 3339 date-time (`2026-11-25T08:00:00Z`, `2026-11-25t09:00:00.5+01:00`): with or
    /// without fractional seconds, `Z` or an offset, in the proleptic Gregorian calendar.
    public static func parseDateTime(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parseDateTime(UnsafeRawBufferPointer($0)) }
    }

    /// ``parseDateTime(_:)`` on the text's UTF-8 bytes.
    static func parseDateTime(_ bytes: UnsafeRawBufferPointer) -> Date? {
        // `YYYY-MM-DDTHH:MM:SS` at fixed places, then a fraction and the offset.
        guard bytes.count >= 20 else { return nil }
        func number(_ offset: Int, _ digits: Int) -> Int64? {
            var value: Int64 = 0
            for index in offset..<(offset + digits) {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value &* 10 &+ Int64(digit)
            }
            return value
        }
        let separator = bytes[10]
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"),
            separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " "),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        var index = 19
        func expect(_ first: UInt8, or second: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == first || bytes[index] == second else { return false }
            index += 1
            return true
        }
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                fraction += Double(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offsetSeconds: Int64 = 0
        if expect(UInt8(ascii: "Z"), or: UInt8(ascii: "z")) {
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard index + 5 <= bytes.count, bytes[index + 2] == UInt8(ascii: ":"), let hours = number(index, 2),
                let minutes = number(index + 3, 2), hours < 24, minutes < 60
            else { return nil }
            index += 5
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = daysSince1970(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days from 1970-01-01 to a date (Howard Hinnant's `days_from_civil`).
    private static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Reads an event's data with `read`, or throws an error that names the event.
    @inlinable
    public static func decode<Payload>(
        from event: ServerSentEventDecoder.InPlaceEvent,
        _ read: (inout JSONReader) throws(JSONPayloadError) -> Payload
    ) throws(ServerSentEventPayloadError) -> Payload {
        do {
            return try JSONReader.read(event.data, read)
        } catch {
            throw payloadError(error, in: event)
        }
    }

    /// The error of an event whose data did not read.
    @usableFromInline
    static func payloadError(
        _ error: JSONPayloadError, in event: ServerSentEventDecoder.InPlaceEvent
    ) -> ServerSentEventPayloadError {
        ServerSentEventPayloadError(event: event.event, reason: describe(error, in: event.data))
    }

    /// Reads an event's data with `read`, `null` as `nil`.
    @inlinable
    public static func decode<Payload>(
        from event: ServerSentEventDecoder.InPlaceEvent,
        nullable read: (inout JSONReader) throws(JSONPayloadError) -> Payload
    ) throws(ServerSentEventPayloadError) -> Payload? {
        try decode(from: event) { (reader) throws(JSONPayloadError) in try reader.readNull() ? nil : read(&reader) }
    }

    /// The data of an event whose payload is text.
    public static func text(of event: ServerSentEventDecoder.InPlaceEvent) -> String {
        event.original?.data ?? String(utf8: event.data)
    }

    /// `payload` written by `write` as one line of JSON, for an event's data.
    public static func encode<Payload>(
        _ payload: Payload, type: String, id: String?,
        _ write: (Payload, inout JSONWriter) throws(JSONPayloadError) -> Void
    ) throws(ServerSentEventPayloadError) -> String {
        var writer = JSONWriter()
        do {
            try write(payload, &writer)
        } catch {
            throw ServerSentEventPayloadError(
                event: ServerSentEvent(type: type, data: "", id: id), reason: describe(error, in: writer.bytes[...]))
        }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The reason of a payload error: `at author.name: expected a string, found a number`, or
    /// `at items: invalid JSON at byte 17: expected ',' or ']' in an array, found '}'`.
    ///
    /// - Parameter text: The JSON the error is about (what was written so far, for a writer).
    public static func describe(_ error: JSONPayloadError, in text: UnsafeRawBufferPointer) -> String {
        let offset = min(max(error.offset, 0), text.count)
        let path = JSONPath.path(at: UnsafeRawBufferPointer(rebasing: text[..<offset]))
        let message = error.isMalformed ? "invalid JSON at byte \(error.offset): \(error.message)" : error.message
        return path.isEmpty ? message : "at \(path): \(message)"
    }

    static func describe(_ error: JSONPayloadError, in text: ArraySlice<UInt8>) -> String {
        text.withUnsafeBytes { describe(error, in: $0) }
    }

    /// The text of a coding error: `at author.name: 81 characters, more than the maximum 80`.
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let error as DecodingError: describe(error)
        case let error as EncodingError: describe(error)
        default: "\(error)"
        }
    }

    /// "at author.name: 81 characters, more than the maximum 80"-style text for an encoding error.
    public static func describe(_ error: EncodingError) -> String {
        switch error {
        case .invalidValue(_, let context):
            return "\(pathPrefix(context.codingPath))\(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// `at author.name: ` for a coding path; empty for the payload itself.
    private static func pathPrefix(_ codingPath: [any CodingKey]) -> String {
        guard !codingPath.isEmpty else { return "" }
        let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return "at \(text.hasPrefix(".") ? String(text.dropFirst()) : text): "
    }

    /// "at author.name: expected a string, found a number"-style text for a decoding error.
    public static func describe(_ error: DecodingError) -> String {
        let path = pathPrefix
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath))required property '\(key.stringValue)' is missing"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath))expected \(type), found null"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath))expected \(type): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath))\(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
