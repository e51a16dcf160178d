// The client side of the load benchmark: node load_client.mjs PORT CLIENTS BROADCASTS CYCLES
// Opens CLIENTS concurrent SSE connections and measures the server's resident memory per idle
// connection against a baseline (after a warm-up of 500 connections); times BROADCASTS
// broadcasts to all of them (delivery latency from the broadcast request to each client's
// receipt); closes them; then runs CYCLES connect/disconnect cycles and measures what they left
// behind. Prints one JSON line.
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
        // From now on a reset (the server hanging up under load) only ends this client.
        socket.removeListener("error", reject);
        socket.on("error", () => {});
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
  await settle();
}

// Servers notice a client that left at their next writes (the first write after the client's
// FIN still succeeds): wait past two 5 s heartbeats.
const settle = () => sleep(12000);

// Baseline: the server after one batch of connections came and went (thread pools, buffers and
// lazily built state exist).
await cycle(500);
const baseline = await rss();

let waiting = null; // { marker, start, pending: Set, latencies: [], done }
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
await settle();
const afterAll = await rss();

// Connect/disconnect cycles, 500 at a time: what they leave behind is measured from here, so
// that what the allocator keeps from the peak above is not counted as theirs.
await cycle(cycles);
const afterCycles = await rss();

latencies.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    clients: clientCount,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    deliveriesPerSecond: deliveries / (busy / 1000),
    bytesPerIdleConnection: (withIdle - baseline) / clientCount,
    baseline,
    afterAll,
    afterCycles,
  })
);
process.exit(0);
