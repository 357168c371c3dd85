"""Tiers: qualification by spend or earned points within the window, automatic upgrade and the
optional downgrade, manual override (audited, kept against automatic downgrades), history."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import DomainError
from core.models import AuditLog
from loyalty.errors import IdempotencyConflict
from loyalty.models import CustomerSpend, Tier, TierChange, TierSettings
from loyalty.services import points, tiers
from members.services import create_customer

D = Decimal


@pytest.fixture
def shop(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        Tier.objects.create(name="Member", rank=0)
        Tier.objects.create(name="Silver", rank=1, min_spend=D("1000"))
        Tier.objects.create(name="Gold", rank=2, min_spend=D("5000"), min_points=D("800"))
        yield tenant_a


def tier_name(person) -> str | None:  # type: ignore[no-untyped-def]
    tier = tiers.current_tier(person)
    return tier.name if tier else None


def test_qualifying_tier_is_pure_and_any_threshold_counts():
    bronze = Tier(name="B", rank=0)
    silver = Tier(name="S", rank=1, min_spend=D("1000"))
    gold = Tier(name="G", rank=2, min_spend=D("5000"), min_points=D("800"))
    retired = Tier(name="R", rank=3, min_spend=D("1"), active=False)
    ladder = [bronze, silver, gold, retired]
    assert tiers.qualifying_tier(ladder, D("0"), D("0")) is bronze
    assert tiers.qualifying_tier(ladder, D("1000"), D("0")) is silver
    assert tiers.qualifying_tier(ladder, D("10"), D("800")) is gold
    assert tiers.qualifying_tier([silver], D("999.99"), D("0")) is None


def test_spend_upgrades_and_is_idempotent_per_document(shop):
    person = create_customer({"name": "Wu"})
    tiers.record_spend(person, "600", source=("order", "1"))
    assert tier_name(person) == "Member"
    tiers.record_spend(person, "600", source=("order", "1"))  # same document: one effect
    assert CustomerSpend.objects.filter(customer=person).count() == 1
    tiers.record_spend(person, "500", source=("order", "2"))
    assert tier_name(person) == "Silver"
    with pytest.raises(IdempotencyConflict):
        tiers.record_spend(person, "999", source=("order", "2"))
    history = tiers.history(person)
    assert [(h.from_tier and h.from_tier.name, h.to_tier.name) for h in history] == [
        ("Member", "Silver"),
        (None, "Member"),
    ]
    assert all(h.kind == TierChange.Kind.AUTO for h in history)


def test_earned_points_in_window_qualify_not_the_balance(shop):
    person = create_customer({"name": "Ho"})
    points.earn(person, "800", reason="x", idempotency_key="big")
    assert tier_name(person) == "Gold"
    points.redeem(person, "800", idempotency_key="spend-all")
    tiers.evaluate(person)
    assert tier_name(person) == "Gold"  # redeeming never costs a tier


def test_downgrade_only_when_allowed_and_spend_outside_window_drops(shop):
    person = create_customer({"name": "Chen"})
    long_ago = timezone.now() - datetime.timedelta(days=400)
    tiers.record_spend(person, "1200", source=("order", "old"), at=long_ago)
    tiers.evaluate(person, now=long_ago + datetime.timedelta(days=1))
    assert tier_name(person) == "Silver"
    tiers.evaluate(person)  # now the spend is outside the 365-day window
    assert tier_name(person) == "Silver"  # downgrade not allowed by default
    TierSettings.objects.update_or_create(pk=1, defaults={"allow_downgrade": True})
    tiers.evaluate(person)
    assert tier_name(person) == "Member"
    tiers.record_spend(person, "-50", source=("refund", "r1"))  # refunds are negative spend
    assert tiers.standing(person).spend == D("-50")


def test_manual_override_is_audited_and_survives_downgrade(shop):
    person = create_customer({"name": "Pan"})
    gold = Tier.objects.get(name="Gold")
    with pytest.raises(DomainError) as refused:
        tiers.override(person, gold, reason=" ", actor=None)
    assert "reason" in refused.value.fields
    tiers.override(person, gold, reason="Founding customer", actor=None)
    assert tier_name(person) == "Gold"
    log = AuditLog.objects.get(action="tier.override")
    assert log.before == {"tier": None, "manual": False}
    assert log.after == {"tier": "Gold", "manual": True}
    assert log.reason == "Founding customer"
    TierSettings.objects.update_or_create(pk=1, defaults={"allow_downgrade": True})
    tiers.evaluate(person)
    assert tier_name(person) == "Gold"  # a hand-set tier is not lowered automatically
    change = TierChange.objects.filter(customer=person).first()
    assert change.kind == TierChange.Kind.MANUAL and change.reason == "Founding customer"
    # Back to automatic: evaluation applies again.
    tiers.override(person, None, reason="Policy review", actor=None)
    assert tier_name(person) == "Member"


def test_tier_multiplier_applies_to_earning(shop):
    person = create_customer({"name": "Yu"})
    Tier.objects.filter(name="Silver").update(points_multiplier=D("2"))
    tiers.record_spend(person, "1000", source=("order", "9"))
    assert tiers.points_multiplier(person) == D("2")
    assert points.points_for_order(person, [points.OrderLine(D("100"))]) == D("20")
