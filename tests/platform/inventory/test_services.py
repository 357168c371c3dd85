"""The stock kernel: receipts and weighted average cost, removals never below zero (unless the shop
allows it), stocktakes, transfers in transit received once, reversals once, idempotent retries,
append-only movement rows, and zero drift between on-hand and the movement lines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction
from django_tenants.utils import schema_context

from catalog.models import Product, Store
from catalog.services import default_store
from core.errors import DomainError
from inventory import services
from inventory.errors import InsufficientStock, MovementAlreadyReversed, TransferAlreadyReceived
from inventory.models import InventorySettings, StockLevel, StockMovement, StockMovementLine, Transfer
from inventory.reconcile import stock_drift_in_current_schema
from inventory.services import Line
from loyalty.errors import IdempotencyConflict


@pytest.fixture
def shop(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        store = default_store()
        other = Store.objects.create(name="East", code="east")
        product = Product.objects.create(name="Shampoo", price=Decimal("120"))
        yield store, other, product


def on_hand(store: Store, product: Product) -> Decimal:
    return StockLevel.objects.get(store=store, product=product).on_hand


def assert_no_drift() -> None:
    assert stock_drift_in_current_schema()[1] == []


def test_receive_moves_weighted_average_cost(shop):
    store, _other, product = shop
    services.receive(store, [Line(product, "10", "5")], idempotency_key="r1")
    movement = services.receive(store, [Line(product, "30", "9")], idempotency_key="r2")
    level = StockLevel.objects.get(store=store, product=product)
    assert level.on_hand == Decimal("40") and level.avg_cost == Decimal("8.0000")  # (50+270)/40
    line = movement.lines.get()
    assert movement.kind == "receipt" and line.quantity == 30 and line.on_hand_after == 40
    assert_no_drift()


def test_remove_refused_below_zero_with_a_clear_message(shop):
    store, _other, product = shop
    services.receive(store, [Line(product, "3", "5")], idempotency_key="r")
    with pytest.raises(InsufficientStock) as refused:
        services.remove(store, [Line(product, "4")], kind="sale", idempotency_key="s")
    assert str(refused.value) == "Not enough stock of Shampoo: 3 left"
    assert on_hand(store, product) == 3
    assert not StockMovement.objects.filter(idempotency_key="s").exists()
    sale = services.remove(store, [Line(product, "3")], kind="damage", idempotency_key="d")
    assert sale.lines.get().unit_cost == Decimal("5.0000") and on_hand(store, product) == 0


def test_negative_stock_when_the_shop_allows_it(shop):
    store, _other, product = shop
    InventorySettings.objects.update_or_create(pk=1, defaults={"allow_negative_stock": True})
    services.remove(store, [Line(product, "2")], idempotency_key="s")
    assert on_hand(store, product) == -2
    services.receive(store, [Line(product, "5", "4")], idempotency_key="r")
    level = StockLevel.objects.get(store=store, product=product)
    assert level.on_hand == 3 and level.avg_cost == Decimal("4.0000")
    assert_no_drift()


def test_stocktake_books_the_difference(shop):
    store, _other, product = shop
    services.receive(store, [Line(product, "10", "5")], idempotency_key="r")
    movement = services.adjust_to_count(store, product, "7.5", reason="Count", idempotency_key="c")
    assert movement.kind == "adjustment" and movement.lines.get().quantity == Decimal("-2.5")
    assert on_hand(store, product) == Decimal("7.5")
    services.adjust_to_count(store, product, "12", reason="Found a box", idempotency_key="c2")
    assert on_hand(store, product) == 12
    with pytest.raises(DomainError) as invalid:
        services.adjust_to_count(store, product, "-1", reason="x", idempotency_key="c3")
    assert "counted" in invalid.value.fields
    assert_no_drift()


def test_transfer_in_transit_then_received_exactly_once(shop):
    store, other, product = shop
    services.receive(store, [Line(product, "10", "6")], idempotency_key="r")
    transfer = services.transfer(store, other, [Line(product, "4")], idempotency_key="t")
    assert transfer.status == Transfer.Status.IN_TRANSIT
    assert on_hand(store, product) == 6
    assert not StockLevel.objects.filter(store=other, product=product, on_hand__gt=0).exists()
    assert services.transfer(store, other, [Line(product, "4")], idempotency_key="t").pk == transfer.pk
    received = services.receive_transfer(transfer, idempotency_key="in")
    assert received.status == Transfer.Status.RECEIVED and received.in_movement.kind == "transfer_in"
    level = StockLevel.objects.get(store=other, product=product)
    assert level.on_hand == 4 and level.avg_cost == Decimal("6.0000")
    assert services.receive_transfer(transfer, idempotency_key="in").pk == transfer.pk  # a retry
    with pytest.raises(TransferAlreadyReceived):
        services.receive_transfer(transfer, idempotency_key="in-again")
    assert on_hand(other, product) == 4
    with pytest.raises(DomainError):
        services.transfer(store, store, [Line(product, "1")], idempotency_key="t2")
    assert_no_drift()


def test_reversal_of_a_sale_is_a_refund_once(shop):
    store, _other, product = shop
    services.receive(store, [Line(product, "10", "5")], idempotency_key="r")
    sale = services.remove(store, [Line(product, "4")], idempotency_key="s")
    refund = services.reverse(sale, idempotency_key="undo")
    assert refund.kind == "refund" and refund.reverses_id == sale.pk
    assert on_hand(store, product) == 10
    assert services.reverse(sale, idempotency_key="undo").pk == refund.pk  # a retry
    with pytest.raises(MovementAlreadyReversed):
        services.reverse(sale, idempotency_key="undo-again")
    with pytest.raises(DomainError) as refused:
        services.reverse(refund, idempotency_key="undo-undo")
    assert refused.value.code == "not_reversible"
    assert on_hand(store, product) == 10
    assert_no_drift()


def test_reversing_a_receipt_is_refused_when_the_goods_are_gone(shop):
    store, _other, product = shop
    receipt = services.receive(store, [Line(product, "5", "5")], idempotency_key="r")
    services.remove(store, [Line(product, "3")], idempotency_key="s")
    with pytest.raises(InsufficientStock):
        services.reverse(receipt, idempotency_key="undo")
    assert on_hand(store, product) == 2


def test_idempotent_retry_and_conflict(shop):
    store, _other, product = shop
    first = services.receive(store, [Line(product, "5", "5")], idempotency_key="same")
    again = services.receive(store, [Line(product, "5", "5")], idempotency_key="same")
    assert first.pk == again.pk and on_hand(store, product) == 5
    with pytest.raises(IdempotencyConflict):
        services.receive(store, [Line(product, "6", "5")], idempotency_key="same")
    assert StockMovement.objects.count() == 1


def test_services_and_duplicates_are_refused(shop):
    store, _other, product = shop
    service = Product.objects.create(name="Haircut", price=Decimal("300"), kind="service")
    for lines in ([Line(service, "1", "1")], [Line(product, "1", "1"), Line(product, "2", "1")], []):
        with pytest.raises(DomainError) as refused:
            services.receive(store, lines, idempotency_key="x")
        assert "lines" in refused.value.fields
    with pytest.raises(DomainError):
        services.receive(store, [Line(product, "0", "1")], idempotency_key="x")
    assert not StockMovement.objects.exists()


def test_movement_rows_are_append_only(shop):
    store, _other, product = shop
    movement = services.receive(store, [Line(product, "5", "5")], idempotency_key="r")
    for statement in (
        lambda: StockMovementLine.objects.filter(movement=movement).update(quantity=50),
        lambda: StockMovement.objects.filter(pk=movement.pk).update(reason="x"),
        lambda: StockMovementLine.objects.filter(movement=movement).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            statement()


def test_low_stock(shop):
    store, other, product = shop
    services.receive(store, [Line(product, "5", "5")], idempotency_key="r")
    services.receive(other, [Line(product, "50", "5")], idempotency_key="r2")
    StockLevel.objects.filter(product=product).update(low_stock_threshold=Decimal("10"))
    assert [(lv.store_id, lv.on_hand) for lv in services.low_stock()] == [(store.pk, Decimal("5.000"))]
    assert list(services.low_stock(other)) == []


def test_reconcile_finds_drift(shop):
    store, _other, product = shop
    services.receive(store, [Line(product, "5", "5")], idempotency_key="r")
    StockLevel.objects.filter(store=store, product=product).update(on_hand=Decimal("6"))
    checked, drifts = stock_drift_in_current_schema()
    assert checked == 1 and [(d.cached, d.ledger) for d in drifts] == [(Decimal("6.000"), Decimal("5.000"))]


def test_the_refusal_is_translated(shop):
    from django.utils import translation

    store, _other, product = shop
    with translation.override("zh-hant"), pytest.raises(InsufficientStock) as refused:
        services.remove(store, [Line(product, "1")], idempotency_key="s")
    assert str(refused.value) == "Shampoo 庫存不足：僅剩 0"
