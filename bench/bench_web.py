"""Web benchmark: the login page and the logged-in home page under concurrent requests.

Starts `gongkai serve` exactly as in production (waitress, static files by WhiteNoise, DEBUG off) on
a free loopback port with a fresh data directory, logs in with the demo administrator, then drives
each page from a bounded pool of threads for a fixed time and prints requests per second and
p50/p99 latency. Run: `python bench/bench_web.py [--threads 8] [--seconds 8]`. Takes under a minute.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int) -> None:
    """Block until the server answers on the loopback port (its banner prints just before it listens)."""
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)


class Session:
    """One keep-alive connection with its own cookies, like one browser tab."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, dict[str, str]]:
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = "http://127.0.0.1/"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text, dict(response.getheaders())

    def login(self, username: str, password: str) -> None:
        _, page, _ = self.request("GET", "/staff/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        status, _, _ = self.request("POST", "/staff/login/", body)
        if status != 302:
            raise RuntimeError(f"login failed: HTTP {status}")


def drive(
    port: int, path: str, threads: int, seconds: float, credentials: tuple[str, str] | None
) -> list[float]:
    sessions = [Session(port) for _ in range(threads)]
    if credentials:
        for session in sessions:
            session.login(*credentials)
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: list[str] = []
    deadline = time.perf_counter() + seconds

    def worker(i: int) -> None:
        session, mine = sessions[i], latencies[i]
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            status, _, _ = session.request("GET", path)
            mine.append(time.perf_counter() - start)
            if status != 200:
                errors.append(f"{path}: HTTP {status}")
                return

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        raise RuntimeError(errors[0])
    return [x for per in latencies for x in per]


def report(label: str, samples: list[float], seconds: float) -> None:
    samples.sort()
    p50 = statistics.median(samples) * 1000
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000
    print(
        f"{label:<28} {len(samples) / seconds:8.1f} req/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   ({len(samples)} requests)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each page's run (default 8)")
    args = parser.parse_args()

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as data_dir:
        env = {**os.environ, "GONGKAI_DATA_DIR": data_dir, "PYTHONUNBUFFERED": "1"}
        env.pop("GONGKAI_DEBUG", None)
        command = [sys.executable, "-m", "gongkai.cli", "serve", "--port", str(port)]
        server = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            credentials = None
            started = time.perf_counter()
            for line in server.stdout:
                if m := re.match(r"\s+(guanliyuan)\s+(\S+)\s", line):
                    credentials = (m.group(1), m.group(2))
                if "已启动" in line:
                    break
            if credentials is None:
                raise RuntimeError("gongkai serve printed no demo password")
            # The banner is printed just before the socket opens; wait until it answers.
            wait_for_port(port)
            print(
                f"gongkai serve (waitress, {args.threads} clients, DEBUG off) ready in {time.perf_counter() - started:.1f} s "
                f"on 127.0.0.1:{port}; database: {'PostgreSQL' if os.environ.get('DATABASE_URL') else 'SQLite'}"
            )
            # Warm-up: templates compiled, connections opened.
            drive(port, "/staff/login/", args.threads, 1.0, None)
            report(
                "login page  GET /staff/login/",
                drive(port, "/staff/login/", args.threads, args.seconds, None),
                args.seconds,
            )
            report(
                "home page   GET /staff/",
                drive(port, "/staff/", args.threads, args.seconds, credentials),
                args.seconds,
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.exit(main())
