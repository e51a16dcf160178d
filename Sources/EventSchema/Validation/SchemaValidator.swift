/// The rules of the format that need the whole schema: references, cycles, names that collide
/// after conversion to Swift or JavaScript, wire names, paths, and the warnings.
struct SchemaValidator {
    let schema: Schema
    var diagnostics: DiagnosticCollector
    /// Pairs of places already reported as colliding, so that a clash shows once even when
    /// several scopes (Swift and JavaScript, or every stream an event is in) see it.
    var reportedCollisions: Set<[SourceLocation]> = []

    /// Whether parsing reported errors: then parts of the model are placeholders, and the
    /// warnings about them (an empty stream, an event in no stream) would only repeat the error.
    let parsedWithErrors: Bool

    /// The TypeScript types of the declarations: named types, inline payloads, and each
    /// stream's parameters and handlers.
    var typeScriptTypes = NameScope("TypeScript type")  // filled by checkTypeNames

    let typeIndex: TypeIndex
    let eventsByName: [String: Event]

    init(schema: Schema, diagnostics: DiagnosticCollector) {
        self.schema = schema
        self.diagnostics = diagnostics
        parsedWithErrors = diagnostics.hasErrors
        typeIndex = TypeIndex(schema)
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

    mutating func checkName() {
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
    mutating func checkTypeNames() {
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
        for event in schema.events where event.inlinePayload != nil {
            claim(event.name, owner: "the payload of event '\(event.name.value)'", &self)
        }
    }

    mutating func claim(
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

}
