"""Points under real concurrency (threads, own connections, committed data in a fresh shop):
no overspend, one effect per idempotency key, one reversal per earning, invariants hold."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from loyalty.errors import AlreadyReversed, InsufficientBalance
from loyalty.models import LedgerTransaction, PointsLot
from loyalty.services import points
from members.services import create_customer
from tenants.services.signup import SignupData, sign_up
from tests.concurrency import race


@pytest.fixture
def shop(committed_db):  # type: ignore[no-untyped-def]
    tenant = sign_up(
        SignupData(
            "Points Race", "pointsrace", "o@points.test", "points-pass-2026-x", "retail", "en", "USD", "UTC"
        )
    ).tenant
    connection.set_schema_to_public()
    with schema_context(tenant.schema_name):
        customer = create_customer({"name": "Racer"}, join=True)
        earned = points.earn(customer, "100", reason="seed", idempotency_key="seed")
    connection.set_schema_to_public()
    return tenant, customer, earned


def assert_invariants(tenant, customer, available: str) -> None:  # type: ignore[no-untyped-def]
    with schema_context(tenant.schema_name):
        check = points.check_invariants(customer)
        assert check["ok"], check
        assert points.summary(customer)["available"] == Decimal(available)
        assert sum(lot.remaining for lot in PointsLot.objects.all()) == Decimal(available)
    call_command("reconcile_ledgers", schemas=[tenant.schema_name])


def test_fifty_threads_redeem_ten_from_a_hundred(shop):
    tenant, customer, _ = shop
    results = race(50, tenant, lambda i: points.redeem(customer, "10", idempotency_key=f"redeem-{i}"))
    succeeded = [r for r in results if isinstance(r, points.Redemption)]
    refused = [r for r in results if isinstance(r, InsufficientBalance)]
    others = [r for r in results if not isinstance(r, (points.Redemption, InsufficientBalance))]
    assert not others, others
    assert len(succeeded) == 10 and len(refused) == 40
    assert all("Not enough points" in str(r) for r in refused)
    assert all(r.value == Decimal("1.00") for r in succeeded)  # default 0.10 per point
    assert_invariants(tenant, customer, "0")


def test_racing_retries_of_one_redemption_post_once(shop):
    tenant, customer, _ = shop
    results = race(20, tenant, lambda i: points.redeem(customer, "7", idempotency_key="same-click"))
    assert all(isinstance(r, points.Redemption) for r in results), results
    assert len({r.transaction.pk for r in results}) == 1
    assert sum(1 for r in results if r.created) == 1
    assert_invariants(tenant, customer, "93")


def test_racing_reservations_and_redemptions_never_overspend(shop):
    tenant, customer, _ = shop

    def work(i: int) -> object:
        if i % 2:
            return points.reserve(customer, "15", idempotency_key=f"hold-{i}")
        return points.redeem(customer, "15", idempotency_key=f"use-{i}")

    results = race(20, tenant, work)
    won = [r for r in results if not isinstance(r, Exception)]
    assert len(won) == 6, results  # 6 × 15 = 90 ≤ 100 < 105
    assert all(isinstance(r, InsufficientBalance) for r in results if isinstance(r, Exception)), results
    with schema_context(tenant.schema_name):
        summary = points.summary(customer)
        held = sum(1 for r in won if not isinstance(r, points.Redemption))
        assert summary["available"] == Decimal("10")
        assert summary["reserved"] == Decimal(15 * held)
    assert_invariants(tenant, customer, "10")


def test_racing_refunds_of_one_earning_reverse_once(shop):
    tenant, customer, earned = shop
    results = race(10, tenant, lambda i: points.reverse_earn(earned, idempotency_key=f"refund-{i}"))
    done = [r for r in results if isinstance(r, points.EarnReversal)]
    refused = [r for r in results if isinstance(r, AlreadyReversed)]
    assert len(done) == 1 and len(refused) == 9, results
    with schema_context(tenant.schema_name):
        assert LedgerTransaction.objects.filter(reverses=earned).count() == 1
    assert_invariants(tenant, customer, "0")
