import Foundation
import Testing

/// `generate-events decode` as a user runs it: a process reading standard input.
@Suite("generate-events decode")
struct DecodeCommandTests {
    static let fixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtureDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".sse") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static let fixtureDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/wire")

    @Test("prints each fixture's records as NDJSON", arguments: fixtures)
    func fixture(_ name: String) throws {
        let input = try Data(contentsOf: Self.fixtureDirectory.appendingPathComponent("\(name).sse"))
        let result = try CLI.run(["decode"], input: input)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: UInt8(ascii: "\n"))
        let got = try lines.map { try JSONSerialization.jsonObject(with: Data($0)) as! NSDictionary }
        let expected =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.fixtureDirectory.appendingPathComponent("\(name).json"))
            ) as! [NSDictionary]
        #expect(got == expected)
    }

    @Test("keys in the documented order, one record a line")
    func exactOutput() throws {
        let result = try CLI.run(
            ["decode"], input: Data("retry: 5\nevent: a\"b\nid: 1\ndata: x\\y\ndata: \u{1}\n\n".utf8))
        #expect(
            String(decoding: result.stdout, as: UTF8.self)
                == "{\"retry\":5}\n{\"type\":\"a\\\"b\",\"data\":\"x\\\\y\\n\\u0001\",\"id\":\"1\"}\n"
        )
    }

    @Test("a stream over the limit: the records before it, then error: and exit 1")
    func limit() throws {
        let result = try CLI.run(
            ["decode", "--max-line-length", "16"], input: Data("data: ok\n\ndata: 0123456789abcdef\n\n".utf8))
        #expect(result.status == 1)
        #expect(
            String(decoding: result.stdout, as: UTF8.self) == "{\"type\":\"message\",\"data\":\"ok\",\"id\":\"\"}\n")
        #expect(
            String(decoding: result.stderr, as: UTF8.self)
                == "error: event stream line longer than the limit of 16 bytes\n")
    }

    @Test("a hostile stream (16 MiB without a line break) hits the default limit")
    func hostileStream() throws {
        let result = try CLI.run(["decode"], input: Data(repeating: 0, count: 16 << 20))
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            String(decoding: result.stderr, as: UTF8.self)
                == "error: event stream line longer than the limit of 1048576 bytes\n"
        )
    }

    /// The command must print an event as soon as its bytes arrive, long before end of input:
    /// it streams, it does not read standard input whole.
    @Test("prints events while standard input is still open")
    func streams() throws {
        let process = Process()
        process.executableURL = try CLI.executable()
        process.arguments = ["decode"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer { process.terminate() }

        try input.fileHandleForWriting.write(contentsOf: Data("data: first\n\n".utf8))
        let line = try CLI.readLine(from: output.fileHandleForReading, timeout: .seconds(30))
        #expect(line == "{\"type\":\"message\",\"data\":\"first\",\"id\":\"\"}")
        #expect(process.isRunning)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
