"""Plans in the database, mirrored to Stripe by an idempotent command; sign-up starts a local trial."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from billing.metrics import mrr, mrr_by_currency
from billing.models import Plan, TenantBilling
from billing.money import from_minor, to_minor


def test_sync_stripe_plans_creates_products_prices_and_portal_then_is_idempotent(fake_stripe):
    Plan.objects.all().delete()
    Plan.objects.create(code="seat-twd", name="Seat", currency="TWD", seat_price=Decimal("300"))
    Plan.objects.create(code="seat-jpy", name="Seat", currency="JPY", seat_price=Decimal("1200"))
    out = StringIO()
    call_command("sync_stripe_plans", stdout=out)
    text = out.getvalue()
    assert "[1/2] seat-jpy" in text and "[2/2] seat-twd" in text and "2 products created" in text

    prices = fake_stripe.calls("POST", "/v1/prices")
    by_currency = {p.params["currency"]: p.params for p in prices}
    assert by_currency["twd"]["unit_amount"] == "30000"  # two-decimal currency
    assert by_currency["jpy"]["unit_amount"] == "1200"  # zero-decimal currency
    assert by_currency["twd"]["recurring[interval]"] == "month"
    assert by_currency["twd"]["recurring[usage_type]"] == "licensed"
    assert all(p.idempotency_key and p.idempotency_key.startswith("huiyuan:price:") for p in prices)
    plan = Plan.objects.get(code="seat-twd")
    assert plan.stripe_product_id.startswith("prod_") and plan.stripe_price_id.startswith("price_")

    # The portal configuration must not allow quantity (subscription) updates.
    config = fake_stripe.calls("POST", "/v1/billing_portal/configurations")[0].params
    assert config["features[subscription_update][enabled]"] == "false"
    assert config["features[payment_method_update][enabled]"] == "true"
    assert config["features[subscription_cancel][enabled]"] == "true"

    # Second run: nothing created.
    fake_stripe.requests.clear()
    from billing.plans import forget_portal_configuration

    forget_portal_configuration()
    out = StringIO()
    call_command("sync_stripe_plans", stdout=out)
    assert not [r for r in fake_stripe.requests if r.method == "POST"]
    assert "2 unchanged" in out.getvalue()


def test_price_change_creates_a_new_price_and_archives_the_old(plans, fake_stripe):
    plan = plans["TWD"]
    old_price = plan.stripe_price_id
    plan.seat_price = Decimal("350")
    plan.save()
    call_command("sync_stripe_plans", stdout=StringIO())
    plan.refresh_from_db()
    assert plan.stripe_price_id != old_price
    assert fake_stripe.store[old_price]["active"] is False
    assert fake_stripe.store[plan.stripe_price_id]["unit_amount"] == 35000
    assert plan.stripe_product_id == fake_stripe.store[plan.stripe_price_id]["product"]


def test_sync_refuses_without_a_key(settings, db):
    settings.STRIPE_SECRET_KEY = ""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("sync_stripe_plans", stdout=StringIO())


def test_signup_starts_a_local_trial_without_stripe(public_client, settings):
    settings.STRIPE_SECRET_KEY = ""  # not configured: sign-up must still work
    Plan.objects.create(code="seat-hkd", name="Seat", currency="HKD", seat_price=Decimal("80"), trial_days=21)
    response = public_client.post(
        "/api/v1/signup/",
        {
            "shop_name": "Gamma Nails",
            "subdomain": "gamma-nails",
            "email": "owner@gamma.test",
            "password": "correct-horse-battery-42",
            "trade": "beauty",
            "language": "en",
            "currency": "HKD",
            "time_zone": "Asia/Hong_Kong",
        },
        format="json",
    )
    assert response.status_code in (200, 201), response.content
    tb = TenantBilling.objects.get(tenant__subdomain="gamma-nails")
    assert tb.status == "trialing"
    assert tb.plan.code == "seat-hkd"
    assert abs(tb.trial_ends_at - (timezone.now() + timedelta(days=21))) < timedelta(minutes=1)
    assert tb.seats_wanted == 1  # the owner
    assert not tb.stripe_customer_id  # created on demand, at Checkout


def test_start_trial_is_idempotent(tenant_a):
    from billing.services import start_trial

    first = start_trial(tenant_a)
    again = start_trial(tenant_a)
    assert first.pk == again.pk and first.trial_ends_at == again.trial_ends_at


def test_mrr_counts_active_and_past_due_only(billing_a, plans):
    billing_a.seats = 3
    for status, expected in [
        ("active", Decimal("900")),
        ("past_due", Decimal("900")),
        ("trialing", Decimal("0")),
        ("unpaid", Decimal("0")),
        ("canceled", Decimal("0")),
        ("incomplete", Decimal("0")),
    ]:
        billing_a.status = status
        assert mrr(billing_a) == expected, status
    billing_a.status = "active"
    billing_a.save()
    assert mrr_by_currency()["TWD"] >= Decimal("900")


def test_money_conversion():
    assert to_minor(Decimal("10.05"), "USD") == 1005
    assert to_minor(Decimal("1200"), "JPY") == 1200
    assert from_minor(1005, "USD") == Decimal("10.05")
    assert from_minor(1200, "jpy") == Decimal("1200")
