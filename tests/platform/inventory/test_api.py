"""The stock API: movements need an Idempotency-Key and a manager; validation is a 400 with fields
and writes nothing; cashiers read but cannot move stock; shop B never reaches shop A's stock."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from inventory.models import StockLevel, StockMovement, Transfer
from tests.platform.loyalty.test_api_support import count_rows, key, staff_client

MODELS = (StockLevel, StockMovement, Transfer)


@pytest.fixture
def cashier_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "cashier")


@pytest.fixture
def shop_a(owner_a) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    main = owner_a.get("/api/v1/stores/").json()["results"][0]["id"]
    east = owner_a.post("/api/v1/stores/", {"name": "East", "code": "east"}, format="json").json()["id"]
    product = owner_a.post("/api/v1/products/", {"name": "Soap", "price": "30"}, format="json").json()["id"]
    service = owner_a.post(
        "/api/v1/products/", {"name": "Cut", "price": "300", "kind": "service"}, format="json"
    )
    return {"main": main, "east": east, "product": product, "service": service.json()["id"]}


def receive(client, shop, qty="10", cost="5", **extra):  # type: ignore[no-untyped-def]
    body = {
        "store": shop["main"],
        "lines": [{"product": shop["product"], "quantity": qty, "unit_cost": cost}],
    }
    return client.post("/api/v1/stock/receive/", body, format="json", **(extra or key()))


def test_receive_sell_refund_and_list(owner_a, cashier_a, shop_a):
    received = receive(owner_a, shop_a, "10", "5")
    assert received.status_code == 201, received.content
    assert received.json()["lines"][0]["on_hand_after"] == "10.000"
    sale = owner_a.post(
        "/api/v1/stock/remove/",
        {"store": shop_a["main"], "kind": "sale", "lines": [{"product": shop_a["product"], "quantity": "4"}]},
        format="json",
        **key(),
    )
    assert sale.status_code == 201, sale.content
    assert sale.json()["lines"][0]["unit_cost"] == "5.0000"
    too_many = owner_a.post(
        "/api/v1/stock/remove/",
        {"store": shop_a["main"], "kind": "sale", "lines": [{"product": shop_a["product"], "quantity": "7"}]},
        format="json",
        **key(),
    )
    assert too_many.status_code == 409
    assert too_many.json()["error"]["code"] == "insufficient_stock"
    assert too_many.json()["error"]["message"] == "Not enough stock of Soap: 6 left"
    undo = key()
    refund = owner_a.post(f"/api/v1/stock/movements/{sale.json()['id']}/reverse/", {}, format="json", **undo)
    assert refund.status_code == 201 and refund.json()["kind"] == "refund"
    replay = owner_a.post(f"/api/v1/stock/movements/{sale.json()['id']}/reverse/", {}, format="json", **undo)
    assert replay.json()["id"] == refund.json()["id"]
    twice = owner_a.post(f"/api/v1/stock/movements/{sale.json()['id']}/reverse/", {}, format="json", **key())
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_reversed"
    stock = cashier_a.get("/api/v1/stock/", {"store": shop_a["main"], "product": shop_a["product"]}).json()
    assert [(s["on_hand"], s["avg_cost"], s["low"]) for s in stock["results"]] == [
        ("10.000", "5.0000", False)
    ]
    movements = cashier_a.get("/api/v1/stock/movements/", {"product": shop_a["product"]}).json()
    assert [m["kind"] for m in movements["results"]] == ["refund", "sale", "receipt"]


def test_stocktake_low_stock_and_transfer(owner_a, shop_a, tenant_a):
    receive(owner_a, shop_a, "10", "5")
    counted = owner_a.post(
        "/api/v1/stock/adjust/",
        {"store": shop_a["main"], "product": shop_a["product"], "counted": "3", "reason": "Stocktake"},
        format="json",
        **key(),
    )
    assert counted.status_code == 201, counted.content
    assert counted.json()["lines"][0]["quantity"] == "-7.000"
    with schema_context(tenant_a.schema_name):
        StockLevel.objects.update(low_stock_threshold=5)
    assert owner_a.get("/api/v1/stock/", {"low": "true"}).json()["count"] == 1
    sent = owner_a.post(
        "/api/v1/stock/transfers/",
        {
            "from_store": shop_a["main"],
            "to_store": shop_a["east"],
            "lines": [{"product": shop_a["product"], "quantity": "2"}],
        },
        format="json",
        **key(),
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["status"] == "in_transit"
    url = f"/api/v1/stock/transfers/{sent.json()['id']}/receive/"
    got = owner_a.post(url, {}, format="json", **key())
    assert got.status_code == 201 and got.json()["status"] == "received"
    again = owner_a.post(url, {}, format="json", **key())
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_received"
    east = owner_a.get("/api/v1/stock/", {"store": shop_a["east"]}).json()["results"]
    assert [s["on_hand"] for s in east] == ["2.000"]


@pytest.mark.parametrize(
    ("url", "body", "fields"),
    [
        ("/api/v1/stock/receive/", {"store": 0, "lines": []}, {"store", "lines"}),
        (
            "/api/v1/stock/receive/",
            {"store": "{main}", "lines": [{"product": "{product}", "quantity": "0"}]},
            {"lines"},
        ),
        (
            "/api/v1/stock/receive/",
            {"store": "{main}", "lines": [{"product": "{service}", "quantity": "1", "unit_cost": "1"}]},
            {"lines"},
        ),
        (
            "/api/v1/stock/remove/",
            {"store": "{main}", "kind": "receipt", "lines": [{"product": "{product}", "quantity": "1"}]},
            {"kind"},
        ),
        (
            "/api/v1/stock/adjust/",
            {"store": "{main}", "product": "{product}", "counted": "-1"},
            {"counted", "reason"},
        ),
        (
            "/api/v1/stock/transfers/",
            {
                "from_store": "{main}",
                "to_store": "{main}",
                "lines": [{"product": "{product}", "quantity": "1"}],
            },
            {"to_store"},
        ),
    ],
)
def test_validation_is_400_with_fields_and_writes_nothing(owner_a, shop_a, tenant_a, url, body, fields):
    def fill(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("{"):
            return shop_a[value.strip("{}")]
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    before = count_rows(tenant_a, *MODELS)
    response = owner_a.post(url, fill(body), format="json", **key())
    assert response.status_code == 400, response.content
    assert fields <= set(response.json()["error"]["fields"]), response.json()
    assert count_rows(tenant_a, *MODELS) == before


def test_idempotency_key_is_required_and_replays(owner_a, shop_a, tenant_a):
    before = count_rows(tenant_a, *MODELS)
    missing = receive(owner_a, shop_a, HTTP_X_NOTHING="1")
    assert missing.status_code == 400 and "idempotency_key" in missing.json()["error"]["fields"]
    assert count_rows(tenant_a, *MODELS) == before
    same = key()
    first, second = receive(owner_a, shop_a, **same), receive(owner_a, shop_a, **same)
    assert first.json()["id"] == second.json()["id"]
    conflict = receive(owner_a, shop_a, "11", **same)
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "idempotency_conflict"
    assert owner_a.get("/api/v1/stock/").json()["results"][0]["on_hand"] == "10.000"


def test_cashier_reads_but_cannot_move_stock(owner_a, cashier_a, shop_a, tenant_a):
    sale = receive(owner_a, shop_a).json()
    before = count_rows(tenant_a, *MODELS)
    line = [{"product": shop_a["product"], "quantity": "1"}]
    for url, body in [
        ("/api/v1/stock/receive/", {"store": shop_a["main"], "lines": [{**line[0], "unit_cost": "1"}]}),
        ("/api/v1/stock/remove/", {"store": shop_a["main"], "kind": "sale", "lines": line}),
        (
            "/api/v1/stock/adjust/",
            {"store": shop_a["main"], "product": shop_a["product"], "counted": "1", "reason": "x"},
        ),
        (
            "/api/v1/stock/transfers/",
            {"from_store": shop_a["main"], "to_store": shop_a["east"], "lines": line},
        ),
        (f"/api/v1/stock/movements/{sale['id']}/reverse/", {}),
    ]:
        response = cashier_a.post(url, body, format="json", **key())
        assert response.status_code == 403, (url, response.content)
    assert count_rows(tenant_a, *MODELS) == before
    assert cashier_a.get("/api/v1/stock/").status_code == 200
    assert cashier_a.get(f"/api/v1/stock/movements/{sale['id']}/").status_code == 200


def test_b_cannot_reach_a_stock(owner_a, owner_b, shop_a, tenant_a, tenant_b):
    movement = receive(owner_a, shop_a).json()
    transfer = owner_a.post(
        "/api/v1/stock/transfers/",
        {
            "from_store": shop_a["main"],
            "to_store": shop_a["east"],
            "lines": [{"product": shop_a["product"], "quantity": "1"}],
        },
        format="json",
        **key(),
    ).json()
    before = count_rows(tenant_a, *MODELS)
    for method, url in [
        ("get", f"/api/v1/stock/movements/{movement['id']}/"),
        ("post", f"/api/v1/stock/movements/{movement['id']}/reverse/"),
        ("get", f"/api/v1/stock/transfers/{transfer['id']}/"),
        ("post", f"/api/v1/stock/transfers/{transfer['id']}/receive/"),
    ]:
        response = getattr(owner_b, method)(url, {}, format="json", **key())
        assert response.status_code == 404, (url, response.content)
        assert response.json()["error"]["code"] == "not_found"
    assert owner_b.get("/api/v1/stock/").json()["count"] == 0
    assert owner_b.get("/api/v1/stock/movements/").json()["count"] == 0
    assert owner_b.get("/api/v1/stock/transfers/").json()["count"] == 0
    b_before = count_rows(tenant_b, *MODELS)
    body = {
        "store": shop_a["east"],
        "lines": [{"product": shop_a["product"], "quantity": "1", "unit_cost": "1"}],
    }
    refused = owner_b.post("/api/v1/stock/receive/", body, format="json", **key())
    assert refused.status_code == 400 and {"store", "lines"} <= set(refused.json()["error"]["fields"])
    assert count_rows(tenant_a, *MODELS) == before
    assert count_rows(tenant_b, *MODELS) == b_before
    with schema_context(tenant_a.schema_name):
        assert Transfer.objects.get(pk=transfer["id"]).status == "in_transit"
