/// The hub refused a publish or a subscription, or ended a subscription abnormally.
public struct ServerSentEventHubError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why; more cases may come, so `switch` needs a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case subscriberTooSlow
            case topicLimitReached
        }
        private let wrapped: Wrapped

        /// The subscriber's queue filled up under the `disconnect` policy.
        public static var subscriberTooSlow: Self { .init(wrapped: .subscriberTooSlow) }
        /// A new topic would pass ``ServerSentEventHub/MemoryLimit/topics`` while every topic
        /// has subscribers: the publish is refused (nothing stored), or the subscription ends
        /// at once.
        public static var topicLimitReached: Self { .init(wrapped: .topicLimitReached) }

        /// A short name of the code.
        public var description: String {
            switch wrapped {
            case .subscriberTooSlow: "the subscriber fell too far behind and was disconnected"
            case .topicLimitReached: "the hub knows as many topics as it may, each with subscribers"
            }
        }
    }

    /// Why.
    public var code: Code

    /// Creates an error.
    public init(code: Code) {
        self.code = code
    }

    /// A sentence for logs.
    public var description: String { code.description }
}
