"""A manager limited to some stores moves the stock of those stores only: receiving, removing,
stocktake, reversing, sending and receiving transfers of another store is a 403 that writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from inventory.models import StockLevel, StockMovement, Transfer
from tests.conftest import PASSWORD, login_client
from tests.platform.loyalty.test_api_support import count_rows, key

MODELS = (StockLevel, StockMovement, Transfer)


@pytest.fixture
def shop(owner_a) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    main = owner_a.get("/api/v1/stores/").json()["results"][0]["id"]
    east = owner_a.post("/api/v1/stores/", {"name": "East", "code": "east"}, format="json").json()["id"]
    product = owner_a.post("/api/v1/products/", {"name": "Soap", "price": "30"}, format="json").json()["id"]
    line = {"product": product, "quantity": "10", "unit_cost": "5"}
    for store in (main, east):
        response = owner_a.post(
            "/api/v1/stock/receive/", {"store": store, "lines": [line]}, format="json", **key()
        )
        assert response.status_code == 201, response.content
    return {"main": main, "east": east, "product": product}


@pytest.fixture
def east_manager(tenant_a, shop):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        User.objects.create_user("east@alpha.test", PASSWORD, role="manager").stores.set([shop["east"]])
    return login_client("alpha", "east@alpha.test")


def post(client, url: str, body: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.post(url, body, format="json", **key())


def test_limited_manager_moves_only_their_stores_stock(owner_a, east_manager, shop, tenant_a):
    line = {"product": shop["product"], "quantity": "1"}
    main_sale = post(
        owner_a, "/api/v1/stock/remove/", {"store": shop["main"], "kind": "sale", "lines": [line]}
    )
    to_east = post(
        owner_a,
        "/api/v1/stock/transfers/",
        {"from_store": shop["main"], "to_store": shop["east"], "lines": [line]},
    )
    to_main = post(
        owner_a,
        "/api/v1/stock/transfers/",
        {"from_store": shop["east"], "to_store": shop["main"], "lines": [line]},
    )
    assert {main_sale.status_code, to_east.status_code, to_main.status_code} == {201}

    before = count_rows(tenant_a, *MODELS)
    for url, body, field in [
        ("/api/v1/stock/receive/", {"store": shop["main"], "lines": [{**line, "unit_cost": "1"}]}, "store"),
        ("/api/v1/stock/remove/", {"store": shop["main"], "kind": "damage", "lines": [line]}, "store"),
        (
            "/api/v1/stock/adjust/",
            {"store": shop["main"], "product": shop["product"], "counted": "1", "reason": "count"},
            "store",
        ),
        (f"/api/v1/stock/movements/{main_sale.json()['id']}/reverse/", {}, "store"),
        (
            "/api/v1/stock/transfers/",
            {"from_store": shop["main"], "to_store": shop["east"], "lines": [line]},
            "from_store",
        ),
        (f"/api/v1/stock/transfers/{to_main.json()['id']}/receive/", {}, "to_store"),
    ]:
        response = post(east_manager, url, body)
        assert response.status_code == 403, (url, response.content)
        error = response.json()["error"]
        assert error["code"] == "store_not_allowed" and field in error["fields"], (url, error)
    assert count_rows(tenant_a, *MODELS) == before

    # Their own store works as before, including goods sent to it from elsewhere.
    assert (
        post(
            east_manager, "/api/v1/stock/remove/", {"store": shop["east"], "kind": "sale", "lines": [line]}
        ).status_code
        == 201
    )
    assert (
        post(east_manager, f"/api/v1/stock/transfers/{to_east.json()['id']}/receive/", {}).status_code == 201
    )
    sent = post(
        east_manager,
        "/api/v1/stock/transfers/",
        {"from_store": shop["east"], "to_store": shop["main"], "lines": [line]},
    )
    assert sent.status_code == 201, sent.content
    # Reading stock stays open to all staff.
    assert east_manager.get("/api/v1/stock/", {"store": shop["main"]}).status_code == 200


def test_unlimited_manager_moves_any_store(tenant_a, shop):
    with schema_context(tenant_a.schema_name):
        User.objects.create_user("any@alpha.test", PASSWORD, role="manager")
    manager = login_client("alpha", "any@alpha.test")
    line = {"product": shop["product"], "quantity": "1"}
    for store in (shop["main"], shop["east"]):
        assert (
            post(
                manager, "/api/v1/stock/remove/", {"store": store, "kind": "sale", "lines": [line]}
            ).status_code
            == 201
        )
