"""Per-tenant daily jobs in each tenant's own time zone.

Beat ticks once a minute in UTC; for every active tenant we convert "now" to the tenant's local
time and enqueue each registered job whose local time has passed today and that has not run on
this local date. A unique row per (tenant, job, local date) makes this exactly-once even when two
beats tick at the same moment or a tick is retried.
"""

from __future__ import annotations

from datetime import datetime
from importlib import import_module
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from pluginhost.calls import scheduled_jobs


def due_jobs_for(tenant, now: datetime) -> list:  # type: ignore[no-untyped-def]
    local = now.astimezone(ZoneInfo(tenant.time_zone))
    return [job for job in scheduled_jobs(tenant) if (local.hour, local.minute) >= (job.hour, job.minute)]


def task_for(name: str, app):  # type: ignore[no-untyped-def]
    """The registered task, importing its module first (plugin tasks may not be loaded yet)."""
    if name not in app.tasks:
        import_module(name.rsplit(".", 1)[0])
    return app.tasks[name]


def enqueue_due_jobs(now: datetime | None = None) -> int:
    from celery import current_app

    from tenants.models import ScheduledJobRun, Tenant

    now = now or timezone.now()
    queued = 0
    from django.conf import settings

    shops = Tenant.objects.filter(state=Tenant.State.ACTIVE).exclude(schema_name=settings.PUBLIC_SCHEMA_NAME)
    for tenant in shops:
        local_date = now.astimezone(ZoneInfo(tenant.time_zone)).date()
        for job in due_jobs_for(tenant, now):
            try:
                # Claim and send together: if the broker is down, the claim rolls back and the
                # next tick tries again, so a day's run is not lost (at-least-once on commit races).
                with transaction.atomic():
                    ScheduledJobRun.objects.create(tenant=tenant, job=job.name, local_date=local_date)
                    with schema_context(tenant.schema_name):
                        task_for(job.task, current_app).delay()
            except IntegrityError:
                continue  # already ran today (tenant-local)
            queued += 1
    return queued
