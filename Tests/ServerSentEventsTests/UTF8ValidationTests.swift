import Testing

@testable import ServerSentEvents

/// The decoder's UTF-8 check against the standard library's, which defines the answer: a string
/// made from bytes the check wrongly called well-formed would break `String`'s invariants.
@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    /// What the check must answer, by the standard library.
    static func expected(_ bytes: [UInt8]) -> UTF8Validation.Result {
        if bytes.allSatisfy({ $0 < 0x80 }) { return .ascii }
        return String(validating: bytes, as: UTF8.self) == nil ? .illFormed : .wellFormed
    }

    static func validate(_ bytes: [UInt8]) -> UTF8Validation.Result {
        bytes.withUnsafeBytes(UTF8Validation.validate)
    }

    @Test("every sequence of one and two bytes")
    func oneAndTwoBytes() {
        var mismatches: [[UInt8]] = []
        for first in 0...255 {
            let one = [UInt8(first)]
            if Self.validate(one) != Self.expected(one) { mismatches.append(one) }
            for second in 0...255 {
                let two = [UInt8(first), UInt8(second)]
                if Self.validate(two) != Self.expected(two) { mismatches.append(two) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("every three-byte sequence that starts with a lead of three (E0..EF)")
    func threeBytes() {
        var mismatches: [[UInt8]] = []
        for first in 0xE0...0xEF {
            for second in 0...255 {
                for third in 0...255 {
                    let bytes = [UInt8(first), UInt8(second), UInt8(third)]
                    if Self.validate(bytes) != Self.expected(bytes) { mismatches.append(bytes) }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("four-byte sequences: every lead of four and second byte, continuations at their edges")
    func fourBytes() {
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x81, 0xBE, 0xBF, 0xC0, 0xC2, 0xF0, 0xFF]
        var mismatches: [[UInt8]] = []
        for first in 0xF0...0xF7 {
            for second in 0...255 {
                for third in edges {
                    for fourth in edges {
                        let bytes = [UInt8(first), UInt8(second), third, fourth]
                        if Self.validate(bytes) != Self.expected(bytes) { mismatches.append(bytes) }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    /// Runs of ASCII long enough to cross the 16- and 128-byte steps, around characters and
    /// broken sequences, so that every one falls before, on and past a block's edge.
    @Test("sequences anywhere in runs of ASCII", arguments: UInt64(1)...8)
    func sequencesInASCII(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let pieces: [[UInt8]] =
            ["é", "€", "👍", "\u{7F}", "\u{10FFFF}"].map { Array($0.utf8) }
            + [[0x80], [0xC0, 0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF]]
            + [1, 7, 8, 15, 16, 17, 63, 64, 112, 127, 128, 129, 300].map { [UInt8](repeating: 0x61, count: $0) }
        var mismatches: [[UInt8]] = []
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...8, using: &generator) {
                bytes += pieces.randomElement(using: &generator)!
            }
            if Self.validate(bytes) != Self.expected(bytes) { mismatches.append(bytes) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test("strings the decoder makes equal the standard library's, repairs included", arguments: UInt64(1)...4)
    func stringsAgree(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let alphabet: [UInt8] = [0x00, 0x61, 0x7F, 0x80, 0xA0, 0xBF, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xFF]
        for _ in 0..<2_000 {
            var bytes = [UInt8](repeating: 0x61, count: Int.random(in: 0...200, using: &generator))
            for _ in 0..<Int.random(in: 0...4, using: &generator) where !bytes.isEmpty {
                bytes[Int.random(in: bytes.indices, using: &generator)] = alphabet.randomElement(using: &generator)!
            }
            let made = bytes.withUnsafeBytes { String(utf8: $0) }
            let expected = String(decoding: bytes, as: UTF8.self)
            #expect(made == expected)
            #expect(Array(made.utf8) == Array(expected.utf8), "\(bytes)")
        }
    }
}
