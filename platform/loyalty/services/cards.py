"""Issuing cards and changing their status (freeze, loss, replacement, expiry)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError
from core.models import Counter
from loyalty import ledger
from loyalty.errors import CardNotUsable
from loyalty.models import Account, Card, CardType, LedgerTransaction
from members.models import Customer


def next_card_number() -> str:
    return f"C{Counter.next('card_no'):08d}"


def _accounts_for(card: Card) -> list[Account]:
    kinds: list[tuple[str, str]] = []
    if card.card_type.kind == CardType.Kind.STORED_VALUE:
        kinds = [(Account.Kind.PRINCIPAL, ""), (Account.Kind.BONUS, "")]
    elif card.card_type.kind == CardType.Kind.COUNT:
        kinds = [(Account.Kind.SESSIONS, s.service) for s in card.card_type.services.all()]
    elif card.card_type.kind == CardType.Kind.TIME and card.card_type.minutes:
        kinds = [(Account.Kind.MINUTES, "")]
    return [Account.objects.create(customer=card.customer, card=card, kind=k, service=s) for k, s in kinds]


def issue_card(
    customer: Customer,
    card_type: CardType,
    *,
    idempotency_key: str,
    actor: Any = None,
    number: str = "",
) -> Card:
    """A new card with its accounts; count and time cards start with their sessions/minutes."""
    request = ledger.fingerprint(op="issue", customer=customer.pk, card_type=card_type.pk, number=number)
    with transaction.atomic():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return found.card
        if not card_type.active:
            raise DomainError(
                _("This card type is no longer offered."), fields={"card_type": [_("Inactive.")]}
            )
        number = (number or "").strip() or next_card_number()
        if Card.objects.filter(number=number).exists():
            message = _("This card number is already in use.")
            raise DomainError(message, fields={"number": [message]})
        expires = (
            timezone.now() + timedelta(days=card_type.validity_days) if card_type.validity_days else None
        )
        card = Card.objects.create(number=number, customer=customer, card_type=card_type, expires_at=expires)
        accounts = _accounts_for(card)
        starting = {s.service: Decimal(s.sessions) for s in card_type.services.all()}
        postings = []
        for account in accounts:
            if account.kind == Account.Kind.SESSIONS:
                postings.append(ledger.Posting(account, starting[account.service]))
            elif account.kind == Account.Kind.MINUTES:
                postings.append(ledger.Posting(account, Decimal(card_type.minutes or 0)))
        ledger.post(
            LedgerTransaction.Kind.ISSUE,
            postings,
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=customer,
            card=card,
            actor=actor,
            amount_paid=card_type.price,
            source=("card", card.number),
        )
        from members.services import refresh_search_tokens

        refresh_search_tokens(customer)
        audit.record("card.issue", card, actor=actor, after={"number": card.number, "type": card_type.name})
        return card


def ensure_usable(card: Card) -> None:
    if card.status != Card.Status.ACTIVE:
        raise CardNotUsable(
            _("This card is %(status)s and cannot be used.") % {"status": card.get_status_display()}
        )
    if card.expires_at and card.expires_at <= timezone.now():
        raise CardNotUsable(_("This card has expired."))


def _set_status(
    card: Card, status: str, action: str, actor: Any, reason: str, allowed_from: set[str]
) -> Card:
    with transaction.atomic():
        card = Card.objects.select_for_update().get(pk=card.pk)
        if card.status == status:
            return card
        if card.status not in allowed_from:
            raise CardNotUsable(
                _("A card that is %(status)s cannot be changed like this.")
                % {"status": card.get_status_display()}
            )
        before = card.status
        card.status = status
        card.save(update_fields=["status"])
        audit.record(
            action, card, actor=actor, reason=reason, before={"status": before}, after={"status": status}
        )
        return card


def freeze(card: Card, *, actor: Any = None, reason: str = "") -> Card:
    return _set_status(card, Card.Status.FROZEN, "card.freeze", actor, reason, {Card.Status.ACTIVE})


def unfreeze(card: Card, *, actor: Any = None, reason: str = "") -> Card:
    return _set_status(card, Card.Status.ACTIVE, "card.unfreeze", actor, reason, {Card.Status.FROZEN})


def report_loss(card: Card, *, actor: Any = None, reason: str = "") -> Card:
    return _set_status(
        card, Card.Status.LOST, "card.report_loss", actor, reason, {Card.Status.ACTIVE, Card.Status.FROZEN}
    )


def replace(card: Card, *, actor: Any = None, reason: str = "", number: str = "") -> Card:
    """掛失補卡: a new card that carries every balance; the accounts (and their ledgers) move over,
    so nothing is copied and the history stays continuous."""
    with transaction.atomic():
        old = Card.objects.select_for_update().get(pk=card.pk)
        if old.status not in {Card.Status.LOST, Card.Status.FROZEN, Card.Status.ACTIVE}:
            raise CardNotUsable(_("This card cannot be replaced."))
        number = (number or "").strip() or next_card_number()
        if Card.objects.filter(number=number).exists():
            message = _("This card number is already in use.")
            raise DomainError(message, fields={"number": [message]})
        new = Card.objects.create(
            number=number, customer=old.customer, card_type=old.card_type, expires_at=old.expires_at
        )
        Account.objects.filter(card=old).update(card=new)
        old.status = Card.Status.REPLACED
        old.replaced_by = new
        old.save(update_fields=["status", "replaced_by"])
        from members.services import refresh_search_tokens

        refresh_search_tokens(old.customer)
        audit.record(
            "card.replace",
            old,
            actor=actor,
            reason=reason,
            before={"number": old.number},
            after={"number": new.number},
        )
        return new
