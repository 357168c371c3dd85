"""pgbench's TPC-B on the benchmark's own PostgreSQL server: the baseline a checkout rate is
compared with. Runs in a scratch database that is dropped afterwards."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

from _support.common import ROOT, admin_url

SCRATCH_DB = "huiyuan_bench_pgbench"


def _target() -> tuple[str, list[str], dict[str, str]]:
    """(pgbench binary matching the server, connection options, extra environment)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        parts = urlparse(url)
        binary = shutil.which("pgbench") or "/usr/lib/postgresql/15/bin/pgbench"
        options = ["-h", parts.hostname or "localhost", "-p", str(parts.port or 5432)]
        if parts.username:
            options += ["-U", unquote(parts.username)]
        env = {"PGPASSWORD": unquote(parts.password)} if parts.password else {}
        return binary, options, env
    import pgserver

    binary = str(Path(pgserver.__file__).parent / "pginstall" / "bin" / "pgbench")
    return binary, ["-h", str(ROOT / "var" / "pgdata"), "-U", "postgres"], {}


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url(os.environ["HUIYUAN_EMBEDDED_DB"]), autocommit=True) as conn:
        conn.execute(sql)


def tpc_b(scale: int, clients: int, jobs: int, seconds: int) -> float:
    """Initialise a scratch database at ``scale``, run TPC-B for ``seconds``; the tps reported
    (without initial connection time). The scratch database is dropped afterwards."""
    binary, options, extra_env = _target()
    env = {**os.environ, **extra_env}
    _admin(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")
    _admin(f"CREATE DATABASE {SCRATCH_DB}")
    try:
        print(f"pgbench: initialising scale {scale}", file=sys.stderr)
        subprocess.run(
            [binary, *options, "-i", "-q", "-s", str(scale), SCRATCH_DB],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        print(f"pgbench: TPC-B, {clients} clients, {jobs} threads, {seconds} s", file=sys.stderr)
        run = subprocess.run(
            [binary, *options, "-c", str(clients), "-j", str(jobs), "-T", str(seconds), SCRATCH_DB],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        _admin(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")
    found = re.search(r"tps = ([\d.]+) \(without initial connection time\)", run.stdout)
    if found is None:
        raise RuntimeError(f"could not read pgbench's tps:\n{run.stdout}\n{run.stderr}")
    print(f"pgbench: {float(found.group(1)):.0f} tps", file=sys.stderr)
    return float(found.group(1))
