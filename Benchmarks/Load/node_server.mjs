// The plain Node `http` SSE server of the load benchmark: node node_server.mjs PORT
import http from "node:http";

const clients = new Set();
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/events") {
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
    res.write(":\n");
    clients.add(res);
    req.on("close", () => clients.delete(res));
  } else if (url.pathname === "/broadcast") {
    const frame = `event: tick\ndata: ${url.searchParams.get("data") ?? "x"}\n\n`;
    for (const client of clients) client.write(frame);
    res.end();
  } else if (url.pathname === "/rss") {
    res.end(String(process.memoryUsage().rss));
  } else {
    res.writeHead(404).end();
  }
});
server.listen(Number(process.argv[2]), "127.0.0.1", () => console.log(`listening on ${server.address().port}`));
