"""A till back online: 500 queued offline orders synced in batches of 100, then sent again.

Each order has 1–4 product lines (catalogue of 20 products) paid in cash (tendered in hundreds,
change given) or by card terminal (the exact total); 40% have a member attached, who earns points
when the order syncs. offline_created_at spreads them over the past hours. The batches go to
POST /api/v1/orders/sync/ one after the other, as one till sends them, through gunicorn serving
huiyuan.wsgi like the Procfile's ``web`` (3 workers × 4 threads; a batch is processed by one
request, order after order, so only one worker is busy). Before the clock starts the till fetches
/api/v1/cashier/bootstrap/, as it does when it comes back online (this also warms the worker).
``seconds`` is the wall time of the 5 sync requests, end to end. Target: ≤ 30 s for 500 orders.

Then exactly-once: every batch is sent again (all must come back ``duplicate``; resend_seconds),
then 100 orders drawn from the whole queue in shuffled order. ``duplicates`` = orders created
twice (orders in the shop beyond the 500, plus any resent order answered ``created``); must be 0.
The shop's ledgers and stock are reconciled at the end (reconcile_ledgers) and each member's
points must equal the points the sync answered.

gunicorn keeps the Procfile's 30 s default timeout: with threads (gthread) it only watches each
worker's main loop, so a long batch is not killed, but a proxy or a till with a shorter request
timeout in front would give up on it: see max_batch_seconds.

Prints one JSON line: orders, seconds, duplicates, resend_seconds (plus orders_per_s,
max_batch_seconds, errors, points_earned, reconciled).

    .venv/bin/python bench/offline_sync.py [--orders 500] [--batch 100]
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import random
import sys
import time
import uuid
from collections import Counter
from decimal import Decimal
from typing import Any

from _support.common import make_shop, setup_django
from _support.server import Client, gunicorn
from _support.shop import reconcile, stock_shop

MEMBER_SHARE = 0.4
CARD_SHARE = 0.4


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    setup_django("huiyuan_bench_sync")

    from django.db import connections

    tenant = make_shop()
    shop = stock_shop(tenant, products=20, stock=10 * args.orders, members=args.members)
    connections.close_all()
    queue = _queue(shop, args.orders)
    batches = [queue[i : i + args.batch] for i in range(0, len(queue), args.batch)]
    print(f"{len(queue)} offline orders in {len(batches)} batches", file=sys.stderr)

    statuses: Counter[str] = Counter()
    resent: Counter[str] = Counter()
    earned: Counter[int] = Counter()  # customer id -> points answered at sync
    failures: list[str] = []
    batch_seconds: list[float] = []
    with gunicorn(args.workers, args.threads) as server:
        client = Client(server.port, shop.host, shop.token, timeout=300)
        status, _ = client.get(f"/api/v1/cashier/bootstrap/?store={shop.store}")  # back online: refresh
        assert status == 200, status
        started = time.perf_counter()
        for n, batch in enumerate(batches):
            t0 = time.perf_counter()
            results = _send(client, batch)
            batch_seconds.append(time.perf_counter() - t0)
            print(f"batch {n + 1}/{len(batches)}: {batch_seconds[-1]:.1f} s", file=sys.stderr)
            for result in results:
                statuses[result["status"]] += 1
                if result["status"] == "error":
                    failures.append(json.dumps(result["error"], ensure_ascii=False)[:300])
                elif result["order"]["customer"]:
                    earned[result["order"]["customer"]] += Decimal(result["order"]["points_earned"])
        seconds = time.perf_counter() - started

        started = time.perf_counter()
        for batch in batches:
            resent.update(result["status"] for result in _send(client, batch))
        resend_seconds = time.perf_counter() - started
        shuffled = random.Random(7).sample(queue, min(args.batch, len(queue)))
        resent.update(result["status"] for result in _send(client, shuffled))
        print(f"resent: {dict(resent)} in {resend_seconds:.1f} s (+ one shuffled batch)", file=sys.stderr)
        client.close()

    for failure in failures[:5]:
        print(f"failed: {failure}", file=sys.stderr)
    orders, points_ok = _check(shop, earned)
    reconciled, report = reconcile(shop.tenant)
    print(f"orders in the shop: {orders}; points {'ok' if points_ok else 'WRONG'}; {report}", file=sys.stderr)
    print(
        json.dumps(
            {
                "orders": statuses["created"],
                "seconds": round(seconds, 1),
                "duplicates": max(0, orders - len(queue)) + resent["created"],
                "resend_seconds": round(resend_seconds, 1),
                "orders_per_s": round(statuses["created"] / seconds, 1),
                "max_batch_seconds": round(max(batch_seconds), 1),
                "errors": statuses["error"] + resent["error"],
                "points_earned": str(sum(earned.values(), Decimal(0))),
                "reconciled": reconciled and points_ok,
            }
        )
    )


def _queue(shop: Any, count: int) -> list[dict[str, Any]]:
    """What the till queued while offline: its own client ids and the times it rang them up."""
    rng = random.Random(42)
    now = datetime.datetime.now(datetime.UTC)
    orders = []
    for i in range(count):
        picked = rng.sample(shop.products, rng.randint(1, 4))
        quantities = [rng.randint(1, 3) for _ in picked]
        total = sum(price * q for (_, price), q in zip(picked, quantities, strict=True))
        if rng.random() < CARD_SHARE:
            payment = {"method": "card", "amount": str(total), "reference": f"T{i:06d}"}
        else:
            payment = {"method": "cash", "amount": str(math.ceil(total / 100) * 100)}
        member = rng.choice(shop.members) if rng.random() < MEMBER_SHARE else None
        orders.append(
            {
                "client_id": str(uuid.uuid4()),
                "store": shop.store,
                "mode": "sale",
                "customer": member.customer if member else None,
                "lines": [
                    {"product": pid, "quantity": str(q)}
                    for (pid, _), q in zip(picked, quantities, strict=True)
                ],
                "payments": [payment],
                "offline_created_at": (now - datetime.timedelta(seconds=20 * (count - i))).isoformat(),
            }
        )
    return orders


def _send(client: Client, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    status, answer = client.post("/api/v1/orders/sync/", {"orders": batch})
    if status != 200:
        raise RuntimeError(f"sync answered {status}: {str(answer)[:500]}")
    assert [r["client_id"] for r in answer["results"]] == [o["client_id"] for o in batch]
    return answer["results"]


def _check(shop: Any, earned: Counter[int]) -> tuple[int, bool]:
    """(orders in the shop, every member's points = what the sync answered they earned)."""
    from django.db import connections
    from django_tenants.utils import schema_context

    from loyalty.models import Account
    from orders.models import Order

    with schema_context(shop.tenant.schema_name):
        orders = Order.objects.count()
        points = dict(
            Account.objects.filter(kind="points", card__isnull=True).values_list("customer_id", "balance")
        )
    connections.close_all()
    ok = all(points.get(m.customer, Decimal(0)) == earned[m.customer] for m in shop.members)
    return orders, ok


if __name__ == "__main__":
    main()
