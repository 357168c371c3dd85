"""Background work of the vendor console (queued from the public schema)."""

from __future__ import annotations

from celery import shared_task
from django.db import connection


@shared_task(name="vendor.tasks.export_tenant")
def export_tenant(export_id: int) -> str:
    from vendor.exports import run_export

    connection.set_schema_to_public()
    return run_export(export_id).status


@shared_task(name="vendor.tasks.purge_due_tenants")
def purge_due_tenants() -> int:
    """Daily (beat): drop the shops whose scheduled deletion is due; returns how many were dropped."""
    from vendor.deletion import purge_due

    connection.set_schema_to_public()
    return sum(1 for outcome in purge_due() if outcome.status == "deleted")
