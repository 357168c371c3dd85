"""register_scheduled_jobs: per-tenant daily jobs; the core's housekeeping job is always there."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.scheduling import due_jobs_for
from huiyuan import hookimpl
from pluginhost import calls, manager
from pluginhost.types import ScheduledJob
from tenants.models import TenantPlugin

DIGEST = ScheduledJob("testjobs_digest", "testjobs.tasks.send_digest", hour=7, minute=30)


class DigestPlugin:
    @hookimpl
    def register_scheduled_jobs(self) -> list[ScheduledJob]:
        return [DIGEST]


@pytest.fixture
def digest_plugin():  # type: ignore[no-untyped-def]
    manager.register_plugin(DigestPlugin(), "testjobs")
    yield
    manager.unregister_plugin("testjobs")


def test_core_clear_expired_sessions_job_is_always_scheduled(tenant_a, tenant_b):
    for tenant in (tenant_a, tenant_b, None):
        jobs = {j.name: j for j in calls.scheduled_jobs(tenant)}
        assert jobs["clear_expired_sessions"] == ScheduledJob(
            "clear_expired_sessions", "core.tasks.clear_expired_sessions", hour=4, minute=0
        )


def test_plugin_job_is_scheduled_only_where_enabled(tenant_a, tenant_b, digest_plugin):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testjobs", enabled=True)
    TenantPlugin.objects.create(tenant=tenant_b, plugin="testjobs", enabled=False)
    core_jobs = {j.name for j in calls.scheduled_jobs(None)}
    assert "clear_expired_sessions" in core_jobs and "testjobs_digest" not in core_jobs
    assert {j.name for j in calls.scheduled_jobs(tenant_a)} == core_jobs | {"testjobs_digest"}
    assert DIGEST in calls.scheduled_jobs(tenant_a)
    assert {j.name for j in calls.scheduled_jobs(tenant_b)} == core_jobs


def test_plugin_job_becomes_due_at_the_tenants_local_time(tenant_a, digest_plugin):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testjobs", enabled=True)
    assert tenant_a.time_zone == "Asia/Taipei"  # UTC+8
    before = datetime(2025, 3, 1, 23, 29, tzinfo=UTC)  # 07:29 in Taipei
    after = datetime(2025, 3, 1, 23, 30, tzinfo=UTC)  # 07:30 in Taipei
    assert "testjobs_digest" not in {j.name for j in due_jobs_for(tenant_a, before)}
    assert "testjobs_digest" in {j.name for j in due_jobs_for(tenant_a, after)}
