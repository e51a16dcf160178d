import Testing
import Yams

@testable import EventSchema

/// Scalars are read as YAML 1.1 reads them, the way Yams' default resolver does, without its
/// regular expressions: a differential test against that resolver.
@Suite("Scalar values")
struct ScalarValueTests {
    static let scalars = [
        "", "~", "null", "Null", "NULL", "nul", "yes", "Yes", "YES", "yEs", "no", "true", "False", "on", "OFF", "y",
        "0", "1", "-1", "+1", "12_000", "0b101", "0b", "0o17", "017", "08", "0x1F", "0xG", "1:30", "1:60", "1:5:9",
        "9223372036854775807", "9223372036854775808", "1.5", "-1.5", "1.", ".5", ".5e3", ".5e+3", "1e3", "1e+3",
        "1E-3", "1_0.5", "1:30.5", "1:30.", ".inf", "-.inf", "+.Inf", ".nan", ".NaN", "nan", "inf", "1e", "e3",
        "1.2.3", "--1", "+", "-", ".", "1a", "text", "2026-11-25", "<<", "=", "0.0", "00", "-0",
    ]

    @Test("plain scalars: the same kind as Yams' default resolver", arguments: scalars)
    func plain(_ text: String) {
        let scalar = Node.Scalar(text, .implicit, .plain)
        let expected = Resolver.default.resolveTag(of: Node.scalar(scalar))
        let kind: Yams.Tag.Name =
            switch ScalarValue(scalar) {
            case .null: .null
            case .boolean: .bool
            case .integer, .integerOutOfRange: .int
            case .number: .float
            case .string: .str
            }
        // Timestamps, `<<` and `=` are strings to the schema format.
        let expectedKind = [Yams.Tag.Name.timestamp, .merge, .value].contains(expected) ? .str : expected
        #expect(kind == expectedKind, "\(text)")
    }

    @Test("values")
    func values() {
        #expect(ScalarValue(Node.Scalar("0x1F", .implicit, .plain)) == .integer(31))
        #expect(ScalarValue(Node.Scalar("12_000", .implicit, .plain)) == .integer(12_000))
        #expect(ScalarValue(Node.Scalar("1e3", .implicit, .plain)) == .number(1000))
        #expect(
            ScalarValue(Node.Scalar("99999999999999999999", .implicit, .plain))
                == .integerOutOfRange("99999999999999999999"))
        #expect(ScalarValue(Node.Scalar("yes", .implicit, .doubleQuoted)) == .string("yes"))
        #expect(ScalarValue(Node.Scalar("1", .implicit, .singleQuoted)) == .string("1"))
        #expect(ScalarValue(Node.Scalar("1", .init(.nonSpecific), .plain)) == .string("1"))
    }
}
