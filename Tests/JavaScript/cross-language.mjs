// Reads what the Swift side wrote (Tests/GeneratedSwiftTests/CrossLanguageTests.swift passes a
// JSON file): for each stream, the generated module must read every frame the Swift emitter
// wrote as the value in it, and the original event as Swift read it (the frame's value). Prints
// "N events agree", or each disagreement and exits 1.
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { pathToFileURL } from "node:url";
import { FakeEventSource } from "./support.mjs";

const records = JSON.parse(readFileSync(process.argv[2], "utf8"));
const problems = [];
let agreed = 0;

/** Numbers compared to float precision: Swift writes a `float` with the digits of a Float. */
function same(a, b) {
  if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => same(item, b[index]));
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const keys = Object.keys(a).sort();
    return isDeepStrictEqual(keys, Object.keys(b).sort()) && keys.every((key) => same(a[key], b[key]));
  }
  return isDeepStrictEqual(a, b);
}

for (const record of records) {
  const module = await import(pathToFileURL(record.module).href);
  const read = [];
  const handlers = {
    onUnknown: (event) => read.push({ unknown: event.type }),
    onInvalid: (event) => read.push({ invalid: `${event.type}: ${event.error.message}` }),
  };
  for (const [wireName, handler] of Object.entries(record.handlers)) {
    handlers[handler] = (payload) => read.push({ type: wireName, payload });
  }
  /** What a new connection's handlers get for one event (a terminal one closes its connection). */
  const readOne = (type, data) => {
    FakeEventSource.instances = [];
    module[record.connect](record.parameters, handlers, { baseURL: "http://swift.example/", EventSource: FakeEventSource });
    FakeEventSource.instances[0].emit(type, data);
  };
  for (const event of record.events) {
    // The frame Swift wrote, through the module's own parser.
    const frames = [];
    const parser = new module.EventStreamParser((parsed) => frames.push(parsed));
    parser.push(new TextEncoder().encode(event.written));
    parser.finish();
    if (frames.length !== 1 || frames[0].type !== event.type) {
      problems.push(`${record.module} ${event.type}: Swift wrote ${JSON.stringify(event.written)}`);
      continue;
    }
    const data = frames[0].data;
    const kind = record.payloads[event.type];
    const expected = kind === "json" ? JSON.parse(data) : kind === "text" ? data : undefined;
    read.length = 0;
    readOne(event.type, data);
    readOne(event.type, event.original);
    const described = (entry) => JSON.stringify(entry) ?? "undefined";
    if (read.length !== 2 || read.some((entry) => entry.type !== event.type)) {
      problems.push(`${record.module} ${event.type}: ${read.map(described).join(", ")} for ${event.original}`);
    } else if (!same(read[0].payload, expected)) {
      problems.push(`${record.module} ${event.type}: read ${described(read[0].payload)} from Swift's ${data}`);
    } else if (!same(read[1].payload, read[0].payload)) {
      problems.push(`${record.module} ${event.type}: the original ${event.original} reads as ${described(read[1].payload)}, Swift read it as ${data}`);
    } else {
      agreed++;
    }
  }
}
if (problems.length > 0) {
  console.log(problems.slice(0, 20).join("\n"));
  console.log(`${problems.length} events disagree, ${agreed} agree`);
  process.exit(1);
}
console.log(`${agreed} events agree`);
