"""Sign-up latency through the full HTTP stack (middleware, DRF, provisioning, hand-off).

Runs in a throwaway database (embedded server, or the server of DATABASE_URL) and prints one JSON
object as its last line: signups, p50_ms, p95_ms (warm pool, the normal path) and
clone_fallback_ms (empty pool: the template is cloned inline).

    .venv/bin/python bench/signup.py [--signups 30]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
BENCH_DB = "huiyuan_bench_signup"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signups", type=int, default=30)
    args = parser.parse_args()

    if os.environ.get("DATABASE_URL"):
        base, _, _ = os.environ["DATABASE_URL"].rpartition("/")
        os.environ["DATABASE_URL"] = f"{base}/{BENCH_DB}"
    os.environ["HUIYUAN_EMBEDDED_DB"] = BENCH_DB
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiyuan.settings")
    os.environ["TENANT_POOL_SIZE"] = str(args.signups + 1)
    os.environ["INPROCESS_BACKGROUND_THREADS"] = "0"  # refills inline, so nothing prints after the JSON
    os.environ["SIGNUP_RATE"] = "100000/hour"  # one client signs up many shops on purpose
    _recreate_database()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from tenants.models import Tenant
    from tenants.services.fleet import migrate_fleet
    from tenants.services.provisioning import refill_pool

    migrate_fleet(jobs=1)
    refill_pool()  # warm pool big enough that no refill competes with the measured requests
    from django.conf import settings

    settings.TENANT_POOL_SIZE = 0  # the after-commit refill finds nothing to do
    client = Client(HTTP_HOST=settings.BASE_DOMAIN)
    timings: list[float] = []

    def sign_up(n: int) -> float:
        body = {
            "shop_name": f"Bench {n}",
            "subdomain": f"bench{n}",
            "email": f"o@bench{n}.test",
            "password": "bench-password-123",
            "trade": "retail",
            "language": "en",
            "currency": "USD",
            "time_zone": "UTC",
        }
        started = time.perf_counter()
        response = client.post("/api/v1/signup/", body, content_type="application/json")
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 201, response.content
        return elapsed

    for n in range(args.signups):
        timings.append(sign_up(n))
        print(f"signup {n + 1}/{args.signups}: {timings[-1]:.0f} ms", file=sys.stderr)
    Tenant.objects.filter(state=Tenant.State.POOLED).delete()
    fallback = sign_up(args.signups)
    connection.close()
    timings.sort()
    print(
        json.dumps(
            {
                "signups": len(timings),
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
                "clone_fallback_ms": round(fallback, 1),
            }
        )
    )


def _recreate_database() -> None:
    """Start from an empty database so runs are comparable and the dev data is untouched."""
    import psycopg

    if os.environ.get("DATABASE_URL"):
        admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    else:
        from huiyuan.embedded_db import embedded_database_url

        admin_url = embedded_database_url(ROOT).replace(f"/{BENCH_DB}?", "/postgres?")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")


if __name__ == "__main__":
    main()
