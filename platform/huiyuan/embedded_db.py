"""Embedded PostgreSQL for development and tests when no DATABASE_URL is given.

`pgserver` ships real PostgreSQL binaries inside a wheel, so a fresh machine with only Python
gets the same database engine as production. Data lives under ``var/pgdata`` so it survives
restarts of `make run`; each process attaches to the running server (pgserver counts users).
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

DB_NAME = os.environ.get("HUIYUAN_EMBEDDED_DB", "huiyuan")


def embedded_database_url(root: Path) -> str:
    """Start (or attach to) the embedded server and return a URL for the project database."""
    import logging

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers
        import pgserver  # imported lazily: production never needs it

    logging.getLogger("pgserver").setLevel(logging.WARNING)

    datadir = root / "var" / "pgdata"
    datadir.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers
        server = pgserver.get_server(datadir, cleanup_mode="stop")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", DB_NAME):
        raise ValueError(f"HUIYUAN_EMBEDDED_DB must be a plain lowercase identifier, got {DB_NAME!r}")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")  # noqa: S608 (checked above)
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")
    return f"postgresql://postgres:@/{DB_NAME}?host={datadir}"
