extension Schema {
    /// Reads, parses and validates one schema file: the first stage of every command.
    ///
    /// All problems are reported, not only the first, sorted by their place in the file.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents.
    ///   - path: The file's path as the user gave it, for diagnostics.
    ///   - diagnostics: Where errors and warnings are reported.
    /// - Returns: The schema, or `nil` when it has any error: nothing may be generated from it.
    public static func load(_ bytes: [UInt8], path: String, diagnostics: inout DiagnosticCollector) -> Schema? {
        var found = DiagnosticCollector()
        defer {
            for diagnostic in found.diagnostics.sorted(by: { $0.location.isBefore($1.location) }) {
                diagnostics.emit(diagnostic)
            }
        }
        guard let root = YAMLLoader.load(bytes, path: path, diagnostics: &found) else {
            if !found.hasErrors {
                found.error(
                    "the file is empty; a schema starts with 'eventSchema: 1'",
                    at: .init(path: path, line: 1, column: 1))
            }
            return nil
        }
        var parser = SchemaParser(path: path)
        let parsed = parser.parse(root)
        found = parser.reader.diagnostics
        guard let parsed else { return nil }
        var validator = SchemaValidator(schema: parsed, diagnostics: found)
        validator.validate()
        found = validator.diagnostics
        return found.hasErrors ? nil : parsed
    }
}

extension SourceLocation {
    /// File order; `sorted(by:)` keeps diagnostics at the same place in the order found.
    func isBefore(_ other: SourceLocation) -> Bool {
        (line, column) < (other.line, other.column)
    }
}
