// The fetch transport's parser against the wire fixtures shared with the Swift decoder
// (Tests/Fixtures/wire): whole, one byte at a time, and in random chunks. It is imported from
// Templates/runtime.mjs, the plain module every generated module embeds verbatim.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as chat from "./Generated/chat.events.mjs";
import { EventStreamParser } from "../../Templates/runtime.mjs";
import { repository, seededRandom, wireFixtures } from "./support.mjs";

test("every generated module ends with the runtime, verbatim", () => {
  const runtime = readFileSync(`${repository}Templates/runtime.mjs`, "utf8");
  for (const name of ["chat", "market", "odd", "payloads", "progress", "scalars", "tree", "hostile"]) {
    const module = readFileSync(`${repository}Tests/JavaScript/Generated/${name}.events.mjs`, "utf8");
    assert.ok(module.endsWith(runtime), `${name}.events.mjs does not end with Templates/runtime.mjs`);
  }
});

function parse(chunks) {
  const records = [];
  const parser = new EventStreamParser(
    (event) => records.push({ type: event.type, data: event.data, id: event.lastEventId }),
    (retry) => records.push({ retry })
  );
  for (const chunk of chunks) parser.push(chunk);
  parser.finish();
  return records;
}

/** Compares with the fixture; a retry too large for a double is compared as a double. */
function expected(records) {
  return records.map((record) => ("retry" in record ? { retry: Number(record.retry) } : record));
}

const fixtures = wireFixtures();

test("there are wire fixtures to run", () => {
  assert.ok(fixtures.length >= 30, `only ${fixtures.length} fixtures`);
});

for (const fixture of fixtures) {
  test(`wire fixture ${fixture.name}: whole, byte by byte, random chunks`, () => {
    assert.deepEqual(parse([fixture.bytes]), expected(fixture.records), "whole");
    const bytes = [...fixture.bytes].map((byte) => Uint8Array.of(byte));
    assert.deepEqual(parse(bytes), expected(fixture.records), "one byte at a time");
    const random = seededRandom(fixture.bytes.length + 7);
    for (let round = 0; round < 20; round++) {
      const chunks = [];
      for (let start = 0; start < fixture.bytes.length; ) {
        const length = Math.floor(random() * 9); // empty chunks too
        chunks.push(fixture.bytes.subarray(start, start + length));
        start += length;
      }
      assert.deepEqual(parse(chunks), expected(fixture.records), `random chunking ${round}`);
    }
  });
}

test("a CR at the end of one chunk and the LF at the start of the next are one line break", () => {
  assert.deepEqual(parse(["data: a\r", "\ndata: b\r", "\n\r", "\n"]), [{ type: "message", data: "a\nb", id: "" }]);
});

test("text chunks (already decoded) parse as bytes do", () => {
  assert.deepEqual(parse(["event: x\ndata: é\n\n"]), [{ type: "x", data: "é", id: "" }]);
});

test("lines and events are bounded, by default as in Swift and as configured", () => {
  const { EventStreamParser, defaultLimits } = chat;
  assert.deepEqual({ ...defaultLimits }, { maximumLineLength: 1 << 20, maximumEventSize: 8 << 20, maximumPayloadDepth: 128 });
  const events = [];
  const parser = new EventStreamParser((event) => events.push(event.data), () => {}, { maximumLineLength: 10, maximumEventSize: 16 });
  parser.push("data: 0123\n\n");
  // A line cut across chunks counts whole.
  parser.push("data: 01");
  assert.throws(() => parser.push("23456789"), (error) => error.tooLarge === true);
  const events2 = new EventStreamParser(() => {}, () => {}, { maximumEventSize: 16 });
  events2.push("data: 0123456789\n");
  assert.throws(() => events2.push("data: 0123456789\n"), /an event of the stream is longer than 16 characters/);
  assert.deepEqual(events, ["0123"]);
});
