import ServerSentEvents
import Testing

/// The transport-free part of reconnecting: `Last-Event-ID`, `retry:`, backoff, giving up.
@Suite("Reconnection policy")
struct ReconnectionTests {
    @Test("no floor can be undercut: retry: 0 with any number of failures waits 0.5 s at least")
    func floor() {
        let policy = ServerSentEventReconnection.Policy()
        for failures in [0, 1, 5, 100] {
            #expect(policy.delay(base: .zero, failures: failures) >= .milliseconds(500))
        }
    }

    @Test("backoff grows with failures, stays under the cap, and jitter only shortens it")
    func backoff() {
        let policy = ServerSentEventReconnection.Policy(
            reconnectionDelay: .seconds(1), backoffMultiplier: 2, maximumReconnectionDelay: .seconds(10), jitter: 0.5)
        for (failures, maximum) in [(0, 1.0), (1, 2.0), (2, 4.0), (3, 8.0), (4, 10.0), (40, 10.0)] {
            var exact = policy
            exact.jitter = 0
            #expect(exact.delay(base: .seconds(1), failures: failures) == .seconds(maximum))
            for _ in 0..<20 {
                let delay = policy.delay(base: .seconds(1), failures: failures)
                #expect(delay <= .seconds(maximum))
                #expect(delay >= .seconds(maximum / 2))
            }
        }
    }

    @Test("a server's retry: longer than the cap is honoured, not cut")
    func longRetry() {
        let policy = ServerSentEventReconnection.Policy(maximumReconnectionDelay: .seconds(60), jitter: 0)
        #expect(policy.delay(base: .seconds(120), failures: 3) == .seconds(120))
    }

    @Test("the last event ID rides on the next request; retry: replaces the first delay")
    func carriedAcross() {
        var reconnection = ServerSentEventReconnection(
            policy: .init(reconnectionDelay: .seconds(3), jitter: 0), lastEventID: "")
        #expect(reconnection.lastEventIDHeaderValue == nil)
        var decoder = ServerSentEventDecoder()
        var outputs: [ServerSentEventDecoder.Output] = []
        try? decoder.decode(Array("retry: 1500\nid: 7\ndata: x\n\n".utf8)) { outputs.append($0) }
        for output in outputs { reconnection.record(output, lastEventID: decoder.lastEventID) }
        #expect(reconnection.lastEventIDHeaderValue == "7")
        #expect(reconnection.serverRetry == .milliseconds(1500))
        #expect(reconnection.connectionEnded(deliveredEvents: true) == .reconnect(after: .milliseconds(1500)))
        // An empty id: resets the ID: no header on the next request.
        reconnection.record(lastEventID: "")
        #expect(reconnection.lastEventIDHeaderValue == nil)
    }

    @Test("failures in a row back off and give up at the limit; a connection with events resets them")
    func failures() {
        var reconnection = ServerSentEventReconnection(
            policy: .init(reconnectionDelay: .seconds(1), jitter: 0, maximumFailedAttempts: 3))
        #expect(reconnection.connectionEnded(deliveredEvents: false) == .reconnect(after: .seconds(2)))
        #expect(reconnection.connectionEnded(deliveredEvents: false) == .reconnect(after: .seconds(4)))
        #expect(reconnection.connectionEnded(deliveredEvents: true) == .reconnect(after: .seconds(1)))
        #expect(reconnection.failedAttempts == 0)
        _ = reconnection.connectionEnded(deliveredEvents: false)
        _ = reconnection.connectionEnded(deliveredEvents: false)
        #expect(reconnection.connectionEnded(deliveredEvents: false) == .giveUp)
    }
}
