import EventSchema
import TestSupport
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

    /// Expects `text` to hold `expected` exactly: the whole declaration whose header is its
    /// first line, as ``Declaration/named(_:in:)`` reads it.
    func expect(_ text: String, declaration expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    {
        let header = String(expected.prefix { $0 != "\n" })
        let found = Declaration.named(header, in: text)
        #expect(
            found == expected,
            "\(UnifiedDiff(old: expected, new: found ?? "(no declaration \(header))", oldName: "expected", newName: "generated"))",
            sourceLocation: sourceLocation)
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
        expect(
            module,
            declaration: #"""
                const connectSEvents_ = [
                  ["quote\"back\\slash\u2028", "onA", (data) => checkA_(json_(data), "$"), false],
                ];
                """#)
        expect(
            module,
            declaration: #"""
                function checkA_(value, path) {
                  checkObject_(value, path);
                  checkRequired_(value, "user-name", path);
                  value["user-name"] = checkConstant_(checkString_(value["user-name"], path + "[\"user-name\"]", undefined), path + "[\"user-name\"]", "x\"y");
                  return value;
                }
                """#)
        expect(
            module,
            declaration: """
                export function connectS(parameters, handlers, options = {}) {
                  return connect_("/s/" + pathParameter_(parameters, "id"), connectSEvents_, handlers, options, 45000);
                }
                """)
        expect(
            declarations,
            declaration: #"""
                export interface A {
                  "user-name": "x\"y";
                }
                """#)
        expect(
            declarations,
            declaration: #"""
                export interface SHandlers extends StreamHandlers {
                  /**
                   * ends *\/ a comment
                   */
                  onA?: (payload: A, event: EventDetails<"quote\"back\\slash\u2028">) => void;
                }
                """#)
        #expect(!declarations.contains("ends */"))
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
        // Swift's `String?` cannot keep a null apart from absence: neither does JavaScript. With
        // a default, absence means the default and null stays null, on both sides.
        expect(
            module,
            declaration: #"""
                function checkA_(value, path) {
                  checkObject_(value, path);
                  if (has_(value, "level") && value["level"] === null) delete value["level"];
                  if (has_(value, "level")) value["level"] = checkInteger_(value["level"], path + ".level", -2147483648, 2147483647);
                  else setDefault_(value, "level", 3);
                  if (has_(value, "note") && value["note"] === null) delete value["note"];
                  if (has_(value, "note")) value["note"] = (value["note"] === null ? null : checkString_(value["note"], path + ".note", undefined));
                  if (has_(value, "mood")) value["mood"] = (value["mood"] === null ? null : checkString_(value["mood"], path + ".mood", undefined));
                  else setDefault_(value, "mood", "calm");
                  if (has_(value, "tags") && value["tags"] === null) delete value["tags"];
                  if (has_(value, "tags")) value["tags"] = checkArray_(value["tags"], path + ".tags", undefined, 2, (item, path) => checkString_(item, path, undefined));
                  return value;
                }
                """#)
        expect(
            declarations,
            declaration: """
                export interface A {
                  level: number;
                  note?: string;
                  mood: string | null;
                  tags?: Array<string>;
                }
                """)
    }
}
