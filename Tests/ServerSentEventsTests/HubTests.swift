import ServerSentEvents
import Testing

/// The fan-out hub: delivery by topic, ids, replay and its gaps, bounded queues, endings.
@Suite("Fan-out hub")
struct HubTests {
    func event(_ data: String) -> ServerSentEvent { ServerSentEvent(type: "tick", data: data) }

    /// Reads `count` events from a subscription's iterator.
    func take(
        _ count: Int, from iterator: inout ServerSentEventHub.Subscription.AsyncIterator
    ) async throws -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for _ in 0..<count {
            guard let event = try await iterator.next() else { break }
            events.append(event)
        }
        return events
    }

    @Test("every subscriber of a topic gets each event once; other topics do not")
    func fanOut() async throws {
        let hub = ServerSentEventHub()
        var a = hub.subscribe(to: "/rooms/a").makeAsyncIterator()
        var b = hub.subscribe(to: "/rooms/a").makeAsyncIterator()
        var other = hub.subscribe(to: "/rooms/b").makeAsyncIterator()
        #expect(hub.subscriberCount(topic: "/rooms/a") == 2)
        hub.publish(event("1"), to: "/rooms/a")
        hub.publish(event("x"), to: "/rooms/b")
        hub.publish(event("2"), to: "/rooms/a")
        #expect(try await take(2, from: &a).map(\.data) == ["1", "2"])
        #expect(try await take(2, from: &b).map(\.data) == ["1", "2"])
        #expect(try await take(1, from: &other).map(\.data) == ["x"])
    }

    @Test("the hub numbers events across topics; or keeps the publisher's ids")
    func ids() {
        let hub = ServerSentEventHub()
        #expect(hub.publish(event("a"), to: "1").id == "1")
        #expect(hub.publish(ServerSentEvent(type: "t", data: "b", id: "mine"), to: "2").id == "2")
        let keeping = ServerSentEventHub(configuration: .init(assignsIDs: false))
        #expect(keeping.publish(ServerSentEvent(type: "t", data: "b", id: "mine")).id == "mine")
    }

    @Test("a subscriber resuming from Last-Event-ID gets what came after it, then live events")
    func replay() async throws {
        let hub = ServerSentEventHub()
        for index in 1...5 { hub.publish(event("\(index)")) }
        var iterator = hub.subscribe(lastEventID: "3").makeAsyncIterator()
        hub.publish(event("6"))
        #expect(try await take(3, from: &iterator).map(\.id) == ["4", "5", "6"])
        var upToDate = hub.subscribe(lastEventID: "6").makeAsyncIterator()
        hub.publish(event("7"))
        #expect(try await take(1, from: &upToDate).map(\.id) == ["7"])
    }

    @Test("resuming from publisher ids works the same")
    func replayKeptIDs() async throws {
        let hub = ServerSentEventHub(configuration: .init(assignsIDs: false))
        for id in ["a", "b", "c"] { hub.publish(ServerSentEvent(type: "t", data: id, id: id)) }
        var iterator = hub.subscribe(lastEventID: "a").makeAsyncIterator()
        #expect(try await take(2, from: &iterator).map(\.id) == ["b", "c"])
    }

    @Test("an id older than the window: a replay-gap event first, never a silent skip")
    func gapWhenTooOld() async throws {
        let hub = ServerSentEventHub(configuration: .init(replayLimit: .init(events: 3)))
        for index in 1...10 { hub.publish(event("\(index)")) }
        #expect(hub.replayCount() == 3)
        var iterator = hub.subscribe(lastEventID: "2").makeAsyncIterator()
        let events = try await take(4, from: &iterator)
        #expect(
            events.first
                == ServerSentEvent(
                    type: ServerSentEventHub.replayGapEventType, data: #"{"lastEventID":"2","firstEventID":"8"}"#))
        #expect(events.dropFirst().map(\.id) == ["8", "9", "10"])
    }

    @Test("resumedAfter says where the replay started, as Mercure's Last-Event-ID response header does")
    func resumedAfter() async throws {
        let hub = ServerSentEventHub(configuration: .init(replayLimit: .init(events: 3)))
        for index in 1...5 { hub.publish(event("\(index)")) }
        #expect(hub.subscribe().resumedAfter == nil)
        #expect(hub.subscribe(lastEventID: "").resumedAfter == nil)
        #expect(hub.subscribe(lastEventID: "4").resumedAfter == "4")
        #expect(hub.subscribe(lastEventID: "1").resumedAfter == ServerSentEventHub.earliest)  // left the window
        #expect(hub.subscribe(lastEventID: "99").resumedAfter == ServerSentEventHub.earliest)  // never given

        // `earliest` asks for the whole window: no loss signal, the client asked to start over.
        let everything = hub.subscribe(lastEventID: ServerSentEventHub.earliest)
        #expect(everything.resumedAfter == ServerSentEventHub.earliest)
        hub.publish(event("6"))
        var iterator = everything.makeAsyncIterator()
        #expect(try await take(4, from: &iterator).map(\.data) == ["3", "4", "5", "6"])
    }

    @Test(
        "an id the hub never gave (another server's, or before a restart) is a gap too", arguments: ["99", "abc", "-1"])
    func gapWhenUnknown(_ lastEventID: String) async throws {
        let hub = ServerSentEventHub()
        hub.publish(event("1"))
        var iterator = hub.subscribe(lastEventID: lastEventID).makeAsyncIterator()
        let events = try await take(2, from: &iterator)
        #expect(events.map(\.type) == [ServerSentEventHub.replayGapEventType, "tick"])
        #expect(events.first?.data == #"{"lastEventID":"\#(lastEventID)","firstEventID":"1"}"#)
    }

    @Test("ids are numbered across topics: other topics' events between are no gap")
    func noFalseGapAcrossTopics() async throws {
        let hub = ServerSentEventHub(configuration: .init(replayLimit: .init(events: 2)))
        for index in 1...6 { hub.publish(event("\(index)"), to: index % 2 == 0 ? "even" : "odd") }
        // "odd" keeps 3 and 5 (1 left the window); a subscriber that saw 1 missed nothing.
        var odd = hub.subscribe(to: "odd", lastEventID: "1").makeAsyncIterator()
        #expect(try await take(2, from: &odd).map(\.id) == ["3", "5"])
        var late = hub.subscribe(to: "odd", lastEventID: "0").makeAsyncIterator()
        #expect(try await take(1, from: &late).map(\.type) == [ServerSentEventHub.replayGapEventType])
    }

    @Test("the window is bounded by bytes and by age as well as by count")
    func windowLimits() async throws {
        let bytes = ServerSentEventHub(configuration: .init(replayLimit: .init(events: 1_000, bytes: 100)))
        for _ in 0..<50 { bytes.publish(event(String(repeating: "x", count: 20))) }
        #expect(bytes.replayCount() == 3)  // 28 bytes each: type, data, id

        let aged = ServerSentEventHub(configuration: .init(replayLimit: .init(age: .milliseconds(20))))
        aged.publish(event("old"))
        try await Task.sleep(for: .milliseconds(60))
        aged.publish(event("new"))
        #expect(aged.replayCount() == 1)
    }

    @Test("a subscriber that falls behind is disconnected (default): it throws, and is gone")
    func slowDisconnect() async throws {
        let hub = ServerSentEventHub(configuration: .init(subscriberQueueLimit: 2))
        var iterator = hub.subscribe().makeAsyncIterator()
        for index in 1...3 { hub.publish(event("\(index)")) }
        #expect(hub.subscriberCount() == 0)
        await #expect(throws: ServerSentEventHubError(code: .subscriberTooSlow)) { _ = try await iterator.next() }
    }

    @Test("under dropOldest the oldest queued events go, and a gap event says so before the next")
    func slowDropOldest() async throws {
        let hub = ServerSentEventHub(configuration: .init(subscriberQueueLimit: 2, slowSubscriberPolicy: .dropOldest))
        var iterator = hub.subscribe().makeAsyncIterator()
        hub.publish(event("1"))
        #expect(try await take(1, from: &iterator).map(\.id) == ["1"])
        for index in 2...6 { hub.publish(event("\(index)")) }
        let events = try await take(3, from: &iterator)
        #expect(events.first?.type == ServerSentEventHub.replayGapEventType)
        #expect(events.first?.data == #"{"lastEventID":"1","firstEventID":"5"}"#)
        #expect(events.dropFirst().map(\.id) == ["5", "6"])
    }

    @Test("a terminal event ends the subscription after it, also when replayed")
    func terminal() async throws {
        let hub = ServerSentEventHub()
        var live = hub.subscribe(to: "job").makeAsyncIterator()
        hub.publish(event("working"), to: "job")
        hub.publish(ServerSentEvent(type: "done", data: ""), to: "job", terminal: true)
        #expect(try await take(3, from: &live).map(\.type) == ["tick", "done"])
        var late = hub.subscribe(to: "job", lastEventID: "1").makeAsyncIterator()
        #expect(try await take(3, from: &late).map(\.type) == ["done"])
    }

    @Test("cancelling the reader, or dropping the subscription, unsubscribes")
    func cancellation() async throws {
        let hub = ServerSentEventHub()
        let reader = Task {
            for try await _ in hub.subscribe(to: "t") {}
        }
        while hub.subscriberCount(topic: "t") == 0 { await Task.yield() }
        reader.cancel()
        _ = await reader.result
        #expect(hub.subscriberCount(topic: "t") == 0)

        do {
            let subscription = hub.subscribe(to: "t")
            #expect(hub.subscriberCount(topic: "t") == 1)
            _ = subscription
        }
        #expect(hub.subscriberCount(topic: "t") == 0)
    }

    @Test("finishing a topic, or the hub, ends subscriptions after what is queued")
    func finishing() async throws {
        let hub = ServerSentEventHub()
        var a = hub.subscribe(to: "a").makeAsyncIterator()
        let b = Task { () -> Int in
            var count = 0
            for try await _ in hub.subscribe(to: "b") { count += 1 }
            return count
        }
        while hub.subscriberCount(topic: "b") == 0 { await Task.yield() }
        hub.publish(event("1"), to: "a")
        hub.finish(topic: "a")
        #expect(try await take(5, from: &a).map(\.data) == ["1"])
        hub.publish(event("2"), to: "b")
        while hub.replayCount(topic: "b") == 0 { await Task.yield() }
        hub.finish()
        #expect(try await b.value <= 1)
    }

    @Test("batches: a burst at once, empty when idle past the deadline, nil after finish")
    func batches() async throws {
        let hub = ServerSentEventHub()
        let subscription = hub.subscribe(to: "t")
        hub.publish(event("1"), to: "t")
        hub.publish(event("2"), to: "t")
        #expect(try await subscription.nextBatch(idleAfter: .milliseconds(10))?.map(\.data) == ["1", "2"])
        let started = ContinuousClock.now
        #expect(try await subscription.nextBatch(idleAfter: .milliseconds(30)) == [])
        #expect(ContinuousClock.now - started >= .milliseconds(30))
        let live = Task { try await subscription.nextBatch(idleAfter: .seconds(30))?.map(\.data) }
        while hub.subscriberCount(topic: "t") == 0 { await Task.yield() }
        try await Task.sleep(for: .milliseconds(20))
        hub.publish(event("3"), to: "t")
        #expect(try await live.value == ["3"])
        hub.publish(event("4"), to: "t")
        subscription.finish()
        #expect(try await subscription.nextBatch(idleAfter: .seconds(30))?.map(\.data) == ["4"])
        #expect(try await subscription.nextBatch(idleAfter: .seconds(30)) == nil)
    }

    @Test("1,000 idle subscribers with deadlines are each woken, by one shared timer")
    func manyIdleSubscribers() async throws {
        let hub = ServerSentEventHub()
        let idle = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<1_000 {
                group.addTask {
                    let subscription = hub.subscribe(to: "t")
                    // Deadlines spread over 100 ms, as connections opened at different times.
                    return try await subscription.nextBatch(idleAfter: .milliseconds(50 + index % 100)) == []
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(idle == 1_000)
        #expect(hub.subscriberCount(topic: "t") == 0)
    }

    @Test("100 concurrent subscribers each get 2,000 events, in order, none twice")
    func concurrentFanOut() async throws {
        let hub = ServerSentEventHub(configuration: .init(subscriberQueueLimit: 4_000))
        let counts = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    var expected = 1
                    for try await event in hub.subscribe(to: "t") {
                        guard event.id == String(expected) else { return false }
                        expected += 1
                        if expected > 2_000 { return true }
                    }
                    return false
                }
            }
            while hub.subscriberCount(topic: "t") < 100 { await Task.yield() }
            for index in 1...2_000 { hub.publish(event("\(index)"), to: "t") }
            var results: [Bool] = []
            for try await ok in group { results.append(ok) }
            return results
        }
        #expect(counts == Array(repeating: true, count: 100))
    }
}
