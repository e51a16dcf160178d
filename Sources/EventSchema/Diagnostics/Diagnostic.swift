/// A place in a schema file: the path as the user gave it, and a 1-based line and column
/// (columns count Unicode scalars, as YAML tools do).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file's path, as given on the command line or by the plugin.
    public var path: String
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:column`.
    public var description: String { "\(path):\(line):\(column)" }
}

/// A problem found in a schema, in the compilers' format:
/// `path:line:column: error: message`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Hashable, Sendable {
        /// The schema cannot be used; nothing is generated.
        case error
        /// Legal but probably not what was meant.
        case warning
        /// More about the diagnostic it belongs to.
        case note
    }

    /// How bad it is.
    public var severity: Severity
    /// What is wrong, and where it helps, what to do.
    public var message: String
    /// Where.
    public var location: SourceLocation
    /// Further remarks, each with a place of its own (e.g. "first defined here").
    public var notes: [Diagnostic]

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ message: String, at location: SourceLocation, notes: [Diagnostic] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    /// The diagnostic and its notes, one line each, as compilers print them.
    public var description: String {
        ([self] + notes).map { "\($0.location): \($0.severity.rawValue): \($0.message)" }.joined(separator: "\n")
    }
}

/// Gathers the diagnostics of one run, so that every problem is reported, not only the first.
public struct DiagnosticCollector: Sendable {
    /// Everything reported so far, in order.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Creates an empty collector.
    public init() {}

    /// Whether any error was reported.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Reports a diagnostic.
    public mutating func emit(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Reports an error.
    public mutating func error(_ message: String, at location: SourceLocation, notes: [Diagnostic] = []) {
        emit(Diagnostic(.error, message, at: location, notes: notes))
    }

    /// Reports a warning.
    public mutating func warning(_ message: String, at location: SourceLocation, notes: [Diagnostic] = []) {
        emit(Diagnostic(.warning, message, at: location, notes: notes))
    }
}
