"""Checkouts and refunds raced on real threads against PostgreSQL: no oversell, no overspend, one
refund wins, one order per client id, and the ledgers reconcile afterwards."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from catalog.models import Product
from catalog.services import default_store
from core.errors import DomainError
from inventory import services as stock
from inventory.models import StockLevel
from loyalty.models import CardType
from loyalty.services import cards, stored_value
from members.models import Customer
from orders.models import Order, Refund
from orders.services import checkout as checkout_service
from orders.services import refunds
from tenants.services.signup import SignupData, sign_up
from tests.concurrency import race


@pytest.fixture
def till(committed_db):  # type: ignore[no-untyped-def]
    tenant = sign_up(
        SignupData("Till Race", "tillrace", "o@till.test", "race-pass-2026-x", "retail", "en", "USD", "UTC")
    ).tenant
    connection.set_schema_to_public()
    with schema_context(tenant.schema_name):
        from accounts.models import User

        owner = User.objects.create_user("racer@till.test", "race-pass-2026-x", role=User.Role.OWNER)
        store = default_store()
        soap = Product.objects.create(name="Soap", price=Decimal("30"))
        stock.receive(store, [stock.Line(soap, "10", "4")], idempotency_key="seed")
        customer = Customer.objects.create(name="Racer")
        card_type = CardType.objects.create(name="Stored", kind=CardType.Kind.STORED_VALUE)
        card = cards.issue_card(customer, card_type, idempotency_key="card")
        stored_value.top_up(card, "100", idempotency_key="top")
    connection.set_schema_to_public()
    return {
        "tenant": tenant,
        "owner": owner,
        "store": store,
        "soap": soap,
        "customer": customer,
        "card": card,
    }


def sale(till, payments, quantity="1", client_id=None):  # type: ignore[no-untyped-def]
    return {
        "client_id": client_id or uuid.uuid4(),
        "store": till["store"].pk,
        "mode": "sale",
        "customer": till["customer"].pk,
        "lines": [{"product": till["soap"].pk, "quantity": Decimal(quantity)}],
        "payments": payments,
    }


def test_parallel_checkouts_never_overspend_a_balance(till):
    pay = [{"method": "stored_value", "card": till["card"].pk, "amount": Decimal("30")}]
    results = race(
        8, till["tenant"], lambda i: checkout_service.checkout(sale(till, pay), actor=till["owner"])
    )
    paid = [r for r in results if isinstance(r, checkout_service.CheckoutResult)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(paid) == 3 and len(refused) == 5, results
    assert {r.code for r in refused} == {"insufficient_balance"}
    with schema_context(till["tenant"].schema_name):
        assert Order.objects.count() == 3
        assert StockLevel.objects.get(product=till["soap"]).on_hand == 7
    call_command("reconcile_ledgers", schemas=[till["tenant"].schema_name])


def test_parallel_checkouts_never_oversell_stock(till):
    pay = [{"method": "cash", "amount": Decimal("90")}]
    results = race(
        6, till["tenant"], lambda i: checkout_service.checkout(sale(till, pay, "3"), actor=till["owner"])
    )
    paid = [r for r in results if isinstance(r, checkout_service.CheckoutResult)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(paid) == 3 and {r.code for r in refused} == {"insufficient_stock"}, results
    with schema_context(till["tenant"].schema_name):
        assert StockLevel.objects.get(product=till["soap"]).on_hand == 1
    call_command("reconcile_ledgers", schemas=[till["tenant"].schema_name])


def test_the_same_order_sent_in_parallel_is_created_once(till):
    client_id = uuid.uuid4()
    pay = [{"method": "stored_value", "card": till["card"].pk, "amount": Decimal("30")}]
    results = race(
        6,
        till["tenant"],
        lambda i: checkout_service.checkout(sale(till, pay, client_id=client_id), actor=till["owner"]),
    )
    assert all(isinstance(r, checkout_service.CheckoutResult) for r in results), results
    assert sum(r.created for r in results) == 1
    assert len({r.order.pk for r in results}) == 1
    with schema_context(till["tenant"].schema_name):
        assert Order.objects.count() == 1
        assert StockLevel.objects.get(product=till["soap"]).on_hand == 9
    call_command("reconcile_ledgers", schemas=[till["tenant"].schema_name])


def test_parallel_refunds_of_one_order_one_wins(till):
    pay = [{"method": "stored_value", "card": till["card"].pk, "amount": Decimal("60")}]
    with schema_context(till["tenant"].schema_name):
        order = checkout_service.checkout(sale(till, pay, "2"), actor=till["owner"]).order
    results = race(
        6,
        till["tenant"],
        lambda i: refunds.refund(order, client_id=uuid.uuid4(), reason="race", actor=till["owner"]),
    )
    won = [r for r in results if isinstance(r, refunds.RefundResult)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(won) == 1 and {r.code for r in refused} == {"already_refunded"}, results
    with schema_context(till["tenant"].schema_name):
        assert Refund.objects.count() == 1
        assert StockLevel.objects.get(product=till["soap"]).on_hand == 10
        assert sum(stored_value.balances(till["card"]).values()) == Decimal("100.00")
    call_command("reconcile_ledgers", schemas=[till["tenant"].schema_name])


def test_refunds_and_checkouts_of_one_member_and_product_do_not_deadlock(till):
    """A refund and a sale for the same member and product at the same moment (an exchange rung at
    two tills) take their row locks in the same order, member balances before stock, so neither
    waits on the other in a cycle."""
    pay = [{"method": "stored_value", "card": till["card"].pk, "amount": Decimal("30")}]
    with schema_context(till["tenant"].schema_name):
        stored_value.top_up(till["card"], "1000", idempotency_key="more")
        earlier = [checkout_service.checkout(sale(till, pay), actor=till["owner"]).order for _ in range(4)]

    def act(i: int):  # type: ignore[no-untyped-def]
        if i % 2:
            return checkout_service.checkout(sale(till, pay), actor=till["owner"])
        return refunds.refund(earlier[i // 2], client_id=uuid.uuid4(), reason="exchange", actor=till["owner"])

    results = race(8, till["tenant"], act)
    assert all(isinstance(r, (refunds.RefundResult, checkout_service.CheckoutResult)) for r in results), (
        results
    )
    with schema_context(till["tenant"].schema_name):
        assert Refund.objects.count() == 4 and Order.objects.count() == 8
        assert StockLevel.objects.get(product=till["soap"]).on_hand == 10 - 4 - 4 + 4
        assert sum(stored_value.balances(till["card"]).values()) == Decimal("1100.00") - 4 * 30
    call_command("reconcile_ledgers", schemas=[till["tenant"].schema_name])
