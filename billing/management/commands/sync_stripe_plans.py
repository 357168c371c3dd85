"""Mirror the Plan table to Stripe Products/Prices (idempotent; prints progress)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from billing.client import get_client
from billing.plans import sync_plans


class Command(BaseCommand):
    help = "Create/update a Stripe Product and monthly per-seat Price for every Plan (safe to re-run)."

    def handle(self, *args: Any, **options: Any) -> None:
        client = get_client()
        if client is None:
            raise CommandError("STRIPE_SECRET_KEY is not set: billing is not configured.")

        def progress(plan, index: int, total: int) -> None:  # type: ignore[no-untyped-def]
            self.stdout.write(
                f"[{index}/{total}] {plan.code} ({plan.currency} {plan.seat_price}/seat) "
                f"→ {plan.stripe_product_id} {plan.stripe_price_id}"
            )

        report = sync_plans(client, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {report.products_created} products created, {report.products_updated} updated, "
                f"{report.prices_created} prices created, {report.prices_archived} archived, "
                f"{report.unchanged} unchanged."
            )
        )
