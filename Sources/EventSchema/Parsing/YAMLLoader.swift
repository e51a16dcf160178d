public import Yams

/// Turns a schema file's bytes into a YAML node tree, or into diagnostics with positions.
///
/// Hostile or broken input ends in a diagnostic, never a crash, a hang or unbounded memory:
/// - files over ``maximumFileSize`` are refused before they are parsed;
/// - bytes that are not UTF-8 are refused at the first bad byte's line and column;
/// - nesting deeper than libyaml's limit (1,000) is a parse error;
/// - aliases are refused: an alias makes a document far larger than its text (a "billion
///   laughs" file composes in a few kilobytes but would take forever to walk), and a schema
///   has no need of them.
public enum YAMLLoader {
    /// The largest schema file accepted: 4 MiB, far above a schema of thousands of events.
    public static let maximumFileSize = 4 << 20

    /// Loads one YAML document.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents; a reader may stop after ``maximumFileSize`` + 1 bytes.
    ///   - path: The file's path as the user gave it, for diagnostics.
    ///   - diagnostics: Where problems are reported.
    /// - Returns: The document's root node, or `nil` when the file holds none or has an error.
    public static func load(_ bytes: [UInt8], path: String, diagnostics: inout DiagnosticCollector) -> Node? {
        let start = SourceLocation(path: path, line: 1, column: 1)
        guard bytes.count <= maximumFileSize else {
            diagnostics.error(
                "the file is larger than a schema may be (\(maximumFileSize >> 20) MiB); is it the right file?",
                at: start
            )
            return nil
        }
        let text: String
        switch decodeUTF8(bytes) {
        case .success(let decoded):
            text = decoded
        case .failure(let invalid):
            diagnostics.error(
                "the file is not valid UTF-8 (byte 0x\(String(invalid.byte, radix: 16, uppercase: true)))",
                at: SourceLocation(path: path, line: invalid.line, column: invalid.column)
            )
            return nil
        }

        let root: Node?
        do {
            // Every scalar stays a string here; `ScalarValue` reads the few that mean more,
            // without Yams' regular expression per scalar.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            diagnostics.emit(diagnostic(for: error, path: path, text: text))
            return nil
        } catch {
            diagnostics.error("cannot read YAML: \(error)", at: start)
            return nil
        }
        guard let root else { return nil }
        if let before = firstAlias(in: root) {
            diagnostics.error(
                "aliases ('*name') are not allowed in an event schema; write the value out where it is used, "
                    + "or name it under 'types:' and use '$ref'",
                at: SourceLocation(path: path, line: before.line, column: before.column)
            )
            return nil
        }
        return root
    }

    // MARK: - Pieces

    private struct InvalidUTF8: Error {
        var byte: UInt8
        var line: Int
        var column: Int
    }

    /// The text, without a leading BOM, or where the first invalid byte is.
    private static func decodeUTF8(_ bytes: [UInt8]) -> Result<String, InvalidUTF8> {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return .success(text) }

        var parser = Unicode.UTF8.ForwardParser()
        var iterator = body.makeIterator()
        var line = 1
        var column = 1
        var offset = body.startIndex
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                offset += encoded.count
            case .error:
                return .failure(InvalidUTF8(byte: bytes[offset], line: line, column: column))
            case .emptyInput:
                return .success(String(decoding: body, as: UTF8.self))
            }
        }
    }

    /// Where the first alias is, as the mark of the node read just before it.
    ///
    /// Yams gives an alias the node it names, mark included, and keeps no anchors; so in a
    /// walk in document order an alias shows as a node whose mark goes back. The walk stops
    /// there: it reads no more nodes than the text holds, however large the aliases make the
    /// document.
    private static func firstAlias(in root: Node) -> (line: Int, column: Int)? {
        var latest = (line: 0, column: 0)
        func visit(_ node: Node) -> (line: Int, column: Int)? {
            if let mark = node.mark {
                if (mark.line, mark.column) < latest { return latest }
                latest = (mark.line, mark.column)
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    if let found = visit(key) ?? visit(value) { return found }
                }
            case .sequence(let sequence):
                for element in sequence {
                    if let found = visit(element) { return found }
                }
            case .scalar, .alias:
                break
            }
            return nil
        }
        return visit(root)
    }

    private static func diagnostic(for error: YamlError, path: String, text: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(path: path, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var notes: [Diagnostic] = []
            if let context {
                notes.append(Diagnostic(.note, context.text, at: at(context.mark)))
            }
            return Diagnostic(.error, problem, at: at(mark), notes: notes)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first occurrence of the first duplicate key; point at its repeat.
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let message =
                "duplicate key\(duplicates.count == 1 ? "" : "s") \(keys) in a mapping; each key may appear once"
            guard let key = duplicates.first,
                let repeated = repeatedKey(key, after: context.mark, in: text)
            else { return Diagnostic(.error, message, at: at(context.mark)) }
            return Diagnostic(
                .error,
                message,
                at: SourceLocation(path: path, line: repeated.line, column: repeated.column),
                notes: [Diagnostic(.note, "'\(key)' is first here", at: at(context.mark))]
            )
        case .reader(let problem, let offset, _, _):
            let location = offset.map { self.location(ofUTF8Offset: $0, in: text, path: path) }
            return Diagnostic(.error, problem, at: location ?? SourceLocation(path: path, line: 1, column: 1))
        default:
            return Diagnostic(.error, "cannot read YAML: \(error)", at: SourceLocation(path: path, line: 1, column: 1))
        }
    }

    /// Where `key` is written again as a plain mapping key after its first place, if it can be
    /// found in the text: at the first key's column at the start of a line (after indentation,
    /// `-` or `?`), or after `{` or `,` in a flow mapping; followed by `:`.
    private static func repeatedKey(_ key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let key = Array(key.unicodeScalars)
        guard !key.isEmpty else { return nil }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where index + 1 >= first.line {
            let scalars = Array(line.unicodeScalars)
            var start = index + 1 == first.line ? first.column : 0
            while start + key.count <= scalars.count {
                defer { start += 1 }
                guard scalars[start..<(start + key.count)].elementsEqual(key) else { continue }
                let before = scalars[..<start].last { $0 != " " }
                let startsBlockKey = start + 1 == first.column && (before == nil || before == "-" || before == "?")
                guard startsBlockKey || before == "{" || before == "," else { continue }
                let after = scalars[(start + key.count)...].first { $0 != " " }
                if after == ":" { return (index + 1, start + 1) }
            }
        }
        return nil
    }

    private static func location(ofUTF8Offset offset: Int, in text: String, path: String) -> SourceLocation {
        var line = 1
        var column = 1
        var consumed = 0
        for scalar in text.unicodeScalars {
            guard consumed < offset else { break }
            consumed += String(scalar).utf8.count
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceLocation(path: path, line: line, column: column)
    }
}
