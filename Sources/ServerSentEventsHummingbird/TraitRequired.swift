#if !Hummingbird
// Without the package trait "Hummingbird" this module is empty (so that apps which do not use it
// never resolve its dependencies); these make the compiler say what to change.

/// Unavailable: `ServerSentEventsHummingbird` needs the package trait "Hummingbird".
@available(
    *, unavailable,
    message:
        "ServerSentEventsHummingbird needs the package trait \"Hummingbird\": add traits: [\"Hummingbird\"] to the swift-typed-events .package line"
)
public enum EventStreamRoutes {}

/// Unavailable: `ServerSentEventsHummingbird` needs the package trait "Hummingbird".
@available(
    *, unavailable,
    message:
        "ServerSentEventsHummingbird needs the package trait \"Hummingbird\": add traits: [\"Hummingbird\"] to the swift-typed-events .package line"
)
public enum ServerSentEventHubService {}
#endif
