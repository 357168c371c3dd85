"""Cached balance = sum of ledger, for every account of every shop; exits non-zero on drift."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context
from tqdm import tqdm

from loyalty.reconcile import drift_in_current_schema
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Check that every cached balance equals the sum of its ledger entries, in every tenant."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--schema", action="append", dest="schemas", help="only these tenant schemas")

    def handle(self, *args, schemas: list[str] | None = None, **options) -> None:  # type: ignore[no-untyped-def]
        tenants = Tenant.objects.filter(state__in=[Tenant.State.ACTIVE, Tenant.State.SUSPENDED]).exclude(
            schema_name="public"
        )
        if schemas:
            tenants = tenants.filter(schema_name__in=schemas)
        checked = 0
        problems: list[str] = []
        for tenant in tqdm(list(tenants), desc="tenants", unit="tenant", file=self.stderr._out):
            with schema_context(tenant.schema_name):
                count, drifts = drift_in_current_schema()
            checked += count
            problems += [
                f"{tenant.schema_name} ({tenant.subdomain}): account {d.account_id} [{d.kind}] "
                f"cached {d.cached} != ledger {d.ledger}"
                for d in drifts
            ]
        self.stdout.write(
            f"Reconciled {checked} account(s) in {tenants.count()} tenant(s): {len(problems)} drift(s)."
        )
        for line in problems:
            self.stderr.write(f"  DRIFT {line}")
        if problems:
            raise CommandError(f"{len(problems)} account(s) drift from their ledger.")
