import Foundation
import Testing

/// `generate-events generate` as a user runs it.
@Suite("generate-events generate")
struct GenerateCommandTests {
    static let repository = ValidateCommandTests.repository
    static let goldens = repository.appendingPathComponent("Tests/GeneratedSwiftTests/Generated")
    static let javaScriptGoldens = repository.appendingPathComponent("Tests/JavaScript/Generated")

    /// A fresh folder, removed after `body`.
    func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    func files(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test("writes every output (three Swift files, the module and its declarations), byte for byte the goldens")
    func writes() throws {
        try withTemporaryDirectory { output in
            let result = try CLI.run(
                ["generate", "Schemas/chat.events.yaml", "--output", output.path],
                in: Self.repository
            )
            #expect(result.status == 0)
            #expect(
                String(decoding: result.stdout, as: UTF8.self)
                    == "generate-events: 6 written, 0 unchanged in \(output.path)\n")
            #expect(
                try files(in: output) == [
                    "Chat.Client.swift", "Chat.Events.swift", "Chat.Server.swift", "chat.events.d.mts",
                    "chat.events.d.ts", "chat.events.mjs",
                ])
            for name in try files(in: output) {
                let goldens = name.hasSuffix(".swift") ? Self.goldens : Self.javaScriptGoldens
                #expect(
                    try Data(contentsOf: output.appendingPathComponent(name))
                        == Data(contentsOf: goldens.appendingPathComponent(name))
                )
            }
        }
    }

    @Test("--js writes the module and its declarations only")
    func javaScriptOnly() throws {
        try withTemporaryDirectory { output in
            let result = try CLI.run(
                ["generate", "Schemas/progress.events.yaml", "--output", output.path, "--js"],
                in: Self.repository
            )
            #expect(result.status == 0)
            #expect(
                try files(in: output) == ["progress.events.d.mts", "progress.events.d.ts", "progress.events.mjs"])
        }
    }

    @Test("--swift server writes the shared types and the emitters only")
    func oneSide() throws {
        try withTemporaryDirectory { output in
            let result = try CLI.run(
                ["generate", "Schemas/progress.events.yaml", "--output", output.path, "--swift", "server"],
                in: Self.repository
            )
            #expect(result.status == 0)
            #expect(try files(in: output) == ["Progress.Events.swift", "Progress.Server.swift"])
        }
    }

    @Test("any schema with an error: diagnostics, exit 1, and no file at all")
    func errorsWriteNothing() throws {
        try withTemporaryDirectory { output in
            let target = output.appendingPathComponent("out")
            let result = try CLI.run(
                [
                    "generate", "Schemas/chat.events.yaml", "Tests/Fixtures/schemas/invalid/references.events.yaml",
                    "--output", target.path,
                ],
                in: Self.repository
            )
            #expect(result.status == 1)
            #expect(
                String(decoding: result.stderr, as: UTF8.self).hasPrefix(
                    "Tests/Fixtures/schemas/invalid/references.events.yaml:10:22: error: unknown type 'Usr'"
                )
            )
            #expect(!FileManager.default.fileExists(atPath: target.path))
        }
    }

    @Test("--check: exit 0 when current; exit 1 naming each stale or missing file; never writes")
    func check() throws {
        try withTemporaryDirectory { output in
            let arguments = ["generate", "Schemas/market.events.yaml", "--output", output.path]
            #expect(try CLI.run(arguments + ["--check"], in: Self.repository).status == 1)
            #expect(try files(in: output) == [])

            #expect(try CLI.run(arguments, in: Self.repository).status == 0)
            let current = try CLI.run(arguments + ["--check"], in: Self.repository)
            #expect(current.status == 0)
            #expect(current.stderr.isEmpty)

            let server = output.appendingPathComponent("Market.Server.swift")
            try Data("// edited by hand\n".utf8).write(to: server)
            try FileManager.default.removeItem(at: output.appendingPathComponent("Market.Client.swift"))
            let stale = try CLI.run(arguments + ["--check"], in: Self.repository)
            #expect(stale.status == 1)
            #expect(
                String(decoding: stale.stderr, as: UTF8.self) == """
                    error: \(output.path)/Market.Server.swift is out of date; run generate-events generate
                    error: \(output.path)/Market.Client.swift is out of date; run generate-events generate

                    """
            )
            #expect(try String(contentsOf: server, encoding: .utf8) == "// edited by hand\n")
        }
    }

    @Test("a second run leaves unchanged files alone (their dates too)")
    func unchanged() throws {
        try withTemporaryDirectory { output in
            let arguments = ["generate", "Schemas/chat.events.yaml", "--output", output.path]
            #expect(try CLI.run(arguments, in: Self.repository).status == 0)
            let file = output.appendingPathComponent("Chat.Events.swift").path
            let past = Date(timeIntervalSince1970: 1_000_000_000)
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: file)
            let again = try CLI.run(arguments, in: Self.repository)
            #expect(
                String(decoding: again.stdout, as: UTF8.self)
                    == "generate-events: 0 written, 6 unchanged in \(output.path)\n")
            let date = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
            #expect(date == past)
        }
    }

    @Test("an absolute schema path inside the working directory is shown relative in the banner")
    func bannerPath() throws {
        try withTemporaryDirectory { output in
            let absolute = Self.repository.appendingPathComponent("Schemas/chat.events.yaml").path
            #expect(try CLI.run(["generate", absolute, "--output", output.path], in: Self.repository).status == 0)
            let text = try String(contentsOf: output.appendingPathComponent("Chat.Events.swift"), encoding: .utf8)
            #expect(text.hasPrefix("// Generated by generate-events from Schemas/chat.events.yaml. DO NOT EDIT.\n"))
        }
    }

    @Test("an unknown --swift side is a usage error")
    func unknownSide() throws {
        let result = try CLI.run(
            ["generate", "Schemas/chat.events.yaml", "--output", "unused", "--swift", "server,browser"],
            in: Self.repository
        )
        #expect(result.status == 64)
        #expect(String(decoding: result.stderr, as: UTF8.self).contains("unknown side 'browser'"))
    }
}
