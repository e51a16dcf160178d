import Synchronization

extension ServerSentEventPosition {
    /// The place before this one: where a reader stands that has not had this event.
    var previous: Self { Self(epoch: epoch, offset: offset - 1) }
}

extension ServerSentEventHub {
    /// One subscriber's events; dropping it (or cancelling the task reading it) unsubscribes.
    public struct Subscription: AsyncSequence, Sendable {
        /// An event, or a ``ServerSentEventHub/replayGapEventType`` event.
        public typealias Element = ServerSentEvent

        let handle: SubscriptionHandle

        /// Where the replay started, as Mercure's `Last-Event-ID` response header says it: the
        /// client's cursor when the events that follow continue right after it; ``earliest``
        /// when they could not (the ID is unknown or left the window; a `replay-gap` event comes
        /// first) or when the client asked for ``earliest``; `nil` when it sent no cursor.
        public let resumedAfter: String?

        /// Starts reading.
        public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle) }

        /// The events waiting, all at once and oldest first, or else the next one published;
        /// for transports that write a burst in one go and send heartbeats without a timer
        /// task of their own.
        ///
        /// - Parameter idleAfter: How long to wait for an event; `nil` waits until one comes.
        /// - Returns: The events; an empty array when `idleAfter` passed without one (time for
        ///   a heartbeat); `nil` when the subscription ended.
        /// - Throws: ``ServerSentEventHubError`` when the subscriber fell behind under
        ///   `disconnect`; `CancellationError` when the task was cancelled.
        public func nextBatch(idleAfter: Duration? = nil) async throws -> [ServerSentEvent]? {
            switch try await handle.hub.nextBatch(handle.subscriberID, topic: handle.topic, idleAfter: idleAfter) {
            case .events(let deliveries): deliveries.map(\.event)
            case .idle: []
            case .ended, .retry, .catchUp: nil  // nextBatch never ends with the last two
            }
        }

        /// ``nextBatch(idleAfter:)`` as bytes to write: the events queued, each framed once by the
        /// hub for all its subscribers; an empty frame when nothing came within `idleAfter` (send a
        /// heartbeat); `nil` when the subscription ended.
        public func nextFrame(idleAfter: Duration? = nil) async throws -> ServerSentEventFrame? {
            switch try await handle.hub.nextBatch(handle.subscriberID, topic: handle.topic, idleAfter: idleAfter) {
            case .events(let deliveries):
                if deliveries.count == 1 { return ServerSentEventFrame(bytes: deliveries[0].bytes) }
                var bytes: [UInt8] = []
                for delivery in deliveries { bytes += delivery.bytes }
                return ServerSentEventFrame(bytes: bytes)
            case .idle: return ServerSentEventFrame(bytes: [])
            case .ended, .retry, .catchUp: return nil
            }
        }

        /// Ends the subscription after the events already queued, e.g. on graceful shutdown:
        /// reading then gives those events and ends.
        public func finish() {
            handle.hub.finish(subscriberID: handle.subscriberID)
        }

        /// Reads the events as they are published.
        public struct AsyncIterator: AsyncIteratorProtocol {
            let handle: SubscriptionHandle
            private var batch: [ServerSentEvent] = []
            private var position = 0

            init(handle: SubscriptionHandle) {
                self.handle = handle
            }

            /// The next event; `nil` when the subscription ended.
            public mutating func next() async throws -> ServerSentEvent? {
                while position == batch.count {
                    guard
                        case .events(let deliveries) = try await handle.hub.nextBatch(
                            handle.subscriberID, topic: handle.topic, idleAfter: nil)
                    else { return nil }
                    batch = deliveries.map(\.event)
                    position = 0
                }
                defer { position += 1 }
                return batch[position]
            }
        }
    }

    /// Unsubscribes when the last copy of a subscription goes away.
    final class SubscriptionHandle: Sendable {
        let hub: ServerSentEventHub
        let topic: String
        let subscriberID: UInt64

        init(hub: ServerSentEventHub, topic: String, subscriberID: UInt64) {
            self.hub = hub
            self.topic = topic
            self.subscriberID = subscriberID
        }

        deinit { hub.unsubscribe(subscriberID, topic: topic) }
    }
}
