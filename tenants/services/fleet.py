"""Fleet migration: public, then the template, then every tenant in parallel.

Tenants already at the template's migration state are skipped with one cheap query each; each
tenant migrates in its own worker process with its own connection, and a failure in one tenant is
collected and reported without stopping or hiding the others.
"""

from __future__ import annotations

import io
import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections

from tenants.models import Tenant
from tenants.services.provisioning import ensure_public_tenant, ensure_template


@dataclass(frozen=True)
class TenantOutcome:
    schema_name: str
    status: str  # "migrated" | "up_to_date" | "failed"
    error: str = ""


@dataclass
class FleetReport:
    outcomes: list[TenantOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[TenantOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def applied_migrations(schema_name: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema_name}".django_migrations'])
        if not cursor.fetchone()[0]:
            return set()
        cursor.execute(f'SELECT app, name FROM "{schema_name}".django_migrations')  # noqa: S608
        return set(cursor.fetchall())


def migrate_one(schema_name: str) -> TenantOutcome:
    """Run in a worker process: migrate one schema, never raise."""
    connections.close_all()
    out = io.StringIO()
    try:
        call_command("migrate_schemas", schema_name=schema_name, interactive=False, verbosity=0, stdout=out)
        return TenantOutcome(schema_name, "migrated")
    except Exception as exc:  # reported, not raised: one tenant must not hide the others
        return TenantOutcome(schema_name, "failed", f"{exc.__class__.__name__}: {exc}")
    finally:
        connections.close_all()


def migrate_fleet(
    jobs: int = 2,
    schemas: Iterable[str] | None = None,
    progress: Callable[[TenantOutcome], None] | None = None,
    verbosity: int = 0,
) -> FleetReport:
    connection.set_schema_to_public()
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
    ensure_public_tenant()
    template = ensure_template(verbosity=verbosity)
    target = applied_migrations(template.schema_name)

    names = (
        list(schemas)
        if schemas is not None
        else list(
            Tenant.objects.exclude(schema_name__in=[settings.PUBLIC_SCHEMA_NAME, template.schema_name])
            .order_by("id")
            .values_list("schema_name", flat=True)
        )
    )
    report = FleetReport()
    pending: list[str] = []
    for name in names:
        if target <= applied_migrations(name):
            outcome = TenantOutcome(name, "up_to_date")
            report.outcomes.append(outcome)
            if progress:
                progress(outcome)
        else:
            pending.append(name)
    if not pending:
        return report
    connections.close_all()  # never fork with an open connection
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context) as pool:
        futures = [pool.submit(migrate_one, name) for name in pending]
        for future in as_completed(futures):
            outcome = future.result()
            report.outcomes.append(outcome)
            if progress:
                progress(outcome)
    return report
