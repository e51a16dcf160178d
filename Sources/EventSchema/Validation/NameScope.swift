/// The identifiers already taken in one scope of generated code (the types of a namespace, the
/// cases of an enum, the handlers of a stream…), to find schema names that collide after
/// conversion by the naming authority.
struct NameScope {
    /// Who took an identifier.
    struct Claim {
        /// "event 'userJoined'"; for a name the generated code uses itself, why it is taken.
        var owner: String
        /// Where the owner is declared; `nil` for names the generated code itself uses.
        var location: SourceLocation?
    }

    /// "Swift case", "JavaScript handler"…
    var what: String
    private var claims: [String: Claim] = [:]

    /// - Parameter reserved: Identifiers the generated code uses itself, each with why.
    init(_ what: String, reserved: [String: String] = [:]) {
        self.what = what
        for (identifier, reason) in reserved { claims[identifier] = Claim(owner: reason, location: nil) }
    }

    /// Takes `identifier` for `owner`, or returns who already has it.
    mutating func claim(_ identifier: String, owner: String, at location: SourceLocation) -> Claim? {
        if let existing = claims[identifier] { return existing }
        claims[identifier] = Claim(owner: owner, location: location)
        return nil
    }
}
