"""Dashboard numbers on fixed fixture data: MRR per currency, tenants, trials, seats, monthly churn."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from tenants.models import Tenant
from vendor import metrics
from vendor.models import TenantDeletion


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


@pytest.fixture
def fleet(tenant_a, tenant_b):  # type: ignore[no-untyped-def]
    from billing.models import Plan, TenantBilling

    basic = Plan.objects.create(code="vt-basic", name="Basic", currency="TWD", seat_price=Decimal("300"))
    pro = Plan.objects.create(code="vt-pro", name="Pro", currency="USD", seat_price=Decimal("10"))

    def shop(tenant, activated, plan, status, seats, canceled_at=None, state="active"):  # type: ignore[no-untyped-def]
        tenant.activated_on = activated
        tenant.state = state
        tenant.save(update_fields=["activated_on", "state"])
        TenantBilling.objects.update_or_create(
            tenant=tenant,
            defaults={"plan": plan, "status": status, "seats": seats, "canceled_at": canceled_at},
        )

    def fake(name):  # type: ignore[no-untyped-def]
        return Tenant.objects.create(
            schema_name=f"t_metric_{name}", subdomain=f"metric-{name}", state="active"
        )

    shop(tenant_a, at(2026, 2, 1), basic, "active", 3)  # 900 TWD
    shop(tenant_b, at(2026, 5, 20), pro, "trialing", 2)  # trial: no MRR
    shop(fake("one"), at(2026, 3, 1), pro, "past_due", 4)  # 40 USD (still billed)
    shop(fake("two"), at(2026, 1, 5), basic, "canceled", 5, canceled_at=at(2026, 5, 10))
    shop(fake("three"), at(2025, 12, 1), basic, "active", 1, state="suspended")  # 300 TWD, suspended
    # A shop purged earlier: it still counts in the churn of the months it was there.
    TenantDeletion.objects.create(
        schema_name="t_gone",
        subdomain="gone",
        status="done",
        activated_on=at(2026, 2, 10),
        canceled_at=at(2026, 4, 20),
        requested_by_email="ops@huiyuan.test",
        due_at=at(2026, 5, 20),
    )


def test_overview_numbers(fleet):
    data = metrics.overview(now=at(2026, 6, 15), months=3)
    assert data["mrr"] == [{"currency": "TWD", "amount": "1200.00"}, {"currency": "USD", "amount": "40.00"}]
    assert data["active_tenants"] == 4  # alpha, beta, one, two (cancelled but not yet deleted)
    assert data["suspended_tenants"] == 1
    assert data["trials"] == 1
    assert data["paying_tenants"] == 3  # alpha, one (past due), three
    assert data["seats"] == 3 + 2 + 4 + 1  # trialing, active and past-due subscriptions
    assert data["churn"] == [
        # April: alpha, one, two, three, gone active on the 1st; gone cancelled on the 20th.
        {"month": "2026-04", "active_at_start": 5, "cancelled": 1, "new": 0, "churn_rate": 0.2},
        # May: gone left in April; two cancelled on the 10th; beta signed up.
        {"month": "2026-05", "active_at_start": 4, "cancelled": 1, "new": 1, "churn_rate": 0.25},
        {"month": "2026-06", "active_at_start": 4, "cancelled": 0, "new": 0, "churn_rate": 0.0},
    ]


def test_month_with_no_active_tenants_has_no_rate(db):
    rows = metrics.churn(months=2, now=at(2000, 1, 15))
    assert [r["month"] for r in rows] == ["1999-12", "2000-01"]
    assert all(r["churn_rate"] is None and r["active_at_start"] == 0 for r in rows)


def test_metrics_endpoint(vendor_client, fleet):
    response = vendor_client.get("/api/v1/vendor/metrics/", {"months": 6})
    assert response.status_code == 200
    body = response.json()
    assert len(body["churn"]) == 6 and body["trials"] == 1
    assert {"currency": "USD", "amount": "40.00"} in body["mrr"]
