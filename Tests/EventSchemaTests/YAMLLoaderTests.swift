import EventSchema
import Testing

/// Bad input gets a clear diagnostic with a position: no crash, no hang, bounded memory.
@Suite("YAML loading")
struct YAMLLoaderTests {
    func load(_ text: String) -> (loaded: Bool, diagnostics: [String]) {
        load(Array(text.utf8))
    }

    func load(_ bytes: [UInt8]) -> (loaded: Bool, diagnostics: [String]) {
        var diagnostics = DiagnosticCollector()
        let node = YAMLLoader.load(bytes, path: "chat.events.yaml", diagnostics: &diagnostics)
        return (node != nil, diagnostics.diagnostics.map(\.description))
    }

    @Test("a good document loads with no diagnostics")
    func good() {
        let result = load("eventSchema: 1\nname: Chat\n")
        #expect(result.loaded)
        #expect(result.diagnostics.isEmpty)
    }

    @Test("an empty file has no document")
    func empty() {
        #expect(load("").loaded == false)
        #expect(load("").diagnostics.isEmpty)
        #expect(load("# only a comment\n").loaded == false)
    }

    @Test("a syntax error names its line and column, with the context as a note")
    func syntaxError() {
        #expect(
            load("eventSchema: 1\nevents: [a, b\nname: x\n").diagnostics == [
                "chat.events.yaml:3:5: error: did not find expected ',' or ']'\n"
                    + "chat.events.yaml:2:9: note: while parsing a flow sequence"
            ]
        )
    }

    @Test("a tab in indentation")
    func tabs() {
        #expect(
            load("events:\n\tchat: {}\n").diagnostics == [
                "chat.events.yaml:2:1: error: found character that cannot start any token\n"
                    + "chat.events.yaml:2:1: note: while scanning for the next token"
            ]
        )
    }

    @Test("duplicate keys")
    func duplicateKeys() {
        #expect(
            load("eventSchema: 1\nname: A\nname: B\n").diagnostics == [
                "chat.events.yaml:3:1: error: duplicate key 'name' in a mapping; each key may appear once\n"
                    + "chat.events.yaml:2:1: note: 'name' is first here"
            ]
        )
        // A key of the same name in a nested mapping is not the repeat.
        #expect(
            load("events:\n  a:\n    a: {}\n  b: {}\n  a: {}\n").diagnostics == [
                "chat.events.yaml:5:3: error: duplicate key 'a' in a mapping; each key may appear once\n"
                    + "chat.events.yaml:2:3: note: 'a' is first here"
            ]
        )
        #expect(
            load("types: { A: {}, B: {}, A: {} }\n").diagnostics == [
                "chat.events.yaml:1:24: error: duplicate key 'A' in a mapping; each key may appear once\n"
                    + "chat.events.yaml:1:10: note: 'A' is first here"
            ]
        )
    }

    @Test("invalid UTF-8 names the first bad byte's line and column")
    func invalidUTF8() {
        let bytes = Array("name: Chat\ndescription: caf".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(
            load(bytes).diagnostics == ["chat.events.yaml:2:17: error: the file is not valid UTF-8 (byte 0xC3)"]
        )
    }

    @Test("a leading BOM is fine")
    func byteOrderMark() {
        #expect(load([0xEF, 0xBB, 0xBF] + Array("name: Chat\n".utf8)).loaded)
    }

    @Test("a 10 MB file is refused before parsing")
    func hugeFile() {
        let bytes = [UInt8](repeating: UInt8(ascii: "#"), count: 10_000_000)
        #expect(
            load(bytes).diagnostics == [
                "chat.events.yaml:1:1: error: the file is larger than a schema may be (4 MiB); is it the right file?"
            ]
        )
    }

    @Test("nesting 10,000 deep stops at the parser's limit")
    func deepNesting() {
        let text = "a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let result = load(text)
        #expect(!result.loaded)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.hasPrefix("chat.events.yaml:1:") == true)
        #expect(result.diagnostics.first?.contains("error: Maximum nesting level reached") == true)
    }

    @Test("a billion-laughs file is refused at its first alias, at once")
    func billionLaughs() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1..<30 {
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        #expect(
            load(text).diagnostics == [
                "chat.events.yaml:2:5: error: aliases ('*name') are not allowed in an event schema; write the value "
                    + "out where it is used, or name it under 'types:' and use '$ref'"
            ]
        )
    }

    @Test("an anchor that nothing uses is harmless; a merge key is an alias")
    func anchorsAndMergeKeys() {
        #expect(load("name: &n Chat\n").loaded)
        #expect(
            load("base: &b {x: 1}\nother:\n  <<: *b\n").diagnostics == [
                "chat.events.yaml:3:3: error: aliases ('*name') are not allowed in an event schema; write the value "
                    + "out where it is used, or name it under 'types:' and use '$ref'"
            ]
        )
    }

    @Test("an alias to an undefined anchor")
    func undefinedAlias() {
        let result = load("name: *missing\n")
        #expect(!result.loaded)
        #expect(result.diagnostics == ["chat.events.yaml:1:7: error: found undefined alias"])
    }
}
