import ArgumentParser
import EventSchema
import Foundation
import ServerSentEvents
import _EventInspection

/// `generate-events tail`: follows a live stream and checks every event against the schema.
struct Tail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow a live event stream and check every event against the schema.",
        discussion: """
            Connects to URL (reconnecting with Last-Event-ID as a browser does, until a terminal event, a 204 \
            or Ctrl-C), prints each event readably (or one JSON object a line with --json), flags unknown and \
            invalid events with the reason and path, and ends with a summary on standard error. Exits 1 when \
            any event was invalid or the server refused the stream.
            """
    )

    @Argument(help: "The stream's URL, e.g. http://127.0.0.1:8080/rooms/lobby/events.")
    var url: String

    @Option(help: "The schema the events must follow.")
    var schema: String

    @Option(
        name: .customShort("H"),
        help: "A request header, 'Name: value' (repeatable), e.g. -H 'Authorization: Bearer …'.")
    var header: [String] = []

    @Option(help: "The schema's stream the URL serves; by default the one whose path matches the URL's.")
    var stream: String?

    @Option(help: "Resume after this event ID (sent as Last-Event-ID on the first connection).")
    var lastEventID: String?

    @Option(help: "Stop after this many events.")
    var maxEvents: Int?

    @Option(help: "Seconds without a byte (heartbeats count) before the connection is dropped and opened again.")
    var idleTimeout = 120

    @Flag(
        help:
            "Print one JSON object a line: id, event, status (valid, unknown, invalid, replay-gap), reason, data, payload."
    )
    var json = false

    func validate() throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            ["http", "https"].contains(scheme),
            parsed.host != nil
        else {
            throw ValidationError("'\(url)' is not an http or https URL")
        }
        for line in header where !line.contains(":") {
            throw ValidationError("-H wants 'Name: value', not '\(line)'")
        }
        if let maxEvents, maxEvents < 1 { throw ValidationError("--max-events must be at least 1") }
        if idleTimeout < 1 { throw ValidationError("--idle-timeout must be at least 1 second") }
    }

    func run() async throws {
        var diagnostics = DiagnosticCollector()
        let loaded = SchemaFile.load(path: schema, diagnostics: &diagnostics)
        StandardError.report(diagnostics.diagnostics)
        guard let loaded, !diagnostics.hasErrors else { throw ExitCode.failure }
        let target = URL(string: url)!
        let chosen: EventStream?
        if let stream {
            guard let named = loaded.streams.first(where: { $0.name.value == stream }) else {
                throw CommandFailure(
                    "the schema has no stream '\(stream)'; its streams: "
                        + loaded.streams.map(\.name.value).joined(separator: ", ")
                ).reported()
            }
            chosen = named
        } else {
            chosen = loaded.streams.first { $0.matches(path: target.path) }
            if chosen == nil {
                StandardError.emit(
                    "tail: no stream of the schema has the path \(target.path): events are checked against all its events\n"
                )
            }
        }
        let headers = header.map { line -> (String, String) in
            let colon = line.firstIndex(of: ":")!
            return (
                String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            )
        }

        let follower = StreamFollower(
            url: target, headers: headers, inspector: EventInspector(schema: loaded, stream: chosen),
            lastEventID: lastEventID ?? "", maxEvents: maxEvents, idleTimeout: .seconds(idleTimeout), json: json)
        let following = Task { await follower.follow() }
        // Ctrl-C ends the following, and the summary is still printed.
        let interrupts = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { following.cancel() }
            source.resume()
            return source
        }
        let outcome = await following.value
        interrupts.forEach { $0.cancel() }
        StandardError.emit("tail: \(outcome.summary)\n")
        if outcome.invalid > 0 || outcome.refused { throw ExitCode.failure }
    }
}

extension EventStream {
    /// Whether a request path is this stream's: its literal parts, and one non-empty segment
    /// for each parameter.
    func matches(path: String) -> Bool {
        var rest = Substring(path)
        var segments = pathSegments[...]
        while let segment = segments.popFirst() {
            switch segment {
            case .literal(let text):
                guard rest.hasPrefix(text) else { return false }
                rest = rest.dropFirst(text.count)
            case .parameter:
                let value = rest.prefix { $0 != "/" }
                guard !value.isEmpty else { return false }
                rest = rest.dropFirst(value.count)
            }
        }
        return rest.isEmpty
    }
}
