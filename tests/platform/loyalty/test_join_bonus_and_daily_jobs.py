"""Joining pays the sign-up and referral bonuses; loyalty housekeeping runs per tenant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from django_tenants.utils import schema_context

from loyalty.models import PointsLot, PointsSettings
from loyalty.services import points
from members.services import create_customer, join_membership
from pluginhost.calls import scheduled_jobs


def test_joining_pays_signup_and_referral_bonus_once(tenant_a):
    with schema_context(tenant_a.schema_name):
        settings_row = PointsSettings.current()
        settings_row.signup_bonus = Decimal("50")
        settings_row.referral_bonus = Decimal("30")
        settings_row.save()
        referrer = create_customer({"name": "推薦人"}, join=True)
        assert points.summary(referrer)["available"] == Decimal("50.00")
        friend = create_customer({"name": "朋友", "referrer": referrer})
        assert points.summary(friend)["available"] == Decimal("0.00")  # a customer, not yet a member
        join_membership(friend)
        join_membership(friend)  # twice: no second bonus
        assert points.summary(friend)["available"] == Decimal("50.00")
        assert points.summary(referrer)["available"] == Decimal("80.00")


def test_loyalty_jobs_are_scheduled_and_run_in_each_tenant(tenant_a, tenant_b):
    from core.scheduling import enqueue_due_jobs
    from tenants.models import ScheduledJobRun

    names = {job.name for job in scheduled_jobs(tenant_a)}
    assert {"expire_points", "expire_coupons", "evaluate_tiers", "award_birthdays"} <= names
    with schema_context(tenant_a.schema_name):
        customer = create_customer({"name": "過期"}, join=True)
        points.earn(customer, Decimal("40"), reason="test", idempotency_key="e1")
        # The lot's date has passed (the job itself uses the real clock).
        PointsLot.objects.filter(account__customer=customer).update(
            expires_at=timezone.now() - timedelta(days=1)
        )
    # 2031-01-01 01:00 in Taipei (17:00 UTC the day before): past 00:10 local, job expires the lot.
    enqueue_due_jobs(now=datetime(2030, 12, 31, 17, 0, tzinfo=UTC))
    assert ScheduledJobRun.objects.filter(tenant=tenant_a, job="expire_points").exists()
    with schema_context(tenant_a.schema_name):
        assert points.summary(customer)["available"] == Decimal("0.00")
        assert points.check_invariants(customer)["ok"] is True
