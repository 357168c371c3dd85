"""50 concurrent spenders on ONE stored-value account (the hottest row a shop has).

Every spend goes through the real service (row lock, conditional UPDATE, ledger entries). Lost
updates = spends that succeeded but are not reflected in the cached balance, plus any drift between
cached balance and ledger sum; the target is zero. Prints one JSON line:
attempts, succeeded, lost_updates, spends_per_s.

    .venv/bin/python bench/hot_account.py [--threads 50] [--spends 20]
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from decimal import Decimal

from _support.common import make_shop, setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=50)
    parser.add_argument("--spends", type=int, default=20, help="spends per thread")
    args = parser.parse_args()
    setup_django("huiyuan_bench_hot")

    from django.db import connections
    from django_tenants.utils import schema_context

    from loyalty.models import Account, CardType
    from loyalty.reconcile import drift_in_current_schema
    from loyalty.services import cards
    from loyalty.services import stored_value as sv
    from members.services import create_customer

    tenant = make_shop()
    attempts = args.threads * args.spends
    start_balance = Decimal(attempts * 10)
    with schema_context(tenant.schema_name):
        customer = create_customer({"name": "熱門帳戶", "phone": "0912000000"}, join=True)
        card = cards.issue_card(
            customer, CardType.objects.create(name="Wallet", kind="stored_value"), idempotency_key="issue"
        )
        sv.top_up(card, start_balance, idempotency_key="seed")
    succeeded = 0
    lock = threading.Lock()
    barrier = threading.Barrier(args.threads)

    def spender(n: int) -> None:
        nonlocal succeeded
        ok = 0
        with schema_context(tenant.schema_name):
            barrier.wait()
            for i in range(args.spends):
                try:
                    sv.spend(card, "10", idempotency_key=f"spend-{n}-{i}")
                    ok += 1
                except Exception as exc:  # reported as a failed attempt
                    print(f"spend failed: {exc}", file=sys.stderr)
        connections.close_all()
        with lock:
            succeeded += ok

    threads = [threading.Thread(target=spender, args=(n,)) for n in range(args.threads)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    with schema_context(tenant.schema_name):
        principal = Account.objects.get(card=card, kind="principal").balance
        _, drifts = drift_in_current_schema()
    expected = start_balance - Decimal(10 * succeeded)
    lost = int(abs(expected - principal) / 10) + len(drifts)
    print(
        json.dumps(
            {
                "attempts": attempts,
                "succeeded": succeeded,
                "lost_updates": lost,
                "spends_per_s": round(succeeded / elapsed, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
