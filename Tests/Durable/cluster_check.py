#!/usr/bin/env python3
"""The example's chat-server as several instances on one PostgreSQL, as a load balancer without
sticky sessions would use them. Usage: cluster_check.py CHAT_SERVER_BINARY, with DATABASE_URL,
PG_BIN and PG_DATA from scripts/postgres.sh. Prints one line per check; exits 1 on a failure.

1. Three instances; a publisher on each posts in sequence (a 202 means committed) while a
   follower hops between instances at random, cutting its connection after a random number of
   events and resuming elsewhere with Last-Event-ID: every message, each event once, each
   publisher's in the order posted, offsets without a gap, no loss signal.
2. The same while one instance is killed with SIGKILL and started again. A post in flight when
   it dies gets no answer, though it may have committed; the publisher posts it again
   elsewhere, as any client without an idempotency key would, so that message may be in the
   log twice. Only such messages may, and the follower still gets every event once.
3. The same while PostgreSQL is stopped and started: posts fail with 503 (and are retried),
   the follower's stream stays open, and then catches up with everything committed.
"""
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
from httpx_sse import connect_sse

binary = sys.argv[1]
failures = 0
rng = random.Random(int(os.environ.get("SEED", "15")))


def check(name, ok, detail=""):
    global failures
    failures += 0 if ok else 1
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f": {detail}"), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Instance:
    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen([binary, str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(self.base + "/", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"chat-server on {self.port} did not start")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def pg_ctl(*arguments):
    subprocess.run(["runuser", "-u", "postgres", "--", os.path.join(os.environ["PG_BIN"], "pg_ctl"),
                    "-D", os.environ["PG_DATA"], "-w", *arguments], check=True, stdout=subprocess.DEVNULL)


def post(instances, index, room, text, unanswered):
    """Posts until an instance answers 202 (committed); the publisher's own instance first.
    A post that got no answer at all may have committed: its text goes into `unanswered`."""
    refusals = 0
    while True:
        instance = instances[index] if refusals == 0 else rng.choice(instances)
        try:
            status = httpx.post(f"{instance.base}/rooms/{room}/messages", json={"author": f"p{index}", "text": text},
                                timeout=5).status_code
            if status == 202:
                return refusals
            refusals += 1
        except httpx.HTTPError:
            unanswered.add(text)
            refusals += 1
        time.sleep(0.05)


def follow(instances, room, expected, deadline_seconds=90):
    """Reads until `expected` distinct messages, hopping between instances; returns (events,
    hops, gaps)."""
    events, gaps, hops = [], [], 0
    texts = set()
    last_id = "earliest"
    deadline = time.time() + deadline_seconds
    while len(texts) < expected and time.time() < deadline:
        instance = rng.choice(instances)
        if instance.process.poll() is not None:
            continue
        cut_after = rng.randint(1, 40)
        hops += 1
        try:
            with httpx.Client(timeout=httpx.Timeout(5, read=20)) as client:
                with connect_sse(client, "GET", f"{instance.base}/rooms/{room}/events",
                                 headers={"Last-Event-ID": last_id}) as source:
                    if source.response.status_code != 200:
                        time.sleep(0.1)
                        continue
                    taken = 0
                    for sse in source.iter_sse():
                        if sse.event == "replay-gap":
                            gaps.append(sse.data)
                            continue
                        if not sse.data or sse.event == "message":
                            continue
                        events.append((sse.id, json.loads(sse.data)["text"]))
                        texts.add(events[-1][1])
                        last_id = sse.id
                        taken += 1
                        if taken >= cut_after or len(texts) >= expected:
                            break
        except (httpx.HTTPError, json.JSONDecodeError):
            time.sleep(0.1)
    return events, hops, gaps


def scenario(name, instances, per_publisher, disturb=None):
    room = f"{name}-{rng.randrange(1 << 30)}"
    refused = [0] * len(instances)
    unanswered = set()

    def publish(index):
        for n in range(per_publisher):
            refused[index] += post(instances, index, room, f"p{index}-{n}", unanswered)
            time.sleep(rng.uniform(0.01, 0.05))  # about 2 s in all: the disturbances fall inside

    publishers = [threading.Thread(target=publish, args=(index,)) for index in range(len(instances))]
    for thread in publishers:
        thread.start()
    if disturb:
        threading.Thread(target=disturb).start()
    events, hops, gaps = follow(instances, room, per_publisher * len(instances))
    for thread in publishers:
        thread.join()
    texts = [text for _, text in events]
    offsets = [int(event_id.rsplit("-", 1)[1]) for event_id, _ in events]
    epochs = {event_id.rsplit("-", 1)[0] for event_id, _ in events}
    total = per_publisher * len(instances)
    check(f"{name}: {len(set(texts))} of {total} messages, across {hops} connections", len(set(texts)) == total,
          f"got {len(set(texts))}")
    check(f"{name}: each event once", len({event_id for event_id, _ in events}) == len(events), "an event came twice")
    twice = sorted({text for text in texts if texts.count(text) > 1})
    check(f"{name}: each message once, but for posts that got no answer and were sent again ({len(twice)})",
          all(text in unanswered and texts.count(text) == 2 for text in twice), f"{twice} unanswered {sorted(unanswered)}")
    check(f"{name}: one history, offsets 1 to {total} without a gap", epochs and len(epochs) == 1
          and offsets == list(range(1, len(offsets) + 1)), f"{sorted(epochs)} {offsets[:20]}…")
    for index in range(len(instances)):
        own = [int(text.split("-")[1]) for text in texts if text.startswith(f"p{index}-")]
        check(f"{name}: publisher {index}'s messages in the order posted", own == sorted(own), str(own[:20]))
    check(f"{name}: no loss signal", gaps == [], str(gaps))
    return refused


instances = [Instance() for _ in range(3)]
try:
    for instance in instances:
        instance.start()
    scenario("steady", instances, 60)

    def kill_and_restart():
        time.sleep(0.3)
        instances[0].kill()
        time.sleep(1)
        instances[0].start()

    refused = scenario("sigkill", instances, 60, kill_and_restart)
    check("sigkill: posts to the killed instance failed, and were retried elsewhere", refused[0] > 0,
          f"refused {refused}")

    def database_away():
        time.sleep(0.3)
        pg_ctl("-m", "fast", "stop")
        time.sleep(3)  # longer than the log's operation timeout (2 s): posts fail, and are retried
        pg_ctl("-l", os.path.join(os.path.dirname(os.environ["PG_DATA"]), "server.log"), "start")

    refused = scenario("postgres-restart", instances, 60, database_away)
    check("postgres-restart: posts were refused while PostgreSQL was away, and retried", sum(refused) > 0,
          f"refused {refused}")
finally:
    for instance in instances:
        instance.stop()

print(f"cluster: {failures} failures")
sys.exit(1 if failures else 0)
