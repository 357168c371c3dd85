"""Per-tenant daily jobs run at their local time, exactly once per tenant-local day."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from django_tenants.utils import schema_context

from core.scheduling import enqueue_due_jobs

JOB = "clear_expired_sessions"  # registered by the core default plugin, daily at 04:00 local


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def make_expired_session(schema: str) -> str:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    key = f"x{uuid.uuid4().hex}{uuid.uuid4().hex}"[:40]
    with schema_context(schema):
        Session.objects.create(
            session_key=key, session_data="e30:", expire_date=timezone.now() - timedelta(hours=1)
        )
    return key


def session_exists(schema: str, key: str) -> bool:
    from django.contrib.sessions.models import Session

    with schema_context(schema):
        return Session.objects.filter(session_key=key).exists()


def runs(tenant) -> list[date]:  # type: ignore[no-untyped-def]
    from tenants.models import ScheduledJobRun

    return list(
        ScheduledJobRun.objects.filter(tenant=tenant, job=JOB)
        .order_by("local_date")
        .values_list("local_date", flat=True)
    )


def test_daily_job_runs_at_4am_in_each_tenants_time_zone(tenant_a, tenant_b) -> None:  # type: ignore[no-untyped-def]
    from tenants.models import ScheduledJobRun, Tenant

    assert tenant_a.time_zone == "Asia/Taipei"
    assert tenant_b.time_zone == "America/New_York"
    expired_a = make_expired_session(tenant_a.schema_name)
    expired_b = make_expired_session(tenant_b.schema_name)

    # 2030-01-15 07:00 UTC = 15:00 in Taipei (after 04:00), 02:00 in New York (before 04:00).
    first = utc(2030, 1, 15, 7, 0)
    assert enqueue_due_jobs(now=first) >= 1
    assert runs(tenant_a) == [date(2030, 1, 15)]
    assert runs(tenant_b) == []
    assert not session_exists(tenant_a.schema_name, expired_a)  # eager mode ran it, in A's schema
    assert session_exists(tenant_b.schema_name, expired_b)
    # Pooled and template schemas, and the public schema, are not shops: no jobs for them.
    assert not ScheduledJobRun.objects.exclude(tenant__state=Tenant.State.ACTIVE).exists()
    assert not ScheduledJobRun.objects.filter(tenant__schema_name="public").exists()

    # Same instant again (a second beat, a retried tick): nothing new, for anyone.
    expired_a2 = make_expired_session(tenant_a.schema_name)
    assert enqueue_due_jobs(now=first) == 0
    assert runs(tenant_a) == [date(2030, 1, 15)]
    assert session_exists(tenant_a.schema_name, expired_a2)  # the job did not run a second time
    # Later the same local day in Taipei: still nothing for alpha.
    enqueue_due_jobs(now=utc(2030, 1, 15, 8, 59))
    assert runs(tenant_a) == [date(2030, 1, 15)]
    assert runs(tenant_b) == []  # 03:59 in New York

    # 09:00 UTC = 04:00 in New York: beta's turn; alpha has had its day.
    assert enqueue_due_jobs(now=utc(2030, 1, 15, 9, 0)) >= 1
    assert runs(tenant_b) == [date(2030, 1, 15)]
    assert runs(tenant_a) == [date(2030, 1, 15)]
    assert not session_exists(tenant_b.schema_name, expired_b)
    assert session_exists(tenant_a.schema_name, expired_a2)


def test_local_day_not_utc_day_decides(tenant_a, tenant_b) -> None:  # type: ignore[no-untyped-def]
    """Taipei's 16 January starts at 16:00 UTC on the 15th; its 04:00 is 20:00 UTC on the 15th."""
    enqueue_due_jobs(now=utc(2030, 1, 15, 7, 0))
    assert runs(tenant_a) == [date(2030, 1, 15)]

    enqueue_due_jobs(now=utc(2030, 1, 15, 19, 59))  # 03:59 on the 16th in Taipei
    assert runs(tenant_a) == [date(2030, 1, 15)]

    expired_a = make_expired_session(tenant_a.schema_name)
    enqueue_due_jobs(now=utc(2030, 1, 15, 20, 0))  # 04:00 on the 16th in Taipei, still the 15th in UTC
    assert runs(tenant_a) == [date(2030, 1, 15), date(2030, 1, 16)]
    assert not session_exists(tenant_a.schema_name, expired_a)
    # New York: 15:00 on the 15th; its run for the 15th happened once, and only once.
    assert runs(tenant_b) == [date(2030, 1, 15)]


def test_suspended_tenant_gets_no_jobs(tenant_b) -> None:  # type: ignore[no-untyped-def]
    from tenants.models import Tenant

    Tenant.objects.filter(pk=tenant_b.pk).update(state=Tenant.State.SUSPENDED)
    enqueue_due_jobs(now=utc(2030, 1, 15, 12, 0))
    assert runs(tenant_b) == []


def test_run_scheduler_once_runs_due_jobs(tenant_a):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("run_scheduler", once=True, stdout=out)
    assert "tenant job(s) run" in out.getvalue()
