"""Stocktake sessions: snapshot at start, counts (refreshing expected), submit, approval booking
every difference as one adjustment once, cancel; one open session per store; the API's roles,
validation and tenant isolation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import schema_context

from catalog.models import Category, Product
from catalog.services import default_store
from core.errors import DomainError
from inventory import services, stocktakes
from inventory.models import StockLevel, StockMovement, Stocktake, StocktakeLine
from inventory.reconcile import stock_drift_in_current_schema
from inventory.services import Line
from inventory.stocktakes import Count
from tests.platform.loyalty.test_api_support import count_rows, key, staff_client

MODELS = (Stocktake, StocktakeLine, StockMovement, StockLevel)


@pytest.fixture
def shop(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        store = default_store()
        care = Category.objects.create(name="Care")
        hair = Category.objects.create(name="Hair", parent=care)
        soap = Product.objects.create(name="Soap", price=Decimal("30"), category=care)
        shampoo = Product.objects.create(name="Shampoo", price=Decimal("120"), category=hair)
        snack = Product.objects.create(name="Snack", price=Decimal("20"))
        services.receive(
            store,
            [Line(soap, "10", "5"), Line(shampoo, "4", "40"), Line(snack, "7", "2")],
            idempotency_key="r",
        )
        yield store, care, soap, shampoo, snack


def on_hand(store, product) -> Decimal:  # type: ignore[no-untyped-def]
    return StockLevel.objects.get(store=store, product=product).on_hand


def test_count_submit_approve_books_one_movement_once(shop):
    store, _care, soap, shampoo, snack = shop
    session = stocktakes.start_stocktake(store)
    assert session.number.startswith("ST-") and session.status == "counting"
    expected = {line.product_id: line.expected for line in session.lines.all()}
    assert expected == {soap.pk: 10, shampoo.pk: 4, snack.pk: 7}
    stocktakes.enter_counts(session, [Count(soap, "8"), Count(shampoo, "4"), Count(snack, "2")])
    stocktakes.enter_counts(session, [Count(snack, "9")])  # a recount
    services.remove(store, [Line(soap, "1")], idempotency_key="sold-while-counting")
    stocktakes.submit_stocktake(session)
    with pytest.raises(DomainError) as refused:
        stocktakes.enter_counts(session, [Count(soap, "1")])
    assert refused.value.code == "not_counting"
    approved = stocktakes.approve_stocktake(session)
    assert approved.status == "approved" and approved.approved_at is not None
    movement = approved.movement
    assert movement.kind == "adjustment" and (movement.source_type, movement.source_id) == (
        "stocktake",
        str(session.pk),
    )
    assert sorted((x.stock_level.product_id, x.quantity) for x in movement.lines.all()) == sorted(
        [(soap.pk, Decimal("-2")), (snack.pk, Decimal("2"))]
    )
    # the sale made after the count is kept: 10 - 1 sold - 2 missing
    assert (on_hand(store, soap), on_hand(store, shampoo), on_hand(store, snack)) == (7, 4, 9)
    again = stocktakes.approve_stocktake(session)
    assert again.movement_id == movement.pk and StockMovement.objects.filter(kind="adjustment").count() == 1
    assert on_hand(store, soap) == 7
    assert stock_drift_in_current_schema()[1] == []


def test_expected_is_refreshed_when_counted(shop):
    store, _care, soap, _shampoo, _snack = shop
    session = stocktakes.start_stocktake(store)
    services.remove(store, [Line(soap, "3")], idempotency_key="sold-before-the-count")
    stocktakes.enter_counts(session, [Count(soap, "6")])
    line = session.lines.get(product=soap)
    assert (line.expected, line.counted, line.difference) == (7, 6, -1)
    stocktakes.submit_stocktake(session)
    stocktakes.approve_stocktake(session)
    assert on_hand(store, soap) == 6


def test_category_scope_found_goods_and_uncounted_lines(shop):
    store, care, soap, shampoo, snack = shop
    session = stocktakes.start_stocktake(store, category=care)
    assert {line.product_id for line in session.lines.all()} == {soap.pk, shampoo.pk}  # with sub-categories
    stocktakes.enter_counts(session, [Count(snack, "5"), Count(soap, "10")])  # snack found on the shelf
    assert session.lines.count() == 3
    stocktakes.enter_counts(session, [Count(soap, None)])  # cleared again
    assert session.lines.get(product=soap).counted is None
    stocktakes.submit_stocktake(session)
    stocktakes.approve_stocktake(session)
    assert (on_hand(store, soap), on_hand(store, shampoo), on_hand(store, snack)) == (10, 4, 5)


def test_one_open_session_per_store_and_cancel(shop):
    store, _care, soap, _shampoo, _snack = shop
    session = stocktakes.start_stocktake(store)
    with pytest.raises(DomainError) as refused:
        stocktakes.start_stocktake(store)
    assert refused.value.code == "stocktake_open" and session.number in str(refused.value)
    with pytest.raises(DomainError) as refused:
        stocktakes.submit_stocktake(session)  # nothing counted
    assert "lines" in refused.value.fields
    with pytest.raises(DomainError) as refused:
        stocktakes.approve_stocktake(session)
    assert refused.value.code == "not_submitted"
    stocktakes.enter_counts(session, [Count(soap, "1")])
    stocktakes.submit_stocktake(session)
    reopened = stocktakes.reopen_stocktake(session)
    assert reopened.status == "counting"
    cancelled = stocktakes.cancel_stocktake(session, reason="Wrong day")
    assert cancelled.status == "cancelled" and on_hand(store, soap) == 10
    with pytest.raises(DomainError) as refused:
        stocktakes.cancel_stocktake(session)
    assert refused.value.code == "not_open"
    assert stocktakes.start_stocktake(store).status == "counting"  # the store is free again


def test_count_validation(shop):
    store, _care, soap, _shampoo, _snack = shop
    session = stocktakes.start_stocktake(store)
    service = Product.objects.create(name="Cut", price=Decimal("300"), kind="service")
    for counts, field in (
        ([], "lines"),
        ([Count(service, "1")], "lines"),
        ([Count(soap, "1"), Count(soap, "2")], "lines"),
        ([Count(soap, "-1")], "counted"),
        ([Count(soap, "many")], "counted"),
    ):
        with pytest.raises(DomainError) as refused:
            stocktakes.enter_counts(session, counts)
        assert field in refused.value.fields
    assert not session.lines.filter(counted__isnull=False).exists()


# --- API ---------------------------------------------------------------------------------------


@pytest.fixture
def cashier_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "cashier")


@pytest.fixture
def api_shop(owner_a) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    main = owner_a.get("/api/v1/stores/").json()["results"][0]["id"]
    soap = owner_a.post("/api/v1/products/", {"name": "Soap", "price": "30"}, format="json").json()["id"]
    service = owner_a.post(
        "/api/v1/products/", {"name": "Cut", "price": "300", "kind": "service"}, format="json"
    ).json()["id"]
    received = owner_a.post(
        "/api/v1/stock/receive/",
        {"store": main, "lines": [{"product": soap, "quantity": "10", "unit_cost": "2.5"}]},
        format="json",
        **key(),
    )
    assert received.status_code == 201, received.content
    return {"main": main, "soap": soap, "service": service}


def test_cashier_counts_and_a_manager_approves(owner_a, cashier_a, api_shop):
    started = cashier_a.post(
        "/api/v1/stocktakes/", {"store": api_shop["main"], "note": "Monthly"}, format="json"
    )
    assert started.status_code == 201, started.content
    session = started.json()
    assert session["number"].startswith("ST-") and session["lines_total"] == 1
    assert session["lines"][0]["expected"] == "10.000" and session["lines"][0]["counted"] is None
    url = f"/api/v1/stocktakes/{session['id']}/"
    counted = cashier_a.patch(
        f"{url}lines/", {"lines": [{"product": api_shop["soap"], "counted": "7"}]}, format="json"
    )
    assert counted.status_code == 200, counted.content
    line = counted.json()["lines"][0]
    assert (line["counted"], line["difference"], line["difference_value"]) == ("7.000", "-3.000", "-7.50")
    summary = counted.json()
    assert (summary["lines_counted"], summary["lines_with_difference"], summary["difference_value"]) == (
        1,
        1,
        "-7.50",
    )
    assert cashier_a.post(f"{url}submit/", {}, format="json").status_code == 200
    refused = cashier_a.post(f"{url}approve/", {}, format="json")
    assert refused.status_code == 403
    approved = owner_a.post(f"{url}approve/", {}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    twice = owner_a.post(f"{url}approve/", {}, format="json")
    assert twice.status_code == 200 and twice.json()["movement"] == approved.json()["movement"]
    stock = owner_a.get("/api/v1/stock/", {"product": api_shop["soap"]}).json()["results"]
    assert [s["on_hand"] for s in stock] == ["7.000"]
    listed = cashier_a.get("/api/v1/stocktakes/", {"store": api_shop["main"], "status": "approved"}).json()
    assert [s["id"] for s in listed["results"]] == [session["id"]] and "lines" not in listed["results"][0]
    assert listed["results"][0]["difference_value"] == "-7.50"


def test_cashier_cannot_cancel_or_reopen_and_second_session_is_409(owner_a, cashier_a, api_shop, tenant_a):
    session = cashier_a.post("/api/v1/stocktakes/", {"store": api_shop["main"]}, format="json").json()
    url = f"/api/v1/stocktakes/{session['id']}/"
    again = cashier_a.post("/api/v1/stocktakes/", {"store": api_shop["main"]}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "stocktake_open"
    before = count_rows(tenant_a, *MODELS)
    for action in ("cancel", "reopen", "approve"):
        assert cashier_a.post(f"{url}{action}/", {}, format="json").status_code == 403
    assert count_rows(tenant_a, *MODELS) == before
    cancelled = owner_a.post(f"{url}cancel/", {"reason": "Restart"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


@pytest.mark.parametrize(
    ("url", "method", "body", "fields"),
    [
        ("/api/v1/stocktakes/", "post", {"store": 0, "category": 0}, {"store", "category"}),
        ("{session}lines/", "patch", {"lines": []}, {"lines"}),
        ("{session}lines/", "patch", {"lines": [{"product": "{service}", "counted": "1"}]}, {"lines"}),
        ("{session}lines/", "patch", {"lines": [{"product": "{soap}", "counted": "-1"}]}, {"lines"}),
        ("{session}lines/", "patch", {"lines": [{"product": "{soap}", "counted": "1"}] * 2}, {"lines"}),
        ("{session}submit/", "post", {}, {"lines"}),
    ],
)
def test_validation_is_400_with_fields_and_writes_nothing(
    owner_a, api_shop, tenant_a, url, method, body, fields
):
    session = owner_a.post("/api/v1/stocktakes/", {"store": api_shop["main"]}, format="json").json()
    values = {**api_shop, "session": f"/api/v1/stocktakes/{session['id']}/"}

    def fill(value: Any) -> Any:
        if isinstance(value, str) and "{" in value:
            name = value[value.index("{") + 1 : value.index("}")]
            return values[name] if value == f"{{{name}}}" else value.replace(f"{{{name}}}", values[name])
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    before = count_rows(tenant_a, *MODELS)
    response = getattr(owner_a, method)(fill(url), fill(body), format="json")
    assert response.status_code == 400, response.content
    assert fields <= set(response.json()["error"]["fields"]), response.json()
    assert count_rows(tenant_a, *MODELS) == before
    with schema_context(tenant_a.schema_name):
        assert not StocktakeLine.objects.filter(counted__isnull=False).exists()
        assert Stocktake.objects.get(pk=session["id"]).status == "counting"


def test_unknown_ids_are_404(owner_a, api_shop):
    for method, url in [
        ("get", "/api/v1/stocktakes/999999/"),
        ("patch", "/api/v1/stocktakes/999999/lines/"),
        ("post", "/api/v1/stocktakes/999999/submit/"),
        ("post", "/api/v1/stocktakes/999999/approve/"),
        ("post", "/api/v1/stocktakes/999999/reopen/"),
        ("post", "/api/v1/stocktakes/999999/cancel/"),
    ]:
        response = getattr(owner_a, method)(url, {}, format="json")
        assert response.status_code == 404, (url, response.content)
        assert response.json()["error"]["code"] == "not_found"


def test_b_cannot_reach_a_stocktakes(owner_a, owner_b, api_shop, tenant_a, tenant_b):
    session = owner_a.post("/api/v1/stocktakes/", {"store": api_shop["main"]}, format="json").json()
    url = f"/api/v1/stocktakes/{session['id']}/"
    before = count_rows(tenant_a, *MODELS)
    b_before = count_rows(tenant_b, *MODELS)
    for method, path, body in [
        ("get", url, None),
        ("patch", f"{url}lines/", {"lines": [{"product": api_shop["soap"], "counted": "1"}]}),
        ("post", f"{url}submit/", {}),
        ("post", f"{url}approve/", {}),
        ("post", f"{url}reopen/", {}),
        ("post", f"{url}cancel/", {}),
    ]:
        response = getattr(owner_b, method)(path, body, format="json")
        assert response.status_code == 404, (path, response.content)
        assert response.json()["error"]["code"] == "not_found"
    assert owner_b.get("/api/v1/stocktakes/").json()["count"] == 0
    refused = owner_b.post("/api/v1/stocktakes/", {"store": api_shop["main"] + 1000}, format="json")
    assert refused.status_code == 400 and "store" in refused.json()["error"]["fields"]
    assert count_rows(tenant_a, *MODELS) == before
    assert count_rows(tenant_b, *MODELS) == b_before
    with schema_context(tenant_a.schema_name):
        assert Stocktake.objects.get(pk=session["id"]).status == "counting"
