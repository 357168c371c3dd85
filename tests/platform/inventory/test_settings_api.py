"""Inventory settings (owner changes, managers read), low-stock thresholds per level (managers and
owners) and the low-stock alert list; shop B never reads or changes shop A's."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from core.models import AuditLog
from inventory.models import InventorySettings, StockLevel
from tests.platform.loyalty.test_api_support import count_rows, key, staff_client


@pytest.fixture
def cashier_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "cashier")


@pytest.fixture
def manager_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "manager")


@pytest.fixture
def stocked(owner_a) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    main = owner_a.get("/api/v1/stores/").json()["results"][0]["id"]
    east = owner_a.post("/api/v1/stores/", {"name": "East", "code": "east"}, format="json").json()["id"]
    soap = owner_a.post("/api/v1/products/", {"name": "Soap", "price": "30"}, format="json").json()["id"]
    for store in (main, east):
        moved = owner_a.post(
            "/api/v1/stock/receive/",
            {"store": store, "lines": [{"product": soap, "quantity": "4", "unit_cost": "1"}]},
            format="json",
            **key(),
        )
        assert moved.status_code == 201, moved.content
    levels = owner_a.get("/api/v1/stock/", {"product": soap}).json()["results"]
    by_store = {level["store"]: level["id"] for level in levels}
    return {"main": main, "east": east, "soap": soap, "level": by_store[main], "east_level": by_store[east]}


def test_settings_owner_changes_managers_read(owner_a, manager_a, cashier_a, tenant_a):
    assert manager_a.get("/api/v1/stock/settings/").json() == {"allow_negative_stock": False}
    assert cashier_a.get("/api/v1/stock/settings/").status_code == 403
    for client in (manager_a, cashier_a):
        refused = client.patch("/api/v1/stock/settings/", {"allow_negative_stock": True}, format="json")
        assert refused.status_code == 403
    changed = owner_a.patch("/api/v1/stock/settings/", {"allow_negative_stock": True}, format="json")
    assert changed.status_code == 200 and changed.json() == {"allow_negative_stock": True}
    invalid = owner_a.patch("/api/v1/stock/settings/", {"allow_negative_stock": "perhaps"}, format="json")
    assert invalid.status_code == 400 and "allow_negative_stock" in invalid.json()["error"]["fields"]
    empty = owner_a.patch("/api/v1/stock/settings/", {}, format="json")
    assert empty.status_code == 400 and "allow_negative_stock" in empty.json()["error"]["fields"]
    with schema_context(tenant_a.schema_name):
        assert InventorySettings.current().allow_negative_stock is True
        assert AuditLog.objects.filter(action="inventory.settings").count() == 1


def test_thresholds_and_the_low_stock_list(manager_a, cashier_a, stocked, tenant_a):
    url = f"/api/v1/stock/levels/{stocked['level']}/"
    assert cashier_a.get(url).json()["on_hand"] == "4.000"
    assert cashier_a.patch(url, {"low_stock_threshold": "5"}, format="json").status_code == 403
    changed = manager_a.patch(url, {"low_stock_threshold": "5"}, format="json")
    assert changed.status_code == 200, changed.content
    assert (changed.json()["low_stock_threshold"], changed.json()["low"]) == ("5.000", True)
    east = manager_a.patch(
        f"/api/v1/stock/levels/{stocked['east_level']}/", {"low_stock_threshold": "2"}, format="json"
    )
    assert east.json()["low"] is False
    low = cashier_a.get("/api/v1/stock/low/").json()
    assert [level["id"] for level in low["results"]] == [stocked["level"]]
    assert cashier_a.get("/api/v1/stock/low/", {"store": stocked["east"]}).json()["count"] == 0
    assert cashier_a.get("/api/v1/stock/", {"low": "true", "store": stocked["main"]}).json()["count"] == 1
    cleared = manager_a.patch(url, {"low_stock_threshold": None}, format="json")
    assert cleared.status_code == 200 and cleared.json()["low"] is False
    assert cashier_a.get("/api/v1/stock/low/").json()["count"] == 0
    with schema_context(tenant_a.schema_name):
        assert StockLevel.objects.get(pk=stocked["level"]).on_hand == 4


def test_threshold_by_store_and_product_before_any_stock(manager_a, owner_a, stocked, tenant_a):
    lotion = owner_a.post("/api/v1/products/", {"name": "Lotion", "price": "50"}, format="json").json()["id"]
    body = {"store": stocked["main"], "product": lotion, "low_stock_threshold": "1"}
    created = manager_a.post("/api/v1/stock/levels/", body, format="json")
    assert created.status_code == 200, created.content
    assert (created.json()["on_hand"], created.json()["low"]) == ("0.000", True)
    assert manager_a.post("/api/v1/stock/levels/", body, format="json").json()["id"] == created.json()["id"]


def test_threshold_validation_writes_nothing(manager_a, stocked, tenant_a):
    url = f"/api/v1/stock/levels/{stocked['level']}/"
    for body in ({"low_stock_threshold": "-1"}, {"low_stock_threshold": "lots"}, {}):
        response = manager_a.patch(url, body, format="json")
        assert response.status_code == 400, response.content
        assert "low_stock_threshold" in response.json()["error"]["fields"]
    refused = manager_a.post(
        "/api/v1/stock/levels/", {"store": 0, "product": 0, "low_stock_threshold": "1"}, format="json"
    )
    assert refused.status_code == 400 and {"store", "product"} <= set(refused.json()["error"]["fields"])
    with schema_context(tenant_a.schema_name):
        assert not StockLevel.objects.filter(low_stock_threshold__isnull=False).exists()
    assert (
        manager_a.patch(
            "/api/v1/stock/levels/999999/", {"low_stock_threshold": "1"}, format="json"
        ).status_code
        == 404
    )
    assert manager_a.get("/api/v1/stock/levels/999999/").status_code == 404


def test_b_cannot_reach_a_levels_or_settings(owner_a, owner_b, stocked, tenant_a, tenant_b):
    owner_a.patch(f"/api/v1/stock/levels/{stocked['level']}/", {"low_stock_threshold": "9"}, format="json")
    before = count_rows(tenant_a, StockLevel)
    for method, body in (("get", None), ("patch", {"low_stock_threshold": "1"})):
        response = getattr(owner_b, method)(f"/api/v1/stock/levels/{stocked['level']}/", body, format="json")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert owner_b.get("/api/v1/stock/low/").json()["count"] == 0
    assert (
        owner_b.patch("/api/v1/stock/settings/", {"allow_negative_stock": True}, format="json").status_code
        == 200
    )
    assert owner_a.get("/api/v1/stock/settings/").json() == {"allow_negative_stock": False}
    assert owner_b.get("/api/v1/stock/settings/").json() == {"allow_negative_stock": True}
    assert count_rows(tenant_a, StockLevel) == before
    assert count_rows(tenant_b, StockLevel) == (0,)
    with schema_context(tenant_a.schema_name):
        assert StockLevel.objects.get(pk=stocked["level"]).low_stock_threshold == 9
