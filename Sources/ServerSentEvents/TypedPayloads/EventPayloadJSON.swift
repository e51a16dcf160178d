#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The JSON of typed payloads, shared by every generated emitter and decoder so that the Swift
/// and JavaScript sides read the same text the same way.
///
/// - One line: never pretty-printed (a payload may still hold `\n` inside strings, escaped).
/// - `date-time`: RFC 3339 / ISO 8601 in UTC, with fractional seconds only when the date has
///   them; reads any offset, with or without fractional seconds.
/// - `byte`: base64. Slashes are not escaped.
public enum EventPayloadJSON {
    /// The encoder generated emitters use.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
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

    /// `2026-11-25T08:00:00Z`, or `2026-11-25T08:00:00.250Z` when there is a fraction.
    public static func formatDateTime(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let hasFraction = seconds != seconds.rounded(.down)
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: hasFraction))
    }

    /// An RFC 3339 date-time, with or without fractional seconds, `Z` or an offset.
    public static func parseDateTime(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// Encodes a payload as one line of JSON for an event's data.
    public static func encode<Payload: Encodable>(_ payload: Payload, with encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode(payload), as: UTF8.self)
    }

    /// Decodes an event's data as `Payload`, or throws an error that names the event.
    public static func decode<Payload: Decodable>(
        _: Payload.Type,
        from event: ServerSentEvent,
        with decoder: JSONDecoder
    ) throws(ServerSentEventPayloadError) -> Payload {
        do {
            return try decoder.decode(Payload.self, from: Data(event.data.utf8))
        } catch let error as DecodingError {
            throw ServerSentEventPayloadError(event: event, reason: Self.describe(error))
        } catch {
            throw ServerSentEventPayloadError(event: event, reason: "\(error)")
        }
    }

    /// "at author.name: expected a string, found a number"-style text for a decoding error.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            guard !codingPath.isEmpty else { return "" }
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return "at \(text.hasPrefix(".") ? String(text.dropFirst()) : text): "
        }
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
