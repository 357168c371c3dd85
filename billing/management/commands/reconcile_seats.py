"""Every shop's Stripe subscription quantity = its active staff count (safety net for outages)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from billing.client import get_client
from billing.seats import reconcile_all


class Command(BaseCommand):
    help = "Re-read each subscription from Stripe and push the current staff count where it differs."

    def handle(self, *args: Any, **options: Any) -> None:
        connection.set_schema_to_public()
        if get_client() is None:
            self.stdout.write(self.style.WARNING("STRIPE_SECRET_KEY is not set: only local counts updated."))

        def progress(tenant_id: int, index: int, total: int, outcome: str) -> None:
            self.stdout.write(f"[{index}/{total}] tenant {tenant_id}: {outcome}")

        totals = reconcile_all(progress=progress)
        summary = ", ".join(f"{k} {v}" for k, v in sorted(totals.items())) or "no shops"
        style = self.style.ERROR if totals.get("failed") else self.style.SUCCESS
        self.stdout.write(style(f"Done: {summary}."))
        if totals.get("failed"):
            raise SystemExit(1)
