#!/usr/bin/env python3
"""Third-party Python clients against our server (interop-server):
httpx-sse (reconnecting by hand with Last-Event-ID, as its docs show) and sseclient-py.
Usage: python_clients.py BASE_URL. Prints one line per check and exits 1 on a failure."""
import json
import sys
import urllib.request

import httpx
from httpx_sse import connect_sse
import sseclient

base = sys.argv[1]
failures = 0


def check(name, got, expected):
    global failures
    ok = got == expected
    failures += 0 if ok else 1
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f": got {got!r}, expected {expected!r}"))


def expected_numbers(count):
    return [(str(i), "number", json.dumps({"n": i}, separators=(",", ":")) + ("\nsecond line" if i % 3 == 0 else ""))
            for i in range(1, count + 1)] + [(str(count + 1), "done", "")]


# httpx-sse: the server hangs up every 2 events; resume with Last-Event-ID until `done`.
received, last_id = [], None
with httpx.Client(timeout=10) as client:
    for _ in range(20):
        headers = {"Last-Event-ID": last_id} if last_id else {}
        with connect_sse(client, "GET", f"{base}/numbers?count=7&drop=2", headers=headers) as source:
            check("httpx-sse content type", source.response.headers["content-type"].split(";")[0], "text/event-stream")
            for sse in source.iter_sse():
                if sse.data == "" and sse.event == "message":
                    continue  # httpx-sse reports a block with only retry: as an event
                received.append((sse.id, sse.event, sse.data))
                last_id = sse.id
        if received and received[-1][1] == "done":
            break
check("httpx-sse: every event once, in order, across reconnections", received, expected_numbers(7))

# sseclient-py over urllib: one connection, to the terminal event.
response = urllib.request.urlopen(f"{base}/numbers?count=4", timeout=10)
events = []
for event in sseclient.SSEClient(response).events():
    events.append((event.id, event.event, event.data))
    if event.event == "done":
        break
check("sseclient-py: every event", events, expected_numbers(4))

# A hub stream answered before the router (EventStreamRoutes): the whole log first (the
# cursor `earliest`), then resumed from two of its ids. The hub's ids are its own
# (`<epoch>-<offset>`), so the ids come from the first read.
def hub_numbers_sseclient(last_event_id):
    request = urllib.request.Request(f"{base}/hub/numbers", headers={"Last-Event-ID": last_event_id})
    events = []
    for event in sseclient.SSEClient(urllib.request.urlopen(request, timeout=10)).events():
        events.append((event.id, event.event, event.data))
        if event.event == "done":
            break
    return events


everything = hub_numbers_sseclient("earliest")
check("sseclient-py: a routed hub stream from earliest", [event[1:] for event in everything],
      [event[1:] for event in expected_numbers(4)])
ids = [event[0] for event in everything]
check("the hub's ids: one history, offsets 1 to 5",
      [(event_id.rsplit("-", 1)[0] == ids[0].rsplit("-", 1)[0], event_id.rsplit("-", 1)[1]) for event_id in ids],
      [(True, str(offset)) for offset in range(1, 6)])
check("sseclient-py: a routed hub stream resumes after Last-Event-ID", hub_numbers_sseclient(ids[0]), everything[1:])
resumed = []
with httpx.Client(timeout=10) as client:
    with connect_sse(client, "GET", f"{base}/hub/numbers", headers={"Last-Event-ID": ids[2]}) as source:
        for sse in source.iter_sse():
            if sse.data == "" and sse.event == "message":
                continue
            resumed.append((sse.id, sse.event, sse.data))
            if sse.event == "done":
                break
check("httpx-sse: a routed hub stream resumes after Last-Event-ID", resumed, everything[3:])

# Past the end: 204.
with httpx.Client(timeout=10) as client:
    status = client.get(f"{base}/numbers?count=2", headers={"Last-Event-ID": "3"}).status_code
check("204 past the end", status, 204)

print(f"python clients: {failures} failures")
sys.exit(1 if failures else 0)
