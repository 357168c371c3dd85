"""Concurrency of purchase-order receipts and stocktake approvals, proven against PostgreSQL with
real threads: the purchase order (or stocktake) row lock lets exactly one of them take effect."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from catalog.models import Product
from catalog.services import default_store
from core.errors import DomainError
from inventory import purchasing, services, stocktakes
from inventory.models import PurchaseOrder, StockLevel, StockMovement, Stocktake, Supplier
from inventory.purchasing import Delivery, OrderLine
from inventory.services import Line
from tenants.services.signup import SignupData, sign_up
from tests.concurrency import race


@pytest.fixture
def shop(committed_db):  # type: ignore[no-untyped-def]
    tenant = sign_up(
        SignupData("PO Race", "porace", "o@porace.test", "race-pass-2026-x", "retail", "en", "USD", "UTC")
    ).tenant
    connection.set_schema_to_public()
    with schema_context(tenant.schema_name):
        store = default_store()
        product = Product.objects.create(name="Soap", price=Decimal("30"))
        supplier = Supplier.objects.create(name="Acme")
    connection.set_schema_to_public()
    return tenant, store, product, supplier


def test_two_deliveries_of_the_remaining_quantity_only_one_is_booked(shop):
    tenant, store, product, supplier = shop
    with schema_context(tenant.schema_name):
        order = purchasing.create_purchase_order(store, supplier, [OrderLine(product, "10", "4")])
        order = purchasing.place_order(order)
        line = order.lines.get()
        purchasing.receive_goods(order, [Delivery(line.pk, "4")], idempotency_key="first")
    connection.set_schema_to_public()
    results = race(
        2,
        tenant,
        lambda i: purchasing.receive_goods(order, [Delivery(line.pk, "6")], idempotency_key=f"rest-{i}"),
    )
    booked = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(booked) == 1 and len(refused) == 1, results
    assert refused[0].code in ("not_receivable", "over_receipt") and refused[0].status == 409
    with schema_context(tenant.schema_name):
        order = PurchaseOrder.objects.get(pk=order.pk)
        assert order.status == "received" and order.lines.get().quantity_received == 10
        assert StockLevel.objects.get(store=store, product=product).on_hand == 10
        assert StockMovement.objects.filter(source_type="purchase_order").count() == 2
    call_command("reconcile_ledgers", schemas=[tenant.schema_name])


def test_retries_of_one_delivery_book_it_once(shop):
    tenant, store, product, supplier = shop
    with schema_context(tenant.schema_name):
        order = purchasing.place_order(
            purchasing.create_purchase_order(store, supplier, [OrderLine(product, "10", "4")])
        )
        line = order.lines.get()
    connection.set_schema_to_public()
    results = race(
        5,
        tenant,
        lambda i: purchasing.receive_goods(order, [Delivery(line.pk, "3")], idempotency_key="click"),
    )
    assert all(isinstance(r, tuple) for r in results), results
    assert len({movement.pk for _order, movement in results}) == 1
    with schema_context(tenant.schema_name):
        assert PurchaseOrder.objects.get(pk=order.pk).lines.get().quantity_received == 3
        assert StockLevel.objects.get(store=store, product=product).on_hand == 3


def test_approving_twice_concurrently_has_one_effect(shop):
    tenant, store, product, _supplier = shop
    with schema_context(tenant.schema_name):
        services.receive(store, [Line(product, "10", "4")], idempotency_key="seed")
        session = stocktakes.start_stocktake(store)
        stocktakes.enter_counts(session, [stocktakes.Count(product, "7")])
        stocktakes.submit_stocktake(session)
    connection.set_schema_to_public()
    results = race(4, tenant, lambda i: stocktakes.approve_stocktake(session))
    assert all(isinstance(r, Stocktake) for r in results), results
    assert len({r.movement_id for r in results}) == 1
    with schema_context(tenant.schema_name):
        assert StockMovement.objects.filter(kind="adjustment").count() == 1
        assert StockLevel.objects.get(store=store, product=product).on_hand == 7
    call_command("reconcile_ledgers", schemas=[tenant.schema_name])


def test_two_sessions_started_at_once_only_one_opens(shop):
    tenant, store, product, _supplier = shop
    with schema_context(tenant.schema_name):
        services.receive(store, [Line(product, "1", "4")], idempotency_key="seed")
    connection.set_schema_to_public()
    results = race(2, tenant, lambda i: stocktakes.start_stocktake(store))
    opened = [r for r in results if isinstance(r, Stocktake)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(opened) == 1 and len(refused) == 1 and refused[0].code == "stocktake_open", results
