#!/usr/bin/env bash
# The real-browser end-to-end test: headless Chromium loads a page served by e2e-server (the
# generated Swift emitter and the hub behind Hummingbird); the page uses the generated
# JavaScript module over the browser's EventSource (Tests/Browser/app.mjs). Checks that each
# typed handler sees its events in order, that after the server drops the connection the
# browser reconnects with Last-Event-ID and gets the missed events from the replay window,
# that the terminal event closes the stream for good, and that after a server restart the
# reconnection brings the loss signal to onReplayGap.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
  (apt-get install -y chromium || (apt-get update && apt-get install -y chromium)) >/dev/null 2>&1 \
    || { echo "cannot install chromium"; exit 1; }
fi
swift build --package-path IntegrationTests --product e2e-server -Xswiftc -warnings-as-errors >/dev/null 2>&1 \
  || swift build --package-path IntegrationTests --product e2e-server -Xswiftc -warnings-as-errors
server=$(swift build --package-path IntegrationTests --show-bin-path -Xswiftc -warnings-as-errors)/e2e-server

log=$(mktemp)
"$server" 0 . >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q '^listening on' "$log" && break; sleep 0.1; done
port=$(sed -n 's/^listening on //p' "$log")
[ -n "$port" ] || { cat "$log"; echo "FAIL: e2e-server did not start"; exit 1; }

dom=$(timeout 120 chromium --headless=new --no-sandbox --disable-gpu --virtual-time-budget=20000 \
  --dump-dom "http://127.0.0.1:$port/" 2>/dev/null || true)
status=$(grep -o '<div id="status"[^>]*>[^<]*</div>' <<<"$dom" || true)
failed=0
if [[ "$status" != *">passed</div>" ]]; then
  echo "FAIL: the page says: ${status:-nothing (no page)}"
  failed=1
fi
# Both rooms' reconnections carry the id of the room's third event (`<epoch>-3`): once resumed
# from the replay window, once answered with the loss signal after the restart.
if ! grep -q "^stream Last-Event-ID=none$" "$log" || [ "$(grep -cE '^stream Last-Event-ID=[0-9a-z]+-3$' "$log")" != 2 ]; then
  echo "FAIL: the browser did not reconnect with the third event's Last-Event-ID in each room:"
  grep '^stream' "$log" || true
  failed=1
fi
if [ "$failed" = 0 ]; then
  echo "ok browser: typed handlers in order, reconnect with Last-Event-ID from the replay window, terminal close, loss signal after a restart"
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
  exit 1
fi
