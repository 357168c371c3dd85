"""Exactly-once webhook processing and seat syncs under real concurrency (committed data, threads)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from billing.client import build_client, override_client
from billing.models import Plan, StripeEvent, TenantBilling
from tests.billing.fake_stripe import WEBHOOK_SECRET, FakeStripe, event, sign
from tests.concurrency import race


@pytest.fixture
def committed_subscription(committed_db, settings):  # type: ignore[no-untyped-def]
    from tenants.models import Tenant

    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    fake = FakeStripe()
    tenant = Tenant.objects.get(subdomain="alpha")
    plan = Plan.objects.create(code="race-twd", name="Seat", currency="TWD", seat_price=Decimal("300"))
    price = fake.put(
        {
            "id": "price_fake900",
            "object": "price",
            "currency": "twd",
            "unit_amount": 30000,
            "product": "prod_fake900",
            "active": True,
        }
    )
    plan.stripe_price_id = price["id"]
    plan.save()
    sub = fake.put(
        {
            "id": "sub_fake900",
            "object": "subscription",
            "customer": "cus_fake900",
            "status": "past_due",
            "items": {
                "object": "list",
                "data": [
                    {
                        "id": "si_fake900",
                        "object": "subscription_item",
                        "quantity": 1,
                        "price": price,
                        "current_period_end": fake.now + 86400,
                    }
                ],
            },
            "metadata": {},
        }
    )
    original = TenantBilling.objects.filter(tenant=tenant).values().first()
    TenantBilling.objects.update_or_create(
        tenant=tenant,
        defaults=dict(
            plan=plan,
            status="active",
            stripe_customer_id="cus_fake900",
            stripe_subscription_id="",
            stripe_item_id="",
            seats=1,
            seats_wanted=1,
            last_event_created=None,
        ),
    )
    try:
        with override_client(build_client("sk_test_fake", http_client=fake)):
            yield tenant, fake, sub
    finally:
        connection.set_schema_to_public()
        TenantBilling.objects.filter(tenant=tenant).delete()
        if original:
            TenantBilling.objects.create(**original)
        StripeEvent.objects.filter(tenant=tenant).delete()
        Plan.objects.filter(code="race-twd").delete()


def test_concurrent_duplicate_deliveries_apply_once(committed_subscription):
    tenant, fake, sub = committed_subscription
    payload = event("customer.subscription.updated", sub)
    raw = json.dumps(payload)
    header = sign(raw)

    def deliver(_i: int) -> tuple[int, str]:
        response = Client(HTTP_HOST="localhost").post(
            "/billing/webhook/", raw, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
        return response.status_code, response.json()["outcome"]

    results = race(6, tenant, deliver)
    connection.set_schema_to_public()
    assert all(isinstance(r, tuple) for r in results), results
    assert all(code == 200 for code, _ in results)
    outcomes = sorted(outcome for _, outcome in results)
    assert outcomes.count("applied") == 1 and outcomes.count("duplicate") == 5
    assert StripeEvent.objects.filter(id=payload["id"]).count() == 1
    tb = TenantBilling.objects.get(tenant=tenant)
    assert tb.status == "past_due" and tb.grace_ends_at is not None
    assert len(fake.calls("GET")) == 1  # the losers never reached Stripe
