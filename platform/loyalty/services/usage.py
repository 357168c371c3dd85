"""Count cards (sessions per service) and time cards (minutes or a validity period)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core import audit, work
from core.errors import DomainError
from loyalty import ledger
from loyalty.models import Account, Card, CardType, LedgerTransaction
from loyalty.services.cards import ensure_usable


def _whole(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except Exception:
        number = None
    if number is None or not number.is_finite() or number <= 0 or number != number.to_integral_value():
        message = _("Enter a whole number greater than zero.")
        raise DomainError(message, fields={field: [message]})
    return number


def consume_sessions(
    card: Card,
    service: str,
    sessions: Any = 1,
    *,
    idempotency_key: str,
    actor: Any = None,
    source: tuple[str, str] = ("", ""),
) -> LedgerTransaction:
    """Use sessions of one service on a count card (計次卡)."""
    count = _whole(sessions, "sessions")
    request = ledger.fingerprint(op="consume_sessions", card=card.pk, service=service, n=count)
    with work.step():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return found
        card = Card.objects.select_related("card_type", "customer").get(pk=card.pk)
        ensure_usable(card)
        account = card.accounts.filter(kind=Account.Kind.SESSIONS, service=service).first()
        if card.card_type.kind != CardType.Kind.COUNT or account is None:
            message = _("This card has no sessions for %(service)s.") % {"service": service}
            raise DomainError(message, fields={"service": [message]})
        return ledger.post(
            LedgerTransaction.Kind.CONSUME,
            [ledger.Posting(account, -count)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=card.customer,
            card=card,
            actor=actor,
            source=source,
            insufficient_message=_("Not enough sessions left on this card."),
            already_checked=True,
        ).transaction


def consume_minutes(
    card: Card, minutes: Any, *, idempotency_key: str, actor: Any = None, source: tuple[str, str] = ("", "")
) -> LedgerTransaction:
    """Use minutes of a time card (計時); a validity-only time card just has to be valid."""
    count = _whole(minutes, "minutes")
    request = ledger.fingerprint(op="consume_minutes", card=card.pk, n=count)
    with work.step():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return found
        card = Card.objects.select_related("card_type", "customer").get(pk=card.pk)
        ensure_usable(card)
        account = card.accounts.filter(kind=Account.Kind.MINUTES).first()
        if card.card_type.kind != CardType.Kind.TIME:
            message = _("This is not a time card.")
            raise DomainError(message, code="not_time_card", fields={"minutes": [message]})
        if account is None:  # validity-period card: nothing to count, being usable is the check
            message = _("This time card is valid by period and has no minutes to use.")
            raise DomainError(message, code="no_minutes", fields={"minutes": [message]})
        return ledger.post(
            LedgerTransaction.Kind.CONSUME,
            [ledger.Posting(account, -count)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=card.customer,
            card=card,
            actor=actor,
            source=source,
            insufficient_message=_("Not enough minutes left on this card."),
            already_checked=True,
        ).transaction


def is_valid_now(card: Card) -> bool:
    try:
        ensure_usable(card)
    except DomainError:
        return False
    return True


def refund_usage(
    original: LedgerTransaction, *, idempotency_key: str, actor: Any = None, reason: str = ""
) -> LedgerTransaction:
    if original.kind != LedgerTransaction.Kind.CONSUME:
        raise DomainError(_("Only consumptions can be refunded here."), code="not_refundable")
    with transaction.atomic():
        result = ledger.reverse(original, idempotency_key=idempotency_key, actor=actor, reason=reason)
        if result.created:
            audit.record(
                "usage.refund",
                original,
                actor=actor,
                reason=reason,
                after={"reversal": result.transaction.pk},
            )
        return result.transaction
