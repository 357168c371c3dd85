"""Points: the pure earning computation, earning and redemption through the ledger, lots and
expiry, reservations, refunds — and the invariant lots == balance == ledger after each step."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import DomainError
from core.models import AuditLog
from loyalty.errors import AlreadyReversed, IdempotencyConflict, InsufficientBalance
from loyalty.models import LedgerTransaction, PointsLot, PointsReservation, PointsRule, PointsSettings, Tier
from loyalty.services import points, tiers
from loyalty.services.points import EarningPolicy, OrderLine, compute_points
from members.services import create_customer

D = Decimal


# --- pure computation ----------------------------------------------------------------------------


def test_one_point_per_ten_rounds_down_once_per_order():
    policy = EarningPolicy()
    assert compute_points([OrderLine(D("25"))], policy) == D("2")
    # Rounded once per order, not per line: 15 + 15 = 30 → 3 (per line it would be 1 + 1).
    assert compute_points([OrderLine(D("15")), OrderLine(D("15"))], policy) == D("3")
    assert compute_points([OrderLine(D("9.99"))], policy) == D("0")
    assert compute_points([], policy) == D("0")
    assert compute_points([OrderLine(D("-50"))], policy) == D("0")


def test_rounding_modes_and_fractional_points():
    assert compute_points([OrderLine(D("25"))], EarningPolicy(rounding="half_up")) == D("3")
    assert compute_points([OrderLine(D("21"))], EarningPolicy(rounding="up")) == D("3")
    assert compute_points([OrderLine(D("25.55"))], EarningPolicy(fractional=True)) == D("2.55")
    assert compute_points([OrderLine(D("25.57"))], EarningPolicy(fractional=True, spend_unit=D("3"))) == D(
        "8.52"
    )


def test_product_rule_beats_category_rule_and_tier_multiplies():
    policy = EarningPolicy(
        product_multipliers={"shampoo-x": D("3")}, category_multipliers={"hair": D("2"), "food": D("0")}
    )
    lines = [
        OrderLine(D("100"), "shampoo-x", "hair"),  # 10 × 3 = 30 (product rule wins, no stacking)
        OrderLine(D("100"), "conditioner", "hair"),  # 10 × 2 = 20
        OrderLine(D("100"), "kibble", "food"),  # excluded
        OrderLine(D("100")),  # 10
    ]
    assert compute_points(lines, policy) == D("60")
    assert compute_points(lines, policy, tier_multiplier=D("1.5")) == D("90")


# --- helpers -------------------------------------------------------------------------------------


@pytest.fixture
def shop(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        yield tenant_a


def customer(name: str = "Lin", **extra):  # type: ignore[no-untyped-def]
    return create_customer({"name": name, **extra})


def assert_consistent(person) -> None:  # type: ignore[no-untyped-def]
    check = points.check_invariants(person)
    assert check["ok"], check


def available(person) -> Decimal:  # type: ignore[no-untyped-def]
    return points.summary(person)["available"]


# --- earning and redeeming -----------------------------------------------------------------------


def test_earn_creates_a_lot_and_retry_has_one_effect(shop):
    person = customer()
    first = points.earn(person, "40", reason="order", idempotency_key="order-1", source=("order", 1))
    again = points.earn(person, "40", reason="order", idempotency_key="order-1", source=("order", 1))
    assert first.pk == again.pk
    assert available(person) == D("40")
    assert PointsLot.objects.filter(earned_by=first).count() == 1
    with pytest.raises(IdempotencyConflict):
        points.earn(person, "41", reason="order", idempotency_key="order-1", source=("order", 1))
    assert_consistent(person)


def test_earn_for_order_uses_rules_and_tier(shop):
    person = customer()
    PointsRule.objects.create(scope="category", value="hair", multiplier=D("2"))
    gold = Tier.objects.create(name="Gold", rank=2, points_multiplier=D("1.5"))
    tiers.override(person, gold, reason="VIP", actor=None)
    txn = points.earn_for_order(
        person, [OrderLine(D("100"), "x", "hair"), OrderLine(D("55"))], idempotency_key="o-2"
    )
    assert txn is not None
    # (10 × 2 + 5.5) × 1.5 = 38.25 → 38 (rounded down once)
    assert available(person) == D("38")
    assert points.earn_for_order(person, [OrderLine(D("5"))], idempotency_key="o-3") is None


def test_whole_points_shop_refuses_fraction_but_allows_whole_balance(shop):
    person = customer()
    settings = PointsSettings.current()
    settings.fractional = True
    settings.save()
    points.earn(person, "10.50", reason="x", idempotency_key="e1")
    settings.fractional = False
    settings.save()
    with pytest.raises(DomainError) as refused:
        points.redeem(person, "2.5", idempotency_key="r1")
    assert "points" in refused.value.fields
    # Any whole amount, and the full (fractional) balance is never stranded.
    assert points.redeem(person, "3", idempotency_key="r2").points == D("3")
    result = points.redeem(person, "7.50", idempotency_key="r3")
    assert result.points == D("7.50") and available(person) == D("0")
    assert_consistent(person)


def test_fractional_redemption_returns_money_value(shop):
    person = customer()
    settings = PointsSettings.current()
    settings.fractional = True
    settings.point_value = D("0.1000")
    settings.save()
    points.earn(person, "100", reason="x", idempotency_key="e1")
    result = points.redeem(person, "12.35", idempotency_key="r1")
    assert result.value == D("1.24")  # 1.235 rounded half up to the cent
    # The value is kept: a retry after a rate change returns the same money.
    settings.point_value = D("1")
    settings.save()
    retry = points.redeem(person, "12.35", idempotency_key="r1")
    assert retry.value == D("1.24") and not retry.created
    assert available(person) == D("87.65")
    assert_consistent(person)


@pytest.mark.parametrize("bad", ["0", "-5", "abc", "1.234", "NaN", "Infinity"])
def test_bad_point_amounts_are_field_errors(shop, bad):
    person = customer()
    points.earn(person, "10", reason="x", idempotency_key="e1")
    with pytest.raises(DomainError) as refused:
        points.redeem(person, bad, idempotency_key=f"r-{bad}")
    assert "points" in refused.value.fields


def test_redeem_beyond_balance_is_a_clear_error(shop):
    person = customer()
    points.earn(person, "10", reason="x", idempotency_key="e1")
    with pytest.raises(InsufficientBalance) as refused:
        points.redeem(person, "11", idempotency_key="r1")
    assert "10.00 available" in str(refused.value)
    assert available(person) == D("10")


def test_redemption_consumes_first_to_expire_first_nulls_last(shop):
    person = customer()
    now = timezone.now()
    never = points.earn(person, "10", reason="x", idempotency_key="never")
    late = points.earn(
        person, "10", reason="x", idempotency_key="late", expires_at=now + datetime.timedelta(days=90)
    )
    soon = points.earn(
        person, "10", reason="x", idempotency_key="soon", expires_at=now + datetime.timedelta(days=5)
    )
    points.redeem(person, "15", idempotency_key="r1")
    remaining = {lot.earned_by_id: lot.remaining for lot in PointsLot.objects.all()}
    assert remaining == {soon.pk: D("0"), late.pk: D("5"), never.pk: D("10")}
    assert_consistent(person)


def test_expiry_posts_expiry_for_lots_past_their_date(shop):
    person = customer()
    settings = PointsSettings.current()
    settings.expiry_days = 30
    settings.save()
    points.earn(person, "20", reason="x", idempotency_key="old")
    points.earn(
        person,
        "5",
        reason="x",
        idempotency_key="new",
        expires_at=timezone.now() + datetime.timedelta(days=400),
    )
    points.redeem(person, "8", idempotency_key="r1")  # from the first-to-expire lot: 12 left there
    later = timezone.now() + datetime.timedelta(days=31)
    assert points.expire_points(later) == D("12")
    assert points.expire_points(later) == D("0")  # a second run finds nothing
    assert available(person) == D("5")
    expiry = LedgerTransaction.objects.get(kind=LedgerTransaction.Kind.EXPIRY)
    assert sum(e.amount for e in expiry.entries.all()) == D("-12")
    assert_consistent(person)


def test_expired_lots_cannot_be_redeemed_before_the_job_runs(shop):
    person = customer()
    points.earn(
        person,
        "20",
        reason="x",
        idempotency_key="a",
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    points.earn(person, "5", reason="x", idempotency_key="b")
    with pytest.raises(InsufficientBalance):
        points.redeem(person, "6", idempotency_key="r1")
    assert points.redeem(person, "5", idempotency_key="r2").points == D("5")
    assert available(person) == D("0")
    assert_consistent(person)


# --- reservations --------------------------------------------------------------------------------


def test_reserve_release_and_confirm(shop):
    person = customer()
    points.earn(person, "50", reason="x", idempotency_key="e1")
    held = points.reserve(person, "30", idempotency_key="res-1", source=("order", "7"))
    assert points.summary(person)["available"] == D("20")
    assert points.summary(person)["reserved"] == D("30")
    assert points.reserve(person, "30", idempotency_key="res-1", source=("order", "7")).pk == held.pk
    with pytest.raises(InsufficientBalance):
        points.reserve(person, "21", idempotency_key="res-2")
    assert_consistent(person)

    released = points.release(held, reason="order cancelled")
    assert released.status == PointsReservation.Status.RELEASED
    assert points.release(held).status == PointsReservation.Status.RELEASED  # no-op
    assert points.summary(person)["available"] == D("50")
    assert points.summary(person)["reserved"] == D("0")
    with pytest.raises(DomainError):
        points.confirm(held)
    assert_consistent(person)

    second = points.reserve(person, "40", idempotency_key="res-3")
    confirmed = points.confirm(second)
    assert confirmed.status == PointsReservation.Status.CONFIRMED
    assert points.confirm(second).settled_by_id == confirmed.settled_by_id
    with pytest.raises(DomainError):
        points.release(second)
    summary = points.summary(person)
    assert (summary["available"], summary["reserved"]) == (D("10"), D("0"))
    assert_consistent(person)


def test_release_returns_points_to_their_lots(shop):
    person = customer()
    soon = points.earn(
        person, "10", reason="x", idempotency_key="s", expires_at=timezone.now() + datetime.timedelta(days=3)
    )
    points.earn(person, "10", reason="x", idempotency_key="n")
    held = points.reserve(person, "15", idempotency_key="r")
    points.release(held)
    assert PointsLot.objects.get(earned_by=soon).remaining == D("10")
    assert_consistent(person)


# --- refunds -------------------------------------------------------------------------------------


def test_refund_reverses_unspent_points_once(shop):
    person = customer()
    earned = points.earn(person, "30", reason="order", idempotency_key="e1", source=("order", 1))
    outcome = points.reverse_earn(earned, idempotency_key="refund-1", reason="refund")
    assert (outcome.reversed, outcome.shortfall) == (D("30"), D("0"))
    assert outcome.transaction.reverses_id == earned.pk
    assert points.reverse_earn(earned, idempotency_key="refund-1").transaction.pk == outcome.transaction.pk
    with pytest.raises(AlreadyReversed):
        points.reverse_earn(earned, idempotency_key="refund-2")
    assert available(person) == D("0")
    assert AuditLog.objects.filter(action="points.reverse_earn").count() == 1
    assert_consistent(person)


def test_refund_after_points_were_spent_takes_what_is_left_and_reports_the_rest(shop):
    person = customer()
    PointsSettings.objects.update_or_create(pk=1, defaults={"point_value": D("0.5")})
    points.earn(person, "10", reason="x", idempotency_key="older")
    order = points.earn(person, "30", reason="order", idempotency_key="order")
    points.redeem(person, "35", idempotency_key="spent")  # 10 from older, 25 from the order's lot
    outcome = points.reverse_earn(order, idempotency_key="refund")
    assert (outcome.earned, outcome.reversed, outcome.shortfall) == (D("30"), D("5"), D("25"))
    assert outcome.shortfall_value == D("12.50")
    assert available(person) == D("0")
    with pytest.raises(AlreadyReversed):
        points.reverse_earn(order, idempotency_key="refund-again")
    replay = points.reverse_earn(order, idempotency_key="refund")
    assert (replay.reversed, replay.shortfall, replay.created) == (D("5"), D("25"), False)
    assert_consistent(person)


def test_reversing_a_redemption_restores_lots(shop):
    person = customer()
    points.earn(person, "20", reason="x", idempotency_key="e")
    spent = points.redeem(person, "12", idempotency_key="r")
    points.reverse_redemption(spent.transaction, idempotency_key="undo")
    assert available(person) == D("20")
    with pytest.raises(AlreadyReversed):
        points.reverse_redemption(spent.transaction, idempotency_key="undo-2")
    # A confirmed reservation's redemption goes back to the available account, not the held one.
    held = points.reserve(person, "8", idempotency_key="h")
    confirmed = points.confirm(held)
    points.reverse_redemption(confirmed.settled_by, idempotency_key="undo-3")
    summary = points.summary(person)
    assert (summary["available"], summary["reserved"]) == (D("20"), D("0"))
    assert_consistent(person)


# --- bonuses -------------------------------------------------------------------------------------


def test_signup_referral_and_birthday_bonuses_once(shop):
    PointsSettings.objects.update_or_create(
        pk=1, defaults={"signup_bonus": D("50"), "referral_bonus": D("20"), "birthday_bonus": D("30")}
    )
    referrer = customer("Referrer")
    friend = customer("Friend", referrer=referrer, birthday=datetime.date(1990, 5, 17))
    friend.member_no = "M900001"
    friend.save()
    points.on_member_joined(friend)
    points.on_member_joined(friend)  # twice: still one bonus each
    assert available(friend) == D("50")
    assert available(referrer) == D("20")
    gold = Tier.objects.create(name="Gold", rank=3, birthday_points=D("10"))
    tiers.override(friend, gold, reason="test", actor=None)
    assert points.award_birthdays(datetime.date(2031, 5, 17)) == 1
    assert points.award_birthdays(datetime.date(2031, 5, 17)) == 1  # same transaction, no second credit
    assert available(friend) == D("90")
    assert points.award_birthdays(datetime.date(2031, 5, 18)) == 0
    assert_consistent(friend)
    assert_consistent(referrer)
