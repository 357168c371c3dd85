"""Checks that every cached on-hand quantity equals the sum of its stock movement lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from inventory.models import StockLevel, StockMovementLine

DRIFT_SQL = f"""
    SELECT s.id, s.store_id, s.product_id, s.on_hand, COALESCE(SUM(l.quantity), 0) AS ledger
    FROM {StockLevel._meta.db_table} s
    LEFT JOIN {StockMovementLine._meta.db_table} l ON l.stock_level_id = s.id
    GROUP BY s.id
    HAVING s.on_hand <> COALESCE(SUM(l.quantity), 0)
    ORDER BY s.id
"""  # noqa: S608 (table names are ours)

COUNT_SQL = f"SELECT count(*) FROM {StockLevel._meta.db_table}"  # noqa: S608


@dataclass(frozen=True)
class StockDrift:
    stock_level_id: int
    store_id: int
    product_id: int
    cached: Decimal
    ledger: Decimal


def stock_drift_in_current_schema() -> tuple[int, list[StockDrift]]:
    """(stock levels checked, levels whose on_hand differs from the sum of their movement lines)."""
    with connection.cursor() as cursor:
        cursor.execute(COUNT_SQL)
        checked = cursor.fetchone()[0]
        cursor.execute(DRIFT_SQL)
        drifts = [StockDrift(*row) for row in cursor.fetchall()]
    return checked, drifts
