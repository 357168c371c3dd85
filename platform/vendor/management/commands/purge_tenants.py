"""Drop the shops whose scheduled deletion is due (the daily beat task runs the same code)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection

from vendor.deletion import PurgeOutcome, due, purge_due


class Command(BaseCommand):
    help = "Delete every tenant whose scheduled deletion is due; never touches any other tenant."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--dry-run", action="store_true", help="list what is due, delete nothing")

    def handle(self, *args, dry_run: bool, **options) -> None:  # type: ignore[no-untyped-def]
        connection.set_schema_to_public()
        if dry_run:
            ids = due()
            self.stdout.write(f"{len(ids)} deletion(s) due: {', '.join(map(str, ids)) or '-'}")
            return

        def progress(index: int, total: int, outcome: PurgeOutcome) -> None:
            line = f"[{index}/{total}] {outcome.label}: {outcome.status}"
            if outcome.error:
                line += f" ({outcome.error})"
            self.stdout.write(line)

        outcomes = purge_due(progress=progress)
        deleted = sum(1 for o in outcomes if o.status == "deleted")
        failed = sum(1 for o in outcomes if o.status == "failed")
        self.stdout.write(f"Purge: {deleted} tenant(s) deleted, {failed} failed, {len(outcomes)} due.")
        if failed:
            raise SystemExit(1)
