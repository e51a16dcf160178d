public import EventSchema

/// One difference between two versions of a schema, classified by who it breaks while versions
/// mix: browsers are not all updated at once, a durable log replays old events to new clients,
/// and servers on old code keep emitting during a deploy.
public struct SchemaChange: Hashable, Sendable {
    /// Who a change breaks.
    public enum Category: String, Hashable, Sendable, CaseIterable {
        /// A wire break: a deployed client, or a new client reading old events, would miss,
        /// refuse or misread an event. An error.
        case wire
        /// A source break: the wire stays compatible, but code built on the generated Swift or
        /// TypeScript must change (a name, a new `switch` case, an initializer's arguments). A
        /// warning; an error with `--strict`.
        case source
        /// Compatible, but worth a look (a new optional property, a new stream, a deprecation).
        /// A warning.
        case compatible
    }

    /// Who it breaks.
    public var category: Category
    /// What changed and why it matters, in one sentence.
    public var message: String
    /// Where it is in the new schema (for something removed: the place it was removed from).
    public var location: SourceLocation
    /// Where it was in the old schema, when it was there.
    public var oldLocation: SourceLocation?

    /// Creates a change.
    public init(
        _ category: Category, _ message: String, at location: SourceLocation, was oldLocation: SourceLocation? = nil
    ) {
        self.category = category
        self.message = message
        self.location = location
        self.oldLocation = oldLocation
    }

    /// The change as a diagnostic: wire breaks are errors, source breaks errors when `strict`,
    /// the rest warnings; a note points at the old schema.
    public func diagnostic(strict: Bool) -> Diagnostic {
        let severity: Diagnostic.Severity =
            switch category {
            case .wire: .error
            case .source: strict ? .error : .warning
            case .compatible: .warning
            }
        let prefix =
            switch category {
            case .wire: "wire break: "
            case .source: "source break: "
            case .compatible: "compatible: "
            }
        return Diagnostic(
            severity, prefix + message, at: location,
            notes: oldLocation.map { [Diagnostic(.note, "was here", at: $0)] } ?? [])
    }
}
