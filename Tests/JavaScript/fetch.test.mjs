// The fetch transport: used with headers, a method or body, or where no EventSource exists. It
// follows the EventSource rules: retry:, backoff with jitter, Last-Event-ID, 204, status and
// content type, and an idle timeout.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as chat from "./Generated/chat.events.mjs";
import { scriptedFetch, seededRandom, until, wireFixtures } from "./support.mjs";

const base = { baseURL: "http://127.0.0.1:1/", reconnectionDelay: 5, minimumReconnectionDelay: 0, jitter: 0 };

test("headers from a function on every connect, Last-Event-ID on reconnect, retry: honoured", async () => {
  let token = 0;
  const notices = [];
  const errors = [];
  const { fetch, requests } = scriptedFetch([
    (request, respond) => {
      const body = respond(200, { "Content-Type": "text/event-stream; charset=utf-8" });
      body.write("retry: 20\n\nid: 1\nevent: notice\ndata: one\n\n");
      body.write("id: 2\nevent: notice\ndata: tw");
      body.write("o\n\n");
      body.end();
    },
    (request, respond) => {
      const body = respond(200);
      body.write("id: 3\nevent: notice\ndata: three\n\n");
    },
  ]);
  const connection = chat.connectRoom(
    { roomID: "r" },
    { onNotice: (text, event) => notices.push([text, event.lastEventId]), onError: (error) => errors.push(error.willReconnect) },
    { ...base, fetch, headers: () => ({ Authorization: `Bearer ${++token}` }) }
  );
  await until(() => notices.length === 3);
  connection.close();
  assert.deepEqual(notices, [["one", "1"], ["two", "2"], ["three", "3"]]);
  assert.equal(requests.length, 2);
  assert.equal(requests[0].headers.authorization, "Bearer 1");
  assert.equal(requests[1].headers.authorization, "Bearer 2");
  assert.equal(requests[0].headers["last-event-id"], undefined);
  assert.equal(requests[1].headers["last-event-id"], "2");
  assert.equal(requests[0].headers.accept, "text/event-stream");
  assert.deepEqual(errors, [true]);
  assert.equal(connection.readyState, chat.CLOSED);
});

test("method and body go with the request, and select the fetch transport", async () => {
  const { fetch, requests } = scriptedFetch([(request, respond) => respond(200).write(": hi\n")]);
  const connection = chat.connectRoom({ roomID: "r" }, {}, { ...base, fetch, method: "POST", body: '{"q":1}' });
  await until(() => requests.length === 1);
  connection.close();
  assert.equal(requests[0].init.method, "POST");
  assert.equal(requests[0].init.body, '{"q":1}');
  assert.equal(requests[0].url, "http://127.0.0.1:1/rooms/r/events");
});

test("204 stops without reconnecting", async () => {
  const errors = [];
  const { fetch, requests } = scriptedFetch([(request, respond) => respond(204)]);
  const connection = chat.connectRoom({ roomID: "r" }, { onError: (error) => errors.push(error) }, { ...base, fetch, transport: "fetch" });
  await until(() => errors.length === 1);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(requests.length, 1);
  assert.equal(errors[0].status, 204);
  assert.equal(errors[0].willReconnect, false);
  assert.equal(connection.readyState, chat.CLOSED);
});

for (const [status, contentType, message] of [
  [500, "text/event-stream", /unexpected status 500/],
  [200, "application/json", /unexpected content type 'application\/json'/],
]) {
  test(`status ${status} with ${contentType} fails the connection for good`, async () => {
    const errors = [];
    const { fetch, requests } = scriptedFetch([(request, respond) => respond(status, { "Content-Type": contentType })]);
    const connection = chat.connectRoom({ roomID: "r" }, { onError: (error) => errors.push(error) }, { ...base, fetch, transport: "fetch" });
    await until(() => errors.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(requests.length, 1);
    assert.match(errors[0].message, message);
    assert.equal(errors[0].willReconnect, false);
    assert.equal(connection.readyState, chat.CLOSED);
  });
}

test("a connection that fails before any event reconnects with backoff, capped", async () => {
  const times = [];
  const { fetch } = scriptedFetch([
    (request, respond) => {
      times.push(Date.now());
      respond(200).error();
    },
  ]);
  const connection = chat.connectRoom({ roomID: "r" }, {}, { ...base, fetch, reconnectionDelay: 10, maximumReconnectionDelay: 40 });
  await until(() => times.length === 5);
  connection.close();
  const gaps = times.slice(1).map((time, index) => time - times[index]);
  // 10, 20, 40, 40 ms (capped), give or take the timers.
  assert.ok(gaps[0] >= 9 && gaps[1] >= 19 && gaps[2] >= 39 && gaps[3] >= 39, `gaps ${gaps}`);
  assert.ok(gaps[3] < 200, `gaps ${gaps}`);
});

test("retry: 0 and a hang-up meet the floor, then backoff: no reconnection loop", async () => {
  const times = [];
  const { fetch } = scriptedFetch([
    (request, respond) => {
      times.push(Date.now());
      const body = respond(200);
      body.write("retry: 0\n\n");
      body.end();
    },
  ]);
  // The defaults, as a page has them (the floor is 500 ms).
  const connection = chat.connectRoom({ roomID: "r" }, {}, { baseURL: base.baseURL, fetch });
  await new Promise((resolve) => setTimeout(resolve, 1200));
  connection.close();
  const gaps = times.slice(1).map((time, index) => time - times[index]);
  assert.ok(times.length >= 2 && times.length <= 3, `${times.length} fetches in 1.2 s, gaps ${gaps}`);
  assert.ok(gaps.every((gap) => gap >= 495), `gaps ${gaps}`);
});

test("an id: without data sets the Last-Event-ID sent on reconnection", async () => {
  const { fetch, requests } = scriptedFetch([
    (request, respond) => {
      const body = respond(200);
      body.write("id: 1\nevent: notice\ndata: one\n\nid: 7\n\n");
      body.end();
    },
    (request, respond) => respond(200).write(": hi\n"),
  ]);
  const connection = chat.connectRoom({ roomID: "r" }, {}, { ...base, fetch });
  await until(() => requests.length === 2);
  connection.close();
  assert.equal(requests[1].headers["last-event-id"], "7");
  assert.equal(connection.lastEventId, "7");
});

for (const [name, stream] of [
  ["a line", "data: " + "x".repeat(300)],
  ["an event", "data: 0123456789\n".repeat(30)],
]) {
  test(`${name} past its limit closes the stream for good, holding no more`, async () => {
    const errors = [];
    const { fetch, requests } = scriptedFetch([(request, respond) => respond(200).write(stream)]);
    const limits = { maximumLineLength: 200, maximumEventSize: 200 };
    const connection = chat.connectRoom({ roomID: "r" }, { onError: (error) => errors.push(error) }, { ...base, fetch, limits });
    await until(() => errors.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(requests.length, 1);
    assert.equal(errors[0].tooLarge, true);
    assert.equal(errors[0].willReconnect, false);
    assert.match(errors[0].message, /longer than 200 characters/);
    assert.equal(connection.readyState, chat.CLOSED);
  });
}

test("jitter shortens waits at random, never below (1 - jitter) of the delay", async () => {
  const times = [];
  const { fetch } = scriptedFetch([
    (request, respond) => {
      times.push(Date.now());
      respond(200).end();
    },
  ]);
  const connection = chat.connectRoom({ roomID: "r" }, {}, { ...base, fetch, reconnectionDelay: 40, jitter: 0.5 });
  await until(() => times.length === 4);
  connection.close();
  const gaps = times.slice(1).map((time, index) => time - times[index]);
  assert.ok(gaps.every((gap) => gap >= 19), `gaps ${gaps}`);
});

test("silence longer than the idle timeout (no bytes, not even a heartbeat) reconnects", async () => {
  const errors = [];
  const { fetch, requests } = scriptedFetch([
    (request, respond) => respond(200).write(":\n"), // then nothing
    (request, respond) => respond(200).write("event: notice\ndata: back\n\n"),
  ]);
  const notices = [];
  const connection = chat.connectRoom(
    { roomID: "r" },
    { onNotice: (text) => notices.push(text), onError: (error) => errors.push(error.message) },
    { ...base, fetch, idleTimeout: 50 }
  );
  await until(() => notices.length === 1);
  connection.close();
  assert.equal(requests.length, 2);
  assert.match(errors[0], /idle timeout/);
});

test("a lastEventId option resumes from it", async () => {
  const { fetch, requests } = scriptedFetch([(request, respond) => respond(200)]);
  const connection = chat.connectRoom({ roomID: "r" }, {}, { ...base, fetch, lastEventId: "41" });
  await until(() => requests.length === 1);
  connection.close();
  assert.equal(requests[0].headers["last-event-id"], "41");
});

test("close() aborts the request in flight and stops reconnecting", async () => {
  let aborted = false;
  const { fetch, requests } = scriptedFetch([
    (request, respond) => {
      request.init.signal.addEventListener("abort", () => (aborted = true));
      respond(200);
    },
  ]);
  const connection = chat.connectRoom({ roomID: "r" }, {}, { ...base, fetch });
  await until(() => requests.length === 1);
  connection.close();
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.ok(aborted);
  assert.equal(requests.length, 1);
});

test("the loss signal over the fetch transport: onReplayGap, and the last event ID stays", async () => {
  const gaps = [];
  const { fetch } = scriptedFetch([
    (request, respond) =>
      respond(200).write('event: replay-gap\ndata: {"lastEventID":"41","firstEventID":"1"}\n\nid: 1\nevent: notice\ndata: hi\n\n'),
  ]);
  const connection = chat.connectRoom({ roomID: "r" }, { onReplayGap: (gap) => gaps.push(gap), onNotice: (text) => gaps.push(text) }, { ...base, fetch, lastEventId: "41" });
  await until(() => gaps.length === 2);
  assert.deepEqual(gaps, [{ lastEventId: "41", firstEventId: "1" }, "hi"]);
  assert.equal(connection.lastEventId, "1");
  connection.close();
});

test("the terminal event ends the stream without reconnecting", async () => {
  const closed = [];
  const { fetch, requests } = scriptedFetch([(request, respond) => respond(200).write("id: 7\nevent: roomClosed\ndata:\n\n")]);
  const connection = chat.connectRoom({ roomID: "r" }, { onRoomClosed: () => closed.push(true) }, { ...base, fetch });
  await until(() => closed.length === 1);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(requests.length, 1);
  assert.equal(connection.readyState, chat.CLOSED);
  assert.equal(connection.lastEventId, "7");
});

test("every wire fixture through the fetch transport, in random chunks: the same events", async () => {
  for (const fixture of wireFixtures()) {
    const random = seededRandom(fixture.bytes.length);
    const events = [];
    let connection;
    const ended = new Promise((resolve) => {
      const { fetch } = scriptedFetch([
        (request, respond) => {
          const body = respond(200);
          for (let start = 0; start < fixture.bytes.length; ) {
            const length = 1 + Math.floor(random() * 7);
            body.write(fixture.bytes.slice(start, start + length));
            start += length;
          }
          body.end();
        },
      ]);
      // Chat names none of the fixtures' types but `message`… which it does not name either:
      // every event arrives through onUnknown, as received.
      connection = chat.connectRoom(
        { roomID: "r" },
        { onUnknown: (event) => events.push({ type: event.type, data: event.data, id: event.lastEventId }), onError: resolve },
        { ...base, fetch }
      );
    });
    await ended;
    connection.close();
    const expected = fixture.records.filter((record) => !("retry" in record));
    assert.deepEqual(events, expected, fixture.name);
  }
});
