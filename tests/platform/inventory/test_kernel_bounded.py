"""The stock kernel runs a constant number of SQL queries whatever the number of lines; refunds
restock at the sale's cost; sales record their cost of goods; stocktake differences book as one
movement; thresholds and settings are audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from catalog.models import Product, Store
from catalog.services import default_store
from core.errors import DomainError
from core.models import AuditLog
from inventory import services
from inventory.errors import InsufficientStock
from inventory.models import InventorySettings, StockLevel, StockMovement
from inventory.reconcile import stock_drift_in_current_schema
from inventory.services import Line
from loyalty.errors import IdempotencyConflict


@pytest.fixture
def shop(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        store = default_store()
        products = [Product.objects.create(name=f"Item {i:02d}", price=Decimal("10")) for i in range(21)]
        yield store, products


def level(store: Store, product: Product) -> StockLevel:
    return StockLevel.objects.get(store=store, product=product)


def queries(work) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        work()
    return len(captured.captured_queries)


def test_posting_runs_the_same_queries_for_1_or_20_lines(shop):
    store, products = shop
    services.receive(store, [Line(p, "100", "2") for p in products], idempotency_key="seed")
    one, twenty = products[:1], products[1:21]
    remove_one = queries(lambda: services.remove(store, [Line(p, "1") for p in one], idempotency_key="s1"))
    remove_twenty = queries(
        lambda: services.remove(store, [Line(p, "1") for p in twenty], idempotency_key="s20")
    )
    assert remove_one == remove_twenty, (remove_one, remove_twenty)
    receive_one = queries(lambda: services.receive(store, [Line(one[0], "1", "3")], idempotency_key="r1"))
    receive_twenty = queries(
        lambda: services.receive(store, [Line(p, "1", "3") for p in twenty], idempotency_key="r20")
    )
    assert receive_one == receive_twenty, (receive_one, receive_twenty)
    assert remove_twenty <= 12  # savepoints, key check, levels (2), header, setting, UPDATE, lines
    assert StockMovement.objects.get(idempotency_key="s20").lines.count() == 20
    assert all(level(store, p).on_hand == 100 for p in twenty)  # -1 then +1
    assert stock_drift_in_current_schema()[1] == []


def test_levels_reads_once_when_every_level_exists(shop):
    store, products = shop
    assert queries(lambda: services.levels(store, products)) == 3  # read, create the missing, read them
    found = services.levels(store, products)
    assert queries(lambda: services.levels(store, products)) == 1  # all exist now: the sale's path
    assert sorted(found) == sorted(p.pk for p in products)
    assert all(level.on_hand == 0 for level in found.values())


def test_one_statement_keeps_the_weighted_average_and_refuses_every_product_short(shop):
    store, products = shop
    a, b, c = products[:3]
    services.receive(store, [Line(a, "10", "5"), Line(b, "2", "5")], idempotency_key="r1")
    services.receive(store, [Line(a, "30", "9"), Line(b, "2", "7"), Line(c, "4", "1")], idempotency_key="r2")
    assert (level(store, a).on_hand, level(store, a).avg_cost) == (40, Decimal("8.0000"))
    assert (level(store, b).on_hand, level(store, b).avg_cost) == (4, Decimal("6.0000"))
    with pytest.raises(InsufficientStock) as refused:
        services.remove(store, [Line(a, "1"), Line(b, "5"), Line(c, "9")], idempotency_key="s")
    assert str(refused.value) == "Not enough stock of Item 01: 4 left; Not enough stock of Item 02: 4 left"
    assert refused.value.fields["lines"] == ["Not enough stock of Item 01.", "Not enough stock of Item 02."]
    assert level(store, a).on_hand == 40  # the whole movement is refused
    assert not StockMovement.objects.filter(idempotency_key="s").exists()


def test_lines_keep_the_callers_order(shop):
    store, products = shop
    a, b = products[:2]
    services.receive(store, [Line(a, "1", "1"), Line(b, "1", "1")], idempotency_key="r0")  # a's level first
    movement = services.receive(store, [Line(b, "2", "1"), Line(a, "3", "1")], idempotency_key="r")
    assert [line.stock_level.product_id for line in movement.lines.order_by("id")] == [b.pk, a.pk]


def test_a_sale_records_its_cost_of_goods_and_a_refund_restocks_at_that_cost(shop):
    store, products = shop
    soap = products[0]
    services.receive(store, [Line(soap, "10", "4")], idempotency_key="r1")
    sale = services.remove(store, [Line(soap, "4")], idempotency_key="sale", source=("order", 7))
    line = sale.lines.get()
    assert (line.quantity, line.unit_cost) == (Decimal("-4"), Decimal("4.0000"))
    assert (sale.source_type, sale.source_id) == ("order", "7")
    services.receive(store, [Line(soap, "6", "10")], idempotency_key="r2")  # avg (6*4 + 6*10)/12 = 7
    assert level(store, soap).avg_cost == Decimal("7.0000")
    refund = services.restock(
        store, [Line(soap, "2", line.unit_cost)], idempotency_key="refund", source=("order_refund", 3)
    )
    assert refund.kind == "refund" and (refund.source_type, refund.source_id) == ("order_refund", "3")
    back = refund.lines.get()
    assert (back.quantity, back.unit_cost, back.on_hand_after) == (2, Decimal("4.0000"), 14)
    assert level(store, soap).avg_cost == Decimal("6.5714")  # (12*7 + 2*4) / 14, not 7
    assert (
        services.restock(
            store, [Line(soap, "2", "4")], idempotency_key="refund", source=("order_refund", "3")
        ).pk
        == refund.pk
    )
    with pytest.raises(IdempotencyConflict):
        services.restock(store, [Line(soap, "1", "4")], idempotency_key="refund", source=("order_refund", 3))
    assert level(store, soap).on_hand == 14
    assert stock_drift_in_current_schema()[1] == []


def test_restock_without_a_cost_keeps_the_average_and_refuses_bad_lines(shop):
    store, products = shop
    soap = products[0]
    services.receive(store, [Line(soap, "10", "4")], idempotency_key="r")
    movement = services.restock(store, [Line(soap, "1")], idempotency_key="x")
    assert movement.lines.get().unit_cost == Decimal("4.0000") and level(store, soap).avg_cost == 4
    service = Product.objects.create(name="Cut", price=Decimal("300"), kind="service")
    for lines in ([Line(service, "1", "1")], [Line(soap, "0", "1")], [Line(soap, "1", "-1")], []):
        with pytest.raises(DomainError):
            services.restock(store, lines, idempotency_key="bad")
    assert not StockMovement.objects.filter(idempotency_key="bad").exists()


def test_restock_works_when_stock_is_negative(shop):
    store, products = shop
    soap = products[0]
    InventorySettings.objects.update_or_create(pk=1, defaults={"allow_negative_stock": True})
    services.remove(store, [Line(soap, "3")], idempotency_key="s")
    services.restock(store, [Line(soap, "1", "5")], idempotency_key="back")
    assert (level(store, soap).on_hand, level(store, soap).avg_cost) == (-2, Decimal("5.0000"))


def test_book_differences_is_one_movement_once(shop):
    store, products = shop
    a, b = products[:2]
    services.receive(store, [Line(a, "10", "2"), Line(b, "5", "3")], idempotency_key="r")
    lines = [Line(a, "-2.5"), Line(b, "3")]
    movement = services.book_differences(store, lines, idempotency_key="st:1", source=("stocktake", 1))
    assert movement.kind == "adjustment" and movement.lines.count() == 2
    assert (
        services.book_differences(store, lines, idempotency_key="st:1", source=("stocktake", 1)).pk
        == movement.pk
    )
    assert (level(store, a).on_hand, level(store, b).on_hand) == (Decimal("7.5"), 8)
    assert level(store, b).avg_cost == 3  # a count does not move the average
    with pytest.raises(DomainError):
        services.book_differences(store, [Line(a, "0")], idempotency_key="st:2")
    with pytest.raises(InsufficientStock):
        services.book_differences(store, [Line(a, "-8")], idempotency_key="st:3")


def test_threshold_and_settings_services_are_audited(shop):
    store, products = shop
    soap = products[0]
    services.receive(store, [Line(soap, "10", "4")], idempotency_key="r")
    lvl = services.set_low_stock_threshold(level(store, soap), "12", actor=None)
    assert lvl.low_stock_threshold == 12 and level(store, soap).on_hand == 10
    assert [x.product_id for x in services.low_stock(store)] == [soap.pk]
    services.set_low_stock_threshold(lvl, None)
    assert list(services.low_stock(store)) == []
    new = services.set_threshold_for(store, products[1], "3")
    assert (new.on_hand, new.low_stock_threshold) == (0, 3)
    with pytest.raises(DomainError) as invalid:
        services.set_low_stock_threshold(lvl, "-1")
    assert "low_stock_threshold" in invalid.value.fields
    settings = services.update_settings(allow_negative_stock=True)
    assert settings.allow_negative_stock and services.allow_negative_stock()
    services.update_settings(allow_negative_stock=True)  # no change, no audit row
    actions = list(AuditLog.objects.filter(action__startswith="inventory.").values_list("action", flat=True))
    assert actions.count("inventory.low_stock_threshold") == 3
    assert actions.count("inventory.settings") == 1
