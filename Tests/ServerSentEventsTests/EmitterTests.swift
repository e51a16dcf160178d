import Foundation
@_spi(Generated) import ServerSentEvents
import Synchronization
import TestSupport
import Testing

/// The emitter core under generated emitters, and the payload helpers.
@Suite("Emitter and payload support")
struct EmitterTests {
    /// Collects what is written; can be told to fail.
    final class RecordingSink: ServerSentEventSink {
        let written = Mutex<[UInt8]>([])
        let finished = Mutex(false)
        let failing: Bool
        init(failing: Bool = false) { self.failing = failing }
        func write(_ bytes: [UInt8]) async throws {
            if failing { throw CancellationError() }
            written.withLock { $0 += bytes }
        }
        func finish() async throws { finished.withLock { $0 = true } }
        var text: String { String(decoding: written.withLock { $0 }, as: UTF8.self) }
    }

    @Test("heartbeats are comment lines, sent while nothing else is written")
    func heartbeats() async throws {
        let sink = RecordingSink()
        let clock = ManualClock()
        let emitter = ServerSentEventEmitter(
            sink: sink, configuration: .init(heartbeat: .milliseconds(20)), clock: clock)
        let task = Task { try await emitter.runHeartbeats() }
        for beat in 1...2 {
            await clock.waitForSleepers()
            #expect(sink.text == String(repeating: ":\n", count: beat - 1))  // nothing before its time
            clock.advance(by: .milliseconds(20))
        }
        await clock.waitForSleepers()  // the second heartbeat is written before the next wait
        #expect(sink.text == ":\n:\n")
        task.cancel()  // it sleeps on the manual clock, which no one advances any more
        try await emitter.finish()
        _ = try? await task.value
        #expect(sink.text.hasPrefix(":\n:\n"))
        #expect(sink.text.allSatisfy { $0 == ":" || $0 == "\n" })
    }

    @Test("open writes retry: once, before anything else")
    func retryOnce() async throws {
        let sink = RecordingSink()
        let emitter = ServerSentEventEmitter(sink: sink, configuration: .init(retry: .seconds(3)))
        try await emitter.open()
        try await emitter.open()
        try await emitter.comment("hi")
        try await emitter.send(ServerSentEvent(type: "a", data: "1"), terminal: true)
        #expect(sink.text == "retry: 3000\n: hi\nevent: a\ndata: 1\n\n")
        #expect(sink.finished.withLock { $0 })
        #expect(await emitter.isFinished)
    }

    @Test("a failing sink ends the emitter: the error is thrown, then .finished")
    func failingSink() async throws {
        let emitter = ServerSentEventEmitter(sink: RecordingSink(failing: true))
        await #expect(throws: CancellationError.self) { try await emitter.comment("x") }
        await #expect(throws: ServerSentEventEmitterError(code: .finished)) { try await emitter.comment("x") }
    }

    @Test("an event type with a line break is refused and nothing is written")
    func refusedType() async throws {
        let sink = RecordingSink()
        let emitter = ServerSentEventEmitter(sink: sink)
        await #expect(throws: ServerSentEventEncodingError.self) {
            try await emitter.send(ServerSentEvent(type: "a\nb", data: "x"))
        }
        #expect(sink.text == "")
    }

    @Test(
        "date-times: UTC, milliseconds only when there are some, before 1970 and far ahead",
        arguments: [
            (0.0, "1970-01-01T00:00:00Z"), (1.5, "1970-01-01T00:00:01.500Z"), (-0.001, "1969-12-31T23:59:59.999Z"),
            (951_782_400, "2000-02-29T00:00:00Z"), (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
            (-62_135_596_800, "0001-01-01T00:00:00Z"), (1_764_057_600.123, "2025-11-25T08:00:00.123Z"),
        ]
    )
    func dateTimes(seconds: Double, text: String) throws {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(EventPayloadJSON.formatDateTime(date) == text)
        let parsed = try #require(EventPayloadJSON.parseDateTime(text))
        #expect(EventPayloadJSON.formatDateTime(parsed) == text)
        #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.0005)
    }

    @Test("date-times with offsets and without fractions read as the same instant")
    func dateTimeOffsets() {
        #expect(
            EventPayloadJSON.parseDateTime("2026-11-25T09:00:00+01:00")
                == EventPayloadJSON.parseDateTime("2026-11-25T08:00:00Z"))
        #expect(
            EventPayloadJSON.parseDateTime("2025-11-25t08:00:00.5z") == Date(timeIntervalSince1970: 1_764_057_600.5))
        #expect(
            EventPayloadJSON.parseDateTime("2025-11-25 08:00:00-00:30") == Date(timeIntervalSince1970: 1_764_059_400))
        #expect(EventPayloadJSON.parseDateTime("2026-11-25") == nil)
        #expect(EventPayloadJSON.parseDateTime("2026-11-25T08:00:00") == nil)
        #expect(EventPayloadJSON.parseDateTime("2026-13-25T08:00:00Z") == nil)
        #expect(EventPayloadJSON.parseDateTime("2026-11-25T08:00:00.Z") == nil)
        #expect(EventPayloadJSON.parseDateTime("2026-11-25T08:00:00Zjunk") == nil)
        #expect(EventPayloadJSON.parseDateTime("not a date") == nil)
    }

    @Test("calendar dates")
    func calendarDates() throws {
        #expect(CalendarDate("2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDate("2023-02-29") == nil)
        #expect(CalendarDate("2023-2-28") == nil)
        #expect(CalendarDate("0000-01-01") == nil)
        let json = try JSONEncoder().encode([CalendarDate(year: 7, month: 3, day: 9)!])
        #expect(String(decoding: json, as: UTF8.self) == #"["0007-03-09"]"#)
        #expect(try JSONDecoder().decode([CalendarDate].self, from: json) == [CalendarDate(year: 7, month: 3, day: 9)!])
    }

    @Test("path parameters keep to one segment")
    func pathParameters() {
        #expect(EventStreamPath.encodeParameter("a b/c?d#e%f") == "a%20b%2Fc%3Fd%23e%25f")
        #expect(EventStreamPath.encodeParameter("AZaz09-._~") == "AZaz09-._~")
        #expect(EventStreamPath.encodeParameter("ü") == "%C3%BC")
    }

    @Test("a request path matches a template: parameters decoded, the path made canonical")
    func pathMatching() throws {
        let template = "/rooms/{roomID}/events"
        let plain = try #require(EventStreamPath.match("/rooms/lobby/events", template: template))
        #expect(plain.parameters == ["roomID": "lobby"])
        #expect(plain.canonicalPath == "/rooms/lobby/events")
        // However the client encoded the parameter, the topic is what encodeParameter builds.
        for sent in ["a%20b%2fc", "a%20b%2Fc", "a%20b%2F%63"] {
            let match = try #require(EventStreamPath.match("/rooms/\(sent)/events", template: template))
            #expect(match.parameters == ["roomID": "a b/c"])
            #expect(match.canonicalPath == "/rooms/" + EventStreamPath.encodeParameter("a b/c") + "/events")
        }
        let two = try #require(EventStreamPath.match("/u/%C3%BC/x/7", template: "/u/{user}/x/{n}"))
        #expect(two.parameters == ["user": "ü", "n": "7"])
        for path in [
            "/rooms/lobby", "/rooms/lobby/events/", "/rooms//events", "/rooms/a/b/events", "/room/lobby/events",
            "/rooms/%zz/events", "/rooms/%2/events", "/rooms/%FF/events", "rooms/lobby/events",
        ] {
            #expect(EventStreamPath.match(path, template: template) == nil, "\(path)")
        }
        #expect(EventStreamPath.match("/ticks", template: "/ticks")?.canonicalPath == "/ticks")
    }
}
