"""In-process stand-in for Celery beat when there is no broker (development, `make run`)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import connection

from core.scheduling import enqueue_due_jobs


class Command(BaseCommand):
    help = "Every --interval seconds, run each tenant's due daily jobs (use Celery beat in production)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--interval", type=float, default=60.0)
        parser.add_argument("--once", action="store_true", help="one pass, then exit")

    def handle(self, *args, interval: float, once: bool, **options) -> None:  # type: ignore[no-untyped-def]
        while True:
            connection.set_schema_to_public()
            queued = enqueue_due_jobs()
            if queued or once:
                self.stdout.write(f"Scheduler: {queued} tenant job(s) run.")
            if once:
                return
            connection.close()
            time.sleep(interval)
