#!/usr/bin/env bash
# Examples/ChatRoom as a user meets it, from the root of the clone, with the README's commands:
#   - its generated files are current (the command plugin's --check, run in the example);
#   - `swift build --package-path Examples/ChatRoom` builds both executables, without warnings
#     from the example's or this package's sources;
#   - the README's main command, literally: `swift run --package-path Examples/ChatRoom chat-server`
#     serves the page, its script and the generated module from here (not from Examples/ChatRoom);
#   - posting: JSON only (415 otherwise), readable 400s (bad JSON, a name outside 1-80 characters);
#   - rooms with odd names (space, slash, percent, é, emoji) reach `chat-follow` as typed events,
#     however the path was encoded;
#   - `chat-follow` reports an event it cannot read and goes on;
#   - in a real browser (headless Chromium through Selenium): the page connects, the form posts,
#     the message appears; a name the server refuses is shown as the server's message; after a
#     server restart the page shows the loss signal.
# Prints an ok line per check and a summary.
set -euo pipefail
# The README's main command keeps the rooms in memory; scripts/test.sh's DATABASE_URL (for the
# PostgreSQL checks) would put them in PostgreSQL, where a restart loses nothing to signal.
unset DATABASE_URL
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d)
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT
passed=0
fail() { echo "FAIL: $*"; echo "$passed passed, 1 failed"; exit 1; }
ok() { echo "ok $*"; passed=$((passed + 1)); }

(cd Examples/ChatRoom && swift package --allow-writing-to-package-directory generate-events --check </dev/null) \
  >"$work/check.log" 2>&1 \
  || { cat "$work/check.log"; fail "stale generated files: run swift package --allow-writing-to-package-directory generate-events in Examples/ChatRoom"; }
ok "example: generated files current"
# The README's commands as written (no extra flags, so `swift run` below reuses this build);
# a warning in the example's or this package's sources still fails.
swift build --package-path Examples/ChatRoom >"$work/build.log" 2>&1 \
  || { tail -30 "$work/build.log"; fail "swift build --package-path Examples/ChatRoom"; }
if grep -E "^($root/)?(Examples/ChatRoom/)?(Sources|Plugins)/.*: warning:" "$work/build.log"; then
  fail "the example's build has warnings"
fi
bin=$(swift build --package-path Examples/ChatRoom --show-bin-path)
[ -x "$bin/chat-server" ] && [ -x "$bin/chat-follow" ] || fail "the build did not make both executables"
ok "example: swift build --package-path Examples/ChatRoom builds chat-server and chat-follow"

# The README's main command, as written (port 8080), from the root of the clone; only when
# something else holds 8080 is a free port given as its argument.
port_argument=()
expected_url=http://127.0.0.1:8080
if curl -s -o /dev/null "$expected_url/"; then
  free=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "note: port 8080 is taken; running the main command with port $free"
  port_argument=("$free")
  expected_url=http://127.0.0.1:$free
fi
swift run --package-path Examples/ChatRoom chat-server "${port_argument[@]}" >"$work/server.log" 2>&1 &
server=$!
pids+=($server)
for _ in $(seq 1 300); do grep -q 'open http' "$work/server.log" && break; sleep 0.2; done
url=$(sed -n 's|^chat-server: open \(http://[^ ]*\)/ in a browser$|\1|p' "$work/server.log")
[ "$url" = "$expected_url" ] || { cat "$work/server.log"; fail "the README's main command did not start the server"; }
curl -sf "$url/" | grep -q '<script type="module" src="/app.mjs">' || fail "no page at $url/ (run from the root)"
curl -sfI "$url/app.mjs" | grep -qi '^content-type: text/javascript' || fail "the page's script is not served"
curl -sfI "$url/chat.events.mjs" | grep -qi '^content-type: text/javascript' || fail "the generated module is not served"
ok "main command from the root: page, script and generated module served"

post() { # room path segment, content type, body → "status body"
  curl -s -o "$work/answer" -w '%{http_code}' -X POST ${2:+-H "Content-Type: $2"} -d "$3" "$url/rooms/$1/messages"
  printf ' %s' "$(tr -d '\n' <"$work/answer")"
}
expect_post() { # room, content type, body, expected "status body"
  local got
  got=$(post "$1" "$2" "$3")
  [ "$got" = "$4" ] || fail "POST /rooms/$1/messages ($2, $3): got '$got', expected '$4'"
}
expect_post lobby "text/plain" '{"author":"Ada","text":"hi"}' "415 send the message as JSON (Content-Type: application/json)"
expect_post lobby "" '{"author":"Ada","text":"hi"}' "415 send the message as JSON (Content-Type: application/json)"
expect_post lobby "application/json" '{"author":1}' '400 send a JSON object with text fields "author" and "text"'
expect_post lobby "application/json" '{"author":"","text":"hi"}' "400 at author.name: 0 characters, fewer than the minimum 1"
long=$(printf 'a%.0s' $(seq 81))
expect_post lobby "application/json" "{\"author\":\"$long\",\"text\":\"hi\"}" "400 at author.name: 81 characters, more than the maximum 80"
ok "posting: JSON only, readable 400s for bad JSON and names outside 1-80 characters"

# Odd room names, posted with the page's encodeURIComponent and with other encodings.
follow() { # room → log file; waits until it follows
  "$bin/chat-follow" "$url" "$1" >"$work/follow-$2.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do grep -q '^chat-follow: following' "$work/follow-$2.log" && break; sleep 0.1; done
}
check_room() { # name, label, encodings...
  local name=$1 label=$2
  shift 2
  follow "$name" "$label"
  local encoding
  for encoding in "$@"; do
    for _ in $(seq 1 20); do
      post "$encoding" application/json "{\"author\":\"Ada\",\"text\":\"via $encoding\"}" >/dev/null
      grep -qF "Ada: via $encoding" "$work/follow-$label.log" && break
      sleep 0.25
    done
    grep -qF "Ada: via $encoding" "$work/follow-$label.log" \
      || { cat "$work/follow-$label.log"; fail "room '$name' posted as /rooms/$encoding/messages did not reach its follower"; }
  done
}
check_room "lobby" lobby lobby
check_room "x y" space "x%20y"
check_room "a/b" slash "a%2Fb" "a%2fb"
check_room "100%" percent "100%25"
check_room "café" cafe "caf%C3%A9" "caf%c3%a9"
check_room "🎉 party" emoji "%F0%9F%8E%89%20party"
ok "rooms named with a space, /, %, é and emoji reach the follower, however the path was encoded"

# A server whose events break the schema: the follower reports them and goes on.
cat >"$work/bad_server.py" <<'PYTHON'
import http.server, sys
body = (b"retry: 100000\n\nid: 1\nevent: messagePosted\ndata: {\"id\":\"m\",\"text\":\"no author\",\"sentAt\":\"2026-11-30T10:00:00Z\"}\n\n"
        b"id: 2\nevent: notice\ndata: still here\n\nid: 3\nevent: roomClosed\ndata:\n\n")
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Type", "text/event-stream"); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args): pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_port, flush=True)
server.serve_forever()
PYTHON
python3 "$work/bad_server.py" >"$work/bad.port" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -s "$work/bad.port" ] && break; sleep 0.1; done
timeout 20 "$bin/chat-follow" "http://127.0.0.1:$(cat "$work/bad.port")" lobby >"$work/bad.out" 2>"$work/bad.err" \
  || { cat "$work/bad.out" "$work/bad.err"; fail "chat-follow did not go on after a bad event"; }
grep -q "^chat-follow: skipped a bad event: event 'messagePosted' (id 1): required property 'author' is missing" "$work/bad.err" \
  && grep -q '^notice: still here$' "$work/bad.out" && grep -q '^the room was closed$' "$work/bad.out" \
  || { cat "$work/bad.out" "$work/bad.err"; fail "chat-follow did not report the bad event and go on"; }
ok "chat-follow reports an event it cannot read and goes on"

# The page in a real browser.
if ! command -v chromedriver >/dev/null || ! command -v chromium >/dev/null; then
  (apt-get install -y chromium chromium-driver || (apt-get update && apt-get install -y chromium chromium-driver)) \
    >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; fail "cannot install chromium and chromium-driver"; }
fi
venv=.build/browser-venv
if ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
  python3 -m venv "$venv" && "$venv/bin/pip" install --quiet selenium==4.51.0 >"$work/pip.log" 2>&1 \
    || { tail -20 "$work/pip.log"; fail "cannot install selenium"; }
fi
# It ends this server (swift run execs it, so $server is its pid) and starts the binary again.
"$venv/bin/python" Tests/Browser/example_page.py "$url" "$bin/chat-server" "$server" || fail "the page in the browser"
ok "browser: the page connects to room 'café 🎉', the form posts, the message appears; a refused name is shown; after a server restart the page says messages were missed"

echo "$passed passed, 0 failed"
