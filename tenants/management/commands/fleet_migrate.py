"""Deploy-time migration of the whole fleet: public → template → tenants (parallel)."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tenants.services.fleet import TenantOutcome, migrate_fleet


class Command(BaseCommand):
    help = (
        "Migrate public, then the template schema, then every tenant in parallel, skipping up-to-date ones."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 2))
        parser.add_argument("--schema", action="append", dest="schemas", help="only these tenant schemas")

    def handle(self, *args, jobs: int, schemas: list[str] | None, verbosity: int, **options) -> None:  # type: ignore[no-untyped-def]
        self.stdout.write("Migrating public and template schemas…")
        bar: tqdm | None = None

        def progress(outcome: TenantOutcome) -> None:
            nonlocal bar
            if bar is None:
                from tenants.models import Tenant

                total = (
                    len(schemas)
                    if schemas
                    else Tenant.objects.exclude(state=Tenant.State.TEMPLATE).count() - 1
                )
                bar = tqdm(total=max(total, 0), desc="tenants", unit="schema", file=self.stderr._out)
            bar.update(1)
            if outcome.status == "failed":
                bar.write(f"FAILED {outcome.schema_name}: {outcome.error}")

        report = migrate_fleet(jobs=jobs, schemas=schemas, progress=progress, verbosity=max(0, verbosity - 1))
        if bar is not None:
            bar.close()
        self.stdout.write(
            f"Fleet migration: {report.count('migrated')} migrated, {report.count('up_to_date')} up to date, "
            f"{report.count('failed')} failed."
        )
        for outcome in report.failed:
            self.stderr.write(f"  {outcome.schema_name}: {outcome.error}")
        if report.failed:
            raise CommandError(f"{len(report.failed)} tenant(s) failed to migrate.")
