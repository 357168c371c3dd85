"""Racing real threads against PostgreSQL, each with its own connection (like web workers)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django_tenants.utils import schema_context


def race(n: int, tenant: Any, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` on ``n`` threads released together in the tenant's schema; each slot holds
    the result or the exception raised."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        try:
            with schema_context(tenant.schema_name):
                barrier.wait(timeout=30)
                results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results
