"""Membership tiers: qualification by spend or points over a rolling window, automatic upgrade
(and downgrade when the shop allows it), manual override with an audited reason, and history.

Spend comes from ``CustomerSpend`` rows written by ``record_spend`` (the cashier calls it per sale
and with a negative amount per refund); one row per source document makes it idempotent. Points
are the points *earned* in the window (net of reversed earnings), not the balance, so redeeming
points never costs a customer their tier.

A manual override marks the state ``manual``: automatic evaluation may still raise the customer
(an upgrade they earned is never withheld) but never lowers a tier staff chose on purpose.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, work
from core.errors import DomainError
from loyalty.errors import IdempotencyConflict
from loyalty.models import (
    ZERO,
    Account,
    CustomerSpend,
    CustomerTier,
    LedgerEntry,
    LedgerTransaction,
    Tier,
    TierChange,
    TierSettings,
)
from members.models import Customer

CENT = Decimal("0.01")
ONE = Decimal("1")


@dataclass(frozen=True)
class Standing:
    spend: Decimal
    points: Decimal
    since: datetime.datetime


def current_tier(customer: Customer) -> Tier | None:
    """Read once per unit of work (pricing and points both ask); forgotten when it changes."""

    def load() -> Tier | None:
        state = CustomerTier.objects.filter(customer=customer).select_related("tier").first()
        return state.tier if state else None

    return work.memo(("tier", customer.pk), load)


def _thresholds() -> tuple[bool, bool]:
    """Whether any active tier has a points threshold, and a spend threshold (one query, once per
    unit): a shop without them skips re-evaluating tiers on every sale."""

    def load() -> tuple[bool, bool]:
        rows = Tier.objects.filter(active=True).values_list("min_points", "min_spend")
        return any(p is not None for p, _s in rows), any(s is not None for _p, s in rows)

    return work.memo("tier_thresholds", load)


def points_multiplier(customer: Customer) -> Decimal:
    tier = current_tier(customer)
    return tier.points_multiplier if tier is not None and tier.active else ONE


def qualifies(tier: Tier, spend: Decimal, points: Decimal) -> bool:
    """Any threshold that is set and met qualifies; a tier without thresholds is the entry tier."""
    thresholds = [(tier.min_spend, spend), (tier.min_points, points)]
    used = [(limit, value) for limit, value in thresholds if limit is not None]
    return not used or any(value >= limit for limit, value in used)


def qualifying_tier(tiers: Iterable[Tier], spend: Decimal, points: Decimal) -> Tier | None:
    """The highest-ranked active tier the figures qualify for (pure: no database)."""
    best = None
    for tier in tiers:
        if tier.active and qualifies(tier, spend, points) and (best is None or tier.rank > best.rank):
            best = tier
    return best


def standing(customer: Customer, now: datetime.datetime | None = None) -> Standing:
    now = now or timezone.now()
    since = now - datetime.timedelta(days=TierSettings.current().window_days)
    spend = CustomerSpend.objects.filter(customer=customer, at__gt=since, at__lte=now).aggregate(
        s=Sum("amount")
    )["s"]
    earned = LedgerEntry.objects.filter(
        account__customer=customer,
        account__card__isnull=True,
        account__kind=Account.Kind.POINTS,
        transaction__created_at__gt=since,
        transaction__created_at__lte=now,
    ).filter(
        Q(transaction__kind=LedgerTransaction.Kind.EARN)
        | Q(transaction__kind=LedgerTransaction.Kind.REVERSAL, transaction__reverses__kind="earn")
    )
    points = earned.aggregate(s=Sum("amount"))["s"]
    return Standing(spend or ZERO, points or ZERO, since)


def _locked_state(customer: Customer) -> CustomerTier:
    if not CustomerTier.objects.filter(customer=customer).exists():
        try:
            with transaction.atomic():
                CustomerTier.objects.create(customer=customer)
        except IntegrityError:
            pass  # created concurrently
    return CustomerTier.objects.select_for_update(of=("self",)).select_related("tier").get(customer=customer)


def evaluate(customer: Customer, *, now: datetime.datetime | None = None, actor: Any = None) -> CustomerTier:
    """Move the customer to the tier their figures earn: up always, down only if the shop allows
    downgrades and the current tier was not set by hand."""
    now = now or timezone.now()
    with transaction.atomic():
        state = _locked_state(customer)
        figures = standing(customer, now)
        target = qualifying_tier(Tier.objects.filter(active=True), figures.spend, figures.points)
        current = state.tier
        current_rank = current.rank if current is not None else -1
        target_rank = target.rank if target is not None else -1
        state.evaluated_at = now
        if target_rank > current_rank:
            change = True
        elif target_rank < current_rank:
            change = TierSettings.current().allow_downgrade and not state.manual
        else:
            change = False
        if change:
            TierChange.objects.create(
                customer=customer,
                from_tier=current,
                to_tier=target,
                kind=TierChange.Kind.AUTO,
                reason=f"spend={figures.spend} points={figures.points} since={figures.since.date()}",
                actor=actor if getattr(actor, "pk", None) else None,
            )
            state.tier = target
            work.forget(("tier", customer.pk))
            state.manual = False
            state.since = now
        state.save()
        return state


def on_points_earned(customer: Customer) -> None:
    """Only tiers with a points threshold care about earnings; skip the work otherwise."""
    if _thresholds()[0]:
        evaluate(customer)


def evaluate_all(now: datetime.datetime | None = None) -> int:
    """Daily job (window rolls, downgrades): re-evaluate every customer with a tier or spend."""
    ids = set(CustomerTier.objects.values_list("customer_id", flat=True)) | set(
        CustomerSpend.objects.values_list("customer_id", flat=True)
    )
    changed = 0
    for customer in Customer.objects.filter(pk__in=ids):
        before = current_tier(customer)
        if evaluate(customer, now=now).tier != before:
            changed += 1
    return changed


def _money(value: Any, field: str = "amount") -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        amount = None
    if amount is None or not amount.is_finite() or amount == 0:
        message = _("Enter a non-zero amount.")
        raise DomainError(message, fields={field: [message]})
    return amount


def record_spend(
    customer: Customer,
    amount: Any,
    *,
    source: tuple[str, Any],
    at: datetime.datetime | None = None,
    actor: Any = None,
) -> CustomerSpend:
    """Record a sale (positive) or a refund (negative) and re-evaluate the tier. ``source``
    (document type and id) is required: recording the same document twice has one effect."""
    amount = _money(amount)
    source_type, source_id = str(source[0] or "").strip(), str(source[1] or "").strip()
    if not source_type or not source_id:
        message = _("A source document is required.")
        raise DomainError(message, fields={"source_id": [message]})
    at = at or timezone.now()
    # A checkout claims the keys "order:<client id>:…", which covers its own source document.
    fresh = work.claimed(f"{source_type}:{source_id}:")
    with work.step():
        row = (
            None
            if fresh
            else CustomerSpend.objects.filter(source_type=source_type, source_id=source_id).first()
        )
        if row is None:
            try:
                with work.step() if fresh else transaction.atomic():
                    row = CustomerSpend.objects.create(
                        customer=customer, amount=amount, at=at, source_type=source_type, source_id=source_id
                    )
            except IntegrityError:
                row = CustomerSpend.objects.get(source_type=source_type, source_id=source_id)
            else:
                # Only tiers with a spend threshold care about spending (as on_points_earned).
                if _thresholds()[1]:
                    evaluate(customer, actor=actor)
                return row
        if row.customer_id != customer.pk or row.amount != amount:
            raise IdempotencyConflict(_("This document was already recorded with different values."))
        return row


def override(customer: Customer, tier: Tier | None, *, reason: str, actor: Any) -> CustomerTier:
    """Staff set the tier by hand (kept until a higher tier is earned). ``tier=None`` hands the
    customer back to automatic evaluation. Always audited with before and after."""
    if not (reason or "").strip():
        message = _("A reason is required to change a tier by hand.")
        raise DomainError(message, fields={"reason": [message]})
    with transaction.atomic():
        state = _locked_state(customer)
        before = {"tier": state.tier.name if state.tier else None, "manual": state.manual}
        if tier is None:
            state.manual = False
            state.save(update_fields=["manual"])
            audit.record(
                "tier.override", customer, actor=actor, reason=reason, before=before, after={"manual": False}
            )
            return evaluate(customer, actor=actor)
        if not tier.active:
            message = _("This tier is not active.")
            raise DomainError(message, fields={"tier": [message]})
        TierChange.objects.create(
            customer=customer,
            from_tier=state.tier,
            to_tier=tier,
            kind=TierChange.Kind.MANUAL,
            reason=reason,
            actor=actor if getattr(actor, "pk", None) else None,
        )
        state.tier = tier
        work.forget(("tier", customer.pk))
        state.manual = True
        state.since = timezone.now()
        state.save()
        audit.record(
            "tier.override",
            customer,
            actor=actor,
            reason=reason,
            before=before,
            after={"tier": tier.name, "manual": True},
        )
        return state


def history(customer: Customer) -> list[TierChange]:
    return list(
        TierChange.objects.filter(customer=customer).select_related("from_tier", "to_tier", "actor")[:100]
    )
