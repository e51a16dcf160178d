import EventSchema
import Testing
import _EventGeneratorCore

/// The breaking-change rules as a table: a base schema, one edit per case, and the exact verdict
/// of `generate-events diff` (diagnostics against the new schema, notes at the old one).
@Suite("Schema diff")
struct SchemaDiffTests {
    struct DiffCase: CustomTestStringConvertible, Sendable {
        var name: String
        var edits: [(String, String)]
        var verdict: [String]

        init(_ name: String, edits: [(String, String)], verdict: [String]) {
            self.name = name
            self.edits = edits
            self.verdict = verdict
        }

        var testDescription: String { name }
    }

    static let base = """
        eventSchema: 1
        name: Shop
        types:
          Item:
            type: object
            properties:
              sku: { type: string }
              name: { type: string, maxLength: 80 }
              price: { type: integer, format: int32, minimum: 0 }
              note: { type: string }
              kind: { type: string, enum: [book, game] }
            required: [sku, name, price]
          Shape:
            oneOf: [{ $ref: Circle }, { $ref: Square }]
            discriminator: { propertyName: kind, mapping: { circle: Circle, square: Square } }
          Circle:
            type: object
            properties: { radius: { type: number } }
            required: [radius]
          Square:
            type: object
            properties: { side: { type: number } }
            required: [side]
        events:
          itemAdded:
            wireName: item.added
            payload: { $ref: Item }
          shapeDrawn:
            payload: { $ref: Shape }
          notice:
            payload: text
          closed:
            terminal: true
        streams:
          store:
            path: /stores/{storeID}/events
            events: [itemAdded, shapeDrawn, notice, closed]
            ids: required
            retry: 2000
        """

    static let cases: [DiffCase] = [
        DiffCase(
            "no change",
            edits: [],
            verdict: []),
        DiffCase(
            "a wire name changes",
            edits: [("wireName: item.added", "wireName: item.created")],
            verdict: [
                "new.events.yaml:26:15: error: wire break: event 'itemAdded' changed its wire name from 'item.added' to 'item.created': deployed clients no longer recognize it",
                "old.events.yaml:26:15: note: was here",
            ]),
        DiffCase(
            "an event key is renamed, its wire name kept",
            edits: [("  itemAdded:\n", "  itemCreated:\n"), ("events: [itemAdded,", "events: [itemCreated,")],
            verdict: [
                "new.events.yaml:25:3: warning: source break: event 'itemAdded' is now 'itemCreated' (same wire name): its generated case, send method and handler are renamed",
                "old.events.yaml:25:3: note: was here",
            ]),
        DiffCase(
            "a stream's path changes",
            edits: [("path: /stores/{storeID}/events", "path: /shops/{storeID}/events")],
            verdict: [
                "new.events.yaml:36:11: error: wire break: stream 'store' moved from /stores/{storeID}/events to /shops/{storeID}/events: deployed clients open the old path",
                "old.events.yaml:36:11: note: was here",
            ]),
        DiffCase(
            "a path parameter is renamed",
            edits: [("path: /stores/{storeID}/events", "path: /stores/{shopID}/events")],
            verdict: [
                "new.events.yaml:36:11: warning: source break: stream 'store' renamed its path parameters (/stores/{storeID}/events → /stores/{shopID}/events): generated path functions and JavaScript parameters take the new names",
                "old.events.yaml:36:11: note: was here",
            ]),
        DiffCase(
            "a stream is removed",
            edits: [
                (
                    "streams:\n  store:\n    path: /stores/{storeID}/events\n    events: [itemAdded, shapeDrawn, notice, closed]\n    ids: required\n    retry: 2000",
                    "streams:\n  audit:\n    path: /audit\n    events: [itemAdded, shapeDrawn, notice, closed]"
                )
            ],
            verdict: [
                "new.events.yaml:2:7: error: wire break: stream 'store' (/stores/{storeID}/events) was removed: deployed clients that open it get an error and reconnect forever",
                "old.events.yaml:35:3: note: was here",
                "new.events.yaml:35:3: warning: compatible: stream 'audit' (/audit) is new",
            ]),
        DiffCase(
            "a stream is renamed, its path kept",
            edits: [("streams:\n  store:", "streams:\n  shop:")],
            verdict: [
                "new.events.yaml:35:3: warning: source break: stream 'store' is now 'shop' (same path): generated emitters, decoders and the JavaScript connect function are renamed",
                "old.events.yaml:35:3: note: was here",
            ]),
        DiffCase(
            "a stream is added",
            edits: [("    retry: 2000", "    retry: 2000\n  audit:\n    path: /audit\n    events: [notice]")],
            verdict: [
                "new.events.yaml:40:3: warning: compatible: stream 'audit' (/audit) is new"
            ]),
        DiffCase(
            "an event is added to a stream",
            edits: [
                (
                    "  closed:\n    terminal: true\n",
                    "  closed:\n    terminal: true\n  restocked:\n    payload: { $ref: Item }\n"
                ), ("notice, closed]", "notice, closed, restocked]"),
            ],
            verdict: [
                "new.events.yaml:39:53: warning: source break: stream 'store' now carries 'restocked': an exhaustive Swift 'switch' over the stream's events no longer compiles; deployed clients get it as an unknown event"
            ]),
        DiffCase(
            "an event is removed from a stream",
            edits: [("events: [itemAdded, shapeDrawn, notice, closed]", "events: [itemAdded, shapeDrawn, closed]")],
            verdict: [
                "new.events.yaml:35:3: error: wire break: stream 'store' no longer carries 'notice': new clients drop it when the log replays it or a server on old code sends it",
                "old.events.yaml:37:37: note: was here",
            ]),
        DiffCase(
            "an event is removed from the schema",
            edits: [
                ("  notice:\n    payload: text\n", ""),
                ("events: [itemAdded, shapeDrawn, notice, closed]", "events: [itemAdded, shapeDrawn, closed]"),
            ],
            verdict: [
                "new.events.yaml:2:7: error: wire break: event 'notice' (notice) was removed: new clients drop it when the log replays it or a server on old code sends it",
                "old.events.yaml:30:3: note: was here",
            ]),
        DiffCase(
            "ids change",
            edits: [("ids: required", "ids: optional")],
            verdict: [
                "new.events.yaml:35:3: error: wire break: stream 'store' changed 'ids' from required to optional: deployed clients count on every event having an ID; after one without, a client that reconnects resumes from an earlier event and gets events twice",
                "old.events.yaml:35:3: note: was here",
            ]),
        DiffCase(
            "retry changes",
            edits: [("retry: 2000", "retry: 5000")],
            verdict: [
                "new.events.yaml:35:3: warning: compatible: stream 'store' changed 'retry' from 2000 ms to 5000 ms",
                "old.events.yaml:35:3: note: was here",
            ]),
        DiffCase(
            "an event becomes terminal",
            edits: [("  notice:\n    payload: text\n", "  notice:\n    payload: text\n    terminal: true\n")],
            verdict: [
                "new.events.yaml:30:3: error: wire break: event 'notice' is now terminal: deployed clients reconnect after it and the server has ended the stream",
                "old.events.yaml:30:3: note: was here",
            ]),
        DiffCase(
            "text becomes JSON",
            edits: [("    payload: text\n", "    payload: { type: string }\n")],
            verdict: [
                "new.events.yaml:30:3: error: wire break: event 'notice' changed its data from text to JSON: deployed clients cannot read it",
                "old.events.yaml:30:3: note: was here",
            ]),
        DiffCase(
            "a required property is added",
            edits: [
                (
                    "      kind: { type: string, enum: [book, game] }\n",
                    "      kind: { type: string, enum: [book, game] }\n      stock: { type: integer }\n"
                ), ("required: [sku, name, price]", "required: [sku, name, price, stock]"),
            ],
            verdict: [
                "new.events.yaml:12:7: error: wire break: the payload of 'itemAdded' at stock (type 'Item') is new and required: new clients refuse events sent before without it"
            ]),
        DiffCase(
            "an optional property is added",
            edits: [
                (
                    "      kind: { type: string, enum: [book, game] }\n",
                    "      kind: { type: string, enum: [book, game] }\n      stock: { type: integer }\n"
                )
            ],
            verdict: [
                "new.events.yaml:12:7: warning: compatible: the payload of 'itemAdded' at stock (type 'Item') is new and optional"
            ]),
        DiffCase(
            "a required property is removed",
            edits: [
                ("      sku: { type: string }\n", ""), ("required: [sku, name, price]", "required: [name, price]"),
            ],
            verdict: [
                "new.events.yaml:5:5: error: wire break: the payload of 'itemAdded' at sku (type 'Item') was removed, and it was required: deployed clients refuse events without it",
                "old.events.yaml:7:7: note: was here",
            ]),
        DiffCase(
            "an optional property is removed",
            edits: [("      note: { type: string }\n", "")],
            verdict: [
                "new.events.yaml:5:5: warning: source break: the payload of 'itemAdded' at note (type 'Item') was removed: generated code that reads it no longer compiles",
                "old.events.yaml:10:7: note: was here",
            ]),
        DiffCase(
            "a property becomes optional",
            edits: [("required: [sku, name, price]", "required: [sku, name]")],
            verdict: [
                "new.events.yaml:9:7: error: wire break: the payload of 'itemAdded' at price (type 'Item') is no longer required: deployed clients refuse events without it",
                "old.events.yaml:9:7: note: was here",
            ]),
        DiffCase(
            "a property becomes required",
            edits: [("required: [sku, name, price]", "required: [sku, name, price, note]")],
            verdict: [
                "new.events.yaml:10:7: error: wire break: the payload of 'itemAdded' at note (type 'Item') is now required: new clients refuse events sent before without it",
                "old.events.yaml:10:7: note: was here",
            ]),
        DiffCase(
            "a property becomes nullable",
            edits: [("note: { type: string }", "note: { type: string, nullable: true }")],
            verdict: [
                "new.events.yaml:10:13: error: wire break: the payload of 'itemAdded' at note (type 'Item') may now be null: deployed clients refuse null",
                "old.events.yaml:10:13: note: was here",
            ]),
        DiffCase(
            "a property's type changes",
            edits: [("price: { type: integer, format: int32, minimum: 0 }", "price: { type: number, minimum: 0 }")],
            verdict: [
                "new.events.yaml:9:14: error: wire break: the payload of 'itemAdded' at price (type 'Item') changed from an integer to a number: one version cannot read what the other sends",
                "old.events.yaml:9:14: note: was here",
            ]),
        DiffCase(
            "int32 becomes int64",
            edits: [
                (
                    "price: { type: integer, format: int32, minimum: 0 }",
                    "price: { type: integer, format: int64, minimum: 0 }"
                )
            ],
            verdict: [
                "new.events.yaml:9:14: error: wire break: the payload of 'itemAdded' at price (type 'Item') changed from int32 to int64: deployed clients refuse values past the 32-bit range",
                "old.events.yaml:9:14: note: was here",
            ]),
        DiffCase(
            "a value is added to a closed enum",
            edits: [("enum: [book, game]", "enum: [book, game, film]")],
            verdict: [
                "new.events.yaml:11:13: error: wire break: the payload of 'itemAdded' at kind (type 'Item') has new enum values 'film': deployed clients refuse them",
                "old.events.yaml:11:13: note: was here",
            ]),
        DiffCase(
            "a value is removed from an enum",
            edits: [("enum: [book, game]", "enum: [book]")],
            verdict: [
                "new.events.yaml:11:13: error: wire break: the payload of 'itemAdded' at kind (type 'Item') lost enum values 'game': new clients refuse them in events sent before",
                "old.events.yaml:11:13: note: was here",
            ]),
        DiffCase(
            "a bound is widened",
            edits: [("maxLength: 80", "maxLength: 200")],
            verdict: [
                "new.events.yaml:8:13: error: wire break: the payload of 'itemAdded' at name (type 'Item') changed its lengths from at most 80 to at most 200: deployed clients refuse values outside the old bounds",
                "old.events.yaml:8:13: note: was here",
            ]),
        DiffCase(
            "a bound is narrowed",
            edits: [("maxLength: 80", "maxLength: 40")],
            verdict: [
                "new.events.yaml:8:13: error: wire break: the payload of 'itemAdded' at name (type 'Item') changed its lengths from at most 80 to at most 40: new clients refuse the values of events sent before that fall outside the new bounds",
                "old.events.yaml:8:13: note: was here",
            ]),
        DiffCase(
            "properties are reordered",
            edits: [
                (
                    "      sku: { type: string }\n      name: { type: string, maxLength: 80 }\n",
                    "      name: { type: string, maxLength: 80 }\n      sku: { type: string }\n"
                )
            ],
            verdict: [
                "new.events.yaml:5:5: warning: source break: the payload of 'itemAdded' (type 'Item') reordered its properties: the generated Swift initializer takes its arguments in the new order",
                "old.events.yaml:5:5: note: was here",
            ]),
        DiffCase(
            "a union gains an alternative",
            edits: [
                (
                    "oneOf: [{ $ref: Circle }, { $ref: Square }]",
                    "oneOf: [{ $ref: Circle }, { $ref: Square }, { $ref: Dot }]"
                ),
                (
                    "mapping: { circle: Circle, square: Square }",
                    "mapping: { circle: Circle, square: Square, dot: Dot }"
                ), ("events:\n", "  Dot:\n    type: object\n    properties: { x: { type: number } }\nevents:\n"),
            ],
            verdict: [
                "new.events.yaml:14:5: error: wire break: the payload of 'shapeDrawn' (type 'Shape') has new alternatives 'dot': deployed clients refuse them",
                "old.events.yaml:14:5: note: was here",
            ]),
        DiffCase(
            "a union's member changes",
            edits: [
                (
                    "properties: { radius: { type: number } }\n    required: [radius]",
                    "properties: { radius: { type: number }, center: { type: string } }\n    required: [radius, center]"
                )
            ],
            verdict: [
                "new.events.yaml:18:45: error: wire break: the payload of 'shapeDrawn' at (kind: circle).center (type 'Circle') is new and required: new clients refuse events sent before without it"
            ]),
        DiffCase(
            "a description changes",
            edits: [
                ("  notice:\n    payload: text\n", "  notice:\n    description: Text for people.\n    payload: text\n")
            ],
            verdict: []),
        DiffCase(
            "an event is deprecated",
            edits: [
                ("  notice:\n    payload: text\n", "  notice:\n    deprecated: Use itemAdded.\n    payload: text\n")
            ],
            verdict: [
                "new.events.yaml:30:3: warning: compatible: event 'notice' is now deprecated"
            ]),
        DiffCase(
            "the schema is renamed",
            edits: [("name: Shop", "name: Store")],
            verdict: [
                "new.events.yaml:2:7: warning: source break: the schema's name changed from 'Shop' to 'Store': the generated Swift types and the JavaScript module are named after it",
                "old.events.yaml:2:7: note: was here",
            ]),
    ]

    static func load(_ text: String, path: String) throws -> Schema {
        var diagnostics = DiagnosticCollector()
        let schema = Schema.load(Array(text.utf8), path: path, diagnostics: &diagnostics)
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        return try #require(schema)
    }

    @Test("each change gets its exact verdict", arguments: cases)
    func verdict(_ diffCase: DiffCase) throws {
        var new = Self.base
        for (old, replacement) in diffCase.edits {
            #expect(new.contains(old), "the edit's text is in the base schema")
            new = new.replacing(old, with: replacement, maxReplacements: 1)
        }
        let changes = SchemaComparison.changes(
            from: try Self.load(Self.base, path: "old.events.yaml"), to: try Self.load(new, path: "new.events.yaml"))
        let lines = changes.flatMap { $0.diagnostic(strict: false).description.split(separator: "\n").map(String.init) }
        #expect(lines == diffCase.verdict)
    }

    @Test("--strict makes source breaks errors; wire breaks are errors either way, compatible changes never")
    func strictness() throws {
        let old = try Self.load(Self.base, path: "old.events.yaml")
        let new = try Self.load(
            Self.base.replacing("name: Shop", with: "name: Store").replacing("retry: 2000", with: "retry: 3000")
                .replacing("wireName: item.added", with: "wireName: item.new"),
            path: "new.events.yaml")
        let changes = SchemaComparison.changes(from: old, to: new)
        #expect(changes.map(\.category) == [.source, .compatible, .wire])
        #expect(changes.map { $0.diagnostic(strict: false).severity } == [.warning, .warning, .error])
        #expect(changes.map { $0.diagnostic(strict: true).severity } == [.error, .warning, .error])
    }

    @Test("a recursive type is compared once and its changes reported once")
    func recursion() throws {
        let old = """
            eventSchema: 1
            name: Tree
            types:
              Node:
                type: object
                properties:
                  label: { type: string }
                  children: { type: array, items: { $ref: Node } }
                  parent: { $ref: Node, nullable: true }
                required: [label]
            events:
              changed: { payload: { $ref: Node } }
            streams:
              tree: { path: /tree, events: [changed] }
            """
        let new = old.replacing("label: { type: string }", with: "label: { type: string, maxLength: 10 }")
        let changes = SchemaComparison.changes(
            from: try Self.load(old, path: "old.events.yaml"), to: try Self.load(new, path: "new.events.yaml"))
        #expect(
            changes.map(\.message) == [
                "the payload of 'changed' at label (type 'Node') changed its lengths from any to at most 10: new clients refuse the values of events sent before that fall outside the new bounds"
            ])
    }
}
