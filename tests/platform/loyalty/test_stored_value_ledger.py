"""Stored value and the ledger kernel: bonus rules, spending order, idempotency, reversals,
append-only entries, card status, count and time cards."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import DomainError
from core.models import AuditLog
from loyalty.errors import AlreadyReversed, CardNotUsable, IdempotencyConflict, InsufficientBalance
from loyalty.models import (
    Account,
    CardType,
    CardTypeService,
    LedgerEntry,
    LedgerTransaction,
    LoyaltySettings,
    TopUpRule,
)
from loyalty.reconcile import drift_in_current_schema
from loyalty.services import cards, usage
from loyalty.services import stored_value as sv
from members.services import create_customer

D = Decimal


@pytest.fixture
def shop(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        yield tenant_a


@pytest.fixture
def customer(shop):  # type: ignore[no-untyped-def]
    return create_customer({"name": "林小美", "phone": "0912 345 678"}, join=True)


@pytest.fixture
def sv_type(shop):  # type: ignore[no-untyped-def]
    return CardType.objects.create(name="儲值卡", kind=CardType.Kind.STORED_VALUE)


@pytest.fixture
def card(customer, sv_type):  # type: ignore[no-untyped-def]
    return cards.issue_card(customer, sv_type, idempotency_key="issue-1")


def balances(card) -> tuple[Decimal, Decimal]:  # type: ignore[no-untyped-def]
    b = sv.balances(card)
    return b["principal"], b["bonus"]


def test_top_up_applies_the_best_single_bonus_rule(card, sv_type):
    TopUpRule.objects.create(name="1000送100", min_amount=1000, bonus_amount=100)
    TopUpRule.objects.create(name="3000送500", min_amount=3000, bonus_amount=500)
    TopUpRule.objects.create(name="5% extra", min_amount=2000, bonus_percent=5)
    TopUpRule.objects.create(
        name="other type",
        min_amount=1,
        bonus_amount=999,
        card_type=CardType.objects.create(name="x", kind="stored_value"),
    )
    TopUpRule.objects.create(
        name="expired", min_amount=1, bonus_amount=888, ends_at=timezone.now() - timedelta(days=1)
    )
    assert sv.preview_bonus(sv_type, D("999.99")).bonus == D("0.00")
    assert sv.preview_bonus(sv_type, D("1000")).bonus == D("100.00")
    assert sv.preview_bonus(sv_type, D("2500")).bonus == D("125.00")  # 5% beats 100
    preview = sv.preview_bonus(sv_type, D("3000"))
    assert (preview.bonus, preview.rule.name, preview.total) == (D("500.00"), "3000送500", D("3500.00"))

    txn = sv.top_up(card, "1000", idempotency_key="t1")
    assert balances(card) == (D("1000.00"), D("100.00"))
    assert txn.amount_paid == D("1000.00") and txn.kind == LedgerTransaction.Kind.TOP_UP
    assert {e.amount for e in txn.entries.all()} == {D("1000.00"), D("100.00")}


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (LoyaltySettings.SpendOrder.BONUS_FIRST, (D("950.00"), D("0.00"))),
        (LoyaltySettings.SpendOrder.PRINCIPAL_FIRST, (D("850.00"), D("100.00"))),
    ],
)
def test_spending_order_is_configurable(card, order, expected):
    TopUpRule.objects.create(name="1000送100", min_amount=1000, bonus_amount=100)
    settings_row = LoyaltySettings.current()
    settings_row.spend_order = order
    settings_row.save()
    sv.top_up(card, 1000, idempotency_key="t")
    sv.spend(card, "150", idempotency_key="s")
    assert balances(card) == expected


def test_spend_more_than_balance_is_refused_and_changes_nothing(card):
    sv.top_up(card, 100, idempotency_key="t")
    with pytest.raises(InsufficientBalance, match=r"100\.00 available"):
        sv.spend(card, "100.01", idempotency_key="s")
    assert balances(card) == (D("100.00"), D("0.00"))
    assert LedgerTransaction.objects.filter(kind="spend").count() == 0


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "NaN", "Infinity", None])
def test_invalid_amounts_are_field_errors(card, amount):
    with pytest.raises(DomainError) as err:
        sv.top_up(card, amount, idempotency_key=f"bad-{amount}")
    assert "amount" in err.value.fields


def test_retry_with_same_key_has_exactly_one_effect(card):
    first = sv.top_up(card, 500, idempotency_key="retry")
    second = sv.top_up(card, 500, idempotency_key="retry")
    assert first.pk == second.pk
    assert balances(card) == (D("500.00"), D("0.00"))
    with pytest.raises(IdempotencyConflict):
        sv.top_up(card, 600, idempotency_key="retry")
    spend1 = sv.spend(card, 10, idempotency_key="s-retry")
    assert sv.spend(card, 10, idempotency_key="s-retry").pk == spend1.pk
    assert balances(card) == (D("490.00"), D("0.00"))


def test_refund_is_a_linked_reversal_and_only_once(card):
    TopUpRule.objects.create(name="1000送100", min_amount=1000, bonus_amount=100)
    top = sv.top_up(card, 1000, idempotency_key="t")
    reversal = sv.refund(top, idempotency_key="r1", reason="customer changed mind")
    assert reversal.reverses_id == top.pk and reversal.kind == LedgerTransaction.Kind.REVERSAL
    assert sorted(e.amount for e in reversal.entries.all()) == [D("-1000.00"), D("-100.00")]
    assert reversal.amount_paid == D("-1000.00")
    assert balances(card) == (D("0.00"), D("0.00"))
    assert LedgerTransaction.objects.filter(pk=top.pk).exists()  # never deleted
    assert sv.refund(top, idempotency_key="r1").pk == reversal.pk  # retry, same key
    with pytest.raises(AlreadyReversed):
        sv.refund(top, idempotency_key="r2")
    with pytest.raises((AlreadyReversed, DomainError)):
        sv.refund(reversal, idempotency_key="r3")


def test_refund_of_partly_spent_top_up_is_refused(card):
    top = sv.top_up(card, 1000, idempotency_key="t")
    sv.spend(card, 1, idempotency_key="s")
    with pytest.raises(InsufficientBalance, match="already been partly spent"):
        sv.refund(top, idempotency_key="r")
    assert balances(card) == (D("999.00"), D("0.00"))


def test_refund_of_spend_puts_value_back_to_the_same_accounts(card):
    TopUpRule.objects.create(name="1000送100", min_amount=1000, bonus_amount=100)
    sv.top_up(card, 1000, idempotency_key="t")
    spent = sv.spend(card, 300, idempotency_key="s")
    sv.refund(spent, idempotency_key="r")
    assert balances(card) == (D("1000.00"), D("100.00"))


def test_adjustment_needs_a_reason_and_is_audited(card, shop):
    from accounts.models import User

    owner = User.objects.get(role="owner")
    with pytest.raises(DomainError) as err:
        sv.adjust(card, principal_delta=10, reason=" ", idempotency_key="a0", actor=owner)
    assert "reason" in err.value.fields
    sv.adjust(
        card,
        principal_delta="50",
        bonus_delta="5",
        reason="opening balance from paper",
        idempotency_key="a1",
        actor=owner,
    )
    assert balances(card) == (D("50.00"), D("5.00"))
    log = AuditLog.objects.get(action="stored_value.adjust")
    assert log.actor == owner and log.reason == "opening balance from paper"
    assert log.before == {"principal": "0.00", "bonus": "0.00"}
    assert log.after == {"principal": "50.00", "bonus": "5.00"}
    with pytest.raises(InsufficientBalance):
        sv.adjust(card, principal_delta=-51, reason="too much", idempotency_key="a2", actor=owner)


def test_ledger_rows_are_append_only_in_the_database(card):
    sv.top_up(card, 100, idempotency_key="t")
    entry = LedgerEntry.objects.first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=D("1000"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerTransaction.objects.filter(pk=entry.transaction_id).update(reason="edited")


def test_balance_never_negative_even_bypassing_services(card):
    account = Account.objects.get(card=card, kind=Account.Kind.PRINCIPAL)
    with pytest.raises(DatabaseError), transaction.atomic():
        Account.objects.filter(pk=account.pk).update(balance=D("-1"))


def test_entries_carry_running_balance(card):
    sv.top_up(card, 100, idempotency_key="t1")
    sv.top_up(card, 50, idempotency_key="t2")
    sv.spend(card, 30, idempotency_key="s1")
    principal = Account.objects.get(card=card, kind=Account.Kind.PRINCIPAL)
    assert [e.balance_after for e in principal.entries.order_by("id")] == [
        D("100.00"),
        D("150.00"),
        D("120.00"),
    ]
    checked, drifts = drift_in_current_schema()
    assert checked >= 2 and drifts == []


def test_frozen_lost_and_replaced_cards(card, customer, sv_type):
    sv.top_up(card, 200, idempotency_key="t")
    cards.freeze(card, reason="customer request")
    with pytest.raises(CardNotUsable):
        sv.spend(card, 1, idempotency_key="s-frozen")
    cards.unfreeze(card)
    sv.spend(card, 20, idempotency_key="s-ok")
    cards.report_loss(card, reason="lost wallet")
    with pytest.raises(CardNotUsable):
        sv.top_up(card, 1, idempotency_key="t-lost")
    new = cards.replace(card, reason="掛失補卡")
    card.refresh_from_db()
    assert card.status == "replaced" and card.replaced_by == new
    assert sv.balances(new) == {"principal": D("180.00"), "bonus": D("0.00")}
    assert new.accounts.get(kind="principal").entries.count() == 2  # history moved with the account
    with pytest.raises(CardNotUsable):
        sv.spend(card, 1, idempotency_key="s-old")
    sv.spend(new, 80, idempotency_key="s-new")
    assert sv.balances(new)["principal"] == D("100.00")
    assert AuditLog.objects.filter(action="card.replace", target_id=str(card.pk)).exists()
    from members.selectors import lookup

    assert [c.pk for c in lookup(new.number)] == [customer.pk]


def test_expired_card_cannot_be_used(customer):
    ct = CardType.objects.create(name="short", kind="stored_value", validity_days=1)
    card = cards.issue_card(customer, ct, idempotency_key="i")
    card.expires_at = timezone.now() - timedelta(seconds=1)
    card.save()
    with pytest.raises(CardNotUsable, match="expired"):
        sv.top_up(card, 1, idempotency_key="t")


def test_count_card_sessions(customer):
    ct = CardType.objects.create(name="洗剪吹10次", kind="count", price=D("3000"))
    CardTypeService.objects.create(card_type=ct, service="cut", sessions=10)
    CardTypeService.objects.create(card_type=ct, service="wash", sessions=2)
    card = cards.issue_card(customer, ct, idempotency_key="i")
    issue = LedgerTransaction.objects.get(card=card, kind="issue")
    assert issue.amount_paid == D("3000.00")
    used = usage.consume_sessions(card, "wash", 2, idempotency_key="u1")
    assert usage.consume_sessions(card, "wash", 2, idempotency_key="u1").pk == used.pk
    with pytest.raises(InsufficientBalance, match="Not enough sessions"):
        usage.consume_sessions(card, "wash", 1, idempotency_key="u2")
    with pytest.raises(DomainError):
        usage.consume_sessions(card, "massage", 1, idempotency_key="u3")
    with pytest.raises(DomainError):
        usage.consume_sessions(card, "cut", "1.5", idempotency_key="u4")
    usage.refund_usage(used, idempotency_key="r1")
    assert card.accounts.get(service="wash").balance == D("2.00")
    assert card.accounts.get(service="cut").balance == D("10.00")


def test_time_card_minutes_and_validity(customer):
    minutes = CardType.objects.create(name="KTV 600 min", kind="time", minutes=600)
    card = cards.issue_card(customer, minutes, idempotency_key="i1")
    usage.consume_minutes(card, 90, idempotency_key="m1")
    assert card.accounts.get(kind="minutes").balance == D("510.00")
    with pytest.raises(InsufficientBalance):
        usage.consume_minutes(card, 511, idempotency_key="m2")
    monthly = CardType.objects.create(name="月卡", kind="time", validity_days=30)
    pass_card = cards.issue_card(customer, monthly, idempotency_key="i2")
    assert usage.is_valid_now(pass_card)
    pass_card.expires_at = timezone.now() - timedelta(minutes=1)
    pass_card.save()
    assert not usage.is_valid_now(pass_card)


def test_duplicate_card_number_is_a_field_error(customer, sv_type):
    cards.issue_card(customer, sv_type, idempotency_key="i1", number="VIP-0001")
    with pytest.raises(DomainError) as err:
        cards.issue_card(customer, sv_type, idempotency_key="i2", number="VIP-0001")
    assert "number" in err.value.fields
