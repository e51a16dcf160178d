/// The rules of the format that need the whole schema: references, cycles, names that collide
/// after conversion to Swift or JavaScript, wire names, paths, and the warnings.
struct SchemaValidator {
    let schema: Schema
    var diagnostics: DiagnosticCollector
    /// Pairs of places already reported as colliding, so that a clash shows once even when
    /// several scopes (Swift and JavaScript, or every stream an event is in) see it.
    private var reportedCollisions: Set<[SourceLocation]> = []

    /// Whether parsing reported errors: then parts of the model are placeholders, and the
    /// warnings about them (an empty stream, an event in no stream) would only repeat the error.
    private let parsedWithErrors: Bool

    /// The TypeScript types of the declarations: named types, inline payloads, and each
    /// stream's parameters and handlers.
    private var typeScriptTypes = NameScope("TypeScript type")  // filled by checkTypeNames

    private let typesByName: [String: NamedType]
    private let eventsByName: [String: Event]

    init(schema: Schema, diagnostics: DiagnosticCollector) {
        self.schema = schema
        self.diagnostics = diagnostics
        parsedWithErrors = diagnostics.hasErrors
        typesByName = Dictionary(schema.types.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        eventsByName = Dictionary(schema.events.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func validate() {
        checkName()
        checkTypeNames()
        for type in schema.types {
            checkType(type.schema)
        }
        for event in schema.events {
            checkEvent(event)
        }
        checkCycles()
        checkStreams()
    }

    // MARK: - Names

    private mutating func checkName() {
        let name = schema.name
        guard !name.value.isEmpty else { return }  // reported as missing
        let isPascalCase =
            name.value.unicodeScalars.first.map { ("A"..."Z").contains($0) } == true
            && name.value.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
            }
        if !isPascalCase {
            let suggestion = SwiftNaming.typeName(name.value)
            diagnostics.error(
                "the schema's name '\(name.value)' must be PascalCase ASCII letters and digits"
                    + (suggestion.first?.isUppercase == true ? ", e.g. '\(suggestion)'" : ""),
                at: name.location
            )
        } else if SwiftNaming.reservedTypeNames.contains(name.value) {
            diagnostics.error(
                "the schema's name '\(name.value)' cannot name generated Swift code (it is a keyword or a module "
                    + "the code uses); choose another",
                at: name.location
            )
        }
    }

    /// Named types and inline event payloads share the namespace of generated types.
    private mutating func checkTypeNames() {
        var swift = NameScope(
            "Swift type",
            reserved: [SwiftNaming.typeName(schema.name.value): "it is the schema's 'name', the namespace of the types"]
        )
        var javaScript = NameScope("TypeScript type")
        defer { typeScriptTypes = javaScript }
        func claim(_ name: Located<String>, owner: String, _ validator: inout SchemaValidator) {
            validator.claim(SwiftNaming.typeName(name.value), in: &swift, owner: owner, at: name.location)
            validator.claim(JavaScriptNaming.typeName(name.value), in: &javaScript, owner: owner, at: name.location)
        }
        for type in schema.types {
            if type.name.value.isEmpty {
                diagnostics.error("a type needs a name", at: type.name.location)
                continue
            }
            claim(type.name, owner: "type '\(type.name.value)'", &self)
        }
        for event in schema.events {
            guard case .json(let payload) = event.payload else { continue }
            if case .reference = payload.kind { continue }
            claim(event.name, owner: "the payload of event '\(event.name.value)'", &self)
        }
    }

    private mutating func claim(
        _ identifier: String,
        in scope: inout NameScope,
        owner: String,
        at location: SourceLocation,
        advice: String = "rename one of them"
    ) {
        guard let existing = scope.claim(identifier, owner: owner, at: location) else { return }
        guard let existingLocation = existing.location else {
            diagnostics.error(
                "\(owner) becomes the \(scope.what) '\(identifier)', which is taken: \(existing.owner); \(advice)",
                at: location
            )
            return
        }
        let pair = [existingLocation, location]
        guard existingLocation != location, reportedCollisions.insert(pair).inserted else { return }
        diagnostics.error(
            "\(owner) and \(existing.owner) both become the \(scope.what) '\(identifier)'; \(advice)",
            at: location,
            notes: [Diagnostic(.note, "\(existing.owner) is declared here", at: existingLocation)]
        )
    }

    // MARK: - Types

    private func resolve(_ name: String) -> NamedType? { typesByName[name] }

    /// Follows `$ref`s to the type they end at (stopping at a cycle).
    private func resolved(_ type: TypeSchema) -> TypeSchema {
        var current = type
        var seen: Set<String> = []
        while case .reference(let name) = current.kind, seen.insert(name.value).inserted,
            let target = resolve(name.value)
        {
            current = target.schema
        }
        return current
    }

    private mutating func checkType(_ type: TypeSchema) {
        switch type.kind {
        case .reference(let name):
            if resolve(name.value) == nil {
                let known = schema.types.map(\.name.value)
                diagnostics.error(
                    "unknown type '\(name.value)'"
                        + (known.isEmpty
                            ? "; the schema has no 'types:'"
                            : Suggestion.closest(to: name.value, among: known).map { "; did you mean '\($0)'?" }
                                ?? "; the types are \(known.quotedList)"),
                    at: name.location
                )
            }
        case .string(let string):
            checkBounds(string.minLength, string.maxLength, "minLength", "maxLength")
            if let pattern = string.pattern {
                do {
                    _ = try Regex(pattern.value)
                } catch {
                    diagnostics.error("'pattern' is not a valid regular expression: \(error)", at: pattern.location)
                }
            }
            if let values = string.enumeration {
                var cases = NameScope("Swift case")
                for value in values {
                    claim(
                        SwiftNaming.memberName(value.value), in: &cases, owner: "'\(value.value)'", at: value.location)
                }
            }
        case .integer(let integer):
            checkBounds(integer.minimum, integer.maximum, "minimum", "maximum")
            if integer.format == .int32 {
                for bound in [integer.minimum, integer.maximum].compactMap(\.self)
                where Int64(Int32.min) > bound.value || bound.value > Int64(Int32.max) {
                    diagnostics.error("\(bound.value) is outside the range of an int32", at: bound.location)
                }
            }
        case .number(let number):
            checkBounds(number.minimum, number.maximum, "minimum", "maximum")
        case .boolean:
            break
        case .array(let array):
            checkBounds(array.minItems, array.maxItems, "minItems", "maxItems")
            checkType(array.items)
        case .map(let values):
            checkType(values)
        case .object(let object):
            var members = NameScope("Swift property")
            for property in object.properties {
                claim(
                    SwiftNaming.memberName(property.name.value),
                    in: &members,
                    owner: "property '\(property.name.value)'",
                    at: property.name.location
                )
                checkType(property.schema)
                if property.isRequired, let defaultValue = property.schema.defaultValue {
                    diagnostics.warning(
                        "property '\(property.name.value)' is required, so its default is never used",
                        at: defaultValue.location
                    )
                }
            }
        case .oneOf(let union):
            checkOneOf(union)
        }
        for value in [type.constant.map { ("const", $0) }, type.defaultValue.map { ("default", $0) }].compactMap(\.self)
        where !supportsLiteralValues(type) {
            diagnostics.error(
                "'\(value.0)' is supported on strings (without a format, or email), integers, numbers and booleans; "
                    + "this type is \(describeKind(resolved(type)))",
                at: value.1.location
            )
        }
        if let constant = type.constant, supportsLiteralValues(type) {
            check(constant, against: type, keyword: "const")
        }
        if let defaultValue = type.defaultValue, supportsLiteralValues(type) {
            check(defaultValue, against: type, keyword: "default")
            if let constant = type.constant, constant.value != defaultValue.value {
                diagnostics.error("'default' differs from 'const'", at: defaultValue.location)
            }
        }
    }

    /// Whether generated code can write `const` and `default` values of this type as literals.
    private func supportsLiteralValues(_ type: TypeSchema) -> Bool {
        switch resolved(type).kind {
        case .string(let string): string.format == nil || string.format == .email
        case .integer, .number, .boolean: true
        case .reference: true  // unknown, already reported
        case .array, .map, .object, .oneOf: false
        }
    }

    private func describeKind(_ type: TypeSchema) -> String {
        switch type.kind {
        case .string(let string): string.format.map { "a string of format \($0.rawValue)" } ?? "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "a boolean"
        case .array: "an array"
        case .map: "a map"
        case .object: "an object"
        case .oneOf: "a oneOf"
        case .reference: "a reference"
        }
    }

    private mutating func checkBounds<Value: Comparable>(
        _ lower: Located<Value>?,
        _ upper: Located<Value>?,
        _ lowerKey: String,
        _ upperKey: String
    ) {
        guard let lower, let upper, lower.value > upper.value else { return }
        diagnostics.error(
            "'\(upperKey)' (\(upper.value)) is less than '\(lowerKey)' (\(lower.value)); no value can satisfy both",
            at: upper.location
        )
    }

    private mutating func checkOneOf(_ union: OneOfType) {
        var tags: [String: OneOfType.Member] = [:]
        for member in union.members {
            if let other = tags[member.tag.value] {
                diagnostics.error(
                    "'\(member.typeName.value)' and '\(other.typeName.value)' have the same discriminator value "
                        + "'\(member.tag.value)'",
                    at: member.tag.location
                )
            }
            tags[member.tag.value] = member
            guard let target = resolve(member.typeName.value) else {
                checkType(TypeSchema(.reference(member.typeName), at: member.typeName.location))
                continue
            }
            guard case .object(let object) = resolved(target.schema).kind else {
                diagnostics.error(
                    "the alternatives of a 'oneOf' are object types; '\(member.typeName.value)' is not an object",
                    at: member.typeName.location
                )
                continue
            }
            guard let property = object.properties.first(where: { $0.name.value == union.propertyName.value }) else {
                continue  // the discriminator is added on the wire
            }
            let isString: Bool
            if case .string = resolved(property.schema).kind { isString = true } else { isString = false }
            if !isString || !property.isRequired || property.schema.isNullable {
                diagnostics.error(
                    "'\(member.typeName.value)' declares the discriminator '\(union.propertyName.value)'; "
                        + "it must be a required, non-null string (or left out: it is written on the wire anyway)",
                    at: property.name.location
                )
            }
            checkPinnedTag(property, of: member, in: union)
        }
    }

    /// An alternative that pins its discriminator (`const`, `enum`) to a value other than the
    /// union's tag for it could never decode, on either side.
    private mutating func checkPinnedTag(
        _ property: ObjectType.Property, of member: OneOfType.Member, in union: OneOfType
    ) {
        let resolvedProperty = resolved(property.schema)
        let tag = member.tag.value
        func advice(_ value: String) -> String {
            "no payload could decode; name the tag with 'discriminator: { mapping: { \(value): \(member.typeName.value) } }', "
                + "or change the property"
        }
        if let constant = property.schema.constant ?? resolvedProperty.constant,
            case .string(let pinned) = constant.value,
            pinned != tag
        {
            diagnostics.error(
                "'\(member.typeName.value)' pins '\(union.propertyName.value)' to '\(pinned)', but this 'oneOf' tags it "
                    + "'\(tag)': " + advice(pinned),
                at: constant.location
            )
        } else if case .string(let string) = resolvedProperty.kind, let values = string.enumeration,
            !values.contains(where: { $0.value == tag })
        {
            diagnostics.error(
                "'\(member.typeName.value)' allows '\(union.propertyName.value)' only "
                    + values.map { "'\($0.value)'" }.joined(separator: ", ") + ", but this 'oneOf' tags it '\(tag)': "
                    + advice(values.first?.value ?? tag),
                at: property.name.location
            )
        }
    }

    /// Whether a `const` or `default` value is a value of its type.
    private mutating func check(_ value: Located<JSONValue>, against type: TypeSchema, keyword: String) {
        if let problem = problem(with: value.value, against: type, depth: 0) {
            diagnostics.error("'\(keyword)' is not a value of this type: \(problem)", at: value.location)
        }
    }

    private func problem(with value: JSONValue, against type: TypeSchema, depth: Int) -> String? {
        if value == .null {
            return type.isNullable ? nil : "null, but the type is not nullable"
        }
        guard depth < 64 else { return nil }
        func mismatch(_ expected: String) -> String { "expected \(expected), found \(value.kindDescription)" }
        switch type.kind {
        case .reference(let name):
            guard let target = resolve(name.value) else { return nil }
            return problem(with: value, against: target.schema, depth: depth + 1)
        case .string(let string):
            guard case .string(let text) = value else { return mismatch("a string") }
            if let values = string.enumeration, !values.contains(where: { $0.value == text }) {
                return "'\(text)' is not one of \(values.map(\.value).quotedList)"
            }
            let length = text.unicodeScalars.count
            if let minimum = string.minLength, length < minimum.value { return "shorter than \(minimum.value)" }
            if let maximum = string.maxLength, length > maximum.value { return "longer than \(maximum.value)" }
            return nil
        case .integer(let integer):
            guard case .integer(let number) = value else { return mismatch("an integer") }
            if let minimum = integer.minimum, number < minimum.value { return "\(number) is below \(minimum.value)" }
            if let maximum = integer.maximum, number > maximum.value { return "\(number) is above \(maximum.value)" }
            if integer.format == .int32, Int32(exactly: number) == nil { return "\(number) is outside int32" }
            return nil
        case .number(let bounds):
            let number: Double
            switch value {
            case .integer(let integer): number = Double(integer)
            case .number(let double): number = double
            default: return mismatch("a number")
            }
            if let minimum = bounds.minimum, number < minimum.value { return "\(number) is below \(minimum.value)" }
            if let maximum = bounds.maximum, number > maximum.value { return "\(number) is above \(maximum.value)" }
            return nil
        case .boolean:
            guard case .boolean = value else { return mismatch("a boolean") }
            return nil
        case .array, .map, .object, .oneOf:
            return nil  // no `const` or `default` here: refused before (`supportsLiteralValues`)
        }
    }

    // MARK: - Cycles

    /// A type whose every value would contain another value of itself (through required,
    /// non-null properties, `$ref`s and `oneOf`s whose every alternative does) has no finite
    /// value, and no Swift struct can hold it. An optional, nullable, array or map step breaks
    /// the cycle.
    private mutating func checkCycles() {
        var inhabited: Set<String> = []
        var changed = true
        while changed {
            changed = false
            for type in schema.types where !inhabited.contains(type.name.value) {
                if isInhabited(type.schema, given: inhabited) {
                    inhabited.insert(type.name.value)
                    changed = true
                }
            }
        }
        var reported: Set<String> = []
        for type in schema.types where !inhabited.contains(type.name.value) && !reported.contains(type.name.value) {
            // A type that only leads into a cycle already reported needs no report of its own.
            guard let cycle = findCycle(from: type.name.value, avoiding: inhabited),
                reported.isDisjoint(with: cycle.map(\.type))
            else { continue }
            let steps = cycle.map { "\($0.type)\($0.via)" }.joined(separator: " → ")
            let start = cycle[0].type
            reported.formUnion(cycle.map(\.type))
            diagnostics.error(
                "type '\(start)' contains itself: \(steps) → \(start); no value of it can end. "
                    + "Make one step optional (leave it out of 'required'), 'nullable: true', or an array",
                at: schema.type(named: start)!.name.location
            )
        }
    }

    private func isInhabited(_ type: TypeSchema, given inhabited: Set<String>) -> Bool {
        if type.isNullable { return true }
        switch type.kind {
        case .reference(let name):
            return resolve(name.value) == nil || inhabited.contains(name.value)
        case .oneOf(let union):
            return union.members.contains { resolve($0.typeName.value) == nil || inhabited.contains($0.typeName.value) }
        case .object(let object):
            return object.properties.allSatisfy { !$0.isRequired || isInhabited($0.schema, given: inhabited) }
        case .string, .integer, .number, .boolean, .array, .map:
            return true
        }
    }

    /// The named types a value of `type` cannot do without, with the step that needs each.
    private func requiredReferences(of type: TypeSchema, via path: String) -> [(type: String, via: String)] {
        if type.isNullable { return [] }
        switch type.kind {
        case .reference(let name):
            return [(name.value, path)]
        case .oneOf(let union):
            return union.members.map { ($0.typeName.value, path) }
        case .object(let object):
            return object.properties.filter(\.isRequired).flatMap {
                requiredReferences(of: $0.schema, via: path + "." + $0.name.value)
            }
        case .string, .integer, .number, .boolean, .array, .map:
            return []
        }
    }

    /// A cycle among the types without a finite value, reached from `start`.
    private func findCycle(from start: String, avoiding inhabited: Set<String>) -> [(type: String, via: String)]? {
        var path: [(type: String, via: String)] = []
        var visited: Set<String> = []
        func visit(_ name: String) -> [(type: String, via: String)]? {
            if let index = path.firstIndex(where: { $0.type == name }) { return Array(path[index...]) }
            guard visited.insert(name).inserted, let type = resolve(name) else { return nil }
            for next in requiredReferences(of: type.schema, via: "") where !inhabited.contains(next.type) {
                path.append((name, next.via))
                if let cycle = visit(next.type) { return cycle }
                path.removeLast()
            }
            return nil
        }
        return visit(start)
    }

    // MARK: - Events and streams

    private mutating func checkEvent(_ event: Event) {
        if event.name.value.isEmpty {
            diagnostics.error("an event needs a name", at: event.name.location)
        }
        let wireName = event.wireName
        if wireName.value.isEmpty {
            diagnostics.error(
                "a wire name cannot be empty: EventSource would dispatch the event as 'message'",
                at: wireName.location
            )
        } else if let bad = wireName.value.unicodeScalars.first(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            let shown = bad == "\0" ? "NUL" : bad == "\r" ? "CR" : "LF"
            diagnostics.error(
                "wire name \(JSONValue.string(wireName.value).rendered()) holds \(shown); "
                    + "the 'event:' field is one line, so it cannot be sent",
                at: wireName.location
            )
        } else if wireName.value == "error" || wireName.value == "open" {
            diagnostics.warning(
                "the wire name '\(wireName.value)' is also the name of EventSource's own '\(wireName.value)' event; "
                    + "browser listeners cannot tell them apart. Set another 'wireName'",
                at: wireName.location
            )
        }
        if case .json(let payload) = event.payload {
            checkType(payload)
        }
    }

    private mutating func checkStreams() {
        var swiftStreams = NameScope("Swift type")
        var javaScriptStreams = NameScope("JavaScript export")
        var typeScript = typeScriptTypes
        var paths: [String: EventStream] = [:]
        var listed: Set<String> = []
        for stream in schema.streams {
            let owner = "stream '\(stream.name.value)'"
            if stream.name.value.isEmpty {
                diagnostics.error("a stream needs a name", at: stream.name.location)
            }
            claim(
                SwiftNaming.streamEventTypeName(schema: schema.name.value, stream: stream.name.value),
                in: &swiftStreams,
                owner: owner,
                at: stream.name.location
            )
            claim(
                JavaScriptNaming.connectFunctionName(stream: stream.name.value),
                in: &javaScriptStreams,
                owner: owner,
                at: stream.name.location
            )
            claim(
                JavaScriptNaming.wireNamesConstantName(stream: stream.name.value),
                in: &javaScriptStreams,
                owner: owner,
                at: stream.name.location
            )
            for typeName in [
                JavaScriptNaming.streamParametersTypeName(stream: stream.name.value),
                JavaScriptNaming.streamHandlersTypeName(stream: stream.name.value),
            ] {
                claim(typeName, in: &typeScript, owner: owner, at: stream.name.location)
            }

            let template = stream.path.value.replacing(/\{[^}]*\}/, with: "{}")
            if let other = paths[template] {
                diagnostics.error(
                    "\(owner) has the same path as stream '\(other.name.value)'; a server could not route them",
                    at: stream.path.location,
                    notes: [Diagnostic(.note, "stream '\(other.name.value)' is declared here", at: other.path.location)]
                )
            } else {
                paths[template] = stream
            }
            var parameters = NameScope("Swift parameter")
            for parameter in stream.pathParameters {
                claim(
                    SwiftNaming.memberName(parameter.value),
                    in: &parameters,
                    owner: "path parameter '\(parameter.value)'",
                    at: parameter.location
                )
            }

            if stream.events.isEmpty, !parsedWithErrors {
                diagnostics.warning("\(owner) carries no events", at: stream.name.location)
            }
            var seen: [String: Located<String>] = [:]
            var wireNames: [String: Event] = [:]
            var cases = NameScope("Swift case", reserved: SwiftNaming.reservedEventCaseNames)
            var handlers = NameScope("JavaScript handler", reserved: JavaScriptNaming.reservedHandlerNames)
            for name in stream.events {
                if let first = seen[name.value] {
                    diagnostics.error(
                        "\(owner) lists '\(name.value)' twice",
                        at: name.location,
                        notes: [Diagnostic(.note, "first listed here", at: first.location)]
                    )
                    continue
                }
                seen[name.value] = name
                guard let event = eventsByName[name.value] else {
                    let known = schema.events.map(\.name.value)
                    diagnostics.error(
                        "\(owner) lists unknown event '\(name.value)'"
                            + (Suggestion.closest(to: name.value, among: known).map { "; did you mean '\($0)'?" } ?? ""),
                        at: name.location
                    )
                    continue
                }
                listed.insert(event.name.value)
                if let other = wireNames[event.wireName.value] {
                    diagnostics.error(
                        "events '\(other.name.value)' and '\(event.name.value)' both have the wire name "
                            + "'\(event.wireName.value)' in \(owner); clients could not tell them apart",
                        at: name.location,
                        notes: [
                            Diagnostic(
                                .note, "'\(event.name.value)' has the wire name here", at: event.wireName.location),
                            Diagnostic(
                                .note, "'\(other.name.value)' has the wire name here", at: other.wireName.location),
                        ]
                    )
                } else {
                    wireNames[event.wireName.value] = event
                }
                if event.wireName.value == Naming.replayGapWireName {
                    diagnostics.error(
                        "the wire name '\(Naming.replayGapWireName)' is the server's loss signal (events could not be "
                            + "replayed); every client handles it already. Set another 'wireName'",
                        at: event.wireName.location
                    )
                }
                let eventOwner = "event '\(event.name.value)'"
                let advice = "rename the event; its 'wireName' can keep the name on the wire"
                claim(
                    SwiftNaming.memberName(event.name.value), in: &cases, owner: eventOwner, at: event.name.location,
                    advice: advice)
                claim(
                    JavaScriptNaming.handlerName(event: event.name.value),
                    in: &handlers,
                    owner: eventOwner,
                    at: event.name.location,
                    advice: advice
                )
            }
        }
        if parsedWithErrors {
            return
        } else if schema.streams.isEmpty {
            diagnostics.warning(
                "the schema has no 'streams'; no emitter or client is generated for its events",
                at: schema.name.location
            )
        } else {
            for event in schema.events where !listed.contains(event.name.value) && !event.name.value.isEmpty {
                diagnostics.warning(
                    "event '\(event.name.value)' is in no stream; add it to a stream's 'events' or remove it",
                    at: event.name.location
                )
            }
        }
    }
}
