"""Concurrency proven against PostgreSQL with real threads, then `reconcile_ledgers` expects zero
drift. Each thread has its own connection, like separate web workers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context

from loyalty.errors import InsufficientBalance
from loyalty.models import Account, CardType, LedgerTransaction
from loyalty.services import cards
from loyalty.services import stored_value as sv
from members.services import create_customer
from tenants.services.signup import SignupData, sign_up
from tests.concurrency import race


@pytest.fixture
def racer(committed_db):  # type: ignore[no-untyped-def]
    tenant = sign_up(
        SignupData("Race Shop", "raceshop", "o@race.test", "race-pass-2026-x", "retail", "en", "USD", "UTC")
    ).tenant
    connection.set_schema_to_public()
    with schema_context(tenant.schema_name):
        customer = create_customer({"name": "Racer", "phone": "+1 415 555 0100"}, join=True)
        card_type = CardType.objects.create(name="Wallet", kind=CardType.Kind.STORED_VALUE)
        card = cards.issue_card(customer, card_type, idempotency_key="issue")
        sv.top_up(card, "100", idempotency_key="seed")
    connection.set_schema_to_public()
    return tenant, card


def test_fifty_threads_spend_ten_from_a_hundred(racer):
    tenant, card = racer
    results = race(50, tenant, lambda i: sv.spend(card, "10", idempotency_key=f"spend-{i}"))
    succeeded = [r for r in results if isinstance(r, LedgerTransaction)]
    refused = [r for r in results if isinstance(r, InsufficientBalance)]
    assert len(succeeded) == 10, results
    assert len(refused) == 40, [
        r for r in results if not isinstance(r, (LedgerTransaction, InsufficientBalance))
    ]
    assert all("Insufficient stored value" in str(r) for r in refused)
    with schema_context(tenant.schema_name):
        assert sv.balances(card)["principal"] == Decimal("0.00")
        principal = Account.objects.get(card=card, kind="principal")
        assert sum(e.amount for e in principal.entries.all()) == principal.balance
    call_command("reconcile_ledgers", schemas=[tenant.schema_name])


def test_racing_retries_of_one_request_post_once(racer):
    tenant, card = racer
    results = race(20, tenant, lambda i: sv.spend(card, "7", idempotency_key="same-click"))
    assert all(isinstance(r, LedgerTransaction) for r in results), results
    assert len({r.pk for r in results}) == 1
    with schema_context(tenant.schema_name):
        assert sv.balances(card)["principal"] == Decimal("93.00")


def test_racing_refunds_of_one_top_up_reverse_once(racer):
    tenant, card = racer
    with schema_context(tenant.schema_name):
        top = sv.top_up(card, "50", idempotency_key="extra")
    results = race(10, tenant, lambda i: sv.refund(top, idempotency_key=f"refund-{i}"))
    done = [r for r in results if isinstance(r, LedgerTransaction)]
    assert len(done) == 1, results
    with schema_context(tenant.schema_name):
        assert sv.balances(card)["principal"] == Decimal("100.00")
    call_command("reconcile_ledgers", schemas=[tenant.schema_name])


def test_reconcile_reports_drift(racer, capsys):
    tenant, card = racer
    with schema_context(tenant.schema_name):
        Account.objects.filter(card=card, kind="principal").update(balance=Decimal("99.00"))
    with pytest.raises(CommandError, match="1 account"):
        call_command("reconcile_ledgers", schemas=[tenant.schema_name])
    assert "cached 99.00 != ledger 100.00" in capsys.readouterr().err
    with schema_context(tenant.schema_name):
        Account.objects.filter(card=card, kind="principal").update(balance=Decimal("100.00"))


def test_reconcile_all_tenants_zero_drift(racer, capsys):
    call_command("reconcile_ledgers")
    assert "0 drift(s)" in capsys.readouterr().out
