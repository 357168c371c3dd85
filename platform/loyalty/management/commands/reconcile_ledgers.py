"""Cached balance = sum of ledger, for every account of every shop (and on-hand stock = sum of its
movement lines, for every stock level); exits non-zero on drift."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context
from tqdm import tqdm

from inventory.reconcile import stock_drift_in_current_schema
from loyalty.reconcile import drift_in_current_schema
from tenants.models import Tenant


class Command(BaseCommand):
    help = (
        "Check that every cached balance (and on-hand stock) equals the sum of its ledger entries "
        "(movement lines), in every tenant."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--schema", action="append", dest="schemas", help="only these tenant schemas")

    def handle(self, *args, schemas: list[str] | None = None, **options) -> None:  # type: ignore[no-untyped-def]
        tenants = Tenant.objects.filter(state__in=[Tenant.State.ACTIVE, Tenant.State.SUSPENDED]).exclude(
            schema_name="public"
        )
        if schemas:
            tenants = tenants.filter(schema_name__in=schemas)
        checked = 0
        stock_checked = 0
        problems: list[str] = []
        for tenant in tqdm(list(tenants), desc="tenants", unit="tenant", file=self.stderr._out):
            with schema_context(tenant.schema_name):
                count, drifts = drift_in_current_schema()
                stock_count, stock_drifts = stock_drift_in_current_schema()
            checked += count
            stock_checked += stock_count
            problems += [
                f"{tenant.schema_name} ({tenant.subdomain}): account {d.account_id} [{d.kind}] "
                f"cached {d.cached} != ledger {d.ledger}"
                for d in drifts
            ]
            problems += [
                f"{tenant.schema_name} ({tenant.subdomain}): stock level {d.stock_level_id} "
                f"(store {d.store_id}, product {d.product_id}) on hand {d.cached} != movements {d.ledger}"
                for d in stock_drifts
            ]
        self.stdout.write(
            f"Reconciled {checked} account(s) and {stock_checked} stock level(s) in {tenants.count()} "
            f"tenant(s): {len(problems)} drift(s)."
        )
        for line in problems:
            self.stderr.write(f"  DRIFT {line}")
        if problems:
            raise CommandError(f"{len(problems)} account(s) or stock level(s) drift from their ledger.")
