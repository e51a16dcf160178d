"""`generate-events tail` against the end-to-end server, as a developer runs it.

Usage: tail_check.py GENERATE_EVENTS E2E_SERVER REPOSITORY

The server publishes a scenario into a room while tail follows it: three valid events, a dropped
connection (tail must reconnect with Last-Event-ID and get the next events from the replay
window), a deliberately wrong event (a message without its author) and an unknown one, then the
terminal roomClosed, at which tail must stop. Checked: each event's verdict and reason, the
reconnection, the summary, and exit status 1 (an invalid event). Then the readable output.
Prints `ok <check>` or `FAIL <check>` and a summary line.
"""

import json
import subprocess
import sys
import time
import urllib.request

generate_events, e2e_server, repository = sys.argv[1:4]
failures = 0
checks = 0


def check(name, condition, detail=""):
    global failures, checks
    checks += 1
    if condition:
        print(f"ok {name}")
    else:
        failures += 1
        print(f"FAIL {name}: {detail}")


server = subprocess.Popen([e2e_server, "0", repository], stdout=subprocess.PIPE, text=True)
try:
    line = server.stdout.readline()
    assert line.startswith("listening on "), line
    port = int(line.split()[-1])
    base = f"http://127.0.0.1:{port}"

    def step(name, room):
        urllib.request.urlopen(urllib.request.Request(f"{base}/scenario/{name}?room={room}", method="POST"), timeout=10)

    def follow(room, *flags):
        return subprocess.Popen(
            [generate_events, "tail", f"{base}/rooms/{room}/events", "--schema", "Schemas/chat.events.yaml", *flags],
            cwd=repository, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    def wait_connected(process, requests_before):
        deadline = time.time() + 20
        while time.time() < deadline:
            count = int(urllib.request.urlopen(f"{base}/scenario/requests", timeout=10).read())
            if count > requests_before:
                return
            time.sleep(0.05)
        raise TimeoutError("tail did not connect")

    def requests():
        return int(urllib.request.urlopen(f"{base}/scenario/requests", timeout=10).read())

    # JSON output, the whole scenario.
    before = requests()
    tail = follow("tail", "--json")
    wait_connected(tail, before)
    step("first", "tail")
    time.sleep(0.5)
    step("drop", "tail")
    step("wrong", "tail")
    step("close", "tail")
    out, err = tail.communicate(timeout=60)
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    verdicts = [(r["event"], r["status"]) for r in records]
    check(
        "every event with its verdict, in order",
        verdicts
        == [
            ("messagePosted", "valid"), ("user.joined", "valid"), ("notice", "valid"),
            ("messageEdited", "valid"), ("user.left", "valid"),
            ("messagePosted", "invalid"), ("surprise", "unknown"), ("notice", "valid"), ("roomClosed", "valid"),
        ],
        verdicts,
    )
    invalid = next((r for r in records if r["status"] == "invalid"), {})
    check("the invalid event's reason", invalid.get("reason") == "required property 'author' is missing", invalid)
    unknown = next((r for r in records if r["status"] == "unknown"), {})
    check("the unknown event's reason", unknown.get("reason") == "the schema has no event 'surprise'", unknown)
    # The hub's IDs are <epoch>-<n>.
    ids = [r["id"] for r in records]
    check(
        "IDs continue across the reconnection",
        [i.rsplit("-", 1)[1] for i in ids] == [str(n) for n in range(1, 10)] and len({i.rsplit("-", 1)[0] for i in ids}) == 1,
        ids,
    )
    check("valid JSON payloads come parsed", records[0].get("payload", {}).get("text") == "hello", records[0])
    check("it reconnected with Last-Event-ID", f"with Last-Event-ID: {ids[2]}\n" in err, err)
    check("it stopped at the terminal event", "'roomClosed' is terminal" in err, err)
    check(
        "the summary",
        "9 events: 7 valid, 1 unknown, 1 invalid; 0 replay gaps; 1 reconnections" in err,
        err,
    )
    check("exit status 1 (an invalid event)", tail.returncode == 1, tail.returncode)

    # Readable output.
    before = requests()
    tail = follow("readable")
    wait_connected(tail, before)
    step("wrong", "readable")
    step("close", "readable")
    out, err = tail.communicate(timeout=60)
    # Without the IDs' epoch: `#<epoch>-1 …` reads `#1 …`.
    lines = ["#" + line.split("-", 1)[1] if line.startswith("#") else line for line in out.splitlines()]
    check(
        "readable lines",
        lines
        == [
            '#1 messagePosted  INVALID: required property \'author\' is missing  '
            + 'data: {"id":"m2","text":"who?","sentAt":"2026-12-01T00:00:00Z"}',
            "#2 surprise  UNKNOWN: the schema has no event 'surprise'  data: {}",
            '#3 notice "after the wrong ones"',
            "#4 roomClosed (no data)",
        ],
        lines,
    )
finally:
    server.kill()

print(f"tail: {checks} checks, {failures} failed")
sys.exit(1 if failures else 0)
