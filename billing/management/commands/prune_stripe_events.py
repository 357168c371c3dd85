"""Delete processed Stripe webhook events older than STRIPE_EVENT_RETENTION_DAYS (default 90)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from billing import conf
from billing.webhooks import prune_events


class Command(BaseCommand):
    help = "Delete processed Stripe webhook events past their retention (also a daily beat job)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = prune_events()
        self.stdout.write(f"{deleted} event(s) older than {conf.event_retention_days()} days deleted.")
