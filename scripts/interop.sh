#!/usr/bin/env bash
# Interoperability with independent implementations, as real processes on loopback:
#   - our server (interop-server) read by httpx-sse, sseclient-py (PyPI) and Node's EventSource;
#   - our reconnecting client (interop-client) reading an sse-starlette server.
# Python peers are installed from PyPI into .build/interop-venv. Prints each check and a summary.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.build/interop-venv
if ! "$venv/bin/python" -c 'import httpx, httpx_sse, sse_starlette, uvicorn, sseclient' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet httpx==0.28.1 httpx-sse==0.4.3 sse-starlette==3.7.0 uvicorn==0.54.0 sseclient-py==1.9.0
fi
swift build --package-path IntegrationTests --product interop-server -Xswiftc -warnings-as-errors >/dev/null 2>&1 \
  || swift build --package-path IntegrationTests --product interop-server -Xswiftc -warnings-as-errors
swift build --package-path IntegrationTests --product interop-client -Xswiftc -warnings-as-errors >/dev/null 2>&1 \
  || swift build --package-path IntegrationTests --product interop-client -Xswiftc -warnings-as-errors
bin=$(swift build --package-path IntegrationTests --show-bin-path -Xswiftc -warnings-as-errors)

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# Our server, third-party clients.
"$bin/interop-server" 0 >"$work/server.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q 'listening on' "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.out" | head -1)
[ -n "$port" ] || { cat "$work/server.out"; echo "interop-server did not start"; exit 1; }
"$venv/bin/python" Tests/Interop/python_clients.py "http://127.0.0.1:$port"
node --experimental-eventsource --no-warnings Tests/Interop/node_client.mjs "http://127.0.0.1:$port"

# A third-party server, our client.
port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$venv/bin/python" Tests/Interop/starlette_server.py "$port" >"$work/starlette.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
timeout 60 "$bin/interop-client" "http://127.0.0.1:$port/events" >"$work/client.out"
expected=$(for i in 1 2 3 4 5 6 7 8; do echo "$i tick {\"n\": $i}"; done)
if [ "$(cat "$work/client.out")" == "$expected" ]; then
  echo "ok   our client read sse-starlette: 8 events once, in order, across 3 connections, stopped at 204"
else
  echo "FAIL our client read sse-starlette:"; cat "$work/client.out"; exit 1
fi
echo "interop: all checks passed"
