import Foundation
import Testing

@_spi(Generated) @testable import ServerSentEvents

/// The runtime's JSON reader and writer on their own: RFC 8259 exactly, positioned errors with
/// paths, and the bytes `JSONEncoder` writes.
@Suite("JSON reader and writer")
struct JSONReaderTests {
    /// Reads `text` with `body`, or returns the error's reason as a payload error would say it.
    func read<Value>(
        _ text: String, _ body: (inout JSONReader) throws(JSONPayloadError) -> Value
    ) -> Outcome<Value> {
        var text = text
        return text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            do throws(JSONPayloadError) {
                return .value(try JSONReader.read(bytes, body))
            } catch {
                return .refused(EventPayloadJSON.describe(error, in: bytes))
            }
        }
    }

    /// Every value of `text`, as a tree, through the reader's own API.
    func tree(_ text: String) -> Outcome<String> {
        read(text) { (reader) throws(JSONPayloadError) in try Self.tree(&reader) }
    }

    static func tree(_ reader: inout JSONReader) throws(JSONPayloadError) -> String {
        switch try reader.startValue() {
        case UInt8(ascii: "{"):
            try reader.beginObject()
            var members: [String] = []
            while let key = try reader.nextMember() { members.append("\(key.string)=\(try tree(&reader))") }
            return "{" + members.joined(separator: ",") + "}"
        case UInt8(ascii: "["):
            try reader.beginArray()
            var items: [String] = []
            while try reader.nextElement() { items.append(try tree(&reader)) }
            return "[" + items.joined(separator: ",") + "]"
        case UInt8(ascii: "\""): return "s:" + (try reader.readString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "b:\(try reader.readBool())"
        case UInt8(ascii: "n"):
            _ = try reader.readNull()
            return "null"
        default: return "d:\(try reader.readDouble())"
        }
    }

    @Test("RFC 8259 texts read; whitespace anywhere between tokens")
    func valid() {
        #expect(
            tree(#" { "a" : [ 1 , -0.5e1 , true , null ] , "b" : { } , "c" : [ ] } "#).get
                == "{a=[d:1.0,d:-5.0,b:true,null],b={},c=[]}")
        #expect(tree("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"").get == "s:\"\\/\u{8}\u{C}\n\r\té😀")
        #expect(tree("\"é😀\u{7F}\"").get == "s:é😀\u{7F}")
        #expect(tree("0").get == "d:0.0")
        #expect(tree("-0").get == "d:-0.0")
        #expect(tree("1E+2").get == "d:100.0")
    }

    @Test(
        "what RFC 8259 does not allow is refused, at the byte where it goes wrong",
        arguments: [
            ("[1,]", "at [1]: invalid JSON at byte 3: ']' cannot start a JSON value"),
            (#"{"a":1,}"#, "invalid JSON at byte 7: expected a member name in double quotes, found '}'"),
            ("[01]", "at [0]: invalid JSON at byte 1: a number cannot start with 0 followed by digits"),
            ("[1.]", "invalid JSON at byte 3: a number needs a digit after '.'"),
            ("[.5]", "at [0]: invalid JSON at byte 1: '.' cannot start a JSON value"),
            ("[+1]", "at [0]: invalid JSON at byte 1: '+' cannot start a JSON value"),
            ("[NaN]", "at [0]: invalid JSON at byte 1: 'N' cannot start a JSON value"),
            ("[1] x", "invalid JSON at byte 4: unexpected 'x' after the JSON value"),
            ("\u{FEFF}[1]", "invalid JSON at byte 0: byte 0xEF cannot start a JSON value"),
            ("[\"a\tb\"]", "at [0]: invalid JSON at byte 3: control character U+0009 must be escaped in a string"),
            (#"["\ud800"]"#, #"at [0]: invalid JSON at byte 2: a lone surrogate \uD800"#),
            (#"["\udc00\ud800"]"#, #"at [0]: invalid JSON at byte 2: a lone surrogate \uDC00"#),
            (#"["\ud800\u0041"]"#, #"at [0]: invalid JSON at byte 2: a lone surrogate \uD800"#),
            (#"["\x"]"#, #"at [0]: invalid JSON at byte 2: \'x' is not an escape"#),
            (#"["\u12"]"#, #"at [0]: invalid JSON at byte 2: \u needs four hexadecimal digits"#),
            (#"{"a" 1}"#, "invalid JSON at byte 5: expected ':' after a member name, found '1'"),
            (#"{"a":1 "b":2}"#, "invalid JSON at byte 7: expected ',' or '}' in an object, found '\"'"),
            ("[tru]", "at [0]: invalid JSON at byte 1: 't' cannot start a JSON value"),
            ("[\"abc", "at [0]: invalid JSON at byte 1: a string never ends"),
            ("", "invalid JSON at byte 0: the JSON ends where a value should be"),
            (#"{"a":[1,2"#, "at a: invalid JSON at byte 9: the JSON ends inside an array"),
            ("[1e400]", "at [0]: 1e400 is out of the range of a 64-bit floating-point number"),
            ("[-1e-400]", "at [0]: -1e-400 is out of the range of a 64-bit floating-point number"),
        ])
    func refused(text: String, reason: String) {
        #expect(tree(text).error == reason)
    }

    @Test("invalid UTF-8 is refused where it starts, in values and in member names")
    func invalidUTF8() {
        for (bytes, offset) in [
            ([0x5B, 0x22, 0xFF, 0x22, 0x5D] as [UInt8], 2),
            ([0x5B, 0x22, 0x61, 0xED, 0xA0, 0x80, 0x22, 0x5D], 3),  // a surrogate, UTF-8 encoded
            ([0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D], 2),  // an overlong '/'
            ([0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D], 2),  // a cut sequence in a name
            ([0x5B, 0x22, 0x5C, 0x6E, 0xF4, 0x90, 0x80, 0x80, 0x22, 0x5D], 4),  // past U+10FFFF, after an escape
        ] {
            let reason = bytes.withUnsafeBytes { bytes in
                do throws(JSONPayloadError) {
                    _ = try JSONReader.read(bytes) { (reader) throws(JSONPayloadError) in try Self.tree(&reader) }
                    return "read"
                } catch {
                    return error.isMalformed ? "\(error.offset): \(error.message)" : "mismatch"
                }
            }
            #expect(reason == "\(offset): a string is not valid UTF-8")
        }
    }

    @Test("nesting deeper than the limit is refused, also inside values that are skipped")
    func depth() {
        let deep =
            String(repeating: "[", count: JSONReader.maximumDepth + 1)
            + String(repeating: "]", count: JSONReader.maximumDepth + 1)
        #expect(tree(deep).error?.hasSuffix("arrays and objects nest deeper than 128") == true)
        let allowed =
            String(repeating: "[", count: JSONReader.maximumDepth)
            + String(repeating: "]", count: JSONReader.maximumDepth)
        #expect(tree(allowed).get != nil)
        let skipped = read(#"{"unknown":"# + deep + "}") { (reader) throws(JSONPayloadError) in
            try reader.beginObject()
            while try reader.nextMember() != nil { try reader.skipValue() }
        }
        #expect(skipped.error?.hasSuffix("arrays and objects nest deeper than 128") == true)
    }

    @Test("integers: exact, in range, with a fraction or exponent only when the value is whole")
    func integers() {
        func int64(_ text: String) -> Outcome<Int64> {
            read(text) { (reader) throws(JSONPayloadError) in try reader.readInt64() }
        }
        #expect(int64("9223372036854775807").get == .max)
        #expect(int64("-9223372036854775808").get == .min)
        #expect(int64("1.0").get == 1)
        #expect(int64("1e2").get == 100)
        #expect(int64("1.50e1").get == 15)
        #expect(int64("100000000000000000000e-2").get == 1_000_000_000_000_000_000)
        #expect(int64("-0").get == 0)
        #expect(int64("9223372036854775808").error == "9223372036854775808 does not fit in a 64-bit integer")
        #expect(int64("1e19").error == "1e19 does not fit in a 64-bit integer")
        #expect(int64("1.5").error == "expected an integer, found 1.5")
        #expect(int64("1e-2").error == "expected an integer, found 1e-2")
        #expect(int64("\"1\"").error == "expected an integer, found a string")
        #expect(
            read("2147483648") { (reader) throws(JSONPayloadError) in try reader.readInt32() }.error
                == "2147483648 does not fit in a 32-bit integer")
    }

    @Test("doubles read as the nearest value, as Swift's own parser rounds")
    func doubles() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let value = Double(bitPattern: generator.next() & ~(0x7FF << 52) | (UInt64.random(in: 900...1150) << 52))
            for text in [value.description, String(format: "%.17g", value), String(format: "%.3e", value)] {
                let read = read(text) { (reader) throws(JSONPayloadError) in try reader.readDouble() }
                #expect(read.get == Double(text), "\(text)")
            }
        }
        for text in [
            "0.1", "123456789012345678901234567890", "4.9e-324", "1.7976931348623157e308", "0.000001", "2.5e-5",
        ] {
            #expect(read(text) { (reader) throws(JSONPayloadError) in try reader.readDouble() }.get == Double(text))
        }
    }

    @Test("a member named twice: the last one wins, as in JSON.parse")
    func duplicates() {
        let last = read(#"{"a":1,"a":2}"#) { (reader) throws(JSONPayloadError) -> Int64? in
            try reader.beginObject()
            var value: Int64?
            while let key = try reader.nextMember() {
                if "a" ~= key { value = try reader.readInt64() } else { try reader.skipValue() }
            }
            return value
        }
        #expect(last.get == 2)
    }

    @Test("a member name with escapes matches its unescaped name")
    func escapedNames() {
        let found = read(#"{"\u0070rice":"1","p\"q":"2"}"#) { (reader) throws(JSONPayloadError) -> [String] in
            try reader.beginObject()
            var found: [String] = []
            while let key = try reader.nextMember() {
                switch key {
                case "price": found.append("price=" + (try reader.readString()))
                case "p\"q": found.append("p\"q=" + (try reader.readString()))
                default: try reader.skipValue()
                }
            }
            return found
        }
        #expect(found.get == ["price=1", "p\"q=2"])
    }

    @Test("paths: members, items and nested containers, from the text before the value")
    func paths() {
        for (prefix, path) in [
            ("", ""), (#"{"a":"#, "a"), (#"{"a":1,"#, ""), (#"{"a":[1,"#, "a[1]"), (#"{"a":[{"b":"x","c":"#, "a[0].c"),
            (#"[["#, "[0][0]"), (#"[[1],[2,"#, "[1][1]"), (#"{"a":"x"#, "a"), (#"{"a\"b":"#, "a\"b"),
            (#"{"a":{"b":1}"#, ""),
            (#"{"ab"#, ""),
        ] {
            var text = prefix
            let found = text.withUTF8 { JSONPath.path(at: UnsafeRawBufferPointer($0)) }
            #expect(found == path, "\(prefix)")
        }
    }

    @Test("the writer: JSONEncoder's bytes for strings, numbers, dates and map order")
    func writer() throws {
        let encoder = EventPayloadJSON.makeEncoder()
        var control = ""
        for scalar in 0..<0x80 { control.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        let strings = [control, "\u{2028}\u{2029}é😀/\\\"", ""]
        let doubles: [Double] = [
            1, 0.1, 1e-7, 1e16, 1e21, 1.2345678901234568e20, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            100, 2.5e-5, -3.25,
        ]
        let floats: [Float] = [0.1, 1e10, .greatestFiniteMagnitude, 3]
        let dates = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_764_057_600.25),
            Date(timeIntervalSince1970: -1.5),
        ]
        let map = ["b": 1, "a": 2, "B": 3, "_": 4, "é": 5, "a1": 6, "a10": 7, "😀": 8, "\u{FFFF}": 9, "e\u{301}x": 10]
        var writer = JSONWriter()
        writer.beginArray()
        for string in strings { writer.write(string) }
        for double in doubles { try writer.write(double) }
        for float in floats { try writer.write(float) }
        for date in dates { writer.write(date) }
        writer.write(Int64.min)
        writer.write(Int32.max)
        writer.write(true)
        writer.writeNull()
        writer.beginObject()
        for (key, value) in JSONWriter.sorted(map) {
            writer.key(key)
            writer.write(Int64(value))
        }
        writer.endObject()
        writer.endArray()
        struct Mixed: Encodable {
            let strings: [String], doubles: [Double], floats: [Float], dates: [Date], map: [String: Int]
            func encode(to encoder: any Encoder) throws {
                var container = encoder.unkeyedContainer()
                for string in strings { try container.encode(string) }
                for double in doubles { try container.encode(double) }
                for float in floats { try container.encode(float) }
                for date in dates { try container.encode(date) }
                try container.encode(Int64.min)
                try container.encode(Int32.max)
                try container.encode(true)
                try container.encodeNil()
                try container.encode(map)
            }
        }
        let expected = try encoder.encode(
            Mixed(strings: strings, doubles: doubles, floats: floats, dates: dates, map: map))
        #expect(String(decoding: writer.bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(throws: JSONPayloadError.self) { try writer.write(Double.nan) }
        #expect(throws: JSONPayloadError.self) { try writer.write(Float.infinity) }
    }

    @Test("formats: UUIDs in either case, written upper case; bad ones named")
    func formats() {
        let uuid = UUID()
        let lower = read("\"\(uuid.uuidString.lowercased())\"") { (reader) throws(JSONPayloadError) in
            try reader.readUUID()
        }
        #expect(lower.get == uuid)
        var writer = JSONWriter()
        writer.write(uuid)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"\(uuid.uuidString)\"")
        for bad in [
            "0F8FAD5B-D9CB-469F-A165-70867728950", "0F8FAD5BD9CB-469F-A165-70867728950EE",
            "0F8FAD5B-D9CB-469F-A165-70867728950G",
        ] {
            let read = read("\"\(bad)\"") { (reader) throws(JSONPayloadError) in try reader.readUUID() }
            #expect(read.error?.hasPrefix("'\(bad)' is not a UUID") == true)
            #expect((UUID(uuidString: bad) == nil) == (read.get == nil))
        }
    }
}

/// A value read, or the reason it was refused.
enum Outcome<Value> {
    case value(Value)
    case refused(String)

    var get: Value? {
        guard case .value(let value) = self else { return nil }
        return value
    }

    var error: String? {
        guard case .refused(let reason) = self else { return nil }
        return reason
    }
}
