import EventSchema

/// A Markdown catalog for the teams that only read: streams with their rules and events, each
/// event with its payload and an example as it goes on the wire, and every named type.
///
/// Headings say what they name (`Stream`, `Event`, `Type`), so that GitHub's anchors stay
/// distinct when a type is named like an event; text from the schema is escaped so that it
/// cannot start a table, a tag or a heading.
struct MarkdownCatalog {
    let schema: Schema
    let options: ExportOptions

    func render() -> String {
        var lines: [String] = []
        lines.append("# \(Markdown.text(schema.name.value)) events")
        lines.append("")
        if let description = schema.description {
            lines += Markdown.paragraphs(description)
            lines.append("")
        }
        lines.append(
            "Generated from \(Markdown.code(options.sourcePath)) by `generate-events export --format markdown`. "
                + "Do not edit: change the schema and export again.")
        lines.append("")
        lines += streams()
        lines += events()
        lines += types()
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Streams

    private func streams() -> [String] {
        guard !schema.streams.isEmpty else { return [] }
        var lines = ["## Streams", ""]
        for stream in schema.streams {
            lines.append("### Stream \(Markdown.code(stream.name.value))")
            lines.append("")
            lines.append("`GET` \(Markdown.code(stream.path.value)), `text/event-stream`.")
            lines.append("")
            if let text = PayloadSchemaTranslator.description(stream.description, stream.deprecation) {
                lines += Markdown.paragraphs(text)
                lines.append("")
            }
            lines.append(Markdown.text(ExportText.rules(of: stream).joined(separator: " ")))
            lines.append("")
            if !stream.pathParameters.isEmpty {
                lines.append(
                    "Path parameters: " + stream.pathParameters.map { Markdown.code($0.value) }.joined(separator: ", ")
                        + ".")
                lines.append("")
            }
            lines.append("| `event:` | Event | Data | |")
            lines.append("|---|---|---|---|")
            for event in ExportText.events(of: stream, in: schema) {
                lines.append(
                    Markdown.row([
                        event.wireName.value == "message"
                            ? "`message` (no `event:` line)" : Markdown.code(event.wireName.value),
                        Markdown.link(Markdown.code(event.name.value), to: "Event " + event.name.value),
                        dataText(event),
                        Markdown.cell(notes(event)),
                    ]))
            }
            lines.append(
                Markdown.row([
                    Markdown.code(Naming.replayGapWireName), "the loss signal",
                    "JSON, `{ lastEventID, firstEventID }`",
                    "Sent when the server cannot replay what the client missed.",
                ]))
            lines.append("")
        }
        return lines
    }

    // MARK: Events

    private func events() -> [String] {
        guard !schema.events.isEmpty else { return [] }
        var lines = ["## Events", ""]
        for event in schema.events {
            lines.append("### Event \(Markdown.code(event.name.value))")
            lines.append("")
            if let text = PayloadSchemaTranslator.description(event.description, event.deprecation) {
                lines += Markdown.paragraphs(text)
                lines.append("")
            }
            let streams = schema.streams.filter { $0.events.contains { $0.value == event.name.value } }
            lines.append(
                "- `event:` \(event.wireName.value == "message" ? "none (`message`)" : Markdown.code(event.wireName.value))"
            )
            lines.append("- Data: \(dataText(event))")
            if !streams.isEmpty {
                lines.append(
                    "- Streams: "
                        + streams.map { Markdown.link(Markdown.code($0.name.value), to: "Stream " + $0.name.value) }
                        .joined(
                            separator: ", "))
            }
            if event.isTerminal { lines.append("- Terminal: the stream ends after it, and clients do not reconnect.") }
            lines.append("")
            if let inline = event.inlinePayload {
                lines += propertyTable(of: inline)
            }
            if let frame = exampleFrame(event, hasIDs: streams.contains { $0.ids != .none }) {
                lines.append("Example:")
                lines.append("")
                lines += Markdown.fenced(frame, language: "text")
                lines.append("")
            }
        }
        return lines
    }

    private func notes(_ event: Event) -> String {
        var notes: [String] = []
        if event.isTerminal { notes.append("Ends the stream.") }
        if event.deprecation != nil { notes.append("Deprecated.") }
        if let first = event.description.flatMap({ DocumentationText.lines($0).first }) { notes.append(first) }
        return notes.joined(separator: " ")
    }

    private func dataText(_ event: Event) -> String {
        switch event.payload {
        case .none: return "none (empty)"
        case .text: return "text"
        case .json(let payload):
            if event.inlinePayload != nil {
                // Its table is under the event.
                let name = PayloadSchemaTranslator.componentName(event: event)
                return "JSON, " + Markdown.link(Markdown.code(name), to: "Event " + event.name.value)
            }
            return "JSON, " + typeText(payload)
        }
    }

    /// The event as it goes on the wire, with an example payload.
    private func exampleFrame(_ event: Event, hasIDs: Bool) -> String? {
        var frame = ""
        if event.wireName.value != "message" { frame += "event: \(event.wireName.value)\n" }
        if hasIDs { frame += "id: 42\n" }
        switch event.payload {
        case .none: frame += "data:\n"
        case .text: frame += "data: Some text,\ndata: on two lines.\n"
        case .json(let payload):
            guard let example = PayloadExample(schema: schema).value(of: payload) else { return nil }
            frame += "data: " + example.rendered() + "\n"
        }
        return frame
    }

    // MARK: Types

    /// The named types; an event's own payload type is shown under the event.
    private func types() -> [String] {
        let named = schema.types.map {
            (name: PayloadSchemaTranslator.componentName(type: $0.name.value), schema: $0.schema)
        }
        guard !named.isEmpty else { return [] }
        var lines = ["## Types", ""]
        for (name, type) in named {
            lines.append("### Type \(Markdown.code(name))")
            lines.append("")
            if let text = PayloadSchemaTranslator.description(type.description, type.deprecation) {
                lines += Markdown.paragraphs(text)
                lines.append("")
            }
            if case .object = type.kind {
                lines += propertyTable(of: type)
            } else {
                lines.append(typeText(type) + Markdown.text(constraints(type).map { ". " + $0 } ?? "") + ".")
                lines.append("")
            }
        }
        return lines
    }

    /// An object's properties, nested objects' members as `outer.inner` rows.
    private func propertyTable(of type: TypeSchema) -> [String] {
        guard case .object(let object) = type.kind else { return [] }
        var lines = ["| Property | Type | Required | Description |", "|---|---|---|---|"]
        appendRows(object, prefix: "", into: &lines)
        lines.append("")
        return lines
    }

    private func appendRows(_ object: ObjectType, prefix: String, into lines: inout [String]) {
        for property in object.properties {
            let path = prefix + property.name.value
            var description =
                PayloadSchemaTranslator.description(property.schema.description, property.schema.deprecation) ?? ""
            if let constraints = constraints(property.schema) {
                description += (description.isEmpty ? "" : " ") + constraints + "."
            }
            lines.append(
                Markdown.row([
                    Markdown.code(path), typeText(property.schema), property.isRequired ? "yes" : "no",
                    Markdown.cell(description),
                ]))
            if case .object(let nested) = property.schema.kind {
                appendRows(nested, prefix: path + ".", into: &lines)
            }
        }
    }

    /// How a type reads: `string (date-time)`, `array of [User](#…)`, `"a" or "b"`, `… or null`.
    private func typeText(_ type: TypeSchema) -> String {
        var text: String
        switch type.kind {
        case .string(let string):
            if let values = string.enumeration {
                text = values.map { Markdown.code(JSONValue.quoted($0.value)) }.joined(separator: " or ")
            } else {
                text = "string" + (string.format.map { " (\($0.rawValue))" } ?? "")
            }
        case .integer(let integer): text = "integer (\(integer.format.rawValue))"
        case .number(let number): text = "number (\(number.format.rawValue))"
        case .boolean: text = "boolean"
        case .array(let array): text = "array of " + typeText(array.items)
        case .map(let values): text = "map of " + typeText(values)
        case .object: text = "object"
        case .reference(let name):
            let component = PayloadSchemaTranslator.componentName(type: name.value)
            text = Markdown.link(Markdown.code(component), to: "Type " + component)
        case .oneOf(let union):
            text =
                "One of "
                + union.members.map {
                    let component = PayloadSchemaTranslator.componentName(type: $0.typeName.value)
                    return Markdown.link(Markdown.code(component), to: "Type " + component)
                        + " (\(Markdown.code(union.propertyName.value)): \(Markdown.code(JSONValue.quoted($0.tag.value))))"
                }.joined(separator: ", ")
        }
        if type.isNullable { text += " or `null`" }
        return text
    }

    /// Bounds, lengths, counts, pattern, const and default, as a sentence.
    private func constraints(_ type: TypeSchema) -> String? {
        var parts: [String] = []
        func range(_ name: String?, _ minimum: String?, _ maximum: String?) {
            let prefix = name.map { $0 + " " } ?? ""
            switch (minimum, maximum) {
            case (let minimum?, let maximum?): parts.append(prefix + "\(minimum) to \(maximum)")
            case (let minimum?, nil): parts.append(prefix + "at least \(minimum)")
            case (nil, let maximum?): parts.append(prefix + "at most \(maximum)")
            case (nil, nil): break
            }
        }
        switch type.kind {
        case .string(let string):
            range("length", string.minLength.map { String($0.value) }, string.maxLength.map { String($0.value) })
            if let pattern = string.pattern { parts.append("pattern " + Markdown.code(pattern.value)) }
        case .integer(let integer):
            range(nil, integer.minimum.map { String($0.value) }, integer.maximum.map { String($0.value) })
        case .number(let number):
            range(nil, number.minimum.map { String($0.value) }, number.maximum.map { String($0.value) })
        case .array(let array):
            range("items", array.minItems.map { String($0.value) }, array.maxItems.map { String($0.value) })
        default: break
        }
        if let constant = type.constant { parts.append("always " + Markdown.code(constant.value.rendered())) }
        if let defaultValue = type.defaultValue {
            parts.append("default " + Markdown.code(defaultValue.value.rendered()))
        }
        guard !parts.isEmpty else { return nil }
        let sentence = parts.joined(separator: "; ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }
}

/// Markdown text from schema text: escaped so that it stays text.
enum Markdown {
    /// Text in a paragraph: characters that would start markup are escaped.
    static func text(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "\\", "*", "_", "[", "]", "<", ">", "#", "|", "!": output += "\\" + String(character)
            default: output.append(character)
            }
        }
        return output
    }

    /// Schema prose as lines of paragraphs (an empty line between two).
    static func paragraphs(_ text: String) -> [String] {
        DocumentationText.lines(text).map(line)
    }

    /// One line of prose: escaped, and kept from starting a list, a heading or a code block.
    static func line(_ text: String) -> String {
        let trimmed = text.drop { $0 == " " }
        let escaped = Self.text(String(trimmed))
        if let first = escaped.first, "-+=".contains(first) { return "\\" + escaped }
        let digits = escaped.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let next = escaped.dropFirst(digits.count).first, next == "." || next == ")" {
            return digits + "\\" + escaped.dropFirst(digits.count)
        }
        return escaped
    }

    /// A table cell: one line, pipes escaped.
    static func cell(_ text: String) -> String {
        DocumentationText.lines(text).filter { !$0.isEmpty }.map(Self.text).joined(separator: "<br>")
    }

    /// A code span that holds any text: a run of backticks longer than any inside, pipes escaped
    /// (a table would split at them), line breaks as spaces.
    static func code(_ text: String) -> String {
        let flat = String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 }).replacing("|", with: "\\|")
        var longest = 0
        var run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = flat.hasPrefix("`") || flat.hasSuffix("`") || flat.isEmpty ? " " + flat + " " : flat
        return fence + padded + fence
    }

    /// A link to a heading of this page, by GitHub's anchor rule: lower case, punctuation gone,
    /// spaces as hyphens.
    static func link(_ label: String, to heading: String) -> String {
        let anchor = String(
            heading.lowercased().unicodeScalars.compactMap { scalar -> Character? in
                if scalar == " " { return "-" }
                if scalar == "-" || scalar == "_" || scalar.properties.isAlphabetic
                    || scalar.properties.numericType != nil
                {
                    return Character(scalar)
                }
                return nil
            })
        return "[\(label)](#\(anchor))"
    }

    /// A table row of cells already made Markdown.
    static func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    /// A fenced block that no line of `text` can close.
    static func fenced(_ text: String, language: String) -> [String] {
        var longest = 2
        for line in text.split(separator: "\n") {
            longest = max(longest, line.prefix { $0 == "`" }.count)
        }
        let fence = String(repeating: "`", count: longest + 1)
        return [fence + language]
            + text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) + [fence]
    }
}
