import EventSchema
import Testing

/// The facts every stage reads from the model, each decided in one place.
@Suite("Schema model")
struct ModelTests {
    func events(_ yaml: String) throws -> [String: Event] {
        let text = """
            eventSchema: 1
            name: T
            types:
              User: { type: object, properties: { name: { type: string } } }
            \(yaml)
            streams:
              s: { path: /s, events: [a, b, c, d, e] }
            """
        var diagnostics = DiagnosticCollector()
        let schema = try #require(
            Schema.load(Array(text.utf8), path: "t.events.yaml", diagnostics: &diagnostics),
            "\(diagnostics.diagnostics)")
        return Dictionary(uniqueKeysWithValues: schema.events.map { ($0.name.value, $0) })
    }

    @Test("a payload gets a type of its own unless it is a $ref, nullable or not")
    func inlinePayload() throws {
        let events = try events(
            """
            events:
              a: { payload: { $ref: User } }
              b: { payload: { $ref: User, nullable: true } }
              c: { payload: { type: object, properties: { x: { type: integer } } } }
              d: { payload: { type: string, nullable: true } }
              e: { payload: text }
            """)
        #expect(events["a"]?.inlinePayload == nil)
        #expect(events["b"]?.inlinePayload == nil)
        #expect(events["c"]?.inlinePayload != nil)
        #expect(events["d"]?.inlinePayload?.isNullable == true)
        #expect(events["e"]?.inlinePayload == nil)
    }
}
