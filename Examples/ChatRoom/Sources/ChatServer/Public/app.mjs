// The page's script: the generated module (chat.events.mjs, written here by
// `swift package generate-events`) turns the room's stream into typed calls.
import { connectRoom } from "/chat.events.mjs";

const room = new URLSearchParams(location.search).get("room") ?? "lobby";
document.getElementById("room").textContent = room;
const status = document.getElementById("status");
const problem = document.getElementById("problem");
const list = document.getElementById("messages");
const show = (text) => {
  const item = document.createElement("li");
  item.textContent = text;
  list.append(item);
};

connectRoom(
  { roomID: room },
  {
    onOpen: () => (status.textContent = "connected"),
    onMessagePosted: (message) => show(`${message.author.name}: ${message.text}`),
    onUserJoined: (user) => show(`${user.name} joined`),
    onNotice: (text) => show(`notice: ${text}`),
    onRoomClosed: () => (status.textContent = "the room was closed"),
    onError: (error) => (status.textContent = error.willReconnect ? "reconnecting…" : `disconnected: ${error.message}`),
    onInvalid: (event) => console.warn("invalid event", event.type, event.error.message),
    // The server could not replay what was posted while this page was away (it restarted, or
    // the page was gone too long): say so rather than show a silent hole.
    onReplayGap: () => show("… some messages were missed while disconnected"),
  }
);

document.getElementById("post").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch(`/rooms/${encodeURIComponent(room)}/messages`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ author: form.get("author"), text: form.get("text") }),
  });
  // The server refuses what the schema does not allow, and says why.
  problem.textContent = response.ok ? "" : `not sent: ${(await response.text()).trim()}`;
  if (response.ok) event.target.elements.text.value = "";
});
