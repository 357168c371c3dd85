"""Coupons: discount computation, issuing with limits and validity, single use (also under real
concurrency), idempotent retries, void/restore, expiry and reward coupons bought with points."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import DomainError
from core.models import AuditLog
from loyalty.errors import IdempotencyConflict, InsufficientBalance
from loyalty.models import Coupon, CouponRedemption, CouponTemplate, PointsReservation
from loyalty.services import coupons, points
from loyalty.services.coupons import CouponNotApplicable, CouponNotUsable
from loyalty.services.points import OrderLine
from members.services import create_customer
from tenants.services.signup import SignupData, sign_up
from tests.concurrency import race

D = Decimal


def template(**kwargs) -> CouponTemplate:  # type: ignore[no-untyped-def]
    values = {"name": "100 off 500", "kind": "amount", "value": D("100"), "threshold": D("500"), **kwargs}
    return CouponTemplate(**values)


def test_amount_and_percent_discounts():
    assert coupons.compute_discount(template(), D("600")) == D("100")
    with pytest.raises(CouponNotApplicable):
        coupons.compute_discount(template(), D("499.99"))
    ten_percent = template(kind="percent", value=D("12.5"), threshold=D("0"), max_discount=D("50"))
    assert coupons.compute_discount(ten_percent, D("100.04")) == D("12.51")
    assert coupons.compute_discount(ten_percent, D("1000")) == D("50")  # capped
    assert coupons.compute_discount(template(value=D("80"), threshold=D("0")), D("30")) == D("30")


def test_scope_limits_threshold_and_discount_to_lines_in_scope():
    scoped = template(
        kind="percent", value=D("50"), threshold=D("100"), categories=["hair"], products=["gel"]
    )
    lines = [OrderLine(D("80"), "shampoo", "hair"), OrderLine(D("40"), "gel", "styling"), OrderLine(D("500"))]
    assert coupons.compute_discount(scoped, D("620"), lines) == D("60")  # 50% of 120
    with pytest.raises(CouponNotApplicable):
        coupons.compute_discount(
            scoped, D("580"), [OrderLine(D("80"), "shampoo", "hair"), OrderLine(D("500"))]
        )
    with pytest.raises(CouponNotApplicable):
        coupons.compute_discount(scoped, D("500"), [OrderLine(D("500"))])


@pytest.fixture
def shop(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        yield tenant_a


def saved_template(**kwargs) -> CouponTemplate:  # type: ignore[no-untyped-def]
    t = template(**kwargs)
    t.save()
    return t


def test_issue_validity_and_per_member_limit(shop):
    person = create_customer({"name": "Lo"})
    t = saved_template(valid_days=30, per_member_limit=2)
    first = coupons.issue_coupon(t, person, reason="campaign", idempotency_key="camp-1")
    assert first.valid_until - first.issued_at < datetime.timedelta(days=30, seconds=5)
    assert coupons.issue_coupon(t, person, reason="campaign", idempotency_key="camp-1").pk == first.pk
    second = coupons.issue_coupon(t, person)
    with pytest.raises(DomainError) as refused:
        coupons.issue_coupon(t, person)
    assert refused.value.code == "coupon_limit_reached"
    coupons.void_coupon(second, reason="mistake", actor=None)
    coupons.issue_coupon(t, person)  # a voided coupon does not count
    assert len({c.code for c in Coupon.objects.all()}) == 3
    assert AuditLog.objects.filter(action="coupon.issue").count() == 3
    ended = saved_template(valid_until=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(DomainError):
        coupons.issue_coupon(ended, person)


def test_use_once_retry_same_key_and_owner_check(shop):
    person = create_customer({"name": "Ma"})
    other = create_customer({"name": "Ng"})
    coupon = coupons.issue_coupon(saved_template(), person)
    with pytest.raises(CouponNotUsable):
        coupons.use_coupon(coupon.code, "600", idempotency_key="k0", customer=other)
    with pytest.raises(CouponNotApplicable):
        coupons.use_coupon(coupon.code, "100", idempotency_key="k0")
    used = coupons.use_coupon(coupon.code.lower(), "600", idempotency_key="k1", customer=person)
    assert used.discount == D("100") and used.created
    retry = coupons.use_coupon(coupon.code, "600", idempotency_key="k1")
    assert retry.redemption.pk == used.redemption.pk and not retry.created
    with pytest.raises(CouponNotUsable):
        coupons.use_coupon(coupon.code, "600", idempotency_key="k2")
    another = coupons.issue_coupon(saved_template(), person)
    with pytest.raises(IdempotencyConflict):
        coupons.use_coupon(another.code, "600", idempotency_key="k1")
    with pytest.raises(DomainError) as missing:
        coupons.use_coupon("NOPE", "600", idempotency_key="k3")
    assert missing.value.status == 404


def test_void_restore_and_expire(shop):
    person = create_customer({"name": "Ko"})
    coupon = coupons.issue_coupon(saved_template(valid_days=10), person)
    coupons.use_coupon(coupon.code, "800", idempotency_key="use-1")
    with pytest.raises(CouponNotUsable):
        coupons.void_coupon(coupon, reason="x", actor=None)
    restored = coupons.restore_coupon(coupon, reason="order refunded", actor=None)
    assert restored.status == Coupon.Status.ISSUED
    assert CouponRedemption.objects.get(idempotency_key="use-1").restored_at is not None
    # The old key replays the old use; a new checkout may use the coupon again.
    assert not coupons.use_coupon(coupon.code, "800", idempotency_key="use-1").created
    assert coupons.use_coupon(coupon.code, "800", idempotency_key="use-2").created
    coupons.restore_coupon(coupon, reason="refunded again", actor=None)
    assert coupons.expire_coupons(timezone.now() + datetime.timedelta(days=11)) == 1
    coupon.refresh_from_db()
    assert coupon.status == Coupon.Status.EXPIRED
    with pytest.raises(CouponNotUsable):
        coupons.use_coupon(coupon.code, "800", idempotency_key="use-3")


def test_reward_coupon_reserves_points_until_used_or_voided(shop):
    person = create_customer({"name": "Su"})
    points.earn(person, "100", reason="x", idempotency_key="seed")
    reward = saved_template(points_cost=D("60"), threshold=D("0"))
    first = coupons.issue_coupon(reward, person, reason="reward", idempotency_key="buy-1")
    assert points.summary(person)["available"] == D("40") and points.summary(person)["reserved"] == D("60")
    with pytest.raises(InsufficientBalance):
        coupons.issue_coupon(reward, person, reason="reward", idempotency_key="buy-0")
    assert Coupon.objects.filter(customer=person).count() == 1
    coupons.void_coupon(first, reason="changed mind", actor=None)
    assert points.summary(person)["available"] == D("100")
    second = coupons.issue_coupon(reward, person, reason="reward", idempotency_key="buy-2")
    coupons.use_coupon(second.code, "300", idempotency_key="use")
    summary = points.summary(person)
    assert (summary["available"], summary["reserved"]) == (D("40"), D("0"))
    assert PointsReservation.objects.get(coupon=second).status == PointsReservation.Status.CONFIRMED
    # A manual gift of the same template costs no points.
    coupons.issue_coupon(reward, person, reason="manual")
    assert points.summary(person)["available"] == D("40")
    assert points.check_invariants(person)["ok"]


# --- real concurrency ----------------------------------------------------------------------------


@pytest.fixture
def coupon_shop(committed_db):  # type: ignore[no-untyped-def]
    tenant = sign_up(
        SignupData(
            "Coupon Race", "couponrace", "o@coupon.test", "coupon-pass-2026-x", "retail", "en", "USD", "UTC"
        )
    ).tenant
    connection.set_schema_to_public()
    with schema_context(tenant.schema_name):
        person = create_customer({"name": "Racer"})
        points.earn(person, "100", reason="seed", idempotency_key="seed")
        reward = CouponTemplate.objects.create(
            name="Reward", kind="amount", value=D("20"), points_cost=D("50")
        )
        coupon = coupons.issue_coupon(reward, person, reason="reward", idempotency_key="buy")
    connection.set_schema_to_public()
    return tenant, person, coupon


def test_twenty_checkouts_race_for_one_coupon_exactly_one_wins(coupon_shop):
    tenant, person, coupon = coupon_shop
    results = race(20, tenant, lambda i: coupons.use_coupon(coupon.code, "100", idempotency_key=f"till-{i}"))
    wins = [r for r in results if isinstance(r, coupons.CouponUse)]
    refused = [r for r in results if isinstance(r, CouponNotUsable)]
    assert len(wins) == 1 and len(refused) == 19, results
    with schema_context(tenant.schema_name):
        assert CouponRedemption.objects.filter(coupon=coupon).count() == 1
        assert Coupon.objects.get(pk=coupon.pk).status == Coupon.Status.USED
        summary = points.summary(person)
        assert (summary["available"], summary["reserved"]) == (D("50"), D("0"))
        assert points.check_invariants(person)["ok"]


def test_racing_retries_of_one_coupon_use_have_one_effect(coupon_shop):
    tenant, _person, coupon = coupon_shop
    results = race(10, tenant, lambda i: coupons.use_coupon(coupon.code, "100", idempotency_key="one-click"))
    assert all(isinstance(r, coupons.CouponUse) for r in results), results
    assert len({r.redemption.pk for r in results}) == 1
    assert sum(1 for r in results if r.created) == 1
