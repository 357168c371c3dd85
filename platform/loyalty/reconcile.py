"""Checks that every cached balance equals the sum of its ledger, and that entries chain."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from loyalty.models import Account, LedgerEntry

DRIFT_SQL = f"""
    SELECT a.id, a.kind, a.balance, COALESCE(SUM(e.amount), 0) AS ledger
    FROM {Account._meta.db_table} a
    LEFT JOIN {LedgerEntry._meta.db_table} e ON e.account_id = a.id
    GROUP BY a.id
    HAVING a.balance <> COALESCE(SUM(e.amount), 0)
    ORDER BY a.id
"""  # noqa: S608 (table names are ours)

COUNT_SQL = f"SELECT count(*) FROM {Account._meta.db_table}"  # noqa: S608


@dataclass(frozen=True)
class Drift:
    account_id: int
    kind: str
    cached: Decimal
    ledger: Decimal


def drift_in_current_schema() -> tuple[int, list[Drift]]:
    """(accounts checked, accounts whose cached balance differs from their ledger sum)."""
    with connection.cursor() as cursor:
        cursor.execute(COUNT_SQL)
        checked = cursor.fetchone()[0]
        cursor.execute(DRIFT_SQL)
        drifts = [Drift(*row) for row in cursor.fetchall()]
    return checked, drifts
