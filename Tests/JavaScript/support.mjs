// Test doubles for the generated modules: an EventSource and a fetch whose responses the test
// writes, byte chunk by byte chunk.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const repository = fileURLToPath(new URL("../../", import.meta.url));

/** The wire fixtures shared with the Swift tests: `{ name, bytes, records }`. */
export function wireFixtures() {
  const folder = new URL("../Fixtures/wire/", import.meta.url);
  return readdirSync(folder)
    .filter((name) => name.endsWith(".sse"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -4);
      return {
        name,
        bytes: new Uint8Array(readFileSync(new URL(file, folder))),
        records: JSON.parse(readFileSync(new URL(`${name}.json`, folder), "utf8")),
      };
    });
}

/** A seeded generator (mulberry32), so that a failing random chunking can be replayed. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An EventSource the test drives: `open()`, `emit(type, data, lastEventId)`, `fail(closed)`. */
export class FakeEventSource extends EventTarget {
  static instances = [];

  constructor(url, init) {
    super();
    this.url = url;
    this.withCredentials = init?.withCredentials ?? false;
    this.readyState = 0;
    this.onopen = null;
    this.onerror = null;
    FakeEventSource.instances.push(this);
  }

  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }

  emit(type, data, lastEventId = "") {
    this.dispatchEvent(new MessageEvent(type, { data: typeof data === "string" ? data : JSON.stringify(data), lastEventId }));
  }

  fail({ closed = false } = {}) {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event("error"));
  }

  close() {
    this.readyState = 2;
  }
}

/**
 * A fetch whose every call gets the next scripted response. A script is a function
 * `(request, respond)`, where `respond(status, headers)` returns a writer with
 * `write(text or bytes)`, `end()` and `error()`.
 */
export function scriptedFetch(scripts) {
  const requests = [];
  const fetch = async (url, init) => {
    const request = { url, init, headers: Object.fromEntries(new Headers(init.headers).entries()) };
    requests.push(request);
    const script = scripts[Math.min(requests.length - 1, scripts.length - 1)];
    return new Promise((resolve, reject) => {
      init.signal?.addEventListener("abort", () => reject(init.signal.reason ?? new DOMException("aborted", "AbortError")));
      script(request, (status, headers = { "Content-Type": "text/event-stream" }) => {
        let controller;
        const body = new ReadableStream({
          start(c) {
            controller = c;
          },
        });
        init.signal?.addEventListener("abort", () => {
          try {
            controller.error(init.signal.reason);
          } catch {}
        });
        resolve(new Response(status === 204 ? null : body, { status, headers }));
        const encoder = new TextEncoder();
        return {
          write: (chunk) => controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk),
          end: () => controller.close(),
          error: () => controller.error(new TypeError("network error")),
        };
      });
    });
  };
  return { fetch, requests };
}

/** Resolves when `condition()` holds (checked every few milliseconds), or rejects after `ms`. */
export async function until(condition, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Lines with the hub's event IDs (`<epoch>-<offset>`, the epoch random) made comparable: each
 * epoch becomes a capital letter in order of first appearance, so `k3v9x2q1-4` reads `A4`.
 */
export function epochsAsLetters(lines) {
  const epochs = new Map();
  return lines.map((line) =>
    line.replace(/\b([0-9a-z]{1,32})-(\d+)\b/g, (_, epoch, offset) => {
      if (!epochs.has(epoch)) epochs.set(epoch, String.fromCharCode(65 + epochs.size));
      return `${epochs.get(epoch)}${offset}`;
    })
  );
}
