// The fetch transport (Node has no EventSource) against a live e2e-server: the generated Swift
// emitter and the hub behind Hummingbird. Build it first: swift build --package-path IntegrationTests --product e2e-server
// (scripts/test.sh does, and passes its path in E2E_SERVER).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connectRoom, CLOSED } from "./Generated/chat.events.mjs";
import { epochsAsLetters, repository, until } from "./support.mjs";

const binary = process.env.E2E_SERVER ?? `${repository}IntegrationTests/.build/debug/e2e-server`;
assert.ok(existsSync(binary), `no e2e-server at ${binary}: run swift build --package-path IntegrationTests --product e2e-server`);
const server = spawn(binary, ["0", repository], { stdio: ["ignore", "pipe", "inherit"] });
const lines = [];
server.stdout.setEncoding("utf8");
server.stdout.on("data", (text) => lines.push(...text.split("\n").filter(Boolean)));
after(() => server.kill());
await until(() => lines.some((line) => line.startsWith("listening on ")), 20000);
const port = lines.find((line) => line.startsWith("listening on ")).slice("listening on ".length);
const baseURL = `http://127.0.0.1:${port}/`;
const step = (name) => fetch(`${baseURL}scenario/${name}?room=node`, { method: "POST" });

test("typed events in order, a dropped connection resumed from the replay window, the terminal event closes", async () => {
  const seen = [];
  let connects = 0;
  let opens = 0;
  const connection = connectRoom(
    { roomID: "node" },
    {
      onOpen: () => {
        seen.push("open");
        if (opens++ === 0) step("first");
      },
      onMessagePosted: (message, event) => seen.push(`messagePosted ${event.lastEventId} ${message.text}`),
      onUserJoined: (user, event) => seen.push(`userJoined ${event.lastEventId} ${user.role}`),
      onNotice: (text, event) => {
        seen.push(`notice ${event.lastEventId} ${text}`);
        step("drop");
      },
      onMessageEdited: (edit, event) => seen.push(`messageEdited ${event.lastEventId} ${edit.text}`),
      onUserLeft: (left, event) => {
        seen.push(`userLeft ${event.lastEventId} ${left.reason}`);
        step("close");
      },
      onRoomClosed: (payload, event) => seen.push(`roomClosed ${event.lastEventId}`),
      onError: (error) => seen.push(`error willReconnect=${error.willReconnect}`),
      onInvalid: (event) => seen.push(`invalid ${event.error.message}`),
    },
    { baseURL, headers: () => ({ Authorization: `Bearer ${++connects}` }), jitter: 0 }
  );
  await until(() => seen.some((line) => line.startsWith("roomClosed")), 20000);
  assert.deepEqual(epochsAsLetters(seen), [
    "open",
    "messagePosted A1 hello",
    "userJoined A2 admin",
    "notice A3 welcome",
    "error willReconnect=true",
    "open",
    "messageEdited A4 hello, edited",
    "userLeft A5 left",
    "roomClosed A6",
  ]);
  assert.equal(connection.readyState, CLOSED);
  assert.equal(connects, 2);
  const resumedFrom = seen.find((line) => line.startsWith("notice")).split(" ")[1];
  assert.ok(lines.includes(`stream Last-Event-ID=${resumedFrom}`), lines.join("\n"));
});

test("after a server restart, the reconnection brings the loss signal to onReplayGap, then the new events", async () => {
  const room = "node-restart";
  const go = (name) => fetch(`${baseURL}scenario/${name}?room=${room}`, { method: "POST" });
  const seen = [];
  let opens = 0;
  const connection = connectRoom(
    { roomID: room },
    {
      onOpen: () => {
        seen.push("open");
        if (opens++ === 0) go("first");
      },
      onNotice: (text, event) => {
        seen.push(`notice ${event.lastEventId} ${text}`);
        go(text === "welcome" ? "restart" : "close");
      },
      onReplayGap: (gap) => seen.push(`replayGap ${gap.lastEventId} ${gap.firstEventId}`),
      onRoomClosed: (payload, event) => seen.push(`roomClosed ${event.lastEventId}`),
      onUnknown: (event) => seen.push(`unknown ${event.type}`),
    },
    { baseURL, transport: "fetch", jitter: 0 }
  );
  await until(() => seen.some((line) => line.startsWith("roomClosed")), 20000);
  // The restarted server's topic has a history of its own: another epoch, counting from 1.
  assert.deepEqual(epochsAsLetters(seen), [
    "open",
    "notice A3 welcome",
    "open",
    "replayGap A3 B1",
    "notice B1 after restart",
    "roomClosed B2",
  ]);
  assert.equal(connection.readyState, CLOSED);
});
