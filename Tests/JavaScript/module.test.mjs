// The generated module over an EventSource (a fake the test drives): URLs, typed handlers,
// payload checks, unknown and invalid events, terminal events, the connection's state.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as chat from "./Generated/chat.events.mjs";
import * as market from "./Generated/market.events.mjs";
import * as odd from "./Generated/odd.events.mjs";
import * as payloads from "./Generated/payloads.events.mjs";
import * as scalars from "./Generated/scalars.events.mjs";
import { FakeEventSource } from "./support.mjs";

const options = { baseURL: "https://chat.example/api/", EventSource: FakeEventSource };
const user = { id: "3f1c2b9e-4a6d-4c8e-9b1a-2d3e4f5a6b7c", name: "Ada", role: "admin" };
const message = { id: "m1", author: user, text: "hello", sentAt: "2026-11-25T08:00:00.000Z" };

beforeEach(() => {
  FakeEventSource.instances = [];
});

function latest() {
  return FakeEventSource.instances.at(-1);
}

test("the URL is the stream's path with each parameter percent-encoded, against baseURL", () => {
  chat.connectRoom({ roomID: "a b/c?d#e" }, {}, options);
  assert.equal(latest().url, "https://chat.example/rooms/a%20b%2Fc%3Fd%23e/events");
  assert.throws(() => chat.connectRoom({}, {}, options), /the path parameter 'roomID' is missing/);
});

test("a lastEventId option resumes over EventSource too: the cursor rides in the URL of the first request", () => {
  const seen = [];
  const connection = chat.connectRoom({ roomID: "r" }, { onNotice: (text) => seen.push(text) }, { ...options, lastEventId: "41 a/b" });
  assert.equal(latest().url, "https://chat.example/rooms/r/events?lastEventID=41%20a%2Fb");
  assert.equal(connection.lastEventId, "41 a/b");
  latest().emit("notice", "next", "42");
  assert.deepEqual(seen, ["next"]);
});

test("wire names are exported, frozen, keyed by event name", () => {
  assert.equal(chat.RoomEventNames.userJoined, "user.joined");
  assert.equal(chat.InboxEventNames.directMessage, "directMessage");
  assert.ok(Object.isFrozen(chat.RoomEventNames));
});

test("each typed handler gets its checked payload and the event's details, in order", () => {
  const seen = [];
  const connection = chat.connectRoom(
    { roomID: "r1" },
    {
      onOpen: () => seen.push(["open"]),
      onMessagePosted: (payload, event) => seen.push(["posted", payload.text, payload.author.role, event.lastEventId, event.type]),
      onUserJoined: (payload) => seen.push(["joined", payload.name]),
      onUserLeft: (payload) => seen.push(["left", payload.reason]),
      onNotice: (text) => seen.push(["notice", text]),
    },
    options
  );
  assert.equal(connection.readyState, chat.CONNECTING);
  latest().open();
  assert.equal(connection.readyState, chat.OPEN);
  latest().emit("messagePosted", message, "1");
  latest().emit("user.joined", user, "2");
  latest().emit("user.left", { userID: user.id }, "3");
  latest().emit("notice", "line one\nline two", "4");
  assert.deepEqual(seen, [
    ["open"],
    ["posted", "hello", "admin", "1", "messagePosted"],
    ["joined", "Ada"],
    ["left", "left"], // the schema's default filled in
    ["notice", "line one\nline two"],
  ]);
  assert.equal(connection.lastEventId, "4");
});

test("a payload that breaks the schema goes to onInvalid with the path; the stream goes on", () => {
  const invalid = [];
  const posted = [];
  chat.connectRoom(
    { roomID: "r1" },
    { onInvalid: (event) => invalid.push([event.type, event.error.name, event.error.message]), onMessagePosted: (m) => posted.push(m.id) },
    options
  );
  const cases = [
    [{ ...message, text: 42 }, "$.text: expected a string, found number 42"],
    [{ ...message, author: { ...user, role: "owner" } }, "$.author.role: 'owner' is not one of 'admin', 'member', 'guest'"],
    [{ ...message, author: { ...user, name: "" } }, "$.author.name: is shorter than 1 characters"],
    [{ ...message, author: { ...user, id: "not-a-uuid" } }, "$.author.id: 'not-a-uuid' is not a UUID"],
    [{ ...message, sentAt: "yesterday" }, "$.sentAt: 'yesterday' is not an RFC 3339 date-time"],
    [(({ sentAt, ...rest }) => rest)(message), '$: the required member "sentAt" is missing'],
    [{ ...message, attachments: [{ kind: "video", url: "https://x" }] }, "$.attachments[0].kind: 'video' is not one of 'image', 'file'"],
    [{ ...message, attachments: [{ kind: "image", url: "https://x", width: 0, height: 1 }] }, "$.attachments[0].width: 0 is less than the minimum 1"],
    [{ ...message, reactions: { "👍": -1 } }, '$.reactions["👍"]: -1 is less than the minimum 0'],
    [{ ...message, reactions: { a: 2 ** 31 } }, '$.reactions["a"]: 2147483648 is more than the maximum 2147483647'],
    [{ ...message, attachments: Array(11).fill({ kind: "file", url: "https://x", fileName: "f", byteCount: 1 }) }, "$.attachments: has more than 10 items"],
    [[message], "$: expected an object, found an array"],
  ];
  for (const [payload] of cases) latest().emit("messagePosted", payload);
  latest().emit("messagePosted", "{not json");
  latest().emit("messagePosted", message);
  assert.deepEqual(
    invalid.slice(0, cases.length),
    cases.map(([, text]) => ["messagePosted", "PayloadError", text])
  );
  assert.equal(invalid.at(-1)[1], "SyntaxError");
  assert.deepEqual(posted, ["m1"]);
});

test("without onInvalid, an invalid payload is reported to onError", () => {
  const errors = [];
  chat.connectRoom({ roomID: "r" }, { onError: (error) => errors.push(error) }, options);
  latest().emit("typing", { userID: user.id });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].name, "StreamError");
  assert.match(errors[0].message, /invalid 'typing' event: \$: the required member "isTyping" is missing/);
});

test("optional members read null as absent, nullable or not, as Swift's T? does", () => {
  const seen = [];
  chat.connectRoom({ roomID: "r" }, { onMessagePosted: (m) => seen.push(m) }, options);
  latest().emit("messagePosted", { ...message, author: { ...user, avatar: null, invitedBy: null }, editedAt: null });
  assert.equal("avatar" in seen[0].author, false);
  assert.equal("invitedBy" in seen[0].author, false);
  assert.equal("editedAt" in seen[0], false);
  // A required nullable member keeps its null, and must be there.
  const feed = [];
  scalars.connectFeed({ feedID: "f" }, { onRatio: (ratio) => feed.push(ratio) }, options);
  latest().emit("ratio", "null");
  assert.deepEqual(feed, [null]);
});

test("events the schema does not name go to onUnknown, message events included", () => {
  const unknown = [];
  chat.connectRoom({ roomID: "r" }, { onUnknown: (event) => unknown.push(event) }, options);
  latest().emit("message", "plain", "9");
  assert.deepEqual(unknown, [{ type: "message", data: "plain", lastEventId: "9" }]);
});

test("the server's loss signal (replay-gap) reaches onReplayGap, typed; without it, onUnknown", () => {
  const gaps = [];
  const unknown = [];
  const connection = chat.connectRoom({ roomID: "r" }, { onReplayGap: (gap, event) => gaps.push([gap, event]), onUnknown: (event) => unknown.push(event) }, options);
  latest().emit("notice", "before", "3");
  latest().emit("replay-gap", { lastEventID: "3", firstEventID: "57" }, "3");
  latest().emit("replay-gap", { lastEventID: "3", firstEventID: null }, "3");
  latest().emit("replay-gap", "not json", "3");
  assert.deepEqual(gaps, [
    [{ lastEventId: "3", firstEventId: "57" }, { type: "replay-gap", lastEventId: "3" }],
    [{ lastEventId: "3", firstEventId: null }, { type: "replay-gap", lastEventId: "3" }],
  ]);
  assert.deepEqual(unknown, [{ type: "replay-gap", data: "not json", lastEventId: "3" }]);
  assert.equal(connection.lastEventId, "3"); // the signal has no id of its own
  const only = [];
  chat.connectRoom({ roomID: "r" }, { onUnknown: (event) => only.push(event.type) }, options);
  latest().emit("replay-gap", { lastEventID: "1", firstEventID: "2" });
  assert.deepEqual(only, ["replay-gap"]);
});

test("a terminal event is delivered, then the source is closed and nothing more arrives", () => {
  const seen = [];
  const connection = chat.connectRoom(
    { roomID: "r" },
    { onRoomClosed: (payload) => seen.push(["closed", payload]), onNotice: (text) => seen.push(["notice", text]) },
    options
  );
  const source = latest();
  source.emit("roomClosed", "", "5");
  source.emit("notice", "too late");
  assert.deepEqual(seen, [["closed", undefined]]);
  assert.equal(source.readyState, 2);
  assert.equal(connection.readyState, chat.CLOSED);
});

test("an error while reconnecting is reported with willReconnect; a fatal one closes", () => {
  const errors = [];
  const connection = chat.connectRoom({ roomID: "r" }, { onError: (error) => errors.push(error.willReconnect) }, options);
  latest().fail();
  assert.equal(connection.readyState, chat.CONNECTING);
  latest().fail({ closed: true });
  assert.equal(connection.readyState, chat.CLOSED);
  assert.deepEqual(errors, [true, false]);
});

test("close() closes the source; later events are ignored", () => {
  const seen = [];
  const connection = chat.connectRoom({ roomID: "r" }, { onNotice: (text) => seen.push(text) }, options);
  connection.close();
  latest().emit("notice", "x");
  assert.equal(latest().readyState, 2);
  assert.deepEqual(seen, []);
});

test("a handler that throws does not stop the stream; the error is reported", () => {
  const seen = [];
  const reported = [];
  globalThis.reportError = (error) => reported.push(error.message);
  try {
    chat.connectRoom({ roomID: "r" }, { onNotice: (text) => { seen.push(text); if (text === "a") throw new Error("boom"); } }, options);
    latest().emit("notice", "a");
    latest().emit("notice", "b");
  } finally {
    delete globalThis.reportError;
  }
  assert.deepEqual(seen, ["a", "b"]);
  assert.deepEqual(reported, ["boom"]);
});

test("market: int64 sequences and bounds, refs to string types, a stream without parameters", () => {
  const ticks = [];
  const invalid = [];
  market.connectTicker({}, { onTick: (tick) => ticks.push(tick), onInvalid: (event) => invalid.push(event.error.message) }, options);
  assert.equal(latest().url, "https://chat.example/market/ticker");
  const tick = { symbol: "ACME", price: "12.50", sequence: 2 ** 40, tradedAt: "2026-11-25T08:00:00Z" };
  latest().emit("tick", tick);
  latest().emit("tick", { ...tick, sequence: -1 });
  latest().emit("tick", { ...tick, sequence: 1.5 });
  latest().emit("tick", { ...tick, side: "short" });
  assert.deepEqual(ticks, [tick]);
  latest().emit("tick", `{"symbol":"ACME","price":"12.50","sequence":1e308,"tradedAt":"2026-11-25T08:00:00Z"}`);
  assert.deepEqual(ticks, [tick]);
  assert.deepEqual(invalid, [
    "$.sequence: -1 is less than the minimum 0",
    "$.sequence: expected an integer, found number 1.5",
    "$.side: 'short' is not one of 'buy', 'sell'",
    // An int64 is bounded as Swift's Int64 is, though 1e308 is an integer to JavaScript.
    "$.sequence: 1e+308 is more than the maximum 9223372036854776000",
  ]);
});

test("a payload nested too deep or too long goes to onInvalid, not to a stack overflow; the stream goes on", () => {
  const invalid = [];
  const posted = [];
  chat.connectRoom(
    { roomID: "r1" },
    { onInvalid: (event) => invalid.push(event.error.message), onMessagePosted: (m) => posted.push(m.id) },
    options
  );
  latest().emit("messagePosted", "[".repeat(100_000) + "]".repeat(100_000));
  latest().emit("messagePosted", JSON.stringify({ ...message, text: "x".repeat(chat.defaultLimits.maximumEventSize) }));
  latest().emit("messagePosted", message);
  assert.deepEqual(invalid, [
    `$: is nested deeper than ${chat.defaultLimits.maximumPayloadDepth} levels`,
    `$: is longer than ${chat.defaultLimits.maximumEventSize} characters`,
  ]);
  assert.deepEqual(posted, ["m1"]);
});

test("odd names: parameters with any name, and members named __proto__ or constructor stay data", () => {
  const seen = [];
  odd.connectDefault({ class: "c", _id: "i", "2x": "two" }, { onUserJoined: (value) => seen.push(value) }, options);
  assert.equal(latest().url, "https://chat.example/streams/c/i/two");
  latest().emit("user.joined", '{"__proto__":"p","constructor":"k","2fa":true,"größe":3,"":"empty"}');
  assert.equal(seen.length, 1);
  assert.equal(Object.getPrototypeOf(seen[0]), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(seen[0], "__proto__").value, "p");
  assert.equal(seen[0].constructor, "k");
  assert.equal(seen[0]["größe"], 3);
  assert.equal(odd.DefaultEventNames["user.joined"], "user.joined");
});

test("a default declared on a named type reached through $ref is filled in, as Swift fills it", () => {
  const seen = [];
  scalars.connectFeed({ feedID: "f" }, { onReading: (reading) => seen.push(reading) }, options);
  latest().emit("reading", { at: "2026-11-25T08:00:00Z" });
  assert.deepEqual(seen, [{ at: "2026-11-25T08:00:00Z", level: "low", note: "none" }]);
});

test("a nullable $ref payload is its type or null, checked by the type's function, next to a type named like the event", () => {
  const seen = [];
  const invalid = [];
  payloads.connectRoom(
    { roomID: "r" },
    {
      onJoined: (user) => seen.push(["joined", user]),
      onStamped: (stamp) => seen.push(["stamped", stamp.at]),
      onInvalid: (event) => invalid.push([event.type, event.error.message]),
    },
    options
  );
  latest().emit("joined", null, "1");
  latest().emit("joined", { name: "Ada" }, "2");
  latest().emit("joined", { nom: "Ada" }, "3");
  latest().emit("stamped", { at: "2026-11-30T08:00:00Z" }, "4");
  assert.deepEqual(seen, [["joined", null], ["joined", { name: "Ada" }], ["stamped", "2026-11-30T08:00:00Z"]]);
  assert.equal(invalid.length, 1);
  assert.equal(invalid[0][0], "joined");
  assert.match(invalid[0][1], /name/);
});
