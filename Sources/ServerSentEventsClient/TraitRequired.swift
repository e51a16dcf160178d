#if !AsyncHTTPClient
// Without the package trait "AsyncHTTPClient" this module is empty (so that apps which do not use it
// never resolve its dependencies); these make the compiler say what to change.

/// Unavailable: `ServerSentEventsClient` needs the package trait "AsyncHTTPClient".
@available(
    *, unavailable,
    message:
        "ServerSentEventsClient needs the package trait \"AsyncHTTPClient\": add traits: [\"AsyncHTTPClient\"] to the swift-typed-events .package line"
)
public enum ServerSentEventClient {}

/// Unavailable: `ServerSentEventsClient` needs the package trait "AsyncHTTPClient".
@available(
    *, unavailable,
    message:
        "ServerSentEventsClient needs the package trait \"AsyncHTTPClient\": add traits: [\"AsyncHTTPClient\"] to the swift-typed-events .package line"
)
public enum ServerSentEventClientError {}
#endif
