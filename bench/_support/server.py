"""The real HTTP stack for benchmarks: gunicorn serving huiyuan.wsgi as the Procfile's ``web``
does, against the benchmark's database, and keep-alive JSON clients for it."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _support.common import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Server:
    port: int
    pid: int  # gunicorn's master

    def worker_pids(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in children.split()]


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU time used so far by these (local, Linux) processes."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def backend_pids(db_name: str) -> list[int]:
    """The server processes of every connection to ``db_name`` (readable in /proc only when the
    server runs on this machine, as the embedded one does)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [db_name])
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return [pid for pid in pids if Path(f"/proc/{pid}/stat").exists()]


@contextmanager
def gunicorn(workers: int, threads: int, *, timeout: int = 30) -> Iterator[Server]:
    """Serve on a free local port for the duration of the block.

    The environment is the benchmark's (setup_django pointed it at the throwaway database), with
    DEBUG off as in production (DEBUG keeps every SQL statement in memory) and no access log. The
    server's own output goes to a temporary file, shown on stderr only if it fails to start."""
    port = free_port()
    env = {**os.environ, "DEBUG": "0", "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1"}
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "huiyuan.wsgi:application",
        "--pythonpath",
        "platform,.",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        # As the Procfile: a worker takes at most twice its threads in connections, so keep-alive
        # clients spread over the workers instead of piling onto the first to accept.
        "--worker-connections",
        str(2 * threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        str(timeout),
    ]
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(server, port, log)
            yield Server(port, server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_up(server: subprocess.Popen[Any], port: int, log: Any) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            pass
        time.sleep(0.3)
    log.seek(0)
    print(log.read()[-5000:], file=sys.stderr)
    raise RuntimeError("gunicorn did not start")


class Client:
    """One keep-alive HTTP/1.1 connection to the shop's host, authenticated with a token."""

    def __init__(self, port: int, host: str, token: str, timeout: float = 120) -> None:
        self.port, self.timeout = port, timeout
        self.headers = {
            "Host": host,
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def post(self, path: str, body: Any) -> tuple[int, Any]:
        return self.request("POST", path, json.dumps(body).encode())

    def get(self, path: str) -> tuple[int, Any]:
        return self.request("GET", path)

    def request(self, method: str, path: str, payload: bytes | None = None) -> tuple[int, Any]:
        """(status, decoded JSON or the raw text); reconnects once if the server had closed the
        idle connection (the endpoints used are idempotent, so sending again is safe)."""
        for attempt in range(2):
            try:
                self.connection.request(method, path, payload, self.headers)
                response = self.connection.getresponse()
                raw = response.read()
                break
            except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                if attempt:
                    raise
        try:
            return response.status, json.loads(raw)
        except ValueError:
            return response.status, raw.decode(errors="replace")

    def close(self) -> None:
        self.connection.close()
