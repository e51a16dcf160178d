#!/usr/bin/env bash
# The load benchmark: N concurrent SSE clients on one server process, one broadcast reaching
# every client, for servers side by side: ours (hub + Hummingbird adapter, through the router
# and through EventStreamRoutes), a hand-written Hummingbird SSE endpoint, and a plain Node
# `http` server.
#   Benchmarks/Load/run.sh [clients=10000] [broadcasts=5] [cycles=10000]
#   SERVERS="ours node" Benchmarks/Load/run.sh …   runs only those servers
# Reports p50/p99 delivery latency, deliveries per second, resident memory per idle connection
# (against a baseline taken after a warm-up of 500 connections), the memory once the N clients
# left (against that baseline), and what the connect/disconnect cycles left behind (against the
# memory before them).
set -euo pipefail
cd "$(dirname "$0")/../.."
clients=${1:-10000}
broadcasts=${2:-5}
cycles=${3:-10000}
ulimit -n "$(ulimit -Hn)"  # each process needs one descriptor per connection

# The test command's flags, so that a run after the tests reuses their build.
swift build --package-path IntegrationTests -c release --product load-server -Xswiftc -warnings-as-errors >/dev/null 2>&1 \
  || swift build --package-path IntegrationTests -c release --product load-server -Xswiftc -warnings-as-errors
bin=$(swift build --package-path IntegrationTests -c release --show-bin-path)

run() {  # key, name, command...
  # SERVERS="ours node" runs only those (ours, ours-routes, ours-watching, handwritten, node).
  [[ -z "${SERVERS:-}" || " $SERVERS " == *" $1 "* ]] || return 0
  local name=$2
  shift 2
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$@" "$port" >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  local result
  result=$(node Benchmarks/Load/load_client.mjs "$port" "$clients" "$broadcasts" "$cycles" 2>/dev/null) \
    || result='{"error": "the client failed: the server reset connections or stopped answering"}'
  kill "$pid" 2>/dev/null || true       # graceful first; a server that will not stop is killed
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  python3 - "$name" "$result" <<'PY'
import json, sys
name, r = sys.argv[1], json.loads(sys.argv[2])
if "error" in r:
    print(f"{name:<24} ERROR {r['error']}"); sys.exit(0)
mib = lambda key, base="baseline": (r[key] - r[base]) / 2**20
print(f"{name:<24} p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms  {r['deliveriesPerSecond']:>9,.0f} deliveries/s  "
      f"{r['bytesPerIdleConnection']/1024:5.1f} KiB/idle connection  "
      f"all clients gone: {mib('afterAll'):+6.1f} MiB vs baseline {r['baseline']/2**20:.0f} MiB; "
      f"cycles: {mib('afterCycles', 'afterAll'):+5.1f} MiB")
PY
}

echo "load: $clients clients, $broadcasts broadcasts, $cycles connect/disconnect cycles (2 cores, shared with the clients)"
run ours "ours (hub + adapter)" "$bin/load-server" ours
run ours-routes "ours, EventStreamRoutes" "$bin/load-server" ours-routes
run ours-watching "ours, watching closes" "$bin/load-server" ours-watching
run handwritten "hand-written Hummingbird" "$bin/load-server" handwritten
run node "Node http" node Benchmarks/Load/node_server.mjs
