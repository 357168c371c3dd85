"""Tiers API: owner/manager define tiers and override a customer's tier (audited), cashiers read
and record spend; another shop's ids are 404."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from core.models import AuditLog
from loyalty.models import Tier
from members.services import create_customer
from tests.conftest import PASSWORD, login_client


@pytest.fixture(autouse=True)
def rewards_urls(settings):  # type: ignore[no-untyped-def]
    from django.urls import Resolver404, resolve

    try:
        resolve("/api/v1/tiers/", urlconf="huiyuan.urls_tenant")
    except Resolver404:
        settings.ROOT_URLCONF = "tests.platform.loyalty.test_points_api"


@pytest.fixture
def cashier_a(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        User.objects.create_user("till@alpha.test", PASSWORD, role=User.Role.CASHIER)
    return login_client("alpha", "till@alpha.test")


@pytest.fixture
def member_a(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        return create_customer({"name": "Lin"})


def test_managers_define_tiers_cashiers_read(owner_a, cashier_a):
    silver = {
        "name": "Silver",
        "rank": 1,
        "min_spend": "1000.00",
        "discount_rate": "0.950",
        "points_multiplier": "1.5",
    }
    assert cashier_a.post("/api/v1/tiers/", silver, format="json").status_code == 403
    created = owner_a.post("/api/v1/tiers/", silver, format="json")
    assert created.status_code == 201, created.content
    bad = owner_a.post("/api/v1/tiers/", {**silver, "rank": 2, "discount_rate": "1.5"}, format="json")
    assert bad.status_code == 400 and "discount_rate" in bad.json()["error"]["fields"]
    duplicate_rank = owner_a.post("/api/v1/tiers/", {**silver, "name": "Other"}, format="json")
    assert duplicate_rank.status_code == 400
    assert [t["name"] for t in cashier_a.get("/api/v1/tiers/").json()["results"]] == ["Silver"]
    assert (
        cashier_a.patch("/api/v1/tiers/settings/", {"allow_downgrade": True}, format="json").status_code
        == 403
    )
    assert (
        owner_a.patch("/api/v1/tiers/settings/", {"window_days": 180}, format="json").json()["window_days"]
        == 180
    )


def test_spend_upgrades_and_manual_override_is_audited(owner_a, cashier_a, member_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        Tier.objects.create(name="Silver", rank=1, min_spend=1000)
        gold = Tier.objects.create(name="Gold", rank=2, min_spend=5000)
    spend = {"amount": "1200.00", "source_type": "order", "source_id": "S1"}
    recorded = cashier_a.post(f"/api/v1/customers/{member_a.pk}/spend/", spend, format="json")
    assert recorded.status_code == 201, recorded.content
    state = cashier_a.get(f"/api/v1/customers/{member_a.pk}/tier/").json()
    assert state["tier"]["name"] == "Silver" and state["window"]["spend"] == "1200.00"
    url = f"/api/v1/customers/{member_a.pk}/tier/"
    assert cashier_a.post(url, {"tier": gold.pk, "reason": "VIP"}, format="json").status_code == 403
    no_reason = owner_a.post(url, {"tier": gold.pk, "reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["fields"]
    done = owner_a.post(url, {"tier": gold.pk, "reason": "VIP"}, format="json")
    assert done.status_code == 200 and done.json()["tier"]["name"] == "Gold" and done.json()["manual"] is True
    assert [h["kind"] for h in done.json()["history"]] == ["manual", "auto"]
    with schema_context(tenant_a.schema_name):
        log = AuditLog.objects.get(action="tier.override")
        assert (log.before["tier"], log.after["tier"], log.actor.email) == (
            "Silver",
            "Gold",
            "owner@alpha.test",
        )


def test_other_shop_gets_404_for_tier_endpoints(owner_b, member_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        tier = Tier.objects.create(name="Silver", rank=1)
    base = f"/api/v1/customers/{member_a.pk}/"
    assert owner_b.get(base + "tier/").status_code == 404
    assert owner_b.post(base + "tier/", {"tier": None, "reason": "x"}, format="json").status_code == 404
    spend = {"amount": "10", "source_type": "order", "source_id": "1"}
    assert owner_b.post(base + "spend/", spend, format="json").status_code == 404
    assert owner_b.get(f"/api/v1/tiers/{tier.pk}/").status_code == 404
    assert owner_b.patch(f"/api/v1/tiers/{tier.pk}/", {"name": "Hacked"}, format="json").status_code == 404
