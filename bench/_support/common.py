"""Shared set-up for benchmarks: a throwaway database (embedded server or DATABASE_URL's server),
Django configured against it, the fleet migrated, and one shop to work in."""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]


def setup_django(db_name: str, pool_size: int = 1) -> None:
    if os.environ.get("DATABASE_URL"):
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        os.environ["DATABASE_URL"] = f"{base}/{db_name}"
    os.environ["HUIYUAN_EMBEDDED_DB"] = db_name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiyuan.settings")
    os.environ["TENANT_POOL_SIZE"] = str(pool_size)
    os.environ["INPROCESS_BACKGROUND_THREADS"] = "0"  # nothing may print after the JSON line
    _recreate_database(db_name)
    import django

    django.setup()
    from tenants.services.fleet import migrate_fleet

    migrate_fleet(jobs=1)


def make_shop(subdomain: str = "benchshop"):  # type: ignore[no-untyped-def]
    from django.db import connection

    from tenants.services.signup import SignupData, sign_up

    tenant = sign_up(
        SignupData(
            "Bench",
            subdomain,
            f"o@{subdomain}.test",
            "bench-password-123",
            "retail",
            "zh-hant",
            "TWD",
            "Asia/Taipei",
        )
    ).tenant
    connection.set_schema_to_public()
    return tenant


def admin_url(db_name: str) -> str:
    """A URL for the server's ``postgres`` database (creating and dropping databases)."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    from huiyuan.embedded_db import embedded_database_url

    return embedded_database_url(ROOT).replace(f"/{db_name}?", "/postgres?")


def _recreate_database(db_name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url(db_name), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {db_name}")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))  # nearest rank
    return ordered[index]
