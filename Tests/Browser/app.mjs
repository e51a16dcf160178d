// The browser end-to-end scenario (scripts/browser-e2e.sh): the generated module over the
// browser's own EventSource, against e2e-server (the generated Swift emitter and the hub):
// events in order, a reconnection resumed from the replay window, the terminal close; then a
// server restart, after which the reconnection brings the loss signal (onReplayGap).
// It writes what each typed handler saw into #log and sets #status to "passed" or "failed: …".
import { connectRoom, CLOSED } from "/chat.events.mjs";

const seen = [];
const list = document.getElementById("log");
const status = document.getElementById("status");
const step = (name) => fetch(`/scenario/${name}?room=lobby`, { method: "POST" });
const record = (line) => {
  seen.push(line);
  const item = document.createElement("li");
  item.textContent = line;
  list.append(item);
};

let opens = 0;
const connection = connectRoom(
  { roomID: "lobby" },
  {
    onOpen: () => {
      record("open");
      if (opens++ === 0) step("first");
    },
    onMessagePosted: (message, event) => record(`messagePosted ${event.lastEventId} ${message.text} by ${message.author.name}`),
    onUserJoined: (user, event) => record(`userJoined ${event.lastEventId} ${user.name} ${user.role}`),
    onNotice: (text, event) => {
      record(`notice ${event.lastEventId} ${text}`);
      step("drop"); // the server hangs up, then publishes 4 and 5 while nobody listens
    },
    onMessageEdited: (edit, event) => record(`messageEdited ${event.lastEventId} ${edit.text}`),
    onUserLeft: (left, event) => {
      record(`userLeft ${event.lastEventId} ${left.reason}`);
      step("close");
    },
    onRoomClosed: (payload, event) => {
      record(`roomClosed ${event.lastEventId}`);
      // Wait longer than the stream's retry (2 s): a closed stream must not reconnect.
      setTimeout(finish, 2500);
    },
    onError: (error) => record(`error willReconnect=${error.willReconnect}`),
    onUnknown: (event) => record(`unknown ${event.type}`),
    onInvalid: (event) => record(`invalid ${event.type} ${event.error.message}`),
  }
);

// Then a restart: the server forgets every event ID, so the browser's reconnection with the
// Last-Event-ID of the third event must bring the loss signal, typed, before the new events.
const restartSeen = [];
function restartScenario() {
  const room = "restart";
  const go = (name) => fetch(`/scenario/${name}?room=${room}`, { method: "POST" });
  let restartOpens = 0;
  const restarted = connectRoom(
    { roomID: room },
    {
      onOpen: () => {
        restartSeen.push("open");
        if (restartOpens++ === 0) go("first");
      },
      onMessagePosted: (message, event) => restartSeen.push(`messagePosted ${event.lastEventId}`),
      onUserJoined: (user, event) => restartSeen.push(`userJoined ${event.lastEventId}`),
      onNotice: (text, event) => {
        restartSeen.push(`notice ${event.lastEventId} ${text}`);
        go(text === "welcome" ? "restart" : "close");
      },
      onReplayGap: (gap, event) => restartSeen.push(`replayGap ${gap.lastEventId} ${gap.firstEventId} ${event.type}`),
      onRoomClosed: (payload, event) => {
        restartSeen.push(`roomClosed ${event.lastEventId}`);
        setTimeout(() => finish(restarted), 500);
      },
      onError: (error) => restartSeen.push(`error willReconnect=${error.willReconnect}`),
      onUnknown: (event) => restartSeen.push(`unknown ${event.type}`),
    }
  );
}

async function finish(restarted) {
  if (restarted === undefined) return restartScenario();
  const requests = Number(await (await fetch("/scenario/requests")).text());
  // Each room has a history of its own (an epoch, shown as a letter), and so has the restart.
  const expected = [
    "open",
    "messagePosted A1 hello by Ada",
    "userJoined A2 Ada admin",
    "notice A3 welcome",
    "error willReconnect=true",
    "open",
    "messageEdited A4 hello, edited",
    "userLeft A5 left",
    "roomClosed A6",
  ];
  const expectedAfterRestart = [
    "open",
    "messagePosted A1",
    "userJoined A2",
    "notice A3 welcome",
    "error willReconnect=true",
    "open",
    "replayGap A3 B1 replay-gap",
    "notice B1 after restart",
    "roomClosed B2",
  ];
  const problems = [];
  if (JSON.stringify(epochsAsLetters(seen)) !== JSON.stringify(expected)) problems.push(`saw ${JSON.stringify(seen)}`);
  if (JSON.stringify(epochsAsLetters(restartSeen)) !== JSON.stringify(expectedAfterRestart)) {
    problems.push(`after the restart saw ${JSON.stringify(restartSeen)}`);
  }
  if (connection.readyState !== CLOSED) problems.push(`readyState ${connection.readyState}`);
  if (restarted.readyState !== CLOSED) problems.push(`readyState after the restart ${restarted.readyState}`);
  if (requests !== 4) problems.push(`${requests} stream requests, expected 4`);
  status.dataset.result = JSON.stringify({ seen, restartSeen, requests, readyState: connection.readyState });
  status.textContent = problems.length === 0 ? "passed" : `failed: ${problems.join("; ")}`;
}

/**
 * Lines with the hub's event IDs (`<epoch>-<offset>`, the epoch random) made comparable: each
 * epoch becomes a capital letter in order of first appearance, so `k3v9x2q1-4` reads `A4`.
 */
function epochsAsLetters(lines) {
  const epochs = new Map();
  return lines.map((line) =>
    line.replace(/\b([0-9a-z]{1,32})-(\d+)\b/g, (_, epoch, offset) => {
      if (!epochs.has(epoch)) epochs.set(epoch, String.fromCharCode(65 + epochs.size));
      return `${epochs.get(epoch)}${offset}`;
    })
  );
}
