import EventSchema
import Yams

/// `generate-events.yaml` at a package's root: for each schema, which Swift sides go to which
/// targets and where the JavaScript goes. Without it, every schema in a target's folder
/// generates that target's Swift (both sides) and the JavaScript into `public/events/`.
///
/// ```yaml
/// schemas:
///   - schema: Sources/ChatModel/chat.events.yaml   # relative to the package's root
///     swift:                                        # default: the schema's own target, both sides
///       - { target: ChatServer, sides: [server] }
///       - { target: ChatCLI, sides: [client] }
///     javascript: Public/js                         # a folder; false for none
/// ```
struct PackageConfiguration: Hashable, Sendable {
    /// The configuration's file name, at the package's root.
    static let fileName = "generate-events.yaml"

    struct Entry: Hashable, Sendable {
        var schema: String
        var location: SourceLocation
        /// `nil`: the schema's own target, both sides.
        var swift: [SwiftOutput]?
        /// `nil`: the default folder; `""`: none.
        var javaScript: String?
    }

    struct SwiftOutput: Hashable, Sendable {
        var target: String
        var sides: Set<SwiftSide>
        var location: SourceLocation
    }

    var entries: [Entry]

    /// Reads a configuration; `nil` (with diagnostics) when it has an error.
    static func read(_ bytes: [UInt8], diagnostics: inout DiagnosticCollector) -> PackageConfiguration? {
        let path = fileName
        guard let root = YAMLLoader.load(bytes, path: path, diagnostics: &diagnostics) else {
            if !diagnostics.hasErrors {
                diagnostics.error(
                    "the file is empty; list the schemas under 'schemas:'", at: .init(path: path, line: 1, column: 1))
            }
            return nil
        }
        func location(_ node: Node) -> SourceLocation {
            .init(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        func keys(_ mapping: Node.Mapping, allowed: [String]) -> Bool {
            var valid = true
            for (key, _) in mapping where !allowed.contains(key.string ?? "") {
                diagnostics.error(
                    "unknown key '\(key.string ?? "?")'; expected \(allowed.map { "'\($0)'" }.joined(separator: ", "))",
                    at: location(key))
                valid = false
            }
            return valid
        }
        guard let top = root.mapping, keys(top, allowed: ["schemas"]), let list = top["schemas"]?.sequence else {
            if !diagnostics.hasErrors {
                diagnostics.error("expected 'schemas:', a list of schemas", at: location(root))
            }
            return nil
        }
        var entries: [Entry] = []
        for item in list {
            guard let mapping = item.mapping, keys(mapping, allowed: ["schema", "swift", "javascript"]) else {
                if item.mapping == nil {
                    diagnostics.error(
                        "expected a mapping with 'schema:', 'swift:' and 'javascript:'", at: location(item))
                }
                continue
            }
            guard let schema = mapping["schema"]?.string, !schema.isEmpty else {
                diagnostics.error(
                    "'schema:' is missing: the schema's path, relative to the package's root", at: location(item))
                continue
            }
            var entry = Entry(schema: schema, location: location(item), swift: nil, javaScript: nil)
            if let swift = mapping["swift"] {
                guard let outputs = swift.sequence else {
                    diagnostics.error(
                        "'swift:' is a list of { target: NAME, sides: [server, client] }", at: location(swift))
                    continue
                }
                entry.swift = []
                for output in outputs {
                    guard let fields = output.mapping, keys(fields, allowed: ["target", "sides"]),
                        let target = fields["target"]?.string
                    else {
                        if !diagnostics.hasErrors {
                            diagnostics.error(
                                "expected { target: NAME, sides: [server, client] }", at: location(output))
                        }
                        continue
                    }
                    var sides = Set(SwiftSide.allCases)
                    if let given = fields["sides"] {
                        sides = []
                        for side in given.sequence.map(Array.init) ?? [given] {
                            guard let value = side.string.flatMap(SwiftSide.init(rawValue:)) else {
                                diagnostics.error(
                                    "unknown side '\(side.string ?? "?")'; expected server or client",
                                    at: location(side))
                                continue
                            }
                            sides.insert(value)
                        }
                    }
                    entry.swift?.append(SwiftOutput(target: target, sides: sides, location: location(output)))
                }
            }
            if let javaScript = mapping["javascript"] {
                if javaScript.string == "false" {
                    entry.javaScript = ""
                } else if let folder = javaScript.string, !folder.isEmpty, !folder.hasPrefix("/") {
                    entry.javaScript = folder
                } else {
                    diagnostics.error(
                        "'javascript:' is a folder relative to the package's root, or false", at: location(javaScript))
                }
            }
            entries.append(entry)
        }
        return diagnostics.hasErrors ? nil : PackageConfiguration(entries: entries)
    }
}
