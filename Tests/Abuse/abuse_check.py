#!/usr/bin/env python3
"""The example's chat-server (in memory) probed as an attacker would, on loopback. Usage:
abuse_check.py CHAT_SERVER_BINARY. Prints one line per check, with the server's peak memory;
exits 1 on a failure. Every probe must end in a limit, a refusal or an eviction:

1. Floods, twice: posts to thousands of rooms with 60 KB names, and 4 KB posts to thousands
   more. The hub's bounds (64 MiB, 10,000 topics, names counted) hold the memory: the second
   round adds next to nothing; a follower of another room keeps receiving, with low latency.
2. A reader that never reads while its room is flooded: its queue is bounded (256 events,
   4 MiB), then it is dropped; memory stays bounded.
3. Slowloris: connections that send their request head a byte a second are closed at the idle
   timeout (30 s), not held.
4. Descriptors: the server under `ulimit -n 256` and 400 connections: those past its limit get
   503 with Retry-After, the server stays up and answers.
"""
import http.client
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

binary = sys.argv[1]
failures = 0


def check(name, ok, detail=""):
    global failures
    failures += 0 if ok else 1
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f" ({detail})" if ok and detail else "" if ok else f": {detail}"),
          flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, descriptors=None):
        self.port = free_port()
        limit = (lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (descriptors, descriptors))) if descriptors else None
        # In memory, as the README's main command runs it (scripts/test.sh exports DATABASE_URL).
        environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        self.process = subprocess.Popen([binary, str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        preexec_fn=limit, env=environment)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.get("/") == 200:
                return
            time.sleep(0.1)
        raise RuntimeError("chat-server did not start")

    def get(self, path):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            return status
        except OSError:
            return None

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0

    def sample_peak(self):
        """Samples the RSS every 50 ms until `stop()` is called on what it returns: (peak list, stopper)."""
        peak = [self.rss_mb()]
        done = threading.Event()

        def sample():
            while not done.is_set():
                try:
                    peak[0] = max(peak[0], self.rss_mb())
                except OSError:
                    return
                time.sleep(0.05)

        threading.Thread(target=sample, daemon=True).start()
        return peak, done

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def poster(server):
    """A keep-alive connection per thread, posting JSON; returns a function (room, text) -> status."""
    local = threading.local()

    def post(room, text):
        for _ in range(2):
            if not hasattr(local, "connection"):
                local.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            try:
                local.connection.request("POST", f"/rooms/{room}/messages",
                                         body=f'{{"author":"a","text":"{text}"}}',
                                         headers={"Content-Type": "application/json"})
                response = local.connection.getresponse()
                response.read()
                return response.status
            except (OSError, http.client.HTTPException):
                del local.connection
        return None

    return post


class Follower(threading.Thread):
    """Follows a room; notes each message's latency (its text is the time it was posted)."""

    def __init__(self, server, room):
        super().__init__(daemon=True)
        self.server, self.room, self.latencies, self.stopped = server, room, [], False

    def run(self):
        sock = socket.create_connection(("127.0.0.1", self.server.port))
        sock.sendall(f"GET /rooms/{self.room}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n".encode())
        buffer = b""
        while not self.stopped:
            chunk = sock.recv(65536)
            if not chunk:
                return
            buffer += chunk
            while b'"text":"t' in buffer:
                start = buffer.index(b'"text":"t') + 9
                end = buffer.find(b'"', start)
                if end < 0:
                    break
                self.latencies.append(time.time() - float(buffer[start:end]))
                buffer = buffer[end:]

    def p99(self):
        values = sorted(self.latencies)
        return values[min(len(values) - 1, int(len(values) * 0.99))] if values else float("inf")


def watched(server, body, seconds_label):
    """Runs `body` while a follower of another room gets a post every 50 ms; returns (p99, count)."""
    follower = Follower(server, "watch")
    follower.start()
    time.sleep(0.5)
    post = poster(server)
    done = threading.Event()

    def tick():
        while not done.is_set():
            post("watch", f"t{time.time()}")
            time.sleep(0.05)

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    body()
    done.set()
    ticker.join()
    time.sleep(0.5)
    follower.stopped = True
    return follower.p99(), len(follower.latencies)


def floods():
    server = Server()
    try:
        baseline = server.rss_mb()
        peak, sampling = server.sample_peak()
        peaks = []

        def body():
            post = poster(server)
            long_name = "n" * 60_000
            text = "x" * 4_000
            statuses = []
            # Twice, with new rooms: the second round must find the memory the first left, not
            # add its own (what the allocator keeps cached makes one round's peak a poor measure).
            for round in ("a", "b"):
                with ThreadPoolExecutor(8) as pool:
                    statuses += list(pool.map(lambda i: post(f"{round}{i}-{long_name}", "y"), range(4_000)))
                    statuses += list(pool.map(lambda i: post(f"{round}room-{i}", text), range(12_000)))
                peaks.append(peak[0])
            check("floods answered: 202, or 503 past the hub's room limit", set(statuses) <= {202, 503},
                  f"{statuses.count(202)} stored")

        p99, count = watched(server, body, "floods")
        sampling.set()
        check("floods of rooms and long room names: memory levels off", peaks[1] - peaks[0] < 60 and peaks[0] - baseline < 400,
              f"RSS {baseline:.0f} → peak {peaks[0]:.0f} MB after a round of 240 MB of names and 48 MB of messages, "
              f"{peaks[1]:.0f} MB after a second")
        check("a follower of another room kept receiving during the floods", count > 20 and p99 < 1.0,
              f"{count} messages, p99 {p99 * 1000:.0f} ms")
        check("the server is up after the floods", server.alive() and server.get("/") == 200)
    finally:
        server.stop()


def slow_reader():
    server = Server()
    try:
        baseline = server.rss_mb()
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", server.port))
        sock.sendall(b"GET /rooms/slow/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        time.sleep(0.3)
        peak, sampling = server.sample_peak()

        def body():
            post = poster(server)
            text = "x" * 4_000
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(lambda i: post("slow", text), range(6_000)))

        p99, count = watched(server, body, "slow reader")
        sampling.set()
        check("a reader that never reads while its room is flooded: memory bounded", peak[0] - baseline < 100,
              f"RSS {baseline:.0f} → peak {peak[0]:.0f} MB; 24 MB posted to its room")
        check("a follower of another room kept receiving meanwhile", count > 10 and p99 < 1.0,
              f"{count} messages, p99 {p99 * 1000:.0f} ms")
        sock.close()
    finally:
        server.stop()


def slowloris():
    server = Server()
    try:
        request = b"GET /rooms/lobby/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nX-Pad: " + b"a" * 100
        sockets = []
        for _ in range(200):
            s = socket.create_connection(("127.0.0.1", server.port))
            s.setblocking(False)
            sockets.append(s)
        started = time.time()
        closed = set()
        position = 0
        while time.time() - started < 45 and len(closed) < len(sockets):
            for index, s in enumerate(sockets):
                if index in closed:
                    continue
                try:
                    s.send(request[position % len(request):position % len(request) + 1])
                    if s.recv(1024) == b"":
                        closed.add(index)
                except BlockingIOError:
                    pass
                except OSError:
                    closed.add(index)
            position += 1
            time.sleep(1)
        elapsed = time.time() - started
        check("slowloris: request heads sent a byte a second are closed at the idle timeout",
              len(closed) == len(sockets), f"{len(closed)} of {len(sockets)} closed after {elapsed:.0f} s")
        check("the server answers meanwhile", server.get("/") == 200)
        for s in sockets:
            s.close()
    finally:
        server.stop()


def descriptors():
    server = Server(descriptors=256)
    try:
        answers = {}
        sockets = []
        for _ in range(400):
            try:
                s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
                s.sendall(b"GET /rooms/lobby/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
                sockets.append(s)
            except OSError as error:
                answers["connect failed"] = answers.get("connect failed", 0) + 1
        time.sleep(1)
        for s in sockets:
            try:
                s.settimeout(2)
                head = s.recv(200).split(b"\r\n")[0].decode(errors="replace")
            except OSError:
                head = "no answer"
            answers[head] = answers.get(head, 0) + 1
        refused = answers.get("HTTP/1.1 503 Service Unavailable", 0)
        streaming = answers.get("HTTP/1.1 200 OK", 0)
        check("400 connections under ulimit -n 256: the excess refused with 503, the rest streaming",
              refused >= 150 and streaming >= 150 and server.alive(), f"{answers}")
        for s in sockets:
            s.close()
        # The places free up as the server notices the clients left (at a stream's next heartbeat).
        started = time.time()
        while time.time() - started < 40 and server.get("/") != 200:
            time.sleep(0.5)
        check("the server is up and answers once the clients left", server.alive() and server.get("/") == 200,
              f"after {time.time() - started:.0f} s")
    finally:
        server.stop()


threads = [threading.Thread(target=slowloris)]
for thread in threads:
    thread.start()
floods()
slow_reader()
descriptors()
for thread in threads:
    thread.join()
print(f"abuse: {failures} failures")
sys.exit(1 if failures else 0)
