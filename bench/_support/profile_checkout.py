"""Where one checkout's time goes: its SQL statements and a CPU-time cProfile of the view
(in-process, Django test client, the same order as bench/checkout.py). A diagnostic for the checkout
benchmark, not a benchmark: it prints a report on stderr and one JSON line of totals.

    cd bench && ../.venv/bin/python -m _support.profile_checkout [--orders 100] [--top 30]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import pstats
import random
import re
import sys
import time
import uuid
from collections import Counter
from decimal import Decimal

from _support.common import make_shop, percentile, setup_django
from _support.shop import stock_shop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100, help="timed and profiled checkouts")
    parser.add_argument("--top", type=int, default=30, help="functions listed from the profile")
    parser.add_argument("--sql", action="store_true", help="print every statement of one checkout")
    args = parser.parse_args()
    os.environ["DEBUG"] = "0"  # as gunicorn runs in bench/checkout.py (the capture still sees the SQL)
    setup_django("huiyuan_bench_profile")

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    tenant = make_shop()
    shop = stock_shop(tenant, products=20, stock=1_000_000, members=1, balance=Decimal(10_000_000))
    client = Client(HTTP_HOST=shop.host, HTTP_AUTHORIZATION=f"Token {shop.token}")
    member = shop.members[0]
    rng = random.Random(1)

    def body() -> dict:  # type: ignore[type-arg]
        picked = rng.sample(shop.products, 3)
        quantities = [rng.choice((1, 1, 2)) for _ in picked]
        total = sum(price * q for (_, price), q in zip(picked, quantities, strict=True))
        return {
            "client_id": str(uuid.uuid4()),
            "store": shop.store,
            "mode": "sale",
            "customer": member.customer,
            "lines": [
                {"product": p, "quantity": str(q)} for (p, _), q in zip(picked, quantities, strict=True)
            ],
            "payments": [
                {"method": "stored_value", "card": member.card, "amount": "50"},
                {"method": "cash", "amount": str(math.ceil((total - 50) / 100) * 100)},
            ],
        }

    def checkout() -> None:
        response = client.post("/api/v1/orders/checkout/", body(), content_type="application/json")
        assert response.status_code == 201, response.content

    for _ in range(20):  # warm: plugin enablement, settings rows, prepared caches
        checkout()
    with CaptureQueriesContext(connection) as captured:
        checkout()
    statements = [q["sql"] for q in captured.captured_queries]
    kinds = Counter(_kind(sql) for sql in statements)
    print(f"\n== one checkout: {len(statements)} SQL statements", file=sys.stderr)
    for kind, count in kinds.most_common():
        print(f"{count:4d}  {kind}", file=sys.stderr)
    if args.sql:
        for sql in statements:
            print(f"  {sql[:220]}", file=sys.stderr)

    timings, cpu = [], time.process_time()
    for _ in range(args.orders):
        started = time.perf_counter()
        checkout()
        timings.append((time.perf_counter() - started) * 1000)
    cpu = (time.process_time() - cpu) * 1000 / args.orders
    profiler = cProfile.Profile(time.process_time)  # CPU time: waits on the database are not counted
    profiler.enable()
    for _ in range(args.orders):
        checkout()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"platform/|rest_framework/|django_tenants/|pluggy/", args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    print(out.getvalue(), file=sys.stderr)
    print(
        json.dumps(
            {
                "statements": len(statements),
                "serial_p50_ms": round(percentile(timings, 50), 1),
                "serial_p99_ms": round(percentile(timings, 99), 1),
                "app_cpu_ms_per_checkout": round(cpu, 1),
                "orders": args.orders,
            }
        )
    )


def _kind(sql: str) -> str:
    """A statement reduced to its verb and table (which tables a checkout touches how often)."""
    sql = sql.strip()
    verb = sql.split(None, 1)[0].upper()
    if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
        return verb
    if verb == "SET":
        return sql[:60]
    table = re.search(r'(?:FROM|INTO|UPDATE)\s+"?([\w.]+)"?', sql, re.IGNORECASE)
    lock = " FOR UPDATE" if "FOR UPDATE" in sql.upper() else ""
    if verb == "WITH":
        verb = "WITH…UPDATE" if "UPDATE" in sql.upper() else "WITH"
    return f"{verb} {table.group(1) if table else sql[:50]}{lock}"


if __name__ == "__main__":
    main()
