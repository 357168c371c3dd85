"""Concurrency proven against PostgreSQL with real threads (each its own connection, like web
workers), then `reconcile_ledgers` expects zero drift in balances and stock."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from catalog.models import Product
from catalog.services import default_store
from inventory import services
from inventory.errors import InsufficientStock, TransferAlreadyReceived
from inventory.models import StockLevel, StockMovement, Transfer
from inventory.services import Line
from tenants.services.signup import SignupData, sign_up
from tests.concurrency import race


@pytest.fixture
def stocked(committed_db):  # type: ignore[no-untyped-def]
    tenant = sign_up(
        SignupData(
            "Stock Race", "stockrace", "o@stock.test", "race-pass-2026-x", "retail", "en", "USD", "UTC"
        )
    ).tenant
    connection.set_schema_to_public()
    with schema_context(tenant.schema_name):
        store = default_store()
        product = Product.objects.create(name="Soap", price=Decimal("30"))
        services.receive(store, [Line(product, "10", "4")], idempotency_key="seed")
    connection.set_schema_to_public()
    return tenant, store, product


def test_twenty_threads_sell_one_each_from_ten(stocked):
    tenant, store, product = stocked
    results = race(
        20, tenant, lambda i: services.remove(store, [Line(product, "1")], idempotency_key=f"sale-{i}")
    )
    sold = [r for r in results if isinstance(r, StockMovement)]
    refused = [r for r in results if isinstance(r, InsufficientStock)]
    assert len(sold) == 10, results
    assert len(refused) == 10, [r for r in results if not isinstance(r, (StockMovement, InsufficientStock))]
    assert all(str(r) == "Not enough stock of Soap: 0 left" for r in refused)
    with schema_context(tenant.schema_name):
        level = StockLevel.objects.get(store=store, product=product)
        assert level.on_hand == 0
        assert sum(line.quantity for line in level.lines.all()) == level.on_hand
        assert sorted(line.on_hand_after for line in level.lines.filter(quantity__lt=0)) == list(range(10))
    call_command("reconcile_ledgers", schemas=[tenant.schema_name])


def test_racing_retries_and_receipts_of_one_transfer_happen_once(stocked):
    tenant, store, product = stocked
    with schema_context(tenant.schema_name):
        other = type(store).objects.create(name="East", code="east")
        transfer = services.transfer(store, other, [Line(product, "4")], idempotency_key="t")
    connection.set_schema_to_public()
    retries = race(
        10, tenant, lambda i: services.remove(store, [Line(product, "1")], idempotency_key="click")
    )
    assert all(isinstance(r, StockMovement) for r in retries), retries
    assert len({r.pk for r in retries}) == 1
    results = race(10, tenant, lambda i: services.receive_transfer(transfer, idempotency_key=f"in-{i}"))
    assert len([r for r in results if isinstance(r, Transfer)]) == 1, results
    assert len([r for r in results if isinstance(r, TransferAlreadyReceived)]) == 9, results
    with schema_context(tenant.schema_name):
        assert StockLevel.objects.get(store=store, product=product).on_hand == 5
        assert StockLevel.objects.get(store=other, product=product).on_hand == 4
    call_command("reconcile_ledgers", schemas=[tenant.schema_name])


def test_movements_over_the_same_levels_in_opposite_orders_never_deadlock(stocked):
    tenant, store, product = stocked
    with schema_context(tenant.schema_name):
        others = [Product.objects.create(name=f"Item {i}", price=Decimal("5")) for i in range(4)]
        products = [product, *others]
        services.receive(store, [Line(p, "100", "1") for p in others], idempotency_key="seed-others")
    connection.set_schema_to_public()

    def sell(i: int) -> StockMovement:
        ordered = products if i % 2 else list(reversed(products))
        return services.remove(store, [Line(p, "1") for p in ordered], idempotency_key=f"multi-{i}")

    results = race(10, tenant, sell)
    assert all(isinstance(r, StockMovement) for r in results), results
    with schema_context(tenant.schema_name):
        assert StockLevel.objects.get(store=store, product=product).on_hand == 0
        assert all(StockLevel.objects.get(store=store, product=p).on_hand == 90 for p in others)
    call_command("reconcile_ledgers", schemas=[tenant.schema_name])
