internal import Yams

/// What a YAML scalar means: YAML 1.1's core types, as Yams' default resolver reads them
/// (`yes` is a boolean, `0x1F` an integer, `~` null), but without a regular expression per
/// scalar. The loader composes with Yams' basic resolver, which leaves every scalar a string,
/// and the parser asks here only where the format expects something else; that halves the time
/// to load a large schema.
enum ScalarValue: Equatable {
    case null
    case boolean(Bool)
    case integer(Int)
    /// An integer written in YAML's integer syntax but too large for `Int`.
    case integerOutOfRange(String)
    case number(Double)
    case string(String)

    init(_ scalar: Node.Scalar) {
        let text = scalar.string
        // Quoted and block scalars, and `!`-tagged ones, are strings whatever they hold.
        guard scalar.style == .plain || scalar.style == .any, scalar.tag.rawValue != Tag.Name.nonSpecific.rawValue
        else {
            self = .string(text)
            return
        }
        switch text {
        case "", "~", "null", "Null", "NULL":
            self = .null
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
            self = .boolean(true)
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
            self = .boolean(false)
        default:
            if Self.isInteger(text) {
                self = Int.construct(from: scalar).map(ScalarValue.integer) ?? .integerOutOfRange(text)
            } else if Self.isFloat(text), let value = Double.construct(from: scalar) {
                self = .number(value)
            } else {
                self = .string(text)
            }
        }
    }

    /// The node's meaning, or `nil` for a mapping, a sequence or an alias.
    init?(_ node: Node) {
        guard case .scalar(let scalar) = node else { return nil }
        self.init(scalar)
    }

    // MARK: - YAML 1.1 syntax

    /// `[-+]?(0b[01_]+ | 0o?[0-7_]+ | 0 | [1-9][0-9_]* | 0x[0-9a-fA-F_]+ | [1-9][0-9_]*(:[0-5]?[0-9])+)`
    static func isInteger(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        guard let first = body.first else { return false }
        func all(_ characters: Substring, in allowed: (Character) -> Bool) -> Bool {
            !characters.isEmpty && characters.allSatisfy(allowed)
        }
        if body.hasPrefix("0b") { return all(body.dropFirst(2)) { $0 == "0" || $0 == "1" || $0 == "_" } }
        if body.hasPrefix("0x") { return all(body.dropFirst(2)) { $0.isHexDigit || $0 == "_" } }
        if body == "0" { return true }
        if first == "0" {
            let octal = body.dropFirst().hasPrefix("o") ? body.dropFirst(2) : body.dropFirst()
            return all(octal) { ("0"..."7").contains($0) || $0 == "_" }
        }
        guard ("1"..."9").contains(first) else { return false }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard parts[0].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }) else { return false }
        return parts.dropFirst().allSatisfy(isSexagesimalDigits)
    }

    /// `[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)? | \.[0-9_]+([eE][-+][0-9]+)? |
    /// [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)`
    static func isFloat(_ text: String) -> Bool {
        if [".nan", ".NaN", ".NAN"].contains(text) { return true }
        var body = Substring(text)
        let signed = body.first == "-" || body.first == "+"
        if signed { body = body.dropFirst() }
        if [".inf", ".Inf", ".INF"].contains(body) { return true }
        func digits(_ part: Substring, underscores: Bool = true) -> Bool {
            part.allSatisfy { $0.isASCII && ($0.isNumber || (underscores && $0 == "_")) }
        }
        var mantissa = body
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = body[..<e]
            var exponent = body[body.index(after: e)...]
            let exponentSigned = exponent.first == "-" || exponent.first == "+"
            if exponentSigned { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, digits(exponent, underscores: false) else { return false }
            // `.5e3` needs a signed exponent in YAML 1.1's pattern.
            if mantissa.first == ".", !exponentSigned { return false }
        }
        if mantissa.first == "." {
            return !signed && mantissa.count > 1 && digits(mantissa.dropFirst())
        }
        guard let first = mantissa.first, first.isASCII, first.isNumber else { return false }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0].split(separator: ":", omittingEmptySubsequences: false)
        guard digits(whole[0]) else { return false }
        if whole.count > 1 {  // sexagesimal: needs the fraction and no exponent
            return parts.count == 2 && mantissa.count == body.count && whole.dropFirst().allSatisfy(isSexagesimalDigits)
                && digits(parts[1])
        }
        return parts.count == 1 || digits(parts[1])
    }

    private static func isSexagesimalDigits(_ part: Substring) -> Bool {
        guard (1...2).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return part.count == 1 || ("0"..."5").contains(part.first!)
    }
}
