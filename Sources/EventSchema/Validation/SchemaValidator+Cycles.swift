extension SchemaValidator {
    // MARK: - Cycles

    /// A type whose every value would contain another value of itself (through required,
    /// non-null properties, `$ref`s and `oneOf`s whose every alternative does) has no finite
    /// value, and no Swift struct can hold it. An optional, nullable, array or map step breaks
    /// the cycle.
    mutating func checkCycles() {
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

    func isInhabited(_ type: TypeSchema, given inhabited: Set<String>) -> Bool {
        func inhabits(_ held: InPlaceHolding) -> Bool {
            switch held {
            case .type(let name, _): resolve(name) == nil || inhabited.contains(name)
            case .all(let members): members.allSatisfy(inhabits)
            case .oneOf(let alternatives): alternatives.contains(where: inhabits)
            case .maybe: true
            }
        }
        return inhabits(typeIndex.holding(type))
    }

    /// The named types a value of `type` cannot do without, with the step that needs each.
    func requiredReferences(of type: TypeSchema) -> [(type: String, via: String)] {
        typeIndex.holding(type).types(includingOptional: false, throughUnions: true).map { ($0.name, $0.path) }
    }

    /// A cycle among the types without a finite value, reached from `start`.
    func findCycle(from start: String, avoiding inhabited: Set<String>) -> [(type: String, via: String)]? {
        var path: [(type: String, via: String)] = []
        var visited: Set<String> = []
        func visit(_ name: String) -> [(type: String, via: String)]? {
            if let index = path.firstIndex(where: { $0.type == name }) { return Array(path[index...]) }
            guard visited.insert(name).inserted, let type = resolve(name) else { return nil }
            for next in requiredReferences(of: type.schema) where !inhabited.contains(next.type) {
                path.append((name, next.via))
                if let cycle = visit(next.type) { return cycle }
                path.removeLast()
            }
            return nil
        }
        return visit(start)
    }
}
