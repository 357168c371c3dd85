"""Owner billing API: summary, invoices, Checkout and Portal links; owner only; tenant isolation."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from billing.models import TenantBilling
from tests.billing.helpers import add_staff, staff_client, subscribe


def test_checkout_creates_customer_once_and_a_subscription_session(owner_a, billing_a, fake_stripe, tenant_a):
    add_staff(tenant_a, "c1@alpha.test")
    response = owner_a.post("/api/v1/billing/checkout/")
    assert response.status_code == 200, response.content
    assert response.json()["url"].startswith("https://checkout.stripe.test/")

    [customer] = fake_stripe.calls("POST", "/v1/customers")
    assert customer.params["metadata[tenant_id]"] == str(tenant_a.pk)
    assert customer.idempotency_key == f"huiyuan:customer:tenant-{tenant_a.pk}"
    [session] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    p = session.params
    assert p["mode"] == "subscription"
    assert p["client_reference_id"] == str(tenant_a.pk)
    assert p["customer"] == customer_id(tenant_a)
    assert p["line_items[0][price]"] == billing_a.plan.stripe_price_id
    assert p["line_items[0][quantity]"] == "2"  # owner + one cashier
    assert p["subscription_data[metadata][tenant_id]"] == str(tenant_a.pk)
    assert int(p["subscription_data[trial_end]"]) == int(
        billing_a.trial_ends_at.timestamp()
    )  # keeps the trial
    assert p["success_url"].startswith("http://alpha.") and "/app/billing" in p["success_url"]

    # A second attempt (e.g. the owner closed the tab) reuses the customer.
    assert owner_a.post("/api/v1/billing/checkout/").status_code == 200
    assert len(fake_stripe.calls("POST", "/v1/customers")) == 1


def customer_id(tenant) -> str:  # type: ignore[no-untyped-def]
    return TenantBilling.objects.get(tenant=tenant).stripe_customer_id


def test_checkout_without_trial_left_charges_now(owner_a, billing_a, fake_stripe):
    TenantBilling.objects.filter(pk=billing_a.pk).update(trial_ends_at=timezone.now() + timedelta(hours=3))
    assert owner_a.post("/api/v1/billing/checkout/").status_code == 200
    [session] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert "subscription_data[trial_end]" not in session.params


def test_checkout_refused_when_already_subscribed(
    owner_a, billing_a, fake_stripe, django_capture_on_commit_callbacks
):
    subscribe(owner_a, fake_stripe, django_capture_on_commit_callbacks)
    response = owner_a.post("/api/v1/billing/checkout/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_subscribed"


def test_portal_uses_a_configuration_without_quantity_updates(
    owner_a, billing_a, fake_stripe, django_capture_on_commit_callbacks
):
    refused = owner_a.post("/api/v1/billing/portal/")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_customer"
    subscribe(owner_a, fake_stripe, django_capture_on_commit_callbacks)
    response = owner_a.post("/api/v1/billing/portal/")
    assert response.status_code == 200
    assert response.json()["url"].startswith("https://billing.stripe.test/")
    [session] = fake_stripe.calls("POST", "/v1/billing_portal/sessions")
    config = fake_stripe.store[session.params["configuration"]]
    assert config["features"]["subscription_update"]["enabled"] == "false"
    assert session.params["return_url"].endswith("/app/billing")


def test_summary_and_invoices(owner_a, billing_a, fake_stripe, django_capture_on_commit_callbacks, tenant_a):
    before = owner_a.get("/api/v1/billing/").json()
    assert before["configured"] is True
    assert before["status"] == "trialing" and before["access"] == "full"
    assert before["plan"]["currency"] == "TWD" and before["plan"]["seat_price"] == "300.00"
    assert before["seats"] == 1 and before["has_subscription"] is False and before["can_checkout"] is True
    assert before["next_invoice"] is None
    assert owner_a.get("/api/v1/billing/invoices/").json()["results"] == []

    sub = subscribe(owner_a, fake_stripe, django_capture_on_commit_callbacks)
    fake_stripe.add_invoice(sub["id"], amount=30000)
    after = owner_a.get("/api/v1/billing/").json()
    assert after["has_subscription"] is True and after["seats_billed"] == 1
    assert after["next_invoice"]["amount_due"] == "300.00" and after["next_invoice"]["currency"] == "TWD"
    assert fake_stripe.calls("POST", "/v1/invoices/create_preview")
    invoices = owner_a.get("/api/v1/billing/invoices/").json()["results"]
    assert len(invoices) == 1 and invoices[0]["total"] == "300.00" and invoices[0]["status"] == "paid"
    assert invoices[0]["hosted_invoice_url"].startswith("https://")


def test_stripe_outage_on_summary_still_answers(
    owner_a, billing_a, fake_stripe, django_capture_on_commit_callbacks
):
    subscribe(owner_a, fake_stripe, django_capture_on_commit_callbacks)
    fake_stripe.fail("POST", "/v1/invoices/create_preview", 500, times=10)
    body = owner_a.get("/api/v1/billing/").json()
    assert body["next_invoice"] == {"error": True}
    fake_stripe.fail("POST", "/v1/checkout/sessions", None, times=10)
    TenantBilling.objects.filter(pk=billing_a.pk).update(stripe_subscription_id="", status="trialing")
    outage = owner_a.post("/api/v1/billing/checkout/")
    assert outage.status_code == 503 and outage.json()["error"]["code"] == "billing_unavailable"


def test_not_configured(owner_a, tenant_a, settings):
    settings.STRIPE_SECRET_KEY = ""
    summary = owner_a.get("/api/v1/billing/")
    assert summary.status_code == 200
    assert summary.json()["configured"] is False and summary.json()["status"] == "trialing"
    for path in ("/api/v1/billing/checkout/", "/api/v1/billing/portal/"):
        response = owner_a.post(path)
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "billing_not_configured"
    assert owner_a.get("/api/v1/billing/invoices/").json() == {
        "configured": False,
        "results": [],
        "has_more": False,
    }


def test_only_the_owner(billing_a, tenant_a, fake_stripe):
    add_staff(tenant_a, "manager@alpha.test", role="manager")
    manager = staff_client("alpha", "manager@alpha.test")
    for path in ("/api/v1/billing/", "/api/v1/billing/invoices/"):
        assert manager.get(path).status_code == 403
    for path in ("/api/v1/billing/checkout/", "/api/v1/billing/portal/"):
        assert manager.post(path).status_code == 403
    assert not fake_stripe.requests


def test_tenant_isolation(
    owner_a, owner_b, billing_a, billing_b, fake_stripe, django_capture_on_commit_callbacks
):
    subscribe(owner_a, fake_stripe, django_capture_on_commit_callbacks)
    b = owner_b.get("/api/v1/billing/").json()
    assert b["plan"]["currency"] == "USD" and b["has_subscription"] is False and b["has_customer"] is False
    assert owner_b.get("/api/v1/billing/invoices/").json()["results"] == []
    # B's portal does not open A's customer.
    assert owner_b.post("/api/v1/billing/portal/").json()["error"]["code"] == "no_customer"
    # A's session cookie means nothing on B's host.
    owner_a.defaults["HTTP_HOST"] = owner_b.defaults["HTTP_HOST"]
    assert owner_a.get("/api/v1/billing/").status_code in (401, 403)
    assert TenantBilling.objects.get(pk=billing_b.pk).stripe_customer_id == ""
