"""Partial give-backs for refunded orders: stored value spent, sessions or minutes consumed,
points redeemed, points earned.

A whole-transaction reversal (``ledger.reverse``) is one-to-one and cannot serve a refund of one
line of three. These post ``REFUND`` transactions that name the original in their source; each
one locks the accounts first and then checks that the refunds of that original never exceed what
it moved, so no caller (or a race between two refunds) can give back more than was taken.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from loyalty import ledger
from loyalty.models import (
    ZERO,
    Account,
    LedgerEntry,
    LedgerTransaction,
    PointsLot,
    PointsLotEntry,
    PointsSettings,
)

Kind = LedgerTransaction.Kind


def _source(original: LedgerTransaction) -> tuple[str, str]:
    return ("ledger_transaction", str(original.pk))


def _refunded(original: LedgerTransaction) -> dict[int, Decimal]:
    """Per account, what earlier refunds of ``original`` already moved (signed)."""
    rows = (
        LedgerEntry.objects.filter(
            transaction__kind=Kind.REFUND,
            transaction__source_type="ledger_transaction",
            transaction__source_id=str(original.pk),
        )
        .values("account_id")
        .annotate(s=Sum("amount"))
    )
    return {row["account_id"]: row["s"] for row in rows}


def _too_much() -> DomainError:
    return DomainError(
        _("This would refund more than the original transaction."), code="refund_exceeds_original", status=409
    )


def give_back(
    original: LedgerTransaction,
    amount: Decimal,
    *,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
) -> LedgerTransaction:
    """Credit back ``amount`` of a stored-value spend (split over principal and bonus in
    proportion to what is still refundable of each) or of a count/time card consumption."""
    from orders.pricing import allocate  # pure helper; no import cycle at module load

    if original.kind not in (Kind.SPEND, Kind.CONSUME):
        raise DomainError(_("Only a spend or a consumption can be refunded here."), code="not_refundable")
    request = ledger.fingerprint(op="give_back", original=original.pk, amount=str(amount))
    with transaction.atomic():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return found
        entries = list(original.entries.select_related("account").order_by("account_id"))
        accounts = ledger.lock_accounts([entry.account for entry in entries])
        done = _refunded(original)
        room = [-entry.amount - done.get(entry.account_id, ZERO) for entry in entries]
        if amount <= 0 or amount > sum(room, ZERO):
            raise _too_much()
        parts = allocate(amount, room) if len(room) > 1 else [amount]
        return ledger.post(
            Kind.REFUND,
            [ledger.Posting(account, part) for account, part in zip(accounts, parts, strict=True)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=original.customer,
            card=original.card,
            actor=actor,
            reason=reason,
            source=_source(original),
            already_checked=True,
        ).transaction


def give_back_points(
    original: LedgerTransaction,
    points: Decimal,
    *,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
) -> LedgerTransaction:
    """Return ``points`` of a redemption as a new lot that expires when the latest of the lots
    they were drawn from does (never extending their life beyond the original)."""
    if original.kind != Kind.REDEEM:
        raise DomainError(_("Only a points redemption can be refunded here."), code="not_refundable")
    request = ledger.fingerprint(op="give_back_points", original=original.pk, points=str(points))
    with transaction.atomic():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return found
        entry = original.entries.select_related("account").get()
        (account,) = ledger.lock_accounts([entry.account])
        room = -entry.amount - _refunded(original).get(account.pk, ZERO)
        if points <= 0 or points > room:
            raise _too_much()
        txn = ledger.post(
            Kind.REFUND,
            [ledger.Posting(account, points)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=original.customer,
            actor=actor,
            reason=reason,
            source=_source(original),
            already_checked=True,
        ).transaction
        drawn = PointsLot.objects.filter(entries__transaction=original)
        expiry = (
            None
            if drawn.filter(expires_at__isnull=True).exists()
            else drawn.aggregate(m=Max("expires_at"))["m"]
        )
        if expiry is None and not drawn.exists():
            days = PointsSettings.current().expiry_days
            expiry = timezone.now() + datetime.timedelta(days=days) if days else None
        lot = PointsLot.objects.create(
            account=account, earned_by=txn, points=points, remaining=points, expires_at=expiry
        )
        PointsLotEntry.objects.create(lot=lot, transaction=txn, amount=points)
        return txn


def take_back_points(
    original: LedgerTransaction,
    points: Decimal,
    *,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
) -> tuple[LedgerTransaction | None, Decimal]:
    """Take back ``points`` of an order's earning: as many as the member still has (the lot of
    that order first); returns the transaction and the shortfall the member already spent (the
    policy in docs/loyalty.md: the shop may deduct its value from the money refunded)."""
    from loyalty.services.points import _draw

    if original.kind != Kind.EARN:
        raise DomainError(_("Only earned points can be taken back here."), code="not_refundable")
    request = ledger.fingerprint(op="take_back_points", original=original.pk, points=str(points))
    with transaction.atomic():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            taken = -(found.entries.aggregate(s=Sum("amount"))["s"] or ZERO)
            return found, points - taken
        entry = original.entries.select_related("account").get()
        (account,) = ledger.lock_accounts([entry.account])
        room = entry.amount + _refunded(original).get(account.pk, ZERO)
        points = min(points, room)
        take = min(points, max(account.balance, ZERO))
        if points <= 0:
            return None, ZERO
        txn = ledger.post(
            Kind.REFUND,
            [ledger.Posting(account, -take)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=original.customer,
            actor=actor,
            reason=reason,
            source=_source(original),
            already_checked=True,
        ).transaction
        if take > 0:
            _draw(account, take, txn, prefer=PointsLot.objects.filter(earned_by=original).first())
        return txn, points - take


__all__ = ["Account", "give_back", "give_back_points", "take_back_points"]
