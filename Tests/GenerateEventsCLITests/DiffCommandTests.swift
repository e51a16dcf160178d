import Foundation
import Testing

/// `generate-events diff` as a user runs it: two files, or one against a git revision.
@Suite("generate-events diff")
struct DiffCommandTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A folder with the chat schema, and the chat schema with one edit.
    func workspace(_ edit: (String) -> String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("diff-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let chat = try String(
            contentsOf: Self.repository.appendingPathComponent("Schemas/chat.events.yaml"), encoding: .utf8)
        try chat.write(to: directory.appendingPathComponent("old.events.yaml"), atomically: true, encoding: .utf8)
        try edit(chat).write(
            to: directory.appendingPathComponent("chat.events.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test("a wire break: the diagnostic on standard output against the new file, a note at the old, exit 1")
    func wireBreak() throws {
        let directory = try workspace {
            $0.replacingOccurrences(of: "wireName: user.joined", with: "wireName: user.join")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["diff", "old.events.yaml", "chat.events.yaml"], in: directory)
        #expect(result.status == 1)
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines.first?.hasSuffix(
                "error: wire break: event 'userJoined' changed its wire name from 'user.joined' to 'user.join': deployed clients no longer recognize it"
            ) == true)
        #expect(lines.first?.hasPrefix("chat.events.yaml:") == true)
        #expect(lines.last?.hasPrefix("old.events.yaml:") == true && lines.last?.hasSuffix(": note: was here") == true)
        #expect(
            String(decoding: result.stderr, as: UTF8.self).contains(
                "1 wire breaks, 0 source breaks, 0 compatible changes"))
    }

    @Test("a source break alone exits 0, and 1 with --strict")
    func strict() throws {
        let directory = try workspace { $0.replacingOccurrences(of: "name: Chat\n", with: "name: Talk\n") }
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CLI.run(["diff", "old.events.yaml", "chat.events.yaml"], in: directory).status == 0)
        #expect(try CLI.run(["diff", "old.events.yaml", "chat.events.yaml", "--strict"], in: directory).status == 1)
    }

    @Test("--json: one document with each change's category, severity, place and old place")
    func json() throws {
        let directory = try workspace { $0.replacingOccurrences(of: "retry: 2000", with: "retry: 4000") }
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["diff", "old.events.yaml", "chat.events.yaml", "--json"], in: directory)
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        let changes = try #require(document["changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes.first?["category"] as? String == "compatible")
        #expect(changes.first?["severity"] as? String == "warning")
        #expect(changes.first?["path"] as? String == "chat.events.yaml")
        #expect((changes.first?["was"] as? [String: Any])?["path"] as? String == "old.events.yaml")
        #expect(document["summary"] as? [String: Int] == ["wire": 0, "source": 0, "compatible": 1])
    }

    @Test("--against: the schema in the working tree against its version at a git revision")
    func againstRevision() throws {
        let directory = try workspace { $0 }
        defer { try? FileManager.default.removeItem(at: directory) }
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"] + arguments
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
        }
        try git("init", "-q")
        try git("add", "chat.events.yaml")
        try git("commit", "-q", "-m", "schema")
        let schema = directory.appendingPathComponent("chat.events.yaml")
        let edited = try String(contentsOf: schema, encoding: .utf8).replacingOccurrences(
            of: "enum: [admin, member, guest]", with: "enum: [admin, member, guest, bot]")
        try edited.write(to: schema, atomically: true, encoding: .utf8)

        let result = try CLI.run(["diff", "chat.events.yaml", "--against", "HEAD"], in: directory)
        #expect(result.status == 1)
        let output = String(decoding: result.stdout, as: UTF8.self)
        #expect(
            output.contains(
                "error: wire break: the payload of 'messagePosted' at author.role (type 'Role') has new enum values 'bot'"
            ))
        #expect(output.contains("HEAD:chat.events.yaml:"))

        let unknown = try CLI.run(["diff", "chat.events.yaml", "--against", "no-such-branch"], in: directory)
        #expect(unknown.status == 1)
        #expect(String(decoding: unknown.stderr, as: UTF8.self).contains("'no-such-branch' is not a git revision here"))

        try FileManager.default.copyItem(at: schema, to: directory.appendingPathComponent("new.events.yaml"))
        let fresh = try CLI.run(["diff", "new.events.yaml", "--against", "HEAD"], in: directory)
        #expect(fresh.status == 0)
        #expect(String(decoding: fresh.stderr, as: UTF8.self).contains("a new schema breaks nothing"))
    }

    @Test("the wrong number of schemas is a usage error")
    func usage() throws {
        let result = try CLI.run(["diff", "Schemas/chat.events.yaml"], in: Self.repository)
        #expect(result.status == 64)
        #expect(String(decoding: result.stderr, as: UTF8.self).contains("give two schemas, OLD and NEW"))
    }
}
