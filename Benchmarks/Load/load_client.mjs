// The client side of the load benchmark: node load_client.mjs PORT CLIENTS BROADCASTS CYCLES
// Runs CYCLES connect/disconnect cycles and compares the server's resident memory after them
// with its baseline (taken after a warm-up of 500 cycles); then opens CLIENTS concurrent SSE
// connections, measures the memory per idle connection, and times BROADCASTS broadcasts to
// all of them (delivery latency from the broadcast request to each client's receipt).
// Prints one JSON line.
import net from "node:net";
import http from "node:http";
import { performance } from "node:perf_hooks";

const [port, clientCount, broadcasts, cycles] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: false });

function request(method, path) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, agent }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

const rss = async () => Number(await request("GET", "/rss"));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/// Opens one stream; resolves with the socket once the first bytes of the body arrived.
function open(onText) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let started = false;
    let text = "";
    socket.setNoDelay(true);
    socket.on("connect", () => socket.write(`GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n`));
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      if (!started && text.includes("\r\n\r\n")) {
        started = true;
        text = "";
        resolve(socket);
      } else if (started) {
        onText(socket, text);
        text = text.slice(-64);
      }
    });
    socket.on("error", reject);
  });
}

async function openMany(count, onText) {
  const sockets = [];
  for (let start = 0; start < count; start += 500) {
    const batch = [];
    for (let index = start; index < Math.min(count, start + 500); index++) batch.push(open(onText));
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function cycle(count) {
  for (let done = 0; done < count; done += 500) {
    const batch = await openMany(Math.min(500, count - done), () => {});
    for (const socket of batch) socket.destroy();
    await sleep(20);
  }
  // Servers notice a client that left at their next write: wait past a 5 s heartbeat.
  await sleep(7000);
}

// Baseline: the server after one batch of connections came and went (thread pools, buffers
// and lazily built state exist), before the cycles.
await cycle(500);
const baseline = await rss();
await cycle(cycles);
const afterCycles = await rss();

let waiting = null; // { marker, start, pending: Set, latencies: [], done }
const beforeIdle = await rss();
const sockets = await openMany(clientCount, (socket, text) => {
  if (waiting && waiting.pending.has(socket) && text.includes(waiting.marker)) {
    waiting.pending.delete(socket);
    waiting.latencies.push(performance.now() - waiting.start);
    if (waiting.pending.size === 0) waiting.done();
  }
});
await sleep(1000);
const withIdle = await rss();

const latencies = [];
let deliveries = 0;
let busy = 0;
for (let round = 1; round <= broadcasts; round++) {
  const marker = `data: b${round}-${Date.now()}\n`;
  const finished = new Promise((resolve) => {
    waiting = { marker, start: performance.now(), pending: new Set(sockets), latencies: [], done: resolve };
  });
  await request("POST", `/broadcast?data=${marker.slice(6, -1)}`);
  const timeout = sleep(30000).then(() => "timeout");
  if ((await Promise.race([finished, timeout])) === "timeout") {
    console.log(JSON.stringify({ error: `round ${round}: ${waiting.pending.size} clients missed the event` }));
    process.exit(1);
  }
  latencies.push(...waiting.latencies);
  deliveries += waiting.latencies.length;
  busy += Math.max(...waiting.latencies);
  await sleep(200);
}
for (const socket of sockets) socket.destroy();
await sleep(7000);
const afterAll = await rss();

latencies.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    clients: clientCount,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    deliveriesPerSecond: deliveries / (busy / 1000),
    bytesPerIdleConnection: (withIdle - beforeIdle) / clientCount,
    baseline,
    afterCycles,
    afterAll,
  })
);
process.exit(0);
