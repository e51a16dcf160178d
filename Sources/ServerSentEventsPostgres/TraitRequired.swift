#if !PostgreSQL
// Without the package trait "PostgreSQL" this module is empty (so that apps which do not use it
// never resolve its dependencies); these make the compiler say what to change.

/// Unavailable: `ServerSentEventsPostgres` needs the package trait "PostgreSQL".
@available(
    *, unavailable,
    message:
        "ServerSentEventsPostgres needs the package trait \"PostgreSQL\": add traits: [\"PostgreSQL\"] to the swift-typed-events .package line"
)
public enum PostgresServerSentEventLog {}

/// Unavailable: `ServerSentEventsPostgres` needs the package trait "PostgreSQL".
@available(
    *, unavailable,
    message:
        "ServerSentEventsPostgres needs the package trait \"PostgreSQL\": add traits: [\"PostgreSQL\"] to the swift-typed-events .package line"
)
public enum PostgresEventLogError {}
#endif
