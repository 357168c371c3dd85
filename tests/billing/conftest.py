"""Billing fixtures: the official StripeClient wired to FakeStripe, plans synced through it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.billing.fake_stripe import WEBHOOK_SECRET, FakeStripe


@pytest.fixture
def fake_stripe(db, settings):  # type: ignore[no-untyped-def]
    from billing.client import build_client, override_client
    from billing.plans import forget_portal_configuration

    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_MAX_NETWORK_RETRIES = 2
    fake = FakeStripe()
    forget_portal_configuration()
    with override_client(build_client("sk_test_fake", http_client=fake)):
        yield fake
    forget_portal_configuration()


@pytest.fixture
def plans(fake_stripe):  # type: ignore[no-untyped-def]
    from billing.client import get_client
    from billing.models import Plan
    from billing.plans import sync_plans

    Plan.objects.all().delete()
    twd = Plan.objects.create(
        code="seat-twd", name="Seat", currency="TWD", seat_price=Decimal("300"), trial_days=14
    )
    usd = Plan.objects.create(
        code="seat-usd", name="Seat", currency="USD", seat_price=Decimal("10.00"), trial_days=14
    )
    sync_plans(get_client())
    twd.refresh_from_db()
    usd.refresh_from_db()
    fake_stripe.requests.clear()
    return {"TWD": twd, "USD": usd}


@pytest.fixture
def billing_a(tenant_a, plans):  # type: ignore[no-untyped-def]
    """Alpha's billing row, trialing on the TWD plan, seats in sync with its staff."""
    from billing.models import TenantBilling
    from billing.seats import count_seats_for
    from billing.services import ensure_billing

    tb = ensure_billing(tenant_a)
    TenantBilling.objects.filter(pk=tb.pk).update(plan=plans["TWD"], seats_wanted=count_seats_for(tenant_a))
    tb.refresh_from_db()
    return tb


@pytest.fixture
def billing_b(tenant_b, plans):  # type: ignore[no-untyped-def]
    from billing.models import TenantBilling
    from billing.services import ensure_billing

    tb = ensure_billing(tenant_b)
    TenantBilling.objects.filter(pk=tb.pk).update(plan=plans["USD"])
    tb.refresh_from_db()
    return tb
