// Numbers: RFC 8259 section 6, `number = [ minus ] int [ frac ] [ exp ]`, with
// `int = zero / ( digit1-9 *DIGIT )`. Integers are read exactly; a number with a fraction or
// an exponent is an integer when its value is one (`1.0`, `1e2`), as JSON writers may write them.

extension JSONReader {
    /// A number's parts: its significant digits (up to 19, as an integer), the power of ten
    /// they are scaled by, and its sign.
    @usableFromInline
    struct NumberToken {
        var start: Int
        var end: Int
        var isNegative: Bool
        /// The first 19 significant digits, leading zeros dropped.
        var significand: UInt64 = 0
        var significantDigits = 0
        /// Whether digits past the 19th were dropped; `nonZeroDropped` if any of them was not 0.
        var nonZeroDropped = false
        /// The value is `significand × 10^exponent` (exactly so unless digits were dropped).
        var exponent = 0
    }

    /// Reads a 64-bit integer.
    public mutating func readInt64() throws(JSONPayloadError) -> Int64 {
        let first = try startValue()
        guard first == UInt8(ascii: "-") || Self.isDigit(first) else {
            throw mismatch(expected: "an integer", found: first)
        }
        // The common case: up to 18 digits, no fraction, no exponent.
        let isNegative = first == UInt8(ascii: "-")
        var cursor = isNegative ? index + 1 : index
        let digitsStart = cursor
        var value: Int64 = 0
        while cursor < bytes.count, cursor - digitsStart < 18, Self.isDigit(bytes[cursor]) {
            value = value &* 10 &+ Int64(bytes[cursor] &- UInt8(ascii: "0"))
            cursor += 1
        }
        let digits = cursor - digitsStart
        let followedByNumber =
            cursor < bytes.count
            && (Self.isDigit(bytes[cursor]) || bytes[cursor] == UInt8(ascii: ".")
                || bytes[cursor] | 0x20 == UInt8(ascii: "e"))
        if digits > 0, !followedByNumber, digits == 1 || bytes[digitsStart] != UInt8(ascii: "0") {
            index = cursor
            return isNegative ? -value : value
        }
        return try exactInteger(try scanNumber(), bits: 64)
    }

    /// Reads a 32-bit integer.
    public mutating func readInt32() throws(JSONPayloadError) -> Int32 {
        let value = try readInt64()
        guard let narrowed = Int32(exactly: value) else {
            throw invalid("\(value) does not fit in a 32-bit integer")
        }
        return narrowed
    }

    /// Reads a number as the nearest `Double`; one too large for it, or too small to be told
    /// from zero, is refused.
    public mutating func readDouble() throws(JSONPayloadError) -> Double {
        let first = try startValue()
        guard first == UInt8(ascii: "-") || Self.isDigit(first) else {
            throw mismatch(expected: "a number", found: first)
        }
        let token = try scanNumber()
        let value: Double
        // Exact when the significand and the power of ten are both exact doubles (Clinger).
        if !token.nonZeroDropped, token.significand < 1 << 53, (-22...22).contains(token.exponent) {
            let significand = Double(token.significand)
            value =
                token.exponent < 0
                ? significand / Self.powersOfTen[-token.exponent] : significand * Self.powersOfTen[token.exponent]
        } else {
            // The standard library's conversion rounds correctly; the text is valid JSON,
            // which it accepts.
            let digits = token.isNegative ? token.start + 1 : token.start
            value = Double(String(utf8: UnsafeRawBufferPointer(rebasing: bytes[digits..<token.end]))) ?? .nan
        }
        guard value.isFinite, value != 0 || token.significand == 0 else {
            throw invalid(
                "\(String(decoding: bytes[token.start..<token.end], as: UTF8.self)) is out of the range of a 64-bit floating-point number"
            )
        }
        return token.isNegative ? -value : value
    }

    /// Reads a number as the nearest `Float`.
    public mutating func readFloat() throws(JSONPayloadError) -> Float {
        let value = try readDouble()
        let narrowed = Float(value)
        guard narrowed.isFinite, narrowed != 0 || value == 0 else {
            throw invalid("\(value) is out of the range of a 32-bit floating-point number")
        }
        return narrowed
    }

    @usableFromInline
    static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    @inline(__always)
    @usableFromInline
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Reads a number's text at ``index`` by the RFC's grammar, and its parts.
    @usableFromInline
    mutating func scanNumber() throws(JSONPayloadError) -> NumberToken {
        var token = NumberToken(start: index, end: index, isNegative: false)
        var cursor = index
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "-") {
            token.isNegative = true
            cursor += 1
        }
        func addDigit(_ byte: UInt8, _ token: inout NumberToken) {
            let digit = UInt64(byte - UInt8(ascii: "0"))
            if token.significantDigits < 19 {
                token.significand = token.significand * 10 + digit
                token.significantDigits += 1
            } else {
                token.exponent += 1
                if digit != 0 { token.nonZeroDropped = true }
            }
        }
        // int
        guard cursor < bytes.count, Self.isDigit(bytes[cursor]) else {
            throw malformed("a number needs a digit after '-'", at: cursor)
        }
        if bytes[cursor] == UInt8(ascii: "0") {
            cursor += 1
            if cursor < bytes.count, Self.isDigit(bytes[cursor]) {
                throw malformed("a number cannot start with 0 followed by digits", at: token.start)
            }
        } else {
            while cursor < bytes.count, Self.isDigit(bytes[cursor]) {
                addDigit(bytes[cursor], &token)
                cursor += 1
            }
        }
        // frac
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            guard cursor < bytes.count, Self.isDigit(bytes[cursor]) else {
                throw malformed("a number needs a digit after '.'", at: cursor)
            }
            while cursor < bytes.count, Self.isDigit(bytes[cursor]) {
                let digit = UInt64(bytes[cursor] - UInt8(ascii: "0"))
                if token.significantDigits == 0, digit == 0 {
                    token.exponent -= 1  // 0.05: a zero before the first significant digit
                } else if token.significantDigits < 19 {
                    token.significand = token.significand * 10 + digit
                    token.significantDigits += 1
                    token.exponent -= 1
                } else if digit != 0 {
                    token.nonZeroDropped = true
                }
                cursor += 1
            }
        }
        // exp
        if cursor < bytes.count, bytes[cursor] | 0x20 == UInt8(ascii: "e") {
            cursor += 1
            var exponentIsNegative = false
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") {
                exponentIsNegative = bytes[cursor] == UInt8(ascii: "-")
                cursor += 1
            }
            guard cursor < bytes.count, Self.isDigit(bytes[cursor]) else {
                throw malformed("a number needs a digit in its exponent", at: cursor)
            }
            var exponent = 0
            while cursor < bytes.count, Self.isDigit(bytes[cursor]) {
                // Saturates: no number we read has an exponent anywhere near this.
                exponent = Swift.min(exponent * 10 + Int(bytes[cursor] - UInt8(ascii: "0")), 1_000_000)
                cursor += 1
            }
            token.exponent += exponentIsNegative ? -exponent : exponent
        }
        token.end = cursor
        index = cursor
        return token
    }

    /// The integer a number's value is, or an error when it has a fraction or does not fit.
    mutating func exactInteger(_ token: NumberToken, bits: Int) throws(JSONPayloadError) -> Int64 {
        let text = String(decoding: bytes[token.start..<token.end], as: UTF8.self)
        var significand = token.significand
        var exponent = token.exponent
        while exponent < 0, significand != 0, significand % 10 == 0 {
            significand /= 10
            exponent += 1
        }
        guard significand == 0 || (exponent >= 0 && !token.nonZeroDropped) else {
            throw invalid(
                token.nonZeroDropped && exponent >= 0
                    ? "\(text) does not fit in a \(bits)-bit integer" : "expected an integer, found \(text)")
        }
        var magnitude = significand
        if significand != 0 {
            for _ in 0..<exponent {
                let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                guard !overflow else { throw invalid("\(text) does not fit in a \(bits)-bit integer") }
                magnitude = product
            }
        }
        let limit: UInt64 = token.isNegative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard magnitude <= limit else { throw invalid("\(text) does not fit in a \(bits)-bit integer") }
        return token.isNegative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
    }
}
