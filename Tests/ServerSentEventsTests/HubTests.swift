import ServerSentEvents
import TestSupport
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
        var a = await hub.subscribe(to: "/rooms/a").makeAsyncIterator()
        var b = await hub.subscribe(to: "/rooms/a").makeAsyncIterator()
        var other = await hub.subscribe(to: "/rooms/b").makeAsyncIterator()
        #expect(hub.subscriberCount(topic: "/rooms/a") == 2)
        try await hub.publish(event("1"), to: "/rooms/a")
        try await hub.publish(event("x"), to: "/rooms/b")
        try await hub.publish(event("2"), to: "/rooms/a")
        #expect(try await take(2, from: &a).map(\.data) == ["1", "2"])
        #expect(try await take(2, from: &b).map(\.data) == ["1", "2"])
        #expect(try await take(1, from: &other).map(\.data) == ["x"])
    }

    @Test("an event is framed once for all its subscribers: they write the same bytes")
    func framedOnce() async throws {
        let hub = ServerSentEventHub()
        let a = await hub.subscribe(to: "/rooms/a")
        let b = await hub.subscribe(to: "/rooms/a")
        let published = try await hub.publish(event("{\"price\":\"1\"}"), to: "/rooms/a")
        let first = try #require(try await a.nextFrame())
        let second = try #require(try await b.nextFrame())
        #expect(first.bytes == (try ServerSentEventEncoder().encode(published)))
        let firstStorage = first.bytes.withUnsafeBufferPointer { $0.baseAddress }
        let secondStorage = second.bytes.withUnsafeBufferPointer { $0.baseAddress }
        #expect(firstStorage == secondStorage, "each subscriber's bytes were made on their own")
        // A burst is one frame; nothing within the idle time is an empty one (a heartbeat is due).
        let two = try await hub.publish(event("2"), to: "/rooms/a")
        let three = try await hub.publish(event("3"), to: "/rooms/a")
        let burst = try #require(try await a.nextFrame())
        #expect(burst.bytes == (try ServerSentEventEncoder().encode(two) + ServerSentEventEncoder().encode(three)))
        let idle = try #require(try await a.nextFrame(idleAfter: .milliseconds(10)))
        #expect(idle.bytes.isEmpty)
    }

    /// Publishes `count` events numbered from 1 to `topic`; returns their ids.
    func publish(_ count: Int, to topic: String = "", on hub: ServerSentEventHub) async throws -> [String] {
        var ids: [String] = []
        for index in 1...count { ids.append(try await hub.publish(event("\(index)"), to: topic).id!) }
        return ids
    }

    @Test("ids name the topic's history and the place in it: epoch-offset, offsets 1, 2, 3 per topic")
    func ids() async throws {
        let hub = ServerSentEventHub()
        let a = try await publish(3, to: "a", on: hub).map { ServerSentEventPosition($0)! }
        let b = try #require(ServerSentEventPosition(try await hub.publish(event("x"), to: "b").id!))
        #expect(a.map(\.offset) == [1, 2, 3])
        #expect(Set(a.map(\.epoch)).count == 1)
        #expect(b.offset == 1 && b.epoch != a[0].epoch)
        // The publisher's own id gives way: only the hub's ids resume without confusion.
        let replaced = try await hub.publish(ServerSentEvent(type: "t", data: "", id: "mine"), to: "a")
        #expect(replaced.id == a[0].epoch + "-4")
        // Short and safe on the wire: letters, digits, one hyphen.
        #expect(a[0].description.count <= 13)
        #expect(a[0].description.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        // Another process (here: another hub) draws another epoch.
        let other = try await ServerSentEventHub().publish(event("y"), to: "a")
        #expect(ServerSentEventPosition(other.id!)!.epoch != a[0].epoch)
    }

    @Test(
        "positions read back only in their one spelling",
        arguments: [
            ("k3v9x2q1-42", true), ("a-0", true), ("k3v9x2q1-042", false), ("k3v9x2q1-+42", false), ("42", false),
            ("-42", false), ("k3v9x2q1-", false), ("k3 v9-1", false), ("é-1", false), ("a-18446744073709551616", false),
            (String(repeating: "a", count: 33) + "-1", false),
        ])
    func positionSpelling(_ text: String, _ valid: Bool) {
        #expect((ServerSentEventPosition(text) != nil) == valid)
        if let position = ServerSentEventPosition(text) { #expect(position.description == text) }
    }

    @Test("a subscriber resuming from Last-Event-ID gets what came after it, then live events")
    func replay() async throws {
        let hub = ServerSentEventHub()
        let ids = try await publish(5, on: hub)
        var iterator = await hub.subscribe(lastEventID: ids[2]).makeAsyncIterator()
        let sixth = try await hub.publish(event("6"))
        #expect(try await take(3, from: &iterator).map(\.id) == [ids[3], ids[4], sixth.id])
        var upToDate = await hub.subscribe(lastEventID: sixth.id).makeAsyncIterator()
        try await hub.publish(event("7"))
        #expect(try await take(1, from: &upToDate).map(\.data) == ["7"])
    }

    @Test("an id older than the window: a replay-gap event first, never a silent skip")
    func gapWhenTooOld() async throws {
        let hub = ServerSentEventHub(configuration: .init(replayLimit: .init(events: 3)))
        let ids = try await publish(10, on: hub)
        #expect(hub.replayCount() == 3)
        var iterator = await hub.subscribe(lastEventID: ids[1]).makeAsyncIterator()
        let events = try await take(4, from: &iterator)
        #expect(events.first == ServerSentEventReplayGap(lastEventID: ids[1], firstEventID: ids[7]).event)
        #expect(events.dropFirst().map(\.id) == Array(ids[7...]))
        // The oldest kept event's predecessor is still a seamless resume.
        var seamless = await hub.subscribe(lastEventID: ids[6]).makeAsyncIterator()
        #expect(try await take(3, from: &seamless).map(\.data) == ["8", "9", "10"])
    }

    @Test("resumedAfter says where the replay started, as Mercure's Last-Event-ID response header does")
    func resumedAfter() async throws {
        let hub = ServerSentEventHub(configuration: .init(replayLimit: .init(events: 3)))
        let ids = try await publish(5, on: hub)
        #expect(await hub.subscribe().resumedAfter == nil)
        #expect(await hub.subscribe(lastEventID: "").resumedAfter == nil)
        #expect(await hub.subscribe(lastEventID: ids[3]).resumedAfter == ids[3])
        // Left the window; never given.
        #expect(await hub.subscribe(lastEventID: ids[0]).resumedAfter == ServerSentEventHub.earliest)
        #expect(await hub.subscribe(lastEventID: "99").resumedAfter == ServerSentEventHub.earliest)

        // `earliest` asks for the whole window: no loss signal, the client asked to start over.
        let everything = await hub.subscribe(lastEventID: ServerSentEventHub.earliest)
        #expect(everything.resumedAfter == ServerSentEventHub.earliest)
        try await hub.publish(event("6"))
        var iterator = everything.makeAsyncIterator()
        #expect(try await take(4, from: &iterator).map(\.data) == ["3", "4", "5", "6"])
    }

    /// Ids the hub of topic "t" never gave, each with why it must not be matched.
    enum ForeignID: String, CaseIterable {
        case garbage, negative, bareNumber, earlierProcess, otherTopic, future, otherEpochSameOffset
    }

    @Test(
        "an id the hub never gave (a restart's, another topic's, another server's) is a gap, never a match",
        arguments: ForeignID.allCases)
    func gapWhenUnknown(_ kind: ForeignID) async throws {
        let hub = ServerSentEventHub()
        let ids = try await publish(3, to: "t", on: hub)
        let own = ServerSentEventPosition(ids[0])!
        let foreign: String =
            switch kind {
            case .garbage: "abc"
            case .negative: "-1"
            // What the hub gave before ids had epochs, and what most servers give.
            case .bareNumber: "1"
            // The same topic in a process that ended: a new hub is a restart.
            case .earlierProcess: try await publish(1, to: "t", on: ServerSentEventHub())[0]
            case .otherTopic: try await publish(1, to: "u", on: hub)[0]
            case .future: ServerSentEventPosition(epoch: own.epoch, offset: 99).description
            case .otherEpochSameOffset:
                ServerSentEventPosition(epoch: "zz" + own.epoch.dropFirst(2), offset: 1).description
            }
        var iterator = await hub.subscribe(to: "t", lastEventID: foreign).makeAsyncIterator()
        let events = try await take(4, from: &iterator)
        #expect(events.first == ServerSentEventReplayGap(lastEventID: foreign, firstEventID: ids[0]).event)
        #expect(events.dropFirst().map(\.id) == ids)
    }

    @Test("a topic forgotten (no subscribers, no history) starts a new history: its old ids are a gap")
    func forgottenTopicNewEpoch() async throws {
        let hub = ServerSentEventHub(configuration: .init(replayLimit: .init(events: 0)))
        let old = try await hub.publish(event("1"), to: "t")
        do { _ = await hub.subscribe(to: "t") }  // forgotten when it goes
        try await hub.publish(event("2"), to: "t")
        let subscription = await hub.subscribe(to: "t", lastEventID: old.id)
        #expect(subscription.resumedAfter == ServerSentEventHub.earliest)
        var iterator = subscription.makeAsyncIterator()
        #expect(try await take(1, from: &iterator).first?.type == ServerSentEventHub.replayGapEventType)
    }

    @Test("the window is bounded by bytes and by age as well as by count")
    func windowLimits() async throws {
        let bytes = ServerSentEventHub(configuration: .init(replayLimit: .init(events: 1_000, bytes: 100)))
        var last = ServerSentEvent(type: "", data: "")
        for _ in 0..<50 { last = try await bytes.publish(event(String(repeating: "x", count: 20))) }
        // Each keeps its type, data and id: 4 + 20 + 13 bytes.
        #expect(last.id!.utf8.count == 13)
        #expect(bytes.replayCount() == 2)

        let clock = ManualClock()
        let aged = ServerSentEventHub(configuration: .init(replayLimit: .init(age: .milliseconds(20))), clock: clock)
        try await aged.publish(event("old"))
        clock.advance(by: .milliseconds(20))
        try await aged.publish(event("kept"))
        #expect(aged.replayCount() == 2)  // 20 ms old: not older than the age yet
        clock.advance(by: .milliseconds(1))
        try await aged.publish(event("new"))
        #expect(aged.replayCount() == 2)
    }

    @Test("publish refuses a type or id with CR, LF or NUL before storing it: no poison event in the window")
    func refusedAtTheDoor() async throws {
        let hub = ServerSentEventHub()
        let subscription = await hub.subscribe(to: "t")
        for (event, code) in [
            (ServerSentEvent(type: "a\r\nevent: b", data: "x"), ServerSentEventEncodingError.Code.invalidEventType),
            (ServerSentEvent(type: "a\nb", data: "x"), .invalidEventType),
            (ServerSentEvent(type: "a\u{0}", data: "x"), .invalidEventType),
            (ServerSentEvent(type: "t", data: "x", id: "1\n2"), .invalidID),
        ] {
            await #expect(
                throws: ServerSentEventEncodingError(code: code, value: code == .invalidID ? event.id! : event.type)
            ) {
                try await hub.publish(event, to: "t")
            }
        }
        #expect(hub.replayCount(topic: "t") == 0)
        // Data with line breaks is framed, not refused; the first stored event is offset 1.
        let stored = try await hub.publish(ServerSentEvent(type: "t", data: "line\r\nbreaks"), to: "t")
        #expect(ServerSentEventPosition(stored.id!)?.offset == 1)
        #expect(try await subscription.nextBatch()?.map(\.data) == ["line\r\nbreaks"])
    }

    @Test(
        "across topics the oldest events go past the total events or bytes; a resume from before them gets the loss signal"
    )
    func memoryLimit() async throws {
        let hub = ServerSentEventHub(configuration: .init(memoryLimit: .init(events: 10)))
        let a = try await publish(6, to: "a", on: hub)
        _ = try await publish(6, to: "b", on: hub)
        #expect([hub.replayCount(topic: "a"), hub.replayCount(topic: "b")] == [4, 6])
        #expect(hub.usage().events == 10)
        let late = await hub.subscribe(to: "a", lastEventID: a[0])
        #expect(late.resumedAfter == ServerSentEventHub.earliest)
        let events = try await late.nextBatch()!
        #expect(events.first == ServerSentEventReplayGap(lastEventID: a[0], firstEventID: a[2]).event)
        #expect(events.dropFirst().map(\.data) == ["3", "4", "5", "6"])

        // 4 + 20 + 12 bytes per event (type, data, an id at offset 1), 1 per topic name: 100
        // bytes keep 2 events, whichever topic they are in.
        let bytes = ServerSentEventHub(configuration: .init(memoryLimit: .init(bytes: 100)))
        for topic in ["a", "b", "c"] {
            try await bytes.publish(event(String(repeating: "x", count: 20)), to: topic)
        }
        #expect(bytes.usage().events == 2)
        #expect(bytes.usage().bytes == 72 + 3)
        #expect(bytes.replayCount(topic: "a") == 0)

        // Names count: long topic names a client chose push out the topics used least lately.
        let names = ServerSentEventHub(configuration: .init(memoryLimit: .init(bytes: 10_000)))
        for index in 0..<20 {
            try await names.publish(event("x"), to: "/rooms/\(index)/" + String(repeating: "n", count: 2_000))
        }
        #expect(names.usage().bytes <= 10_000)
        #expect(names.usage().topics < 20)
    }

    @Test("past the topic limit the least active topic without subscribers goes; with subscribers everywhere, refused")
    func topicLimit() async throws {
        let hub = ServerSentEventHub(configuration: .init(memoryLimit: .init(topics: 3)))
        for topic in ["t1", "t2", "t3"] { try await hub.publish(event(topic), to: topic) }
        try await hub.publish(event("again"), to: "t1")  // t2 is now the least active
        try await hub.publish(event("t4"), to: "t4")
        #expect(hub.usage().topics == 3)
        #expect(hub.replayCount(topic: "t2") == 0)
        #expect(hub.replayCount(topic: "t1") == 2)

        var held: [ServerSentEventHub.Subscription] = []
        for topic in ["t1", "t3", "t4"] { held.append(await hub.subscribe(to: topic)) }
        await #expect(throws: ServerSentEventHubError(code: .topicLimitReached)) {
            try await hub.publish(self.event("x"), to: "t5")
        }
        let refused = await hub.subscribe(to: "t5")
        await #expect(throws: ServerSentEventHubError(code: .topicLimitReached)) { _ = try await refused.nextBatch() }
        #expect(hub.usage().topics == 3)
        // Existing topics still work.
        try await hub.publish(event("y"), to: "t4")
        #expect(try await held[2].nextBatch()?.map(\.data) == ["y"])
    }

    @Test("a sweep ages every window and forgets idle topics, with no publish or subscribe to them")
    func sweep() async throws {
        let clock = ManualClock()
        let hub = ServerSentEventHub(configuration: .init(replayLimit: .init(age: .milliseconds(50))), clock: clock)
        let running = Task { try await hub.run() }
        defer { running.cancel() }
        for index in 0..<300 { try await hub.publish(event("x"), to: "room \(index)") }
        let kept = await hub.subscribe(to: "room 0")
        #expect(hub.usage().topics == 300)
        // Nothing ages while the clock stands still, however long the test takes.
        await clock.waitForSleepers()
        #expect(hub.usage().topics == 300)
        // One sweep interval later, run()'s sweep has aged the windows and forgotten idle topics.
        clock.advance(by: .seconds(1))
        let deadline = ContinuousClock.now + .seconds(10)
        while hub.usage().topics > 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
        // What is left: the topic with a subscriber (its name, 6 bytes), its window aged too.
        let usage = hub.usage()
        #expect([usage.topics, usage.events, usage.bytes, usage.subscribers] == [1, 0, 6, 1])
        _ = kept
    }

    @Test("a subscriber's queue is bounded in bytes too; an event larger than the limit still goes, alone")
    func queueBytes() async throws {
        let event40 = event(String(repeating: "x", count: 23))  // 4 + 23 + 12 bytes with its id
        let hub = ServerSentEventHub(configuration: .init(subscriberQueueByteLimit: 100))
        let slow = await hub.subscribe()
        for _ in 1...3 { try await hub.publish(event40) }
        await #expect(throws: ServerSentEventHubError(code: .subscriberTooSlow)) { _ = try await slow.nextBatch() }

        let dropping = ServerSentEventHub(
            configuration: .init(subscriberQueueByteLimit: 100, slowSubscriberPolicy: .dropOldest))
        let behind = await dropping.subscribe()
        var ids: [String] = []
        for _ in 1...5 { ids.append(try await dropping.publish(event40).id!) }
        let events = try await behind.nextBatch()!
        #expect(events.map(\.type) == [ServerSentEventHub.replayGapEventType, "tick", "tick"])
        #expect(events.dropFirst().map(\.id) == Array(ids.suffix(2)))

        let huge = ServerSentEventHub(configuration: .init(subscriberQueueByteLimit: 10))
        let reader = await huge.subscribe()
        try await huge.publish(event(String(repeating: "y", count: 1_000)))
        #expect(try await reader.nextBatch()?.first?.data.count == 1_000)
    }

    @Test("a subscriber that falls behind is disconnected (default): it throws, and is gone")
    func slowDisconnect() async throws {
        let hub = ServerSentEventHub(configuration: .init(subscriberQueueLimit: 2))
        var iterator = await hub.subscribe().makeAsyncIterator()
        for index in 1...3 { try await hub.publish(event("\(index)")) }
        #expect(hub.subscriberCount() == 0)
        await #expect(throws: ServerSentEventHubError(code: .subscriberTooSlow)) { _ = try await iterator.next() }
    }

    @Test("under dropOldest the oldest queued events go, and a gap event says so before the next")
    func slowDropOldest() async throws {
        let hub = ServerSentEventHub(configuration: .init(subscriberQueueLimit: 2, slowSubscriberPolicy: .dropOldest))
        var iterator = await hub.subscribe().makeAsyncIterator()
        let ids = try await publish(1, on: hub)
        #expect(try await take(1, from: &iterator).map(\.id) == ids)
        var more: [String] = []
        for index in 2...6 { more.append(try await hub.publish(event("\(index)")).id!) }
        let events = try await take(3, from: &iterator)
        #expect(events.first == ServerSentEventReplayGap(lastEventID: ids[0], firstEventID: more[3]).event)
        #expect(events.dropFirst().map(\.data) == ["5", "6"])
    }

    @Test("a terminal event ends the subscription after it, also when replayed")
    func terminal() async throws {
        let hub = ServerSentEventHub()
        var live = await hub.subscribe(to: "job").makeAsyncIterator()
        let working = try await hub.publish(event("working"), to: "job")
        try await hub.publish(ServerSentEvent(type: "done", data: ""), to: "job", terminal: true)
        #expect(try await take(3, from: &live).map(\.type) == ["tick", "done"])
        var late = await hub.subscribe(to: "job", lastEventID: working.id).makeAsyncIterator()
        #expect(try await take(3, from: &late).map(\.type) == ["done"])
    }

    @Test("cancelling the reader, or dropping the subscription, unsubscribes")
    func cancellation() async throws {
        let hub = ServerSentEventHub()
        let reader = Task {
            for try await _ in await hub.subscribe(to: "t") {}
        }
        while hub.subscriberCount(topic: "t") == 0 { await Task.yield() }
        reader.cancel()
        _ = await reader.result
        #expect(hub.subscriberCount(topic: "t") == 0)

        do {
            let subscription = await hub.subscribe(to: "t")
            #expect(hub.subscriberCount(topic: "t") == 1)
            _ = subscription
        }
        #expect(hub.subscriberCount(topic: "t") == 0)
    }

    @Test("finishing a topic, or the hub, ends subscriptions after what is queued")
    func finishing() async throws {
        let hub = ServerSentEventHub()
        var a = await hub.subscribe(to: "a").makeAsyncIterator()
        let b = Task { () -> Int in
            var count = 0
            for try await _ in await hub.subscribe(to: "b") { count += 1 }
            return count
        }
        while hub.subscriberCount(topic: "b") == 0 { await Task.yield() }
        try await hub.publish(event("1"), to: "a")
        hub.finish(topic: "a")
        #expect(try await take(5, from: &a).map(\.data) == ["1"])
        try await hub.publish(event("2"), to: "b")
        while hub.replayCount(topic: "b") == 0 { await Task.yield() }
        hub.finish()
        #expect(try await b.value <= 1)
    }

    @Test("batches: a burst at once, empty when idle past the deadline, nil after finish")
    func batches() async throws {
        let clock = ManualClock()
        let hub = ServerSentEventHub(clock: clock)
        let subscription = await hub.subscribe(to: "t")
        try await hub.publish(event("1"), to: "t")
        try await hub.publish(event("2"), to: "t")
        #expect(try await subscription.nextBatch(idleAfter: .milliseconds(10))?.map(\.data) == ["1", "2"])
        // Idle: an empty batch once the deadline passed on the hub's clock (the idle ticker
        // sleeps on it until then).
        let idle = Task { try await subscription.nextBatch(idleAfter: .milliseconds(30)) }
        await clock.waitForSleepers()
        clock.advance(by: .milliseconds(30))
        #expect(try await idle.value == [])
        let live = Task { try await subscription.nextBatch(idleAfter: .seconds(30))?.map(\.data) }
        await clock.waitForSleepers()
        try await hub.publish(event("3"), to: "t")
        #expect(try await live.value == ["3"])
        try await hub.publish(event("4"), to: "t")
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
                    let subscription = await hub.subscribe(to: "t")
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
                    for try await event in await hub.subscribe(to: "t") {
                        guard ServerSentEventPosition(event.id ?? "")?.offset == UInt64(expected) else { return false }
                        expected += 1
                        if expected > 2_000 { return true }
                    }
                    return false
                }
            }
            while hub.subscriberCount(topic: "t") < 100 { await Task.yield() }
            for index in 1...2_000 { try await hub.publish(event("\(index)"), to: "t") }
            var results: [Bool] = []
            for try await ok in group { results.append(ok) }
            return results
        }
        #expect(counts == Array(repeating: true, count: 100))
    }
}
