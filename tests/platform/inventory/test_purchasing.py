"""Suppliers and purchase orders: draft, place, partial receipts (one receipt movement each, never
more than outstanding), cancel or close, returns to the supplier; the API's roles, validation and
idempotency; and shop B never reaching shop A's suppliers or purchase orders."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import schema_context

from catalog.models import Product, Store
from catalog.services import default_store
from core.errors import DomainError
from core.models import AuditLog
from inventory import purchasing, services
from inventory.errors import InsufficientStock
from inventory.models import PurchaseOrder, PurchaseOrderLine, StockLevel, StockMovement, Supplier
from inventory.purchasing import Delivery, OrderLine
from inventory.reconcile import stock_drift_in_current_schema
from loyalty.errors import IdempotencyConflict
from tests.platform.loyalty.test_api_support import count_rows, key, staff_client

MODELS = (Supplier, PurchaseOrder, PurchaseOrderLine, StockMovement, StockLevel)


# --- services ----------------------------------------------------------------------------------


@pytest.fixture
def shop(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        store = default_store()
        supplier = Supplier.objects.create(name="Acme Wholesale")
        soap = Product.objects.create(name="Soap", price=Decimal("30"))
        shampoo = Product.objects.create(name="Shampoo", price=Decimal("120"))
        yield store, supplier, soap, shampoo


def placed(shop: Any) -> PurchaseOrder:
    store, supplier, soap, shampoo = shop
    order = purchasing.create_purchase_order(
        store, supplier, [OrderLine(soap, "10", "5"), OrderLine(shampoo, "4", "40")]
    )
    return purchasing.place_order(order)


def line_of(order: PurchaseOrder, product: Product) -> PurchaseOrderLine:
    return order.lines.get(product=product)


def on_hand(store: Store, product: Product) -> Decimal:
    return StockLevel.objects.get(store=store, product=product).on_hand


def test_numbering_draft_edit_and_place(shop):
    store, supplier, soap, shampoo = shop
    first = purchasing.create_purchase_order(store, supplier, [OrderLine(soap, "1", "5")])
    second = purchasing.create_purchase_order(store, supplier, [OrderLine(soap, "1", "5")])
    assert first.number.startswith("PO-") and len(first.number) == 9
    assert int(second.number[3:]) == int(first.number[3:]) + 1
    assert first.status == "draft" and not StockMovement.objects.exists()
    purchasing.update_purchase_order(first, note="Call first", lines=[OrderLine(shampoo, "3", "40")])
    assert [(x.product_id, x.quantity) for x in first.lines.all()] == [(shampoo.pk, 3)]
    placed_order = purchasing.place_order(first)
    assert placed_order.status == "ordered" and placed_order.ordered_at is not None
    with pytest.raises(DomainError) as refused:
        purchasing.update_purchase_order(first, note="late")
    assert refused.value.code == "not_draft" and refused.value.status == 409
    with pytest.raises(DomainError):
        purchasing.place_order(first)


def test_draft_validation(shop):
    store, supplier, soap, _shampoo = shop
    service = Product.objects.create(name="Cut", price=Decimal("300"), kind="service")
    for lines, field in (
        ([], "lines"),
        ([OrderLine(service, "1", "1")], "lines"),
        ([OrderLine(soap, "1", "1"), OrderLine(soap, "2", "1")], "lines"),
        ([OrderLine(soap, "0", "1")], "quantity"),
        ([OrderLine(soap, "1", "-1")], "unit_cost"),
    ):
        with pytest.raises(DomainError) as refused:
            purchasing.create_purchase_order(store, supplier, lines)
        assert field in refused.value.fields
    supplier.active = False
    supplier.save()
    with pytest.raises(DomainError) as refused:
        purchasing.create_purchase_order(store, supplier, [OrderLine(soap, "1", "1")])
    assert "supplier" in refused.value.fields
    assert not PurchaseOrder.objects.exists()


def test_partial_receipts_then_received(shop):
    store, _supplier, soap, shampoo = shop
    order = placed(shop)
    soap_line, shampoo_line = line_of(order, soap), line_of(order, shampoo)
    with pytest.raises(DomainError) as refused:
        purchasing.receive_goods(order, [Delivery(soap_line.pk, "11")], idempotency_key="too-many")
    assert (
        refused.value.code == "over_receipt" and str(refused.value) == "Only 10 of Soap are still expected."
    )
    order, first = purchasing.receive_goods(order, [Delivery(soap_line.pk, "6")], idempotency_key="d1")
    assert order.status == "partially_received" and first.kind == "receipt"
    assert (first.source_type, first.source_id) == ("purchase_order", str(order.pk))
    assert on_hand(store, soap) == 6
    _again, replay = purchasing.receive_goods(order, [Delivery(soap_line.pk, "6")], idempotency_key="d1")
    assert replay.pk == first.pk and on_hand(store, soap) == 6  # a retry
    with pytest.raises(IdempotencyConflict):
        purchasing.receive_goods(order, [Delivery(soap_line.pk, "1")], idempotency_key="d1")
    order, second = purchasing.receive_goods(
        order,
        [Delivery(soap_line.pk, "4"), Delivery(shampoo_line.pk, "4", "45")],
        idempotency_key="d2",
    )
    assert order.status == "received" and order.closed_at is not None
    assert second.lines.count() == 2
    assert StockLevel.objects.get(store=store, product=shampoo).avg_cost == Decimal("45.0000")
    assert [(x.quantity_received, x.quantity) for x in order.lines.order_by("id")] == [(10, 10), (4, 4)]
    with pytest.raises(DomainError) as refused:
        purchasing.receive_goods(order, [Delivery(soap_line.pk, "1")], idempotency_key="d3")
    assert refused.value.code == "not_receivable"
    assert "inventory.purchase_order.receive" in AuditLog.objects.values_list("action", flat=True)
    assert stock_drift_in_current_schema()[1] == []


def test_receiving_needs_a_placed_order_and_its_own_lines(shop):
    store, supplier, soap, _shampoo = shop
    draft = purchasing.create_purchase_order(store, supplier, [OrderLine(soap, "2", "5")])
    with pytest.raises(DomainError) as refused:
        purchasing.receive_goods(draft, [Delivery(draft.lines.get().pk, "1")], idempotency_key="x")
    assert refused.value.code == "not_receivable"
    other = placed(shop)
    with pytest.raises(DomainError) as refused:
        purchasing.receive_goods(other, [Delivery(draft.lines.get().pk, "1")], idempotency_key="y")
    assert "lines" in refused.value.fields
    line = other.lines.first()
    with pytest.raises(DomainError) as refused:
        purchasing.receive_goods(other, [Delivery(line.pk, "1"), Delivery(line.pk, "1")], idempotency_key="z")
    assert "lines" in refused.value.fields
    assert not StockMovement.objects.exists()


def test_cancel_before_receipt_and_close_the_remainder_after(shop):
    order = placed(shop)
    cancelled = purchasing.cancel_order(order, reason="Supplier out of stock")
    assert cancelled.status == "cancelled" and cancelled.closed_at is not None
    with pytest.raises(DomainError) as refused:
        purchasing.cancel_order(order)
    assert refused.value.code == "not_cancellable"
    with pytest.raises(DomainError):
        purchasing.receive_goods(order, [Delivery(order.lines.first().pk, "1")], idempotency_key="late")
    partly = placed(shop)
    _store, _supplier, soap, _shampoo = shop
    purchasing.receive_goods(partly, [Delivery(line_of(partly, soap).pk, "3")], idempotency_key="d")
    closed = purchasing.cancel_order(partly)
    assert closed.status == "received"  # closed short: what arrived stays, nothing more is expected
    assert line_of(closed, soap).quantity_received == 3


def test_return_to_supplier(shop):
    store, _supplier, soap, _shampoo = shop
    order = placed(shop)
    soap_line = line_of(order, soap)
    purchasing.receive_goods(order, [Delivery(soap_line.pk, "5")], idempotency_key="d")
    with pytest.raises(DomainError) as refused:
        purchasing.return_to_supplier(order, [Delivery(soap_line.pk, "6")], idempotency_key="back")
    assert refused.value.code == "over_return"
    order, movement = purchasing.return_to_supplier(
        order, [Delivery(soap_line.pk, "2")], idempotency_key="back", reason="Damaged"
    )
    assert movement.kind == "return_to_supplier" and movement.lines.get().quantity == -2
    assert movement.lines.get().unit_cost == Decimal("5.0000")
    assert (
        purchasing.return_to_supplier(
            order, [Delivery(soap_line.pk, "2")], idempotency_key="back", reason="Damaged"
        )[1].pk
        == movement.pk
    )
    assert on_hand(store, soap) == 3 and line_of(order, soap).quantity_returned == 2
    assert order.status == "partially_received"
    services.remove(store, [services.Line(soap, "3")], idempotency_key="sold")
    with pytest.raises(InsufficientStock):  # the goods were sold meanwhile
        purchasing.return_to_supplier(order, [Delivery(soap_line.pk, "3")], idempotency_key="back2")
    assert line_of(order, soap).quantity_returned == 2


# --- API ---------------------------------------------------------------------------------------


@pytest.fixture
def cashier_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "cashier")


@pytest.fixture
def manager_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "manager")


@pytest.fixture
def api_shop(owner_a) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    main = owner_a.get("/api/v1/stores/").json()["results"][0]["id"]
    soap = owner_a.post("/api/v1/products/", {"name": "Soap", "price": "30"}, format="json").json()["id"]
    service = owner_a.post(
        "/api/v1/products/", {"name": "Cut", "price": "300", "kind": "service"}, format="json"
    ).json()["id"]
    supplier = owner_a.post(
        "/api/v1/suppliers/",
        {"name": "Acme", "phone": "02 1234 5678", "email": "sales@acme.test"},
        format="json",
    )
    assert supplier.status_code == 201, supplier.content
    return {"main": main, "soap": soap, "service": service, "supplier": supplier.json()["id"]}


def draft(client, shop, qty="10", cost="5"):  # type: ignore[no-untyped-def]
    body = {
        "store": shop["main"],
        "supplier": shop["supplier"],
        "expected_at": "2026-12-01",
        "lines": [{"product": shop["soap"], "quantity": qty, "unit_cost": cost}],
    }
    return client.post("/api/v1/purchase-orders/", body, format="json")


def test_purchase_order_flow_over_the_api(manager_a, api_shop):
    created = draft(manager_a, api_shop)
    assert created.status_code == 201, created.content
    order = created.json()
    assert order["status"] == "draft" and order["number"].startswith("PO-") and order["total"] == "50.00"
    url = f"/api/v1/purchase-orders/{order['id']}/"
    changed = manager_a.patch(
        url,
        {
            "note": "Ring the bell",
            "lines": [{"product": api_shop["soap"], "quantity": "8", "unit_cost": "5"}],
        },
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["note"] == "Ring the bell" and changed.json()["expected_at"] == "2026-12-01"
    line = changed.json()["lines"][0]
    assert (line["quantity"], line["outstanding"]) == ("8.000", "0.000")
    placed_order = manager_a.post(f"{url}place/", {}, format="json")
    assert placed_order.status_code == 200 and placed_order.json()["status"] == "ordered"
    assert placed_order.json()["lines"][0]["outstanding"] == "8.000"
    body = {"lines": [{"line": line["id"], "quantity": "5"}]}
    missing_key = manager_a.post(f"{url}receive/", body, format="json")
    assert missing_key.status_code == 400 and "idempotency_key" in missing_key.json()["error"]["fields"]
    same = key()
    received = manager_a.post(f"{url}receive/", body, format="json", **same)
    assert received.status_code == 200, received.content
    assert received.json()["status"] == "partially_received"
    assert [m["kind"] for m in received.json()["movements"]] == ["receipt"]
    replay = manager_a.post(f"{url}receive/", body, format="json", **same)
    assert replay.json()["lines"][0]["quantity_received"] == "5.000"
    over = manager_a.post(
        f"{url}receive/", {"lines": [{"line": line["id"], "quantity": "4"}]}, format="json", **key()
    )
    assert over.status_code == 409 and over.json()["error"]["code"] == "over_receipt"
    assert "lines" in over.json()["error"]["fields"]
    back = manager_a.post(
        f"{url}return/",
        {"lines": [{"line": line["id"], "quantity": "1"}], "reason": "Broken"},
        format="json",
        **key(),
    )
    assert back.status_code == 200, back.content
    assert [m["kind"] for m in back.json()["movements"]] == ["receipt", "return_to_supplier"]
    closed = manager_a.post(f"{url}cancel/", {"reason": "Rest never comes"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "received"
    assert closed.json()["lines"][0]["outstanding"] == "0.000"
    stock = manager_a.get("/api/v1/stock/", {"product": api_shop["soap"]}).json()["results"]
    assert [s["on_hand"] for s in stock] == ["4.000"]
    listed = manager_a.get(
        "/api/v1/purchase-orders/", {"status": "received", "supplier": api_shop["supplier"]}
    )
    assert [o["id"] for o in listed.json()["results"]] == [order["id"]]
    assert manager_a.get("/api/v1/purchase-orders/", {"status": "draft"}).json()["count"] == 0


def test_suppliers_over_the_api(owner_a, api_shop):
    url = f"/api/v1/suppliers/{api_shop['supplier']}/"
    changed = owner_a.patch(url, {"contact": "Mr Lin"}, format="json")
    assert changed.status_code == 200 and changed.json()["contact"] == "Mr Lin"
    assert owner_a.get("/api/v1/suppliers/", {"q": "lin"}).json()["count"] == 1
    assert owner_a.get("/api/v1/suppliers/", {"q": "nobody"}).json()["count"] == 0
    gone = owner_a.delete(url)
    assert gone.status_code == 200 and gone.json()["active"] is False
    assert owner_a.get("/api/v1/suppliers/", {"active": "true"}).json()["count"] == 0
    refused = draft(owner_a, api_shop)
    assert refused.status_code == 400 and "supplier" in refused.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("url", "body", "fields"),
    [
        ("/api/v1/suppliers/", {"name": " ", "email": "not-an-email"}, {"name", "email"}),
        (
            "/api/v1/purchase-orders/",
            {"store": 0, "supplier": 0, "lines": []},
            {"store", "supplier", "lines"},
        ),
        (
            "/api/v1/purchase-orders/",
            {
                "store": "{main}",
                "supplier": "{supplier}",
                "lines": [{"product": "{service}", "quantity": "1", "unit_cost": "1"}],
            },
            {"lines"},
        ),
        (
            "/api/v1/purchase-orders/",
            {
                "store": "{main}",
                "supplier": "{supplier}",
                "lines": [{"product": "{soap}", "quantity": "0", "unit_cost": "-1"}],
            },
            {"lines"},
        ),
        (
            "/api/v1/purchase-orders/",
            {
                "store": "{main}",
                "supplier": "{supplier}",
                "expected_at": "soon",
                "lines": [{"product": "{soap}", "quantity": "1", "unit_cost": "1"}] * 2,
            },
            {"expected_at", "lines"},
        ),
    ],
)
def test_validation_is_400_with_fields_and_writes_nothing(owner_a, api_shop, tenant_a, url, body, fields):
    def fill(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("{"):
            return api_shop[value.strip("{}")]
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    before = count_rows(tenant_a, *MODELS)
    response = owner_a.post(url, fill(body), format="json")
    assert response.status_code == 400, response.content
    assert fields <= set(response.json()["error"]["fields"]), response.json()
    assert count_rows(tenant_a, *MODELS) == before


def test_receive_and_return_validation_writes_nothing(owner_a, api_shop, tenant_a):
    order = draft(owner_a, api_shop).json()
    url = f"/api/v1/purchase-orders/{order['id']}/"
    owner_a.post(f"{url}place/", {}, format="json")
    line = order["lines"][0]["id"]
    before = count_rows(tenant_a, *MODELS)
    for action, body, fields in [
        ("receive", {"lines": []}, {"lines"}),
        ("receive", {"lines": [{"line": line, "quantity": "0"}]}, {"lines"}),
        ("receive", {"lines": [{"line": 999999, "quantity": "1"}]}, {"lines"}),
        ("return", {"lines": [{"line": line, "quantity": "1"}]}, {"reason"}),
    ]:
        response = owner_a.post(f"{url}{action}/", body, format="json", **key())
        assert response.status_code == 400, (action, body, response.content)
        assert fields <= set(response.json()["error"]["fields"]), response.json()
    assert count_rows(tenant_a, *MODELS) == before


def test_cashiers_have_no_access_to_purchasing(owner_a, cashier_a, api_shop, tenant_a):
    order = draft(owner_a, api_shop).json()
    before = count_rows(tenant_a, *MODELS)
    supplier_url = f"/api/v1/suppliers/{api_shop['supplier']}/"
    order_url = f"/api/v1/purchase-orders/{order['id']}/"
    line = [{"line": order["lines"][0]["id"], "quantity": "1"}]
    for method, url, body in [
        ("get", "/api/v1/suppliers/", None),
        ("get", supplier_url, None),
        ("post", "/api/v1/suppliers/", {"name": "X"}),
        ("patch", supplier_url, {"name": "X"}),
        ("delete", supplier_url, None),
        ("get", "/api/v1/purchase-orders/", None),
        ("get", order_url, None),
        ("post", "/api/v1/purchase-orders/", {}),
        ("patch", order_url, {"note": "x"}),
        ("post", f"{order_url}place/", {}),
        ("post", f"{order_url}receive/", {"lines": line}),
        ("post", f"{order_url}return/", {"lines": line, "reason": "x"}),
        ("post", f"{order_url}cancel/", {}),
    ]:
        response = getattr(cashier_a, method)(url, body, format="json", **key())
        assert response.status_code == 403, (method, url, response.content)
    assert count_rows(tenant_a, *MODELS) == before


def test_unknown_ids_are_404(owner_a, api_shop):
    for method, url in [
        ("get", "/api/v1/suppliers/999999/"),
        ("patch", "/api/v1/suppliers/999999/"),
        ("get", "/api/v1/purchase-orders/999999/"),
        ("patch", "/api/v1/purchase-orders/999999/"),
        ("post", "/api/v1/purchase-orders/999999/place/"),
        ("post", "/api/v1/purchase-orders/999999/receive/"),
        ("post", "/api/v1/purchase-orders/999999/return/"),
        ("post", "/api/v1/purchase-orders/999999/cancel/"),
    ]:
        response = getattr(owner_a, method)(url, {}, format="json", **key())
        assert response.status_code == 404, (url, response.content)
        assert response.json()["error"]["code"] == "not_found"


def test_b_cannot_reach_a_suppliers_or_purchase_orders(owner_a, owner_b, api_shop, tenant_a, tenant_b):
    order = draft(owner_a, api_shop).json()
    order_url = f"/api/v1/purchase-orders/{order['id']}/"
    owner_a.post(f"{order_url}place/", {}, format="json")
    supplier_url = f"/api/v1/suppliers/{api_shop['supplier']}/"
    line = [{"line": order["lines"][0]["id"], "quantity": "1"}]
    before = count_rows(tenant_a, *MODELS)
    b_before = count_rows(tenant_b, *MODELS)
    for method, url, body in [
        ("get", supplier_url, None),
        ("patch", supplier_url, {"name": "Mine"}),
        ("delete", supplier_url, None),
        ("get", order_url, None),
        ("patch", order_url, {"note": "x"}),
        ("post", f"{order_url}place/", {}),
        ("post", f"{order_url}receive/", {"lines": line}),
        ("post", f"{order_url}return/", {"lines": line, "reason": "x"}),
        ("post", f"{order_url}cancel/", {}),
    ]:
        response = getattr(owner_b, method)(url, body, format="json", **key())
        assert response.status_code == 404, (method, url, response.content)
        assert response.json()["error"]["code"] == "not_found"
    assert owner_b.get("/api/v1/suppliers/").json()["count"] == 0
    assert owner_b.get("/api/v1/purchase-orders/").json()["count"] == 0
    refused = draft(owner_b, api_shop)  # A's store, supplier and product ids mean nothing in B
    assert refused.status_code == 400
    assert {"store", "supplier", "lines"} <= set(refused.json()["error"]["fields"])
    assert count_rows(tenant_a, *MODELS) == before
    assert count_rows(tenant_b, *MODELS) == b_before
    with schema_context(tenant_a.schema_name):
        assert PurchaseOrder.objects.get(pk=order["id"]).status == "ordered"
        assert Supplier.objects.get(pk=api_shop["supplier"]).active
