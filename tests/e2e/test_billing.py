"""End-to-end in headless Chromium: the owner's billing page during the trial, and the read-only
banner once the subscription is cancelled (data still visible, writes refused)."""

from __future__ import annotations

import pytest
from django.db import connection
from playwright.sync_api import expect

from tests.conftest import login_client
from tests.e2e.test_browser_flows import PASSWORD, log_in, make_shop


@pytest.mark.e2e
def test_billing_page_in_trial_then_read_only_banner(page, live):
    from billing.models import TenantBilling
    from tenants.models import Tenant

    make_shop("billshop", "Bill Shop")
    connection.set_schema_to_public()
    log_in(page, live, "billshop", "owner@billshop.test", PASSWORD)
    page.goto(live.url("billshop", "/app/billing"))
    expect(page.get_by_test_id("billing-page")).to_be_visible()
    expect(page.get_by_test_id("billing-status")).to_be_visible()
    expect(page.get_by_test_id("billing-seats")).to_be_visible()
    expect(page.get_by_test_id("billing-banner")).to_have_count(0)

    tenant = Tenant.objects.get(subdomain="billshop")
    TenantBilling.objects.filter(tenant=tenant).update(status=TenantBilling.Status.CANCELED)
    page.goto(live.url("billshop", "/app/members"))
    expect(page.get_by_test_id("billing-banner")).to_be_visible()
    owner = login_client("billshop", "owner@billshop.test", PASSWORD)
    refused = owner.post("/api/v1/customers/", {"name": "New"}, format="json")
    assert refused.status_code == 402 and refused.json()["error"]["code"] == "read_only"
    assert owner.get("/api/v1/customers/").status_code == 200
