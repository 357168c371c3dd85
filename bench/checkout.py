"""Saturated checkouts per second through the real HTTP stack, against pgbench on the same server.

A member's order of 3 product lines (quantities 1–2, drawn from a catalogue of 20 products),
paid 50 from the member's stored-value card and the rest in cash (tendered in hundreds, change
given), earning points: POST /api/v1/orders/checkout/ with a cashier's token on the shop's host,
served by gunicorn running huiyuan.wsgi exactly as the Procfile's ``web`` line does. 16 client
threads, each with its own keep-alive connection, its own member (so no two clients queue on one
wallet: bench/hot_account.py measures that) and a new client_id per checkout, send back to back:
a warm-up, then a measured window. Stock and stored value are received and topped up beforehand
far beyond what the run can use (negative stock stays refused, as shops have it by default).

Baseline: pgbench's TPC-B on the same PostgreSQL server (a scratch database at scale 10, 16
clients, 2 threads, 20 s), run just before the HTTP run. ratio = checkouts_per_s / pgbench_tps;
targets ratio ≥ 0.25 and p99 ≤ 100 ms at 16 clients.

gunicorn: 4 worker processes × 4 threads (gthread), at most 8 connections per worker (the
Procfile's setting: without it the first worker to accept took all 16 keep-alive connections and
ran them on one core under its GIL, a third of the throughput), DEBUG off. The machine has 2 cores
shared with PostgreSQL; a checkout is mostly Python (DRF, pricing, ORM: ~30 ms of CPU here) with
the rest waiting on ~45 SQL round trips and on row locks. Two processes per core give parallelism
past the GIL, and 4 threads each let a worker run Python while its other requests wait on the
database or a lock. --workers/--threads change it.

The stack's ceiling: after the checkouts, the same clients saturate a request that does almost
nothing (GET of the one-row checkout settings: routing to the shop, token authentication, one
SELECT, a small JSON answer) for --ceiling-seconds (10; 0 skips it). ``stack_ceiling_rps`` and
``ceiling_ratio`` (= stack_ceiling_rps / pgbench_tps) bound what any checkout could reach on this
machine with this stack: a checkout cannot be cheaper than a request that does nothing.

To explain the rate, the window also records the CPU time gunicorn's workers, the database's
server processes (embedded or local server only) and this load generator spend per checkout,
and samples what the bench database's connections wait for (``lock_waiting``: on average how
many wait on a row lock; the table is shown on stderr).

At the end the run is checked: orders in the shop = 201 responses, every wallet lost exactly
what was paid from it, every stock level went down by exactly what was sold, and
``manage.py reconcile_ledgers`` finds no drift (``reconciled``). Prints one JSON line:
checkouts_per_s, pgbench_tps, ratio, p99_ms, p50_ms, errors, workers, clients, reconciled, orders
(plus app_cpu_ms_per_checkout, db_cpu_ms_per_checkout, client_cpu_ms_per_checkout,
lock_waiting, stack_ceiling_rps, ceiling_ratio, created_responses).

    .venv/bin/python bench/checkout.py [--clients 16] [--seconds 30] [--warmup 5]
        [--workers 4] [--threads 4] [--products 20] [--pgbench-seconds 20] [--pgbench-scale 10]
        [--ceiling-seconds 10]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import threading
import time
import uuid
from collections import Counter
from decimal import Decimal

from _support.common import make_shop, percentile, setup_django
from _support.pgbench import tpc_b
from _support.server import Client, backend_pids, cpu_seconds, gunicorn
from _support.shop import reconcile, stock_shop

DB_NAME = "huiyuan_bench_checkout"
STORED_VALUE_PER_ORDER = Decimal(50)
LINES_PER_ORDER = 3
CEILING_PER_S = 2000  # no run gets near this: stock and balances are sized from it


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30, help="measured window")
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--products", type=int, default=20, help="catalogue the 3 lines are drawn from")
    parser.add_argument("--pgbench-seconds", type=int, default=20)
    parser.add_argument("--pgbench-scale", type=int, default=10)
    parser.add_argument("--pgbench-jobs", type=int, default=2)
    parser.add_argument(
        "--ceiling-seconds", type=float, default=10, help="the stack's ceiling phase (0 skips it)"
    )
    args = parser.parse_args()
    assert args.products >= LINES_PER_ORDER
    setup_django(DB_NAME)

    from django.db import connections

    tenant = make_shop()
    most = math.ceil((args.warmup + args.seconds + 60) * CEILING_PER_S)
    shop = stock_shop(
        tenant,
        products=args.products,
        stock=most * 2,
        members=args.clients,
        balance=most * STORED_VALUE_PER_ORDER,
    )
    print(f"shop ready: {args.products} products, {args.clients} members", file=sys.stderr)
    connections.close_all()
    pgbench_tps = tpc_b(args.pgbench_scale, args.clients, args.pgbench_jobs, args.pgbench_seconds)

    done: list[tuple[float, float, int]] = []  # (finished at, ms, status), every request
    sold: Counter[int] = Counter()  # product id -> quantity, of created orders
    spent: Counter[int] = Counter()  # card id -> stored value paid, of created orders
    failures: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def till(n: int, port: int) -> None:
        rng = random.Random(n)
        member = shop.members[n]
        client = Client(port, shop.host, shop.token)
        mine: list[tuple[float, float, int]] = []
        my_sold: Counter[int] = Counter()
        count = 0
        while not stop.is_set():
            picked = rng.sample(shop.products, LINES_PER_ORDER)
            quantities = [rng.choice((1, 1, 2)) for _ in picked]
            total = sum(price * q for (_, price), q in zip(picked, quantities, strict=True))
            cash = math.ceil((total - STORED_VALUE_PER_ORDER) / 100) * 100
            body = {
                "client_id": str(uuid.uuid4()),
                "store": shop.store,
                "mode": "sale",
                "customer": member.customer,
                "lines": [
                    {"product": pid, "quantity": str(q)}
                    for (pid, _), q in zip(picked, quantities, strict=True)
                ],
                "payments": [
                    {"method": "stored_value", "card": member.card, "amount": str(STORED_VALUE_PER_ORDER)},
                    {"method": "cash", "amount": str(cash)},
                ],
            }
            started = time.perf_counter()
            try:
                status, answer = client.post("/api/v1/orders/checkout/", body)
            except OSError as error:
                status, answer = 0, repr(error)
            finished = time.perf_counter()
            mine.append((finished, (finished - started) * 1000, status))
            if status == 201:
                count += 1
                for (pid, _), q in zip(picked, quantities, strict=True):
                    my_sold[pid] += q
                if answer["total"] != f"{total:.2f}" or not Decimal(answer["points_earned"]):
                    mine[-1] = (finished, mine[-1][1], -1)  # not priced as this benchmark assumes
                    with lock:
                        failures.append(f"unexpected order: {str(answer)[:300]}")
            else:
                with lock:
                    failures.append(f"{status}: {str(answer)[:300]}")
        client.close()
        with lock:
            done.extend(mine)
            sold.update(my_sold)
            spent[member.card] += count * STORED_VALUE_PER_ORDER

    with gunicorn(args.workers, args.threads) as server:
        print(
            f"gunicorn {args.workers} workers × {args.threads} threads on port {server.port}", file=sys.stderr
        )
        tills = [threading.Thread(target=till, args=(n, server.port)) for n in range(args.clients)]
        for thread in tills:
            thread.start()
        time.sleep(args.warmup)
        app_pids, db_pids = server.worker_pids(), backend_pids(DB_NAME)
        app_cpu, db_cpu, client_cpu = cpu_seconds(app_pids), cpu_seconds(db_pids), time.process_time()
        window_start = time.perf_counter()
        waits = _watch_waits(window_start + args.seconds)
        window_end = time.perf_counter()
        app_cpu, db_cpu = cpu_seconds(app_pids) - app_cpu, cpu_seconds(db_pids) - db_cpu
        client_cpu = time.process_time() - client_cpu
        stop.set()
        for thread in tills:
            thread.join()
        ceiling = _ceiling(server.port, shop, args.clients, args.ceiling_seconds)

    in_window = [(ms, status) for at, ms, status in done if window_start <= at < window_end]
    ok_ms = [ms for ms, status in in_window if status == 201]
    errors = sum(1 for _, _, status in done if status != 201)
    created = sum(1 for _, _, status in done if status in (201, -1))
    for failure in failures[:5]:
        print(f"failed: {failure}", file=sys.stderr)
    rounds = waits.pop("samples") or 1
    busy = {what: round(count / rounds, 2) for what, count in waits.most_common()}
    print(f"busy connections of the bench database, on average: {busy}", file=sys.stderr)

    reconciled, report = _verify(shop, created, sold, spent, most)
    checkouts_per_s = len(ok_ms) / (window_end - window_start)
    print(
        json.dumps(
            {
                "checkouts_per_s": round(checkouts_per_s, 1),
                "pgbench_tps": round(pgbench_tps, 1),
                "ratio": round(checkouts_per_s / pgbench_tps, 3),
                "p99_ms": round(percentile(ok_ms, 99), 1) if ok_ms else None,
                "p50_ms": round(percentile(ok_ms, 50), 1) if ok_ms else None,
                "errors": errors,
                "workers": f"{args.workers}x{args.threads}",
                "app_cpu_ms_per_checkout": round(app_cpu * 1000 / len(ok_ms), 1) if ok_ms else None,
                "db_cpu_ms_per_checkout": round(db_cpu * 1000 / len(ok_ms), 1) if db_pids and ok_ms else None,
                "client_cpu_ms_per_checkout": round(client_cpu * 1000 / len(ok_ms), 1) if ok_ms else None,
                "clients": args.clients,
                "lock_waiting": round(sum(n for what, n in busy.items() if what.startswith("Lock:")), 2),
                "reconciled": reconciled,
                "stack_ceiling_rps": round(ceiling, 1) if ceiling else None,
                "ceiling_ratio": round(ceiling / pgbench_tps, 3) if ceiling else None,
                "orders": report["orders"],
                "created_responses": created,
            }
        )
    )


CEILING_PATH = "/api/v1/checkout-settings/"


def _ceiling(port: int, shop, clients: int, seconds: float) -> float:  # type: ignore[no-untyped-def]
    """What the same stack serves when the request does almost nothing: the same clients, token and
    host, GET of the one-row checkout settings (routing to the shop, authentication, one SELECT,
    a small JSON answer), saturated for ``seconds``. Requests per second; 0 when skipped. No
    checkout can be faster than this, so ``ceiling_ratio`` bounds any checkout ratio this machine
    and stack can reach."""
    if seconds <= 0:
        return 0.0
    stop = threading.Event()
    finished: list[float] = []
    lock = threading.Lock()

    def reader() -> None:
        client = Client(port, shop.host, shop.token)
        mine = []
        while not stop.is_set():
            status, _answer = client.get(CEILING_PATH)
            if status != 200:
                raise RuntimeError(f"{CEILING_PATH} answered {status}")
            mine.append(time.perf_counter())
        client.close()
        with lock:
            finished.extend(mine)

    readers = [threading.Thread(target=reader) for _ in range(clients)]
    for thread in readers:
        thread.start()
    time.sleep(1)  # connections open and warm before the window
    start = time.perf_counter()
    time.sleep(seconds)
    end = time.perf_counter()
    stop.set()
    for thread in readers:
        thread.join()
    served = sum(1 for at in finished if start <= at < end)
    print(f"stack ceiling ({CEILING_PATH}): {served / (end - start):.0f} requests/s", file=sys.stderr)
    return served / (end - start)


def _watch_waits(until: float) -> Counter[str]:
    """Sample, four times a second until ``until``, what the bench database's busy connections
    are doing: running, waiting on a lock (hot rows), on IO, or "idle in transaction" (the
    transaction is open while gunicorn runs Python); progress on stderr every 5 s."""
    from django.db import connection

    samples: Counter[str] = Counter()
    shown = time.perf_counter()
    with connection.cursor() as cursor:
        while (now := time.perf_counter()) < until:
            cursor.execute(
                "SELECT CASE WHEN state = 'active' "
                "THEN coalesce(wait_event_type || ':' || wait_event, 'running') ELSE state END, query "
                "FROM pg_stat_activity "
                "WHERE datname = %s AND state <> 'idle' AND pid <> pg_backend_pid()",
                [DB_NAME],
            )
            samples["samples"] += 1
            for what, query in cursor.fetchall():
                if what.startswith("Lock:"):  # which hot row: the table the waiting statement is on
                    table = re.search(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', query, re.IGNORECASE)
                    what = f"{what} on {table.group(1) if table else query[:40]}"
                samples[what] += 1
            if now - shown >= 5:
                shown = now
                print(f"  {until - now:.0f} s to go", file=sys.stderr)
            time.sleep(max(0.0, min(0.25, until - time.perf_counter())))
    connection.close()
    return samples


def _verify(shop, created: int, sold: Counter[int], spent: Counter[int], most: int) -> tuple[bool, dict]:  # type: ignore[no-untyped-def]
    """Orders = 201 responses; wallets and stock moved by exactly what the responses said;
    reconcile_ledgers finds no drift."""
    from django.db import connections
    from django.db.models import Sum
    from django_tenants.utils import schema_context

    from inventory.models import StockLevel
    from loyalty.models import Account
    from orders.models import Order

    with schema_context(shop.tenant.schema_name):
        orders = Order.objects.count()
        balances = dict(
            Account.objects.filter(
                card_id__in=[m.card for m in shop.members], kind__in=["principal", "bonus"]
            )
            .values("card_id")
            .annotate(total=Sum("balance"))
            .values_list("card_id", "total")
        )
        on_hand = dict(StockLevel.objects.filter(store_id=shop.store).values_list("product_id", "on_hand"))
    start = most * STORED_VALUE_PER_ORDER
    wallets_ok = all(start - balances[m.card] == spent[m.card] for m in shop.members)
    stock_ok = all(most * 2 - on_hand[pid] == sold[pid] for pid, _ in shop.products)
    ledgers_ok, text = reconcile(shop.tenant)
    connections.close_all()
    print(
        f"orders {orders} (201 responses {created}); wallets {'ok' if wallets_ok else 'WRONG'}; "
        f"stock {'ok' if stock_ok else 'WRONG'}; {text}",
        file=sys.stderr,
    )
    return orders == created and wallets_ok and stock_ok and ledgers_ok, {"orders": orders}


if __name__ == "__main__":
    main()
