"""Import 10,000 members from CSV, each with a stored-value card, opening balances and points.

Prints one JSON line: rows, seconds, rows_per_s, drift (accounts whose cached balance differs from
their ledger after the import; must be 0).

    .venv/bin/python bench/member_import.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time

from _support.common import make_shop, setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    setup_django("huiyuan_bench_import")

    from django_tenants.utils import schema_context

    from loyalty.models import CardType
    from loyalty.reconcile import drift_in_current_schema
    from members.importing import import_members

    tenant = make_shop()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["姓名", "手機", "卡種", "儲值餘額", "贈送餘額", "點數", "標籤"])
    for i in range(args.rows):
        writer.writerow([f"會員{i}", f"09{i:08d}", "金卡", "1000", "100", "50", "匯入"])
    content = buffer.getvalue().encode("utf-8")
    with schema_context(tenant.schema_name):
        CardType.objects.create(name="金卡", kind=CardType.Kind.STORED_VALUE)

        def progress(done: int, total: int) -> None:
            print(f"rows {done}/{total}", file=sys.stderr)

        started = time.perf_counter()
        report = import_members(content, dry_run=False, progress=progress)
        seconds = time.perf_counter() - started
        _, drifts = drift_in_current_schema()
    assert not report.errors, report.errors[:5]
    print(
        json.dumps(
            {
                "rows": report.imported,
                "seconds": round(seconds, 1),
                "rows_per_s": round(report.imported / seconds, 1),
                "drift": len(drifts),
            }
        )
    )


if __name__ == "__main__":
    main()
