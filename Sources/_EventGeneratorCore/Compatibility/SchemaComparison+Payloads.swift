import EventSchema

/// Where in an event's payload a change is: `event 'messagePosted', at author.name`.
struct PayloadPlace {
    var event: String
    var path = ""
    /// The named type the place is in, when it is in one: it may be used elsewhere too.
    var typeName: String?

    func appending(_ member: String) -> PayloadPlace {
        var place = self
        place.path += (path.isEmpty ? "" : ".") + member
        return place
    }

    func appendingElement() -> PayloadPlace {
        var place = self
        place.path += "[]"
        return place
    }

    var description: String {
        "the payload of '\(event)'" + (path.isEmpty ? "" : " at \(path)") + (typeName.map { " (type '\($0)')" } ?? "")
    }
}

extension Comparison {
    /// Compares a payload type of both versions at one place, recursing into its members.
    mutating func compare(_ oldType: TypeSchema, _ newType: TypeSchema, at place: PayloadPlace) {
        // References: a different name is a source break; the wire sees the types they name.
        var oldResolved = oldType
        var newResolved = newType
        var oldName: String?
        var newName: String?
        if case .reference(let name) = oldType.kind { oldName = name.value }
        if case .reference(let name) = newType.kind { newName = name.value }
        if oldName != newName, oldName != nil || newName != nil {
            record(
                .source,
                "\(place.description) is now \(newName.map { "type '\($0)'" } ?? "an inline type") instead of \(oldName.map { "type '\($0)'" } ?? "an inline type"): the generated Swift and TypeScript type names differ",
                at: newType.location, was: oldType.location)
        }
        if let oldName {
            guard let named = old.type(named: oldName) else { return }
            oldResolved = Self.applying(oldType, to: named.schema)
        }
        if let newName {
            guard let named = new.type(named: newName) else { return }
            newResolved = Self.applying(newType, to: named.schema)
        }
        // What the place allows (null, a default) is reported where it is written; the type's
        // own rules where the type is.
        compareNullability(
            oldResolved.isNullable, newResolved.isNullable, at: place, here: newType.location, was: oldType.location)
        compareDefaults(
            oldResolved.defaultValue?.value, newResolved.defaultValue?.value, at: place, here: newType.location,
            was: oldType.location)
        var inner = place
        if let oldName, let newName {
            // A named type is compared once, at the first place that uses it: its changes are
            // the same wherever else it is used.
            guard comparedTypes.insert([oldName, newName]).inserted else { return }
            inner.typeName = newName
        }
        compareResolved(oldResolved, newResolved, at: inner)
    }

    /// A referenced type with what the reference adds (nullability, default).
    private static func applying(_ reference: TypeSchema, to named: TypeSchema) -> TypeSchema {
        var resolved = named
        resolved.isNullable = reference.isNullable || named.isNullable
        if let defaultValue = reference.defaultValue { resolved.defaultValue = defaultValue }
        return resolved
    }

    private mutating func compareNullability(
        _ oldNullable: Bool, _ newNullable: Bool, at place: PayloadPlace, here: SourceLocation, was: SourceLocation
    ) {
        if !oldNullable, newNullable {
            record(.wire, "\(place.description) may now be null: deployed clients refuse null", at: here, was: was)
        } else if oldNullable, !newNullable {
            record(
                .wire,
                "\(place.description) may no longer be null: new clients refuse the null of events sent before",
                at: here, was: was)
        }
    }

    private mutating func compareDefaults(
        _ oldDefault: JSONValue?, _ newDefault: JSONValue?, at place: PayloadPlace, here: SourceLocation,
        was: SourceLocation
    ) {
        switch (oldDefault, newDefault) {
        case (let oldDefault?, let newDefault?) where oldDefault != newDefault:
            record(
                .wire,
                "\(place.description) changed its default from \(oldDefault.rendered()) to \(newDefault.rendered()): clients of the two versions read an absent value differently",
                at: here, was: was)
        case (nil, let newDefault?):
            record(
                .compatible,
                "\(place.description) now defaults to \(newDefault.rendered()) when absent (deployed clients read it as absent)",
                at: here, was: was)
        case (let oldDefault?, nil):
            record(
                .compatible,
                "\(place.description) no longer defaults to \(oldDefault.rendered()) (deployed clients still do)",
                at: here, was: was)
        default: break
        }
    }

    private mutating func compareResolved(_ oldType: TypeSchema, _ newType: TypeSchema, at place: PayloadPlace) {
        let here = newType.location
        let was = oldType.location
        if oldType.constant?.value != newType.constant?.value {
            record(
                .wire,
                "\(place.description) changed its const from \(oldType.constant.map { $0.value.rendered() } ?? "none") to \(newType.constant.map { $0.value.rendered() } ?? "none"): one version refuses what the other sends",
                at: here, was: was)
        }
        if oldType.deprecation == nil, newType.deprecation != nil {
            record(.compatible, "\(place.description) is now deprecated", at: here)
        }

        switch (oldType.kind, newType.kind) {
        case (.string(let oldString), .string(let newString)):
            compare(oldString, newString, at: place, here: here, was: was)
        case (.integer(let oldInteger), .integer(let newInteger)):
            if oldInteger.format != newInteger.format {
                record(
                    .wire,
                    "\(place.description) changed from \(oldInteger.format.rawValue) to \(newInteger.format.rawValue): "
                        + (newInteger.format == .int64
                            ? "deployed clients refuse values past the 32-bit range"
                            : "new clients refuse the 64-bit values of events sent before"),
                    at: here, was: was)
            }
            compareBounds(
                "values", old: (oldInteger.minimum?.value, oldInteger.maximum?.value),
                new: (newInteger.minimum?.value, newInteger.maximum?.value), at: place, here: here, was: was)
        case (.number(let oldNumber), .number(let newNumber)):
            if oldNumber.format != newNumber.format {
                record(
                    .wire,
                    "\(place.description) changed from \(oldNumber.format.rawValue) to \(newNumber.format.rawValue): one version cannot hold what the other sends",
                    at: here, was: was)
            }
            compareBounds(
                "values", old: (oldNumber.minimum?.value, oldNumber.maximum?.value),
                new: (newNumber.minimum?.value, newNumber.maximum?.value), at: place, here: here, was: was)
        case (.boolean, .boolean):
            break
        case (.array(let oldArray), .array(let newArray)):
            compareBounds(
                "item counts", old: (oldArray.minItems?.value, oldArray.maxItems?.value),
                new: (newArray.minItems?.value, newArray.maxItems?.value), at: place, here: here, was: was)
            compare(oldArray.items, newArray.items, at: place.appendingElement())
        case (.map(let oldValues), .map(let newValues)):
            compare(oldValues, newValues, at: place.appending("*"))
        case (.object(let oldObject), .object(let newObject)):
            compare(oldObject, newObject, at: place, here: here, was: was)
        case (.oneOf(let oldUnion), .oneOf(let newUnion)):
            compare(oldUnion, newUnion, at: place, here: here, was: was)
        default:
            record(
                .wire,
                "\(place.description) changed from \(Self.kindName(oldType)) to \(Self.kindName(newType)): one version cannot read what the other sends",
                at: here, was: was)
        }
    }

    private mutating func compare(
        _ oldString: StringType, _ newString: StringType, at place: PayloadPlace, here: SourceLocation,
        was: SourceLocation
    ) {
        if oldString.format != newString.format {
            record(
                .wire,
                "\(place.description) changed its format from \(oldString.format?.rawValue ?? "none") to \(newString.format?.rawValue ?? "none"): one version refuses or misreads what the other sends",
                at: here, was: was)
        }
        switch (oldString.enumeration.map { $0.map(\.value) }, newString.enumeration.map { $0.map(\.value) }) {
        case (let oldValues?, let newValues?):
            compareValues("enum values", old: oldValues, new: newValues, at: place, here: here, was: was)
        case (nil, .some):
            record(
                .wire, "\(place.description) is now an enum: new clients refuse other strings of events sent before",
                at: here, was: was)
        case (.some, nil):
            record(
                .wire, "\(place.description) is no longer an enum: deployed clients refuse strings outside it",
                at: here, was: was)
        case (nil, nil): break
        }
        compareBounds(
            "lengths", old: (oldString.minLength?.value, oldString.maxLength?.value),
            new: (newString.minLength?.value, newString.maxLength?.value), at: place, here: here, was: was)
        if oldString.pattern?.value != newString.pattern?.value {
            record(
                .compatible,
                "\(place.description) changed its pattern (documentation only: no decoder checks it)",
                at: here, was: was)
        }
    }

    /// A closed set of values (an enum's, a union's tags): an added one breaks deployed clients,
    /// which refuse it; a removed one breaks new clients reading events sent before.
    private mutating func compareValues(
        _ what: String, old: [String], new: [String], at place: PayloadPlace, here: SourceLocation, was: SourceLocation
    ) {
        let added = new.filter { !old.contains($0) }
        let removed = old.filter { !new.contains($0) }
        if !added.isEmpty {
            record(
                .wire, "\(place.description) has new \(what) \(Self.list(added)): deployed clients refuse them",
                at: here, was: was)
        }
        if !removed.isEmpty {
            record(
                .wire,
                "\(place.description) lost \(what) \(Self.list(removed)): new clients refuse them in events sent before",
                at: here, was: was)
        }
    }

    /// Minimum and maximum: widening breaks deployed clients, which enforce the old bounds;
    /// narrowing breaks new clients reading events sent before.
    private mutating func compareBounds<Bound: Comparable & CustomStringConvertible>(
        _ what: String, old: (Bound?, Bound?), new: (Bound?, Bound?), at place: PayloadPlace, here: SourceLocation,
        was: SourceLocation
    ) {
        let widened =
            (old.0 != nil && (new.0 == nil || new.0! < old.0!)) || (old.1 != nil && (new.1 == nil || new.1! > old.1!))
        let narrowed =
            (new.0 != nil && (old.0 == nil || new.0! > old.0!)) || (new.1 != nil && (old.1 == nil || new.1! < old.1!))
        guard widened || narrowed else { return }
        let range = { (bounds: (Bound?, Bound?)) -> String in
            switch bounds {
            case (let minimum?, let maximum?): "\(minimum) to \(maximum)"
            case (let minimum?, nil): "at least \(minimum)"
            case (nil, let maximum?): "at most \(maximum)"
            case (nil, nil): "any"
            }
        }
        let consequence =
            switch (widened, narrowed) {
            case (true, true):
                "deployed clients refuse new values outside the old bounds, and new clients old values outside the new ones"
            case (true, false): "deployed clients refuse values outside the old bounds"
            default: "new clients refuse the values of events sent before that fall outside the new bounds"
            }
        record(
            .wire, "\(place.description) changed its \(what) from \(range(old)) to \(range(new)): \(consequence)",
            at: here, was: was)
    }

    private mutating func compare(
        _ oldObject: ObjectType, _ newObject: ObjectType, at place: PayloadPlace, here: SourceLocation,
        was: SourceLocation
    ) {
        for oldProperty in oldObject.properties
        where !newObject.properties.contains(where: { $0.name.value == oldProperty.name.value }) {
            let member = place.appending(oldProperty.name.value).description
            if oldProperty.isRequired {
                record(
                    .wire, "\(member) was removed, and it was required: deployed clients refuse events without it",
                    at: here, was: oldProperty.name.location)
            } else {
                record(
                    .source, "\(member) was removed: generated code that reads it no longer compiles",
                    at: here, was: oldProperty.name.location)
            }
        }
        for newProperty in newObject.properties {
            let memberPlace = place.appending(newProperty.name.value)
            guard let oldProperty = oldObject.properties.first(where: { $0.name.value == newProperty.name.value })
            else {
                if newProperty.isRequired {
                    record(
                        .wire,
                        "\(memberPlace.description) is new and required: new clients refuse events sent before without it",
                        at: newProperty.name.location)
                } else {
                    record(.compatible, "\(memberPlace.description) is new and optional", at: newProperty.name.location)
                }
                continue
            }
            if oldProperty.isRequired, !newProperty.isRequired {
                record(
                    .wire,
                    "\(memberPlace.description) is no longer required: deployed clients refuse events without it",
                    at: newProperty.name.location, was: oldProperty.name.location)
            } else if !oldProperty.isRequired, newProperty.isRequired {
                record(
                    .wire,
                    "\(memberPlace.description) is now required: new clients refuse events sent before without it",
                    at: newProperty.name.location, was: oldProperty.name.location)
            }
            compare(oldProperty.schema, newProperty.schema, at: memberPlace)
        }
        // Generated initializers take the properties in the order written.
        let kept = Set(oldObject.properties.map(\.name.value)).intersection(newObject.properties.map(\.name.value))
        let oldOrder = oldObject.properties.map(\.name.value).filter(kept.contains)
        let newOrder = newObject.properties.map(\.name.value).filter(kept.contains)
        if oldOrder != newOrder {
            record(
                .source,
                "\(place.description) reordered its properties: the generated Swift initializer takes its arguments in the new order",
                at: here, was: was)
        }
    }

    private mutating func compare(
        _ oldUnion: OneOfType, _ newUnion: OneOfType, at place: PayloadPlace, here: SourceLocation, was: SourceLocation
    ) {
        if oldUnion.propertyName.value != newUnion.propertyName.value {
            record(
                .wire,
                "\(place.description) changed its discriminator from '\(oldUnion.propertyName.value)' to '\(newUnion.propertyName.value)': one version cannot tell the other's alternatives apart",
                at: newUnion.propertyName.location, was: oldUnion.propertyName.location)
            return
        }
        compareValues(
            "alternatives", old: oldUnion.members.map(\.tag.value), new: newUnion.members.map(\.tag.value), at: place,
            here: here, was: was)
        for newMember in newUnion.members {
            guard let oldMember = oldUnion.members.first(where: { $0.tag.value == newMember.tag.value }),
                let oldNamed = old.type(named: oldMember.typeName.value),
                let newNamed = new.type(named: newMember.typeName.value)
            else { continue }
            var oldReference = oldNamed.schema
            oldReference.kind = .reference(oldMember.typeName)
            oldReference.location = oldMember.typeName.location
            var newReference = newNamed.schema
            newReference.kind = .reference(newMember.typeName)
            newReference.location = newMember.typeName.location
            oldReference.isNullable = false
            newReference.isNullable = false
            oldReference.defaultValue = nil
            newReference.defaultValue = nil
            compare(
                oldReference, newReference,
                at: place.appending("(\(newUnion.propertyName.value): \(newMember.tag.value))"))
        }
    }

    static func kindName(_ type: TypeSchema) -> String {
        switch type.kind {
        case .string(let string): string.format.map { "a string (\($0.rawValue))" } ?? "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "a boolean"
        case .array: "an array"
        case .object: "an object"
        case .map: "a map"
        case .reference(let name): "type '\(name.value)'"
        case .oneOf: "a union"
        }
    }

    static func list(_ values: [String]) -> String {
        values.map { "'\($0)'" }.joined(separator: ", ")
    }
}
