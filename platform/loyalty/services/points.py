"""Points: earning (per order, bonuses), redemption at a money rate, expiry by lots, reservations,
and reversal on refund.

Every change goes through ``ledger.post`` on the customer's card-less POINTS account (available
points) or POINTS_HELD account (reserved points), so the ledger stays the single source of truth.
On top of the ledger, each earning is a ``PointsLot`` with its own expiry; every transaction that
takes points out of the available account draws the same amount from the lots (first to expire
first, never-expiring last) and records it as ``PointsLotEntry`` rows, and every transaction that
puts points back restores exactly those lots. Hence the invariant, checked by ``check_invariants``:
``sum(lot.remaining) == POINTS balance == sum(ledger entries)``.

Locking order, to stay deadlock-free: reservation/coupon row (if any), then accounts (by id, via
``ledger.lock_accounts``), then lots. Nothing locks an account and then a reservation.

Policies:

* Rounding: earning is computed per order and rounded once (down by default; the shop can pick
  half-up or up, and whole or two-decimal points). Money value of a redemption is rounded half-up
  to the cent.
* Redemption: the cashier may redeem any amount up to the available balance. If the shop uses
  whole points, the amount must be whole, except that the whole available balance may always be
  redeemed, so a fractional remainder (from an earlier setting) is never stranded.
* Refund of an order: the earn transaction is reversed. If the customer has already spent part of
  those points, only what is still available is taken back (first from the order's own lot) and
  the rest is reported as ``shortfall`` with its money value at today's rate, for the cashier to
  deduct from the money refunded. Reserved points are never touched. The one-to-one ``reverses``
  link means an earning can be reversed once only: points are never doubled.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, work
from core.errors import DomainError
from loyalty import ledger
from loyalty.errors import AlreadyReversed, InsufficientBalance
from loyalty.models import (
    ZERO,
    Account,
    LedgerEntry,
    LedgerTransaction,
    PointsLot,
    PointsLotEntry,
    PointsRedemption,
    PointsReservation,
    PointsRule,
    PointsSettings,
)
from members.models import Customer

CENT = Decimal("0.01")
WHOLE = Decimal("1")
ONE = Decimal("1")
_ROUNDING = {
    PointsSettings.Rounding.DOWN: ROUND_FLOOR,
    PointsSettings.Rounding.HALF_UP: ROUND_HALF_UP,
    PointsSettings.Rounding.UP: ROUND_CEILING,
}

# Stable reason codes (fingerprints hash the reason, so it must not depend on the UI language).
REASON_ORDER = "order"
REASON_SIGNUP = "signup_bonus"
REASON_REFERRAL = "referral_bonus"
REASON_BIRTHDAY = "birthday_bonus"


# --- Pure computation --------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderLine:
    amount: Decimal
    product: str = ""
    category: str = ""


@dataclass(frozen=True)
class EarningPolicy:
    """Everything ``compute_points`` needs, detached from the database so it can be unit-tested
    and previewed without writing anything."""

    spend_unit: Decimal = Decimal("10")
    points_per_unit: Decimal = ONE
    rounding: str = PointsSettings.Rounding.DOWN
    fractional: bool = False
    product_multipliers: Mapping[str, Decimal] = field(default_factory=dict)
    category_multipliers: Mapping[str, Decimal] = field(default_factory=dict)


def round_points(value: Decimal, rounding: str, fractional: bool) -> Decimal:
    quantum = CENT if fractional else WHOLE
    return value.quantize(quantum, rounding=_ROUNDING.get(rounding, ROUND_FLOOR)).quantize(CENT)


def line_multiplier(line: OrderLine, policy: EarningPolicy) -> Decimal:
    """The most specific rule wins: product, then category, else 1 (rules do not stack)."""
    if line.product and line.product in policy.product_multipliers:
        return policy.product_multipliers[line.product]
    if line.category and line.category in policy.category_multipliers:
        return policy.category_multipliers[line.category]
    return ONE


def compute_points(
    lines: Iterable[OrderLine], policy: EarningPolicy, tier_multiplier: Decimal = ONE
) -> Decimal:
    """Points an order earns: each line's amount converted at the shop's rate times its
    product/category multiplier, summed, times the tier multiplier, rounded once at the end
    (rounding each line would lose a fraction per line). Never negative."""
    raw = sum(
        (Decimal(line.amount) / policy.spend_unit * policy.points_per_unit * line_multiplier(line, policy))
        for line in lines
    )
    total = Decimal(raw) * Decimal(tier_multiplier)
    if total <= 0:
        return ZERO
    return round_points(total, policy.rounding, policy.fractional)


def points_value(points: Decimal, point_value: Decimal) -> Decimal:
    return (points * point_value).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Input checks ------------------------------------------------------------------------------


def parse_points(value: Any, field_name: str = "points") -> Decimal:
    """A positive number of points with at most two decimals; more decimals are refused rather
    than silently rounded, so what the cashier typed is what is posted."""
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        points = None
    if points is None or not points.is_finite() or points <= 0 or points != points.quantize(CENT):
        message = _("Enter a number of points greater than zero, with at most two decimals.")
        raise DomainError(message, fields={field_name: [message]})
    return points.quantize(CENT)


def parse_lines(raw: Iterable[Mapping[str, Any]] | None) -> list[OrderLine]:
    lines = []
    for item in raw or []:
        try:
            amount = Decimal(str(item.get("amount"))).quantize(CENT)
        except (InvalidOperation, ValueError, TypeError):
            amount = None
        if amount is None or not amount.is_finite():
            message = _("Each line needs a valid amount.")
            raise DomainError(message, fields={"lines": [message]})
        lines.append(
            OrderLine(amount, str(item.get("product") or "").strip(), str(item.get("category") or "").strip())
        )
    return lines


def _check_granularity(points: Decimal, available: Decimal, settings: PointsSettings) -> None:
    if settings.fractional or points == points.to_integral_value() or points == available:
        return
    message = _("Enter a whole number of points.")
    raise DomainError(message, fields={"points": [message]})


def _insufficient(available: Decimal) -> InsufficientBalance:
    return InsufficientBalance(_("Not enough points: %(available)s available.") % {"available": available})


# --- Accounts and lots -------------------------------------------------------------------------


def _account(customer: Customer, kind: str) -> Account:
    found = Account.objects.filter(customer=customer, card__isnull=True, kind=kind).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Account.objects.create(customer=customer, kind=kind)
    except IntegrityError:
        # A concurrent first earn created it; the unique (customer, kind) constraint made us wait.
        return Account.objects.get(customer=customer, card__isnull=True, kind=kind)


def points_account(customer: Customer) -> Account:
    return _account(customer, Account.Kind.POINTS)


def held_account(customer: Customer) -> Account:
    return _account(customer, Account.Kind.POINTS_HELD)


def _lots_fifo(account: Account):  # type: ignore[no-untyped-def]
    return (
        PointsLot.objects.select_for_update()
        .filter(account=account, remaining__gt=0)
        .order_by(F("expires_at").asc(nulls_last=True), "id")
    )


def _draw(account: Account, amount: Decimal, txn: LedgerTransaction, prefer: PointsLot | None = None) -> None:
    """Take ``amount`` from the account's lots (``prefer`` first, then first to expire first).
    The caller has already moved the account balance by the same amount in ``txn``."""
    lots = list(_lots_fifo(account))
    if prefer is not None:
        lots.sort(key=lambda lot: lot.pk != prefer.pk)
    left = amount
    entries = []
    for lot in lots:
        if left <= 0:
            break
        take = min(lot.remaining, left)
        PointsLot.objects.filter(pk=lot.pk).update(remaining=F("remaining") - take)
        entries.append(PointsLotEntry(lot=lot, transaction=txn, amount=-take))
        left -= take
    if left > 0:  # the lots disagree with the balance: refuse rather than break the invariant
        raise InsufficientBalance(_("The points lots do not cover this amount."))
    PointsLotEntry.objects.bulk_create(entries)


def _restore(drawn_by: LedgerTransaction, txn: LedgerTransaction) -> None:
    """Put back into each lot exactly what ``drawn_by`` took from it (an expired lot gets its
    points back too, and the next expiry run takes them)."""
    entries = []
    for entry in PointsLotEntry.objects.filter(transaction=drawn_by, amount__lt=0).order_by("id"):
        PointsLot.objects.filter(pk=entry.lot_id).update(remaining=F("remaining") - entry.amount)
        entries.append(PointsLotEntry(lot_id=entry.lot_id, transaction=txn, amount=-entry.amount))
    PointsLotEntry.objects.bulk_create(entries)


def _expire_due(account: Account, now: datetime.datetime, actor: Any = None) -> Decimal:
    """Post one EXPIRY for the account's lots past their date; the caller holds the account lock,
    which (with ``remaining > 0``) is what keeps two runs from expiring the same points."""
    lots = list(
        PointsLot.objects.select_for_update().filter(account=account, expires_at__lte=now, remaining__gt=0)
    )
    total = sum((lot.remaining for lot in lots), ZERO)
    if total <= 0:
        return ZERO
    key = f"points:expiry:{account.pk}:{uuid.uuid4().hex}"
    result = ledger.post(
        LedgerTransaction.Kind.EXPIRY,
        [ledger.Posting(account, -total)],
        idempotency_key=key,
        request_fingerprint=ledger.fingerprint(
            op="points.expire", lots=[(lot.pk, lot.remaining) for lot in lots]
        ),
        customer=account.customer,
        actor=actor,
        source=("points_lots", ",".join(str(lot.pk) for lot in lots)[:64]),
    )
    for lot in lots:
        PointsLot.objects.filter(pk=lot.pk).update(remaining=F("remaining") - lot.remaining)
    PointsLotEntry.objects.bulk_create(
        [PointsLotEntry(lot=lot, transaction=result.transaction, amount=-lot.remaining) for lot in lots]
    )
    return total


# --- Earning -----------------------------------------------------------------------------------


def policy_from_settings(settings: PointsSettings | None = None) -> EarningPolicy:
    settings = settings or PointsSettings.current()
    products: dict[str, Decimal] = {}
    categories: dict[str, Decimal] = {}
    for rule in PointsRule.objects.filter(active=True):
        (products if rule.scope == PointsRule.Scope.PRODUCT else categories)[rule.value] = rule.multiplier
    return EarningPolicy(
        spend_unit=settings.spend_unit,
        points_per_unit=settings.points_per_unit,
        rounding=settings.rounding,
        fractional=settings.fractional,
        product_multipliers=products,
        category_multipliers=categories,
    )


def points_for_order(customer: Customer | None, lines: Sequence[OrderLine]) -> Decimal:
    from loyalty.services import tiers

    settings = PointsSettings.current()
    if not settings.enabled:
        return ZERO
    multiplier = tiers.points_multiplier(customer) if customer is not None else ONE
    return compute_points(lines, policy_from_settings(settings), multiplier)


def earn(
    customer: Customer,
    points: Any,
    *,
    reason: str,
    idempotency_key: str,
    source: tuple[str, Any] = ("", ""),
    actor: Any = None,
    expires_at: datetime.datetime | None = None,
) -> LedgerTransaction:
    """Credit points as a new lot (expiring after the shop's ``expiry_days`` unless given).
    A retry with the same key returns the first transaction and creates no second lot."""
    points = parse_points(points)
    settings = PointsSettings.current()
    request = ledger.fingerprint(
        op="points.earn", customer=customer.pk, points=points, reason=reason, source=list(map(str, source))
    )
    with work.step():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return found
        if not settings.fractional and points != points.to_integral_value():
            message = _("Enter a whole number of points.")
            raise DomainError(message, fields={"points": [message]})
        account = points_account(customer)
        result = ledger.post(
            LedgerTransaction.Kind.EARN,
            [ledger.Posting(account, points)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=customer,
            actor=actor,
            reason=reason,
            source=(source[0], str(source[1])),
            already_checked=True,
        )
        if not result.created:
            return result.transaction
        if expires_at is None and settings.expiry_days:
            expires_at = timezone.now() + datetime.timedelta(days=settings.expiry_days)
        lot = PointsLot.objects.create(
            account=account,
            earned_by=result.transaction,
            points=points,
            remaining=points,
            expires_at=expires_at,
        )
        PointsLotEntry.objects.create(lot=lot, transaction=result.transaction, amount=points)
        from loyalty.services import tiers

        tiers.on_points_earned(customer)
        return result.transaction


def earn_for_order(
    customer: Customer,
    lines: Sequence[OrderLine],
    *,
    idempotency_key: str,
    source: tuple[str, Any] = ("", ""),
    actor: Any = None,
) -> LedgerTransaction | None:
    """Points for a sale; ``None`` when the order earns nothing (small amount, points off)."""
    with work.step():
        found = (
            None
            if work.claimed(idempotency_key)
            else LedgerTransaction.objects.filter(idempotency_key=idempotency_key).first()
        )
        if found is not None:  # a retry: same effect even if the rules changed meanwhile
            return earn(
                customer,
                found.entries.aggregate(s=Sum("amount"))["s"],
                reason=REASON_ORDER,
                idempotency_key=idempotency_key,
                source=source,
                actor=actor,
            )
        points = points_for_order(customer, lines)
        if points <= 0:
            return None
        return earn(
            customer, points, reason=REASON_ORDER, idempotency_key=idempotency_key, source=source, actor=actor
        )


def _bonus(amount: Decimal, settings: PointsSettings) -> Decimal:
    """A configured bonus as it can be posted: whole points unless the shop uses fractions."""
    if not settings.enabled or amount <= 0:
        return ZERO
    return amount if settings.fractional else amount.to_integral_value(rounding=ROUND_FLOOR).quantize(CENT)


def award_signup_bonus(customer: Customer, *, actor: Any = None) -> LedgerTransaction | None:
    bonus = _bonus(PointsSettings.current().signup_bonus, PointsSettings.current())
    if bonus <= 0:
        return None
    return earn(
        customer,
        bonus,
        reason=REASON_SIGNUP,
        idempotency_key=f"points:signup:{customer.pk}",
        source=("customer", customer.pk),
        actor=actor,
    )


def award_referral_bonus(referred: Customer, *, actor: Any = None) -> LedgerTransaction | None:
    """The referrer earns once per referred customer who joins."""
    settings = PointsSettings.current()
    bonus = _bonus(settings.referral_bonus, settings)
    if not referred.referrer_id or bonus <= 0:
        return None
    referrer = Customer.objects.get(pk=referred.referrer_id)
    return earn(
        referrer,
        bonus,
        reason=REASON_REFERRAL,
        idempotency_key=f"points:referral:{referred.pk}",
        source=("customer", referred.pk),
        actor=actor,
    )


def on_member_joined(customer: Customer, *, actor: Any = None) -> None:
    """Call when a customer joins (sign-up and referral bonuses); safe to call twice."""
    with transaction.atomic():
        award_signup_bonus(customer, actor=actor)
        award_referral_bonus(customer, actor=actor)


def award_birthday_bonus(customer: Customer, today: datetime.date) -> LedgerTransaction | None:
    """The shop's birthday bonus plus the tier's birthday points, once per calendar year."""
    from loyalty.services import tiers

    settings = PointsSettings.current()
    tier = tiers.current_tier(customer)
    bonus = _bonus(settings.birthday_bonus + (tier.birthday_points if tier else ZERO), settings)
    if bonus <= 0:
        return None
    return earn(
        customer,
        bonus,
        reason=REASON_BIRTHDAY,
        idempotency_key=f"points:birthday:{customer.pk}:{today.year}",
        source=("birthday", today.year),
    )


def award_birthdays(today: datetime.date) -> int:
    """Daily job: members whose birthday is today (29 February counts on 28 February otherwise)."""
    days = [today.day]
    if today.month == 2 and today.day == 28:
        try:
            datetime.date(today.year, 2, 29)
        except ValueError:
            days.append(29)
    members = Customer.objects.filter(
        member_no__isnull=False, merged_into__isnull=True, birthday__month=today.month, birthday__day__in=days
    )
    return sum(1 for customer in members if award_birthday_bonus(customer, today) is not None)


# --- Redemption --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Redemption:
    transaction: LedgerTransaction
    points: Decimal
    value: Decimal
    created: bool


def _redemption_of(txn: LedgerTransaction, created: bool) -> Redemption:
    record = PointsRedemption.objects.get(transaction=txn)
    return Redemption(txn, record.points, record.value, created)


def redeem(
    customer: Customer,
    points: Any,
    *,
    idempotency_key: str,
    actor: Any = None,
    source: tuple[str, Any] = ("", ""),
    now: datetime.datetime | None = None,
) -> Redemption:
    """Use ``points`` now and return their money value; refused (409) beyond the available
    balance. Expired lots are expired first so they cannot be spent."""
    points = parse_points(points)
    request = ledger.fingerprint(
        op="points.redeem", customer=customer.pk, points=points, source=list(map(str, source))
    )
    with work.step():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return _redemption_of(found, False)
        settings = PointsSettings.current()
        (account,) = ledger.lock_accounts([points_account(customer)])
        _expire_due(account, now or timezone.now(), actor)  # updates account.balance in place
        _check_granularity(points, account.balance, settings)
        if account.balance < points:
            raise _insufficient(account.balance)
        result = ledger.post(
            LedgerTransaction.Kind.REDEEM,
            [ledger.Posting(account, -points)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=customer,
            actor=actor,
            source=(source[0], str(source[1])),
            insufficient_message=_insufficient(account.balance).message,
            already_checked=True,
        )
        if not result.created:  # a concurrent twin with the same key won while we waited
            return _redemption_of(result.transaction, False)
        _draw(account, points, result.transaction)
        value = points_value(points, settings.point_value)
        PointsRedemption.objects.create(
            transaction=result.transaction, points=points, point_value=settings.point_value, value=value
        )
        return Redemption(result.transaction, points, value, True)


def reverse_redemption(
    original: LedgerTransaction, *, idempotency_key: str, actor: Any = None, reason: str = ""
) -> LedgerTransaction:
    """Give back the points of a redemption (the order was cancelled), into the lots they came
    from; works for a direct redemption and for a confirmed reservation."""
    if original.kind != LedgerTransaction.Kind.REDEEM:
        raise DomainError(_("Only a points redemption can be reversed here."), code="not_reversible")
    request = ledger.fingerprint(op="reverse", original=original.pk)
    with transaction.atomic():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return found
        if LedgerTransaction.objects.filter(reverses=original).exists():
            raise AlreadyReversed()
        points = -(original.entries.aggregate(s=Sum("amount"))["s"] or ZERO)
        (account,) = ledger.lock_accounts([points_account(original.customer)])
        drawn_by = original
        reservation = PointsReservation.objects.filter(settled_by=original).first()
        if reservation is not None:
            drawn_by = reservation.reserved_by
        result = ledger.post(
            LedgerTransaction.Kind.REVERSAL,
            [ledger.Posting(account, points)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=original.customer,
            actor=actor,
            reason=reason,
            source=("ledger_transaction", str(original.pk)),
            reverses=original,
        )
        if not result.created:
            return result.transaction
        _restore(drawn_by, result.transaction)
        audit.record(
            "points.reverse_redemption", original, actor=actor, reason=reason, after={"points": points}
        )
        return result.transaction


# --- Refund of earned points -------------------------------------------------------------------


@dataclass(frozen=True)
class EarnReversal:
    transaction: LedgerTransaction
    earned: Decimal
    reversed: Decimal
    shortfall: Decimal
    shortfall_value: Decimal
    created: bool


def _earn_reversal_of(
    original: LedgerTransaction, reversal: LedgerTransaction, created: bool
) -> EarnReversal:
    earned = original.entries.aggregate(s=Sum("amount"))["s"] or ZERO
    taken = -(reversal.entries.aggregate(s=Sum("amount"))["s"] or ZERO)
    shortfall = earned - taken
    return EarnReversal(
        reversal,
        earned,
        taken,
        shortfall,
        points_value(shortfall, PointsSettings.current().point_value),
        created,
    )


def reverse_earn(
    original: LedgerTransaction, *, idempotency_key: str, actor: Any = None, reason: str = ""
) -> EarnReversal:
    """Refund of an order: take back the points it earned. All of them if still available
    (``ledger.reverse``), otherwise what is available, reporting the shortfall (see the module
    docstring for the policy). A second reversal is refused."""
    if original.kind != LedgerTransaction.Kind.EARN:
        raise DomainError(_("Only earned points can be reversed here."), code="not_reversible")
    request = ledger.fingerprint(op="reverse", original=original.pk)
    with transaction.atomic():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return _earn_reversal_of(original, found, False)
        if LedgerTransaction.objects.filter(reverses=original).exists():
            raise AlreadyReversed()
        entry = original.entries.select_related("account").get()
        (account,) = ledger.lock_accounts([entry.account])
        earned = entry.amount
        available_before = account.balance
        take = min(earned, available_before)
        if take == earned:
            result = ledger.reverse(original, idempotency_key=idempotency_key, actor=actor, reason=reason)
        else:
            result = ledger.post(
                LedgerTransaction.Kind.REVERSAL,
                [ledger.Posting(account, -take)],
                idempotency_key=idempotency_key,
                request_fingerprint=request,
                customer=original.customer,
                actor=actor,
                reason=reason,
                source=("ledger_transaction", str(original.pk)),
                reverses=original,
            )
        if not result.created:
            return _earn_reversal_of(original, result.transaction, False)
        if take > 0:
            lot = PointsLot.objects.filter(earned_by=original).first()
            _draw(account, take, result.transaction, prefer=lot)
        outcome = _earn_reversal_of(original, result.transaction, True)
        audit.record(
            "points.reverse_earn",
            original,
            actor=actor,
            reason=reason,
            before={"earned": earned, "available": available_before},
            after={
                "reversed": take,
                "shortfall": outcome.shortfall,
                "shortfall_value": outcome.shortfall_value,
            },
        )
        return outcome


# --- Expiry ------------------------------------------------------------------------------------


def expire_points(now: datetime.datetime | None = None) -> Decimal:
    """Daily job: post one EXPIRY per customer for the remaining points of lots past their date.
    Each account is handled in its own transaction so one failure does not block the rest."""
    now = now or timezone.now()
    account_ids = (
        PointsLot.objects.filter(expires_at__lte=now, remaining__gt=0)
        .values_list("account_id", flat=True)
        .distinct()
    )
    total = ZERO
    for account_id in list(account_ids):
        with transaction.atomic():
            (account,) = ledger.lock_accounts([Account.objects.get(pk=account_id)])
            total += _expire_due(account, now)
    return total


# --- Reservations ------------------------------------------------------------------------------


def reserve(
    customer: Customer,
    points: Any,
    *,
    idempotency_key: str,
    actor: Any = None,
    source: tuple[str, Any] = ("", ""),
    now: datetime.datetime | None = None,
) -> PointsReservation:
    """Set points aside (moved from available to held by one ledger transaction)."""
    points = parse_points(points)
    request = ledger.fingerprint(
        op="points.reserve", customer=customer.pk, points=points, source=list(map(str, source))
    )
    with transaction.atomic():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return PointsReservation.objects.get(reserved_by=found)
        settings = PointsSettings.current()
        account, held = ledger.lock_accounts([points_account(customer), held_account(customer)])
        _expire_due(account, now or timezone.now(), actor)  # updates account.balance in place
        _check_granularity(points, account.balance, settings)
        if account.balance < points:
            raise _insufficient(account.balance)
        result = ledger.post(
            LedgerTransaction.Kind.RESERVE,
            [ledger.Posting(account, -points), ledger.Posting(held, points)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=customer,
            actor=actor,
            source=(source[0], str(source[1])),
        )
        if not result.created:
            return PointsReservation.objects.get(reserved_by=result.transaction)
        _draw(account, points, result.transaction)
        return PointsReservation.objects.create(
            customer=customer,
            points=points,
            reserved_by=result.transaction,
            source_type=source[0],
            source_id=str(source[1]),
        )


def _settled_error() -> DomainError:
    return DomainError(
        _("This reservation has already been settled."), code="reservation_settled", status=409
    )


def release(reservation: PointsReservation, *, actor: Any = None, reason: str = "") -> PointsReservation:
    """Cancelled reward or order: the held points go back to the lots they came from. Releasing
    twice is a no-op; releasing a confirmed reservation is refused."""
    with transaction.atomic():
        res = PointsReservation.objects.select_for_update().get(pk=reservation.pk)
        if res.status == PointsReservation.Status.RELEASED:
            return res
        if res.status != PointsReservation.Status.HELD:
            raise _settled_error()
        account, held = ledger.lock_accounts([points_account(res.customer), held_account(res.customer)])
        result = ledger.post(
            LedgerTransaction.Kind.RELEASE,
            [ledger.Posting(held, -res.points), ledger.Posting(account, res.points)],
            idempotency_key=f"points:release:{res.pk}",
            request_fingerprint=ledger.fingerprint(op="points.release", reservation=res.pk),
            customer=res.customer,
            actor=actor,
            reason=reason,
            source=("points_reservation", str(res.pk)),
            reverses=res.reserved_by,
        )
        _restore(res.reserved_by, result.transaction)
        res.status = PointsReservation.Status.RELEASED
        res.settled_by = result.transaction
        res.settled_at = timezone.now()
        res.save(update_fields=["status", "settled_by", "settled_at"])
        return res


def confirm(reservation: PointsReservation, *, actor: Any = None) -> PointsReservation:
    """The reward was delivered or the order paid: the held points are consumed (a REDEEM from
    the held account). Confirming twice is a no-op; confirming a released one is refused."""
    with transaction.atomic():
        res = PointsReservation.objects.select_for_update().get(pk=reservation.pk)
        if res.status == PointsReservation.Status.CONFIRMED:
            return res
        if res.status != PointsReservation.Status.HELD:
            raise _settled_error()
        settings = PointsSettings.current()
        (held,) = ledger.lock_accounts([held_account(res.customer)])
        result = ledger.post(
            LedgerTransaction.Kind.REDEEM,
            [ledger.Posting(held, -res.points)],
            idempotency_key=f"points:confirm:{res.pk}",
            request_fingerprint=ledger.fingerprint(op="points.confirm", reservation=res.pk),
            customer=res.customer,
            actor=actor,
            source=("points_reservation", str(res.pk)),
        )
        PointsRedemption.objects.create(
            transaction=result.transaction,
            points=res.points,
            point_value=settings.point_value,
            value=points_value(res.points, settings.point_value),
        )
        res.status = PointsReservation.Status.CONFIRMED
        res.settled_by = result.transaction
        res.settled_at = timezone.now()
        res.save(update_fields=["status", "settled_by", "settled_at"])
        return res


# --- Reading -----------------------------------------------------------------------------------


def _balance(customer: Customer, kind: str) -> Decimal:
    account = Account.objects.filter(customer=customer, card__isnull=True, kind=kind).first()
    return account.balance if account else ZERO


def summary(customer: Customer) -> dict[str, Any]:
    available = _balance(customer, Account.Kind.POINTS)
    reserved = _balance(customer, Account.Kind.POINTS_HELD)
    lots = PointsLot.objects.filter(
        account__customer=customer,
        account__kind=Account.Kind.POINTS,
        account__card__isnull=True,
        remaining__gt=0,
    ).order_by(F("expires_at").asc(nulls_last=True), "id")
    settings = PointsSettings.current()
    return {
        "available": available,
        "reserved": reserved,
        "balance": available + reserved,
        "value": points_value(available, settings.point_value),
        "point_value": settings.point_value,
        "fractional": settings.fractional,
        "lots": [
            {"id": lot.pk, "points": lot.points, "remaining": lot.remaining, "expires_at": lot.expires_at}
            for lot in lots
        ],
    }


def check_invariants(customer: Customer) -> dict[str, Any]:
    """For tests and a support check: cached balances equal the ledger sums, and the lots of the
    available account add up to its balance (each lot to its own entries)."""
    result: dict[str, Any] = {}
    for kind in (Account.Kind.POINTS, Account.Kind.POINTS_HELD):
        account = Account.objects.filter(customer=customer, card__isnull=True, kind=kind).first()
        cached = account.balance if account else ZERO
        entries = (
            LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] if account else None
        )
        result[kind] = {"cached": cached, "ledger": entries or ZERO}
    lots = PointsLot.objects.filter(
        account__customer=customer, account__kind=Account.Kind.POINTS, account__card__isnull=True
    )
    result["lots"] = lots.aggregate(s=Sum("remaining"))["s"] or ZERO
    result["lot_entries"] = (
        PointsLotEntry.objects.filter(lot__in=lots).aggregate(s=Sum("amount"))["s"] or ZERO
    )
    result["ok"] = (
        all(
            result[k]["cached"] == result[k]["ledger"]
            for k in (Account.Kind.POINTS, Account.Kind.POINTS_HELD)
        )
        and result["lots"] == result[Account.Kind.POINTS]["cached"]
        and result["lot_entries"] == result["lots"]
    )
    return result
