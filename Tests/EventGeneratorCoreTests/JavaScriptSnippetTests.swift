import EventSchema
import Testing
import _EventGeneratorCore

/// Snippet tests of the JavaScript output: a small schema in, a piece of the module or of its
/// declarations out.
@Suite("JavaScript snippets")
struct JavaScriptSnippetTests {
    /// The module and declarations of `yaml` (a schema named `T`).
    func generate(_ yaml: String) throws -> (module: String, declarations: String) {
        var diagnostics = DiagnosticCollector()
        let files = try #require(
            EventGenerator.generate(
                Array(("eventSchema: 1\nname: T\n" + yaml).utf8),
                path: "t.events.yaml",
                sides: [],
                javaScript: true,
                diagnostics: &diagnostics
            ),
            "\(diagnostics.diagnostics.map(\.description))"
        )
        let byName = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.contents) })
        #expect(byName["t.events.d.ts"] == byName["t.events.d.mts"])
        return (try #require(byName["t.events.mjs"]), try #require(byName["t.events.d.ts"]))
    }

    @Test("strings from the schema are escaped once, for where they go")
    func escaping() throws {
        let (module, declarations) = try generate(
            #"""
            events:
              a:
                wireName: "quote\"back\\slash\u2028"
                description: "ends */ a comment"
                payload:
                  type: object
                  properties:
                    "user-name": { type: string, const: "x\"y" }
                  required: [user-name]
            streams:
              s: { path: "/s/{id}", events: [a] }
            """#)
        #expect(module.contains(#"["quote\"back\\slash\u2028", "onA", (data) => checkA_(json_(data), "$"), false],"#))
        #expect(
            module.contains(
                #"value["user-name"] = checkConstant_(checkString_(value["user-name"], path + "[\"user-name\"]", undefined), path + "[\"user-name\"]", "x\"y");"#
            ))
        #expect(declarations.contains(#""user-name": "x\"y";"#))
        #expect(declarations.contains("   * ends *\\/ a comment"))
        #expect(!declarations.contains("ends */"))
        #expect(module.contains(#"connect_("/s/" + pathParameter_(parameters, "id"), connectSEvents_"#))
    }

    @Test("optional members: a default is filled in, null reads as absent unless a nullable one has a default")
    func optionalMembers() throws {
        let (module, declarations) = try generate(
            """
            events:
              a:
                payload:
                  type: object
                  properties:
                    level: { type: integer, format: int32, default: 3 }
                    note: { type: string, nullable: true }
                    mood: { type: string, nullable: true, default: calm }
                    tags: { type: array, items: { type: string }, maxItems: 2 }
            streams:
              s: { path: /s, events: [a] }
            """)
        #expect(module.contains(#"if (has_(value, "level") && value["level"] === null) delete value["level"];"#))
        #expect(
            module.contains(
                #"if (has_(value, "level")) value["level"] = checkInteger_(value["level"], path + ".level", -2147483648, 2147483647);"#
            ))
        #expect(module.contains(#"else setDefault_(value, "level", 3);"#))
        // Swift's `String?` cannot keep a null apart from absence: neither does JavaScript.
        #expect(module.contains(#"if (has_(value, "note") && value["note"] === null) delete value["note"];"#))
        // With a default, absence means the default and null stays null, on both sides.
        #expect(!module.contains(#"value["mood"] === null) delete"#))
        #expect(module.contains(#"else setDefault_(value, "mood", "calm");"#))
        #expect(declarations.contains("  level: number;"))
        #expect(declarations.contains("  note?: string;"))
        #expect(declarations.contains("  mood: string | null;"))
        #expect(declarations.contains("  tags?: Array<string>;"))
    }
}
