import EventSchema
import Foundation
import ServerSentEvents
import _EventInspection

/// Follows one stream as a browser's `EventSource` does: decodes it exactly (the runtime's
/// decoder), reconnects with `Last-Event-ID` after the server's `retry:` or the backoff of the
/// runtime's reconnection policy, stops at a terminal event, a 204 or a refused response, and
/// prints each event with the inspector's verdict.
struct StreamFollower: Sendable {
    let url: URL
    let headers: [(String, String)]
    let inspector: EventInspector
    let lastEventID: String
    let maxEvents: Int?
    let idleTimeout: Duration
    let json: Bool

    /// What the following saw.
    struct Outcome: Sendable {
        var valid = 0
        var unknown = 0
        var invalid = 0
        var replayGaps = 0
        var reconnections = 0
        /// The server refused the stream (a status other than 200 and 204, or another content type).
        var refused = false

        var events: Int { valid + unknown + invalid + replayGaps }

        var summary: String {
            "\(events) events: \(valid) valid, \(unknown) unknown, \(invalid) invalid; \(replayGaps) replay gaps; "
                + "\(reconnections) reconnections" + (refused ? "; the server refused the stream" : "")
        }
    }

    private enum Ending {
        /// The connection closed or failed: connect again.
        case dropped(delivered: Bool)
        /// Stop: a terminal event, enough events, a 204, or a refusal.
        case stop
    }

    func follow() async -> Outcome {
        var outcome = Outcome()
        var decoder = ServerSentEventDecoder(lastEventID: lastEventID)
        var reconnection = ServerSentEventReconnection(lastEventID: lastEventID)
        while !Task.isCancelled {
            let ending = await connectOnce(decoder: &decoder, reconnection: &reconnection, outcome: &outcome)
            decoder.finish()
            reconnection.record(lastEventID: decoder.lastEventID)
            guard case .dropped(let delivered) = ending, !Task.isCancelled else { break }
            switch reconnection.connectionEnded(deliveredEvents: delivered) {
            case .giveUp:
                return outcome
            case .reconnect(let delay):
                outcome.reconnections += 1
                let resume = reconnection.lastEventIDHeaderValue.map { " with Last-Event-ID: \($0)" } ?? ""
                StandardError.emit("tail: reconnecting in \(Self.seconds(delay))\(resume)\n")
                try? await Task.sleep(for: delay)
            }
        }
        return outcome
    }

    private func connectOnce(
        decoder: inout ServerSentEventDecoder, reconnection: inout ServerSentEventReconnection, outcome: inout Outcome
    ) async -> Ending {
        var requestHeaders = headers
        if let lastEventID = reconnection.lastEventIDHeaderValue {
            requestHeaders.append(("Last-Event-ID", lastEventID))
        }
        var delivered = false
        do {
            for try await part in EventStreamConnection.open(url, headers: requestHeaders, idleTimeout: idleTimeout) {
                switch part {
                case .response(let status, let contentType):
                    // "If res's status is not 200, or if res's `Content-Type` is not
                    // `text/event-stream`, then fail the connection." A 204 tells it to stop.
                    if status == 204 {
                        StandardError.emit("tail: the server answered 204 No Content: the stream is over\n")
                        return .stop
                    }
                    let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
                        .lowercased()
                    guard status == 200, mediaType == "text/event-stream" else {
                        StandardError.emit(
                            "tail: the server answered \(status) with \(contentType ?? "no content type"), not a 200 text/event-stream\n"
                        )
                        outcome.refused = true
                        return .stop
                    }
                    StandardError.emit(
                        "tail: connected to \(url.absoluteString)"
                            + (inspector.stream.map { " (stream '\($0.name.value)')" } ?? "") + "\n")
                case .bytes(let data):
                    for output in try decoder.decode(data) {
                        reconnection.record(output, lastEventID: decoder.lastEventID)
                        guard case .event(let event) = output else { continue }
                        delivered = true
                        if report(event, outcome: &outcome) { return .stop }
                    }
                }
            }
            return .dropped(delivered: delivered)
        } catch is CancellationError {
            return .stop
        } catch let error as ServerSentEventDecodingError {
            StandardError.emit("tail: \(error.description)\n")
            return .dropped(delivered: delivered)
        } catch {
            if Task.isCancelled { return .stop }
            StandardError.emit("tail: the connection failed: \(error.localizedDescription)\n")
            return .dropped(delivered: delivered)
        }
    }

    /// Prints the event and counts it; whether to stop (a terminal event, or enough events).
    private func report(_ event: ServerSentEvent, outcome: inout Outcome) -> Bool {
        let verdict = inspector.inspect(event)
        var terminal = false
        switch verdict {
        case .valid(let known):
            outcome.valid += 1
            terminal = known.isTerminal
        case .replayGap: outcome.replayGaps += 1
        case .unknown: outcome.unknown += 1
        case .invalid: outcome.invalid += 1
        }
        // Written at once, not buffered: a follower reads the events as they come.
        FileHandle.standardOutput.write(
            Data(((json ? Self.record(event, verdict) : Self.line(event, verdict)) + "\n").utf8))
        if terminal {
            StandardError.emit("tail: '\(event.type)' is terminal: the stream is over\n")
            return true
        }
        return maxEvents.map { outcome.events >= $0 } ?? false
    }

    /// `#42 messagePosted {"text":"hi"}`, `#43 surprise  UNKNOWN: …  data: …`.
    static func line(_ event: ServerSentEvent, _ verdict: EventInspector.Verdict) -> String {
        let id = event.id.map { "#\($0) " } ?? ""
        switch verdict {
        case .valid(let known):
            let data: String =
                switch known.payload {
                case .none: "(no data)"
                case .text: JSONValue.quoted(event.data)
                case .json: event.data
                }
            return "\(id)\(event.type) \(data)"
        case .replayGap(let gap):
            return "\(id)\(event.type) events after #\(gap.lastEventID) are lost"
                + (gap.firstEventID.map { "; the next is #\($0)" } ?? "")
        case .unknown(let reason):
            return "\(id)\(event.type)  UNKNOWN: \(reason)  data: \(shown(event.data))"
        case .invalid(let reason):
            return "\(id)\(event.type)  INVALID: \(reason)  data: \(shown(event.data))"
        }
    }

    /// Data as sent when it is one line, else quoted, so that every event stays one line.
    private static func shown(_ data: String) -> String {
        data.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) ? JSONValue.quoted(data) : data
    }

    /// One JSON object: `id`, `event`, `status`, `reason`, `data` (as sent) and `payload` (the
    /// data as JSON, when it is a valid JSON payload).
    static func record(_ event: ServerSentEvent, _ verdict: EventInspector.Verdict) -> String {
        var members: [JSONValue.Member] = [
            .init("id", event.id.map(JSONValue.string) ?? .null), .init("event", .string(event.type)),
        ]
        var payload: String?
        switch verdict {
        case .valid(let known):
            members.append(.init("status", .string("valid")))
            if case .json = known.payload { payload = event.data }
        case .replayGap:
            members.append(.init("status", .string("replay-gap")))
            payload = event.data
        case .unknown(let reason):
            members += [.init("status", .string("unknown")), .init("reason", .string(reason))]
        case .invalid(let reason):
            members += [.init("status", .string("invalid")), .init("reason", .string(reason))]
        }
        members.append(.init("data", .string(event.data)))
        var text = JSONValue.object(members).rendered()
        // The payload was read as valid JSON: it goes in as it came, one line (data without line breaks).
        if let payload, !payload.contains("\n"), !payload.contains("\r") {
            text.removeLast()
            text += ",\"payload\":" + payload + "}"
        }
        return text
    }

    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return "\(milliseconds / 1000).\(String(milliseconds % 1000 / 100)) s"
    }
}
