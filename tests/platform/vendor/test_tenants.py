"""Tenant list (filters, search, pagination, bounded queries), detail, suspend/resume, plugins, activity."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import make_client
from vendor.models import TenantActivity

TENANTS = "/api/v1/vendor/tenants/"


@pytest.fixture
def plans(db):  # type: ignore[no-untyped-def]
    from billing.models import Plan

    return {
        "basic": Plan.objects.create(
            code="vt-basic-twd", name="Basic", currency="TWD", seat_price=Decimal("300")
        ),
        "pro": Plan.objects.create(code="vt-pro-usd", name="Pro", currency="USD", seat_price=Decimal("10")),
    }


def set_billing(tenant, plan, status, seats, **extra):  # type: ignore[no-untyped-def]
    from billing.models import TenantBilling

    row, _ = TenantBilling.objects.update_or_create(
        tenant=tenant,
        defaults={"plan": plan, "status": status, "seats": seats, "seats_wanted": seats, **extra},
    )
    return row


def subdomains(response):  # type: ignore[no-untyped-def]
    return [row["subdomain"] for row in response.json()["results"]]


def test_list_shows_status_trade_plan_seats_mrr_and_last_activity(vendor_client, tenant_a, tenant_b, plans):
    set_billing(tenant_a, plans["basic"], "active", 3)
    set_billing(tenant_b, plans["pro"], "trialing", 2)
    TenantActivity.objects.create(tenant=tenant_a, last_activity_at=timezone.now())
    response = vendor_client.get(TENANTS, {"ordering": "subdomain"})
    assert response.status_code == 200
    rows = {row["subdomain"]: row for row in response.json()["results"]}
    assert {"alpha", "beta"} <= set(rows)
    assert "public" not in {r["schema_name"] for r in rows.values()}  # the public row is not a shop
    alpha = rows["alpha"]
    assert alpha["state"] == "active" and alpha["trade"] == "beauty"
    assert alpha["plan"] == {"code": "vt-basic-twd", "name": "Basic", "currency": "TWD"}
    assert alpha["billing_status"] == "active" and alpha["seats"] == 3
    assert alpha["mrr"] == {"amount": "900.00", "currency": "TWD"}
    assert alpha["last_activity_at"] is not None
    assert alpha["url"] == "http://alpha.localhost:8000"
    beta = rows["beta"]
    assert beta["billing_status"] == "trialing" and beta["mrr"] == {"amount": "0", "currency": "USD"}
    assert beta["last_activity_at"] is None


def test_filters_search_and_pagination(vendor_client, tenant_a, tenant_b, plans):
    from tenants.services.lifecycle import suspend

    set_billing(tenant_a, plans["basic"], "active", 3)
    suspend(tenant_b)
    assert subdomains(vendor_client.get(TENANTS, {"trade": "beauty"})) == ["alpha"]
    assert subdomains(vendor_client.get(TENANTS, {"status": "suspended"})) == ["beta"]
    assert "beta" not in subdomains(vendor_client.get(TENANTS, {"status": "active"}))
    assert subdomains(vendor_client.get(TENANTS, {"plan": "vt-basic-twd"})) == ["alpha"]
    assert "alpha" not in subdomains(vendor_client.get(TENANTS, {"plan": "none"}))
    assert subdomains(vendor_client.get(TENANTS, {"billing": "active"})) == ["alpha"]
    assert subdomains(vendor_client.get(TENANTS, {"q": "BETA"})) == ["beta"]
    assert subdomains(vendor_client.get(TENANTS, {"q": "owner@alpha"})) == ["alpha"]
    page = vendor_client.get(TENANTS, {"page_size": 1, "ordering": "subdomain"}).json()
    assert page["count"] >= 2 and len(page["results"]) == 1 and page["next"]


def test_list_runs_a_bounded_number_of_queries(vendor_client, tenant_a, tenant_b, plans):
    from tenants.models import Tenant

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = vendor_client.get(TENANTS)
        assert response.status_code == 200
        return len(queries)

    set_billing(tenant_a, plans["basic"], "active", 3)
    few = count_queries()
    for n in range(5):  # rows only (no schema): the list never touches tenant schemas
        extra = Tenant.objects.create(schema_name=f"t_listq{n}", subdomain=f"listq{n}", state="active")
        set_billing(extra, plans["pro"], "active", n + 1)
        TenantActivity.objects.create(tenant=extra, last_activity_at=timezone.now())
    assert count_queries() == few <= 8  # routing, session, user, vendor profile, count, one page


def test_detail_has_domains_plugins_staff_and_history(vendor_client, tenant_a):
    response = vendor_client.get(f"{TENANTS}{tenant_a.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["domains"] == ["alpha.localhost"]
    assert body["staff"] == 1  # the owner
    assert any(p["name"] == "core" and p["default"] and p["enabled"] for p in body["plugins"])
    assert body["deletion"] is None and body["exports"] == [] and body["support_grants"] == []
    assert vendor_client.get(f"{TENANTS}999999/").status_code == 404


def test_public_and_template_rows_are_not_reachable(vendor_client):
    from tenants.models import Tenant

    for schema in ("public", "tenant_template"):
        tenant = Tenant.objects.get(schema_name=schema)
        assert vendor_client.get(f"{TENANTS}{tenant.pk}/").status_code == 404
        response = vendor_client.post(f"{TENANTS}{tenant.pk}/suspend/", {"reason": "no"}, format="json")
        assert response.status_code == 404


def test_suspend_shows_the_page_keeps_the_data_and_resume_restores(vendor_client, tenant_a, owner_a):
    from core.models import AuditLog

    assert owner_a.get("/api/v1/auth/session/").json()["authenticated"] is True
    response = vendor_client.post(
        f"{TENANTS}{tenant_a.pk}/suspend/", {"reason": "unpaid invoices"}, format="json"
    )
    assert response.status_code == 200 and response.json()["state"] == "suspended"

    page = make_client("alpha").get("/")
    assert page.status_code == 403
    html = page.content.decode()
    assert 'data-testid="tenant-suspended"' in html and 'lang="zh-hant"' in html
    assert "This shop is suspended" not in html and "Huiyuan" in html  # translated (Traditional Chinese)
    api = owner_a.get("/api/v1/auth/session/")
    assert api.status_code == 403 and api.json()["error"]["code"] == "tenant_suspended"
    assert make_client("beta").get("/api/v1/auth/session/").status_code == 200  # others unaffected

    # Suspending twice is refused; data stays.
    again = vendor_client.post(f"{TENANTS}{tenant_a.pk}/suspend/", {"reason": "x"}, format="json")
    assert again.status_code == 409
    with schema_context(tenant_a.schema_name):
        from accounts.models import User

        assert User.objects.filter(email="owner@alpha.test").exists()

    response = vendor_client.post(f"{TENANTS}{tenant_a.pk}/resume/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "active"
    assert owner_a.get("/api/v1/auth/session/").json()["authenticated"] is True  # same session works
    connection.set_schema_to_public()  # the test client leaves the connection on the last host's schema
    actions = list(
        AuditLog.objects.filter(target_type="tenants.tenant", target_id=str(tenant_a.pk)).values_list(
            "action", "reason"
        )
    )
    assert ("vendor.tenant_suspended", "unpaid invoices") in actions and (
        "vendor.tenant_resumed",
        "",
    ) in actions
    with schema_context(tenant_a.schema_name):
        assert AuditLog.objects.filter(action="vendor.tenant_suspended", reason="unpaid invoices").exists()


def test_suspended_page_speaks_the_shop_language(vendor_client, tenant_b):
    vendor_client.post(f"{TENANTS}{tenant_b.pk}/suspend/", {"reason": "abuse"}, format="json")
    html = make_client("beta").get("/members").content.decode()
    assert "This shop is suspended" in html and 'lang="en"' in html


def test_suspend_needs_a_reason(vendor_client, tenant_a):
    response = vendor_client.post(f"{TENANTS}{tenant_a.pk}/suspend/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]


class FakePlugin:
    """An installed vertical plugin with no hooks."""


@pytest.fixture
def installed_plugin():  # type: ignore[no-untyped-def]
    from pluginhost import manager

    manager.register_plugin(FakePlugin(), "vendortest")
    yield "vendortest"
    manager.unregister_plugin("vendortest")


def test_plugin_toggle_per_tenant(vendor_client, tenant_a, tenant_b, installed_plugin, owner_a):
    from core.models import AuditLog
    from tenants.models import TenantPlugin

    url = f"{TENANTS}{tenant_a.pk}/plugins/"
    response = vendor_client.post(url, {"plugin": installed_plugin, "enabled": True}, format="json")
    assert response.status_code == 200
    assert {p["name"]: p["enabled"] for p in response.json()["plugins"]}[installed_plugin] is True
    assert TenantPlugin.objects.get(tenant=tenant_a, plugin=installed_plugin).enabled
    assert not TenantPlugin.objects.filter(tenant=tenant_b, plugin=installed_plugin).exists()
    # The shop sees it on its next request.
    listed = {p["name"]: p["enabled"] for p in owner_a.get("/api/v1/plugins/").json()["plugins"]}
    assert listed[installed_plugin] is True

    response = vendor_client.post(url, {"plugin": installed_plugin, "enabled": False}, format="json")
    assert {p["name"]: p["enabled"] for p in response.json()["plugins"]}[installed_plugin] is False
    listed = {p["name"]: p["enabled"] for p in owner_a.get("/api/v1/plugins/").json()["plugins"]}
    assert listed[installed_plugin] is False
    connection.set_schema_to_public()  # the test client leaves the connection on the last host's schema
    assert AuditLog.objects.filter(action="vendor.plugin_disabled", target_id=str(tenant_a.pk)).exists()

    assert vendor_client.post(url, {"plugin": "core", "enabled": False}, format="json").status_code == 400
    assert vendor_client.post(url, {"plugin": "nope", "enabled": True}, format="json").status_code == 404


def test_staff_requests_stamp_last_activity_at_most_once_per_interval(tenant_a):
    from django.core.cache import cache

    from tests.conftest import SHOPS, login_client

    assert not TenantActivity.objects.filter(tenant=tenant_a).exists()
    owner = login_client("alpha", SHOPS["alpha"]["email"])  # the log-in itself counts
    first = TenantActivity.objects.get(tenant=tenant_a).last_activity_at
    owner.get("/api/v1/auth/session/")
    assert TenantActivity.objects.get(tenant=tenant_a).last_activity_at == first
    cache.clear()  # the interval has passed
    owner.get("/api/v1/auth/session/")
    assert TenantActivity.objects.get(tenant=tenant_a).last_activity_at > first


def test_anonymous_requests_do_not_count_as_activity(tenant_a):
    make_client("alpha").get("/api/v1/auth/session/")
    assert not TenantActivity.objects.filter(tenant=tenant_a).exists()
