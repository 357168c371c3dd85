"""Staff limited to some stores (accounts.stores) change purchase orders, stocktakes and
thresholds of those stores only: another store's is a 403 store_not_allowed that writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from inventory.models import PurchaseOrder, StockLevel, StockMovement, Stocktake, StocktakeLine
from tests.conftest import PASSWORD, login_client
from tests.platform.loyalty.test_api_support import count_rows, key

MODELS = (PurchaseOrder, Stocktake, StocktakeLine, StockMovement, StockLevel)


@pytest.fixture
def shop(owner_a) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    main = owner_a.get("/api/v1/stores/").json()["results"][0]["id"]
    east = owner_a.post("/api/v1/stores/", {"name": "East", "code": "east"}, format="json").json()["id"]
    soap = owner_a.post("/api/v1/products/", {"name": "Soap", "price": "30"}, format="json").json()["id"]
    supplier = owner_a.post("/api/v1/suppliers/", {"name": "Acme"}, format="json").json()["id"]
    line = {"product": soap, "quantity": "10", "unit_cost": "5"}
    owner_a.post("/api/v1/stock/receive/", {"store": main, "lines": [line]}, format="json", **key())
    order = owner_a.post(
        "/api/v1/purchase-orders/", {"store": main, "supplier": supplier, "lines": [line]}, format="json"
    ).json()
    owner_a.post(f"/api/v1/purchase-orders/{order['id']}/place/", {}, format="json")
    session = owner_a.post("/api/v1/stocktakes/", {"store": main}, format="json").json()
    level = owner_a.get("/api/v1/stock/", {"store": main}).json()["results"][0]["id"]
    return {
        "main": main,
        "east": east,
        "soap": soap,
        "supplier": supplier,
        "order": order,
        "session": session,
        "level": level,
        "line": line,
    }


def limited(tenant: Any, role: str, store: int):  # type: ignore[no-untyped-def]
    email = f"east-{role}@alpha.test"
    with schema_context(tenant.schema_name):
        User.objects.create_user(email, PASSWORD, role=role).stores.set([store])
    return login_client("alpha", email)


def test_limited_staff_change_only_their_stores(tenant_a, shop):
    manager = limited(tenant_a, "manager", shop["east"])
    cashier = limited(tenant_a, "cashier", shop["east"])
    order_url = f"/api/v1/purchase-orders/{shop['order']['id']}/"
    session_url = f"/api/v1/stocktakes/{shop['session']['id']}/"
    po_line = [{"line": shop["order"]["lines"][0]["id"], "quantity": "1"}]
    before = count_rows(tenant_a, *MODELS)
    for client, method, url, body in [
        (
            manager,
            "post",
            "/api/v1/purchase-orders/",
            {"store": shop["main"], "supplier": shop["supplier"], "lines": [shop["line"]]},
        ),
        (manager, "post", f"{order_url}receive/", {"lines": po_line}),
        (manager, "post", f"{order_url}cancel/", {}),
        (manager, "post", f"{session_url}cancel/", {}),
        (manager, "patch", f"/api/v1/stock/levels/{shop['level']}/", {"low_stock_threshold": "1"}),
        (
            manager,
            "post",
            "/api/v1/stock/levels/",
            {"store": shop["main"], "product": shop["soap"], "low_stock_threshold": "1"},
        ),
        (cashier, "post", "/api/v1/stocktakes/", {"store": shop["main"]}),
        (cashier, "patch", f"{session_url}lines/", {"lines": [{"product": shop["soap"], "counted": "1"}]}),
        (cashier, "post", f"{session_url}submit/", {}),
    ]:
        response = getattr(client, method)(url, body, format="json", **key())
        assert response.status_code == 403, (url, response.content)
        assert response.json()["error"]["code"] == "store_not_allowed", (url, response.content)
    assert count_rows(tenant_a, *MODELS) == before
    assert cashier.get(session_url).status_code == 200  # reading stays open
    assert manager.get(order_url).status_code == 200
    own = cashier.post("/api/v1/stocktakes/", {"store": shop["east"]}, format="json")
    assert own.status_code == 201, own.content
    east_order = manager.post(
        "/api/v1/purchase-orders/",
        {"store": shop["east"], "supplier": shop["supplier"], "lines": [shop["line"]]},
        format="json",
    )
    assert east_order.status_code == 201, east_order.content
