"""Stored value: top-up with bonus rules, spending (bonus/principal order), refunds, adjustments.

Principal (money actually paid) and bonus (money given) are separate accounts so reports can show
both; a refund of a top-up reverses both, and is refused once that money has been spent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, work
from core.errors import DomainError
from loyalty import ledger
from loyalty.models import ZERO, Account, Card, CardType, LedgerTransaction, LoyaltySettings, TopUpRule
from loyalty.services.cards import ensure_usable

CENT = Decimal("0.01")


def money(value: Any, field: str = "amount") -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except Exception:
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0:
        message = _("Enter an amount greater than zero.")
        raise DomainError(message, fields={field: [message]})
    return amount


@dataclass(frozen=True)
class BonusPreview:
    amount: Decimal
    bonus: Decimal
    rule: TopUpRule | None

    @property
    def total(self) -> Decimal:
        return self.amount + self.bonus


def preview_bonus(card_type: CardType, amount: Decimal) -> BonusPreview:
    """The best single active rule for this card type and amount (rules do not stack)."""
    now = timezone.now()
    rules = TopUpRule.objects.filter(
        Q(card_type=card_type) | Q(card_type__isnull=True),
        active=True,
        min_amount__lte=amount,
    ).filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now), Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    best: tuple[Decimal, TopUpRule | None] = (ZERO, None)
    for rule in rules:
        bonus = (rule.bonus_amount + amount * rule.bonus_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        if bonus > best[0]:
            best = (bonus, rule)
    return BonusPreview(amount, best[0], best[1])


def _stored_value_accounts(card: Card, lock: bool = False) -> tuple[Account, Account]:
    """The card's principal and bonus accounts; ``lock`` takes their row locks in id order."""
    if card.card_type.kind != CardType.Kind.STORED_VALUE:
        raise DomainError(_("This is not a stored-value card."), code="not_stored_value")
    rows = Account.objects.filter(card=card, kind__in=[Account.Kind.PRINCIPAL, Account.Kind.BONUS]).order_by(
        "pk"
    )
    accounts = {a.kind: a for a in (rows.select_for_update() if lock else rows)}
    return accounts[Account.Kind.PRINCIPAL], accounts[Account.Kind.BONUS]


def _current_card(card: Card) -> Card:
    """A fresh row: the card may have been frozen or replaced since the caller loaded it."""
    return Card.objects.select_related("card_type", "customer").get(pk=card.pk)


def top_up(
    card: Card, amount: Any, *, idempotency_key: str, actor: Any = None, source: tuple[str, str] = ("", "")
) -> LedgerTransaction:
    amount = money(amount)
    request = ledger.fingerprint(op="top_up", card=card.pk, amount=amount)
    with transaction.atomic():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return found
        card = _current_card(card)
        ensure_usable(card)
        principal, bonus = _stored_value_accounts(card)
        preview = preview_bonus(card.card_type, amount)
        result = ledger.post(
            LedgerTransaction.Kind.TOP_UP,
            [ledger.Posting(principal, amount), ledger.Posting(bonus, preview.bonus)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=card.customer,
            card=card,
            actor=actor,
            reason=preview.rule.name if preview.rule else "",
            amount_paid=amount,
            source=source,
            already_checked=True,
        )
        return result.transaction


def split_spend(principal: Decimal, bonus: Decimal, amount: Decimal, order: str) -> tuple[Decimal, Decimal]:
    """How much of ``amount`` comes from principal and from bonus, in the shop's order."""
    if order == LoyaltySettings.SpendOrder.PRINCIPAL_FIRST:
        from_principal = min(principal, amount)
        return from_principal, amount - from_principal
    from_bonus = min(bonus, amount)
    return amount - from_bonus, from_bonus


def spend(
    card: Card, amount: Any, *, idempotency_key: str, actor: Any = None, source: tuple[str, str] = ("", "")
) -> LedgerTransaction:
    amount = money(amount)
    request = ledger.fingerprint(op="spend", card=card.pk, amount=amount)
    with work.step():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return found
        card = _current_card(card)
        ensure_usable(card)
        order = LoyaltySettings.current().spend_order
        principal, bonus = _stored_value_accounts(card, lock=True)
        if principal.balance + bonus.balance < amount:
            raise _insufficient(principal.balance + bonus.balance)
        from_principal, from_bonus = split_spend(principal.balance, bonus.balance, amount, order)
        result = ledger.post(
            LedgerTransaction.Kind.SPEND,
            [ledger.Posting(principal, -from_principal), ledger.Posting(bonus, -from_bonus)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=card.customer,
            card=card,
            actor=actor,
            source=source,
            insufficient_message=_("Insufficient stored value."),
            already_checked=True,
        )
        return result.transaction


def _insufficient(available: Decimal) -> DomainError:
    from loyalty.errors import InsufficientBalance

    return InsufficientBalance(
        _("Insufficient stored value: %(available)s available.") % {"available": available}
    )


def refund(
    original: LedgerTransaction, *, idempotency_key: str, actor: Any = None, reason: str = ""
) -> LedgerTransaction:
    """Reverse a top-up (money back to the customer) or a spend (value back on the card)."""
    if original.kind not in (LedgerTransaction.Kind.TOP_UP, LedgerTransaction.Kind.SPEND):
        raise DomainError(_("Only top-ups and spends can be refunded here."), code="not_refundable")
    with transaction.atomic():
        result = ledger.reverse(
            original,
            idempotency_key=idempotency_key,
            actor=actor,
            reason=reason,
            insufficient_message=_("This top-up has already been partly spent and cannot be refunded."),
        )
        if result.created:
            audit.record(
                "stored_value.refund",
                original,
                actor=actor,
                reason=reason,
                after={"reversal": result.transaction.pk},
            )
        return result.transaction


def adjust(
    card: Card,
    *,
    principal_delta: Any = 0,
    bonus_delta: Any = 0,
    reason: str,
    idempotency_key: str,
    actor: Any,
) -> LedgerTransaction:
    """A manual correction by a manager or owner, with a reason, audited with before and after."""
    if not (reason or "").strip():
        message = _("A reason is required for a manual adjustment.")
        raise DomainError(message, fields={"reason": [message]})
    try:
        p_delta = Decimal(str(principal_delta or 0)).quantize(CENT)
        b_delta = Decimal(str(bonus_delta or 0)).quantize(CENT)
    except Exception as exc:
        raise DomainError(
            _("Enter valid amounts."), fields={"principal_delta": [_("Enter valid amounts.")]}
        ) from exc
    if p_delta == 0 and b_delta == 0:
        raise DomainError(_("Nothing to adjust."), fields={"principal_delta": [_("Nothing to adjust.")]})
    request = ledger.fingerprint(op="adjust", card=card.pk, p=p_delta, b=b_delta, reason=reason)
    with transaction.atomic():
        found = ledger.existing(idempotency_key, request)
        if found is not None:
            return found
        card = _current_card(card)
        principal, bonus = _stored_value_accounts(card, lock=True)
        before = {"principal": principal.balance, "bonus": bonus.balance}
        result = ledger.post(
            LedgerTransaction.Kind.ADJUSTMENT,
            [ledger.Posting(principal, p_delta), ledger.Posting(bonus, b_delta)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            customer=card.customer,
            card=card,
            actor=actor,
            reason=reason,
            insufficient_message=_("The adjustment would make the balance negative."),
        )
        if result.created:  # a concurrent twin that lost the race must not audit twice
            audit.record(
                "stored_value.adjust",
                card,
                actor=actor,
                reason=reason,
                before=before,
                after={"principal": principal.balance, "bonus": bonus.balance},
            )
        return result.transaction


def balances(card: Card) -> dict[str, Decimal]:
    return {a.kind if not a.service else f"{a.kind}:{a.service}": a.balance for a in card.accounts.all()}
