/// A hub subscription ended abnormally.
public struct ServerSentEventHubError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why; more cases may come, so `switch` needs a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case subscriberTooSlow
        }
        private let wrapped: Wrapped

        /// The subscriber's queue filled up under the `disconnect` policy.
        public static var subscriberTooSlow: Self { .init(wrapped: .subscriberTooSlow) }

        /// A short name of the code.
        public var description: String {
            switch wrapped {
            case .subscriberTooSlow: "the subscriber fell too far behind and was disconnected"
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
