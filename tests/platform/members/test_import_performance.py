"""A bulk import spanning several chunks stays exact (speed is measured by bench/member_import.py)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django_tenants.utils import tenant_context

from loyalty.models import Account, LedgerEntry, LedgerTransaction
from members.importing import import_members
from members.models import Customer
from tests.platform.members.test_import_service import csv_bytes, make_card_types

ROWS = 2_500  # more than two chunks


def test_multi_chunk_import_is_exact(tenant_a):
    with tenant_context(tenant_a):
        run()


def run() -> None:
    make_card_types()
    rows: list[list[object]] = [["name", "phone", "card_type", "principal", "bonus", "points", "tags"]]
    for i in range(ROWS):
        rows.append([f"會員{i}", f"09{i:08d}", "Gold", "100", "10", "5", "bulk"])
    content = csv_bytes(rows)
    report = import_members(content, dry_run=False)
    assert report.errors == [] and report.imported == ROWS
    assert Customer.objects.filter(tags__contains=["bulk"]).count() == ROWS
    principal = Account.objects.filter(kind=Account.Kind.PRINCIPAL).aggregate(s=Sum("balance"))["s"]
    assert principal == Decimal(100 * ROWS)
    assert (
        LedgerEntry.objects.aggregate(s=Sum("amount"))["s"]
        == Account.objects.aggregate(s=Sum("balance"))["s"]
    )
    assert LedgerTransaction.objects.filter(source_type="import").count() == 2 * ROWS
