#!/usr/bin/env bash
# Examples/ChatRoom as a user runs it: its generated files are current (the command plugin's
# --check), it builds warning-free, the server serves the page and the generated module, and
# the command-line follower receives a posted message as a typed event.
set -euo pipefail
cd "$(dirname "$0")/../Examples/ChatRoom"
work=$(mktemp -d)
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }

swift package --allow-writing-to-package-directory generate-events --check </dev/null >"$work/check.log" 2>&1 \
  || { cat "$work/check.log"; fail "the example's generated files are stale: run swift package --allow-writing-to-package-directory generate-events in Examples/ChatRoom"; }
swift build -Xswiftc -warnings-as-errors >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; fail "the example does not build"; }
bin=$(swift build -Xswiftc -warnings-as-errors --show-bin-path)

"$bin/chat-server" 0 >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q 'open http' "$work/server.log" && break; sleep 0.1; done
url=$(sed -n 's|^chat-server: open \(http://[^ ]*\)/ in a browser$|\1|p' "$work/server.log")
[ -n "$url" ] || { cat "$work/server.log"; fail "the server did not start"; }
curl -sf "$url/" | grep -q '<script type="module" src="/app.mjs">' || fail "no page at $url/"
curl -sfI "$url/chat.events.mjs" | grep -qi '^content-type: text/javascript' || fail "the module is not served as JavaScript"

"$bin/chat-follow" "$url" lobby >"$work/follow.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 40); do
  curl -sf -X POST -H 'Content-Type: application/json' -d '{"author":"Ada","text":"hello, room"}' \
    "$url/rooms/lobby/messages" >/dev/null || true
  grep -q '^Ada: hello, room$' "$work/follow.log" && break
  sleep 0.5
done
grep -q '^Ada: hello, room$' "$work/follow.log" || { cat "$work/follow.log"; fail "the follower did not print the message"; }
echo "ok example: generated files current, builds, serves the page and module, follower receives typed events"
echo "1 passed, 0 failed"
