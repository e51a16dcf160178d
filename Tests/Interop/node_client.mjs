// Node's own EventSource (node --experimental-eventsource) against our server: it must
// reconnect by itself with Last-Event-ID when the server hangs up every 2 events.
// Usage: node --experimental-eventsource node_client.mjs BASE_URL
const base = process.argv[2];
const received = [];
const source = new EventSource(`${base}/numbers?count=6&drop=2`);
let opens = 0;
source.onopen = () => { opens += 1; };
source.addEventListener("number", (event) => received.push(`${event.lastEventId} number ${event.data}`));
const timer = setTimeout(() => finish("timed out"), 20000);
source.addEventListener("done", (event) => {
  received.push(`${event.lastEventId} done ${event.data}`);
  finish();
});

function finish(error) {
  clearTimeout(timer);
  source.close();
  const expected = [1, 2, 3, 4, 5, 6].map((n) => `${n} number {"n":${n}}` + (n % 3 === 0 ? "\nsecond line" : ""));
  expected.push("7 done ");
  const ok = !error && JSON.stringify(received) === JSON.stringify(expected) && opens >= 3;
  console.log(`${ok ? "ok  " : "FAIL"} node EventSource: ${received.length} events over ${opens} connections` + (error ? ` (${error})` : ""));
  if (!ok) console.log(JSON.stringify(received));
  process.exit(ok ? 0 : 1);
}
