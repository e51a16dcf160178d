// libFuzzer entry for the JSON reader and writer of typed payloads, compiled with the runtime's
// JSON sources by scripts/fuzz.sh json (swiftc -sanitize=fuzzer,address). For every input it
// checks what must hold whatever the bytes: reading never crashes, traps or recurses past the
// depth limit; reading a tree and skipping agree on what is JSON; a refusal points inside the
// text; what was read is written and read back to the same tree; a path is found for any prefix.

/// One input: read as a tree, skipped, written back and read again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let tree = read(bytes)
    let skipped = Result { () throws(JSONPayloadError) in
        try JSONReader.read(bytes) { (reader) throws(JSONPayloadError) in try reader.skipValue() }
    }
    switch (tree, skipped) {
    case (.success(let value), .success):
        var writer = JSONWriter()
        guard write(value, to: &writer) else { return 0 }  // a number too large for a Double
        let again = writer.bytes.withUnsafeBytes { read($0) }
        guard case .success(let reread) = again, reread == value else {
            fatalError("what was read did not survive writing: \(String(decoding: writer.bytes, as: UTF8.self))")
        }
    case (.failure(let error), .failure(let other)):
        guard (0...count).contains(error.offset), (0...count).contains(other.offset) else {
            fatalError("a refusal outside the text: \(error), \(other)")
        }
    case (.failure(let error), .success) where !error.isMalformed:
        // Well-formed JSON with a number no Double holds: refused when read, skipped as JSON
        // (as JSONDecoder skips members it does not decode).
        guard (0...count).contains(error.offset) else { fatalError("a refusal outside the text: \(error)") }
    default:
        fatalError("reading and skipping disagree: \(tree), \(skipped)")
    }
    for cut in stride(from: 0, through: count, by: max(1, count / 16)) {
        _ = JSONPath.path(at: UnsafeRawBufferPointer(rebasing: bytes[..<cut]))
    }
    return 0
}

indirect enum Tree: Equatable {
    case object([Member])
    case array([Tree])
    case string(String)
    case number(Double)
    case boolean(Bool)
    case null

    struct Member: Equatable {
        var name: String
        var value: Tree
    }
}

func read(_ bytes: UnsafeRawBufferPointer) -> Result<Tree, JSONPayloadError> {
    Result { () throws(JSONPayloadError) in
        try JSONReader.read(bytes) { (reader) throws(JSONPayloadError) in try tree(&reader) }
    }
}

func tree(_ reader: inout JSONReader) throws(JSONPayloadError) -> Tree {
    switch try reader.startValue() {
    case UInt8(ascii: "{"):
        try reader.beginObject()
        var members: [Tree.Member] = []
        while let key = try reader.nextMember() {
            members.append(Tree.Member(name: key.string, value: try tree(&reader)))
        }
        return .object(members)
    case UInt8(ascii: "["):
        try reader.beginArray()
        var items: [Tree] = []
        while try reader.nextElement() { items.append(try tree(&reader)) }
        return .array(items)
    case UInt8(ascii: "\""): return .string(try reader.readString())
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return .boolean(try reader.readBool())
    case UInt8(ascii: "n"):
        _ = try reader.readNull()
        return .null
    default:
        // An integer must read as one exactly when it is a whole Double in range.
        var copy = reader
        let integer = try? copy.readInt64()
        let number = try reader.readDouble()
        if let integer, Double(integer) != number, abs(number) < 9e15 { fatalError("\(integer) read as \(number)") }
        return .number(number)
    }
}

/// Writes `tree`; `false` when it holds nothing JSON can write.
func write(_ tree: Tree, to writer: inout JSONWriter) -> Bool {
    switch tree {
    case .object(let members):
        writer.beginObject()
        for member in members {
            writer.key(member.name)
            guard write(member.value, to: &writer) else { return false }
        }
        writer.endObject()
    case .array(let items):
        writer.beginArray()
        for item in items { guard write(item, to: &writer) else { return false } }
        writer.endArray()
    case .string(let text): writer.write(text)
    case .number(let number):
        do throws(JSONPayloadError) { try writer.write(number) } catch { return false }
    case .boolean(let flag): writer.write(flag)
    case .null: writer.writeNull()
    }
    return true
}
