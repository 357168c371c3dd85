"""A small shop to sell in, built through the API as the back office does (no tests here)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django_tenants.utils import schema_context

from tests.platform.loyalty.test_api_support import key, stored_value_card


def product(client, name: str, price: str, **extra: Any) -> int:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/products/", {"name": name, "price": price, **extra}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def receive(client, store: int, product_id: int, qty: str, cost: str = "10") -> None:  # type: ignore[no-untyped-def]
    body = {"store": store, "lines": [{"product": product_id, "quantity": qty, "unit_cost": cost}]}
    response = client.post("/api/v1/stock/receive/", body, format="json", **key())
    assert response.status_code == 201, response.content


def build_shop(owner) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Two stocked products, a commissioned service and a member with 1,000 of stored value."""
    store = owner.get("/api/v1/stores/").json()["results"][0]["id"]
    soap = product(owner, "Soap", "30", tax_rate="5.00")
    shampoo = product(owner, "Shampoo", "120", tax_rate="5.00")
    cut = product(owner, "Cut", "300", kind="service", commission_type="percent", commission_value="10.00")
    receive(owner, store, soap, "10", "12")
    receive(owner, store, shampoo, "5", "60")
    customer, card = stored_value_card(owner, "1000")
    return {"store": store, "soap": soap, "shampoo": shampoo, "cut": cut, "customer": customer, "card": card}


def body(
    shop: dict[str, Any], lines: list[dict[str, Any]], payments: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    return {
        "client_id": str(uuid.uuid4()),
        "store": shop["store"],
        "mode": "sale",
        "lines": lines,
        "payments": payments,
        **extra,
    }


def checkout(client, data: dict[str, Any], expect: int = 201) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """POST a checkout; a new order's answer (rendered from the rows just written, without reading
    them back) must be exactly the order as the API reads it afterwards."""
    response = client.post("/api/v1/orders/checkout/", data, format="json")
    assert response.status_code == expect, response.content
    answer = response.json()
    if expect == 201:
        read_back = client.get(f"/api/v1/orders/{answer['id']}/")
        assert read_back.status_code == 200, read_back.content
        assert answer == read_back.json()
    return answer


def on_hand(tenant, store: int, product_id: int) -> Decimal:  # type: ignore[no-untyped-def]
    from inventory.models import StockLevel

    with schema_context(tenant.schema_name):
        level = StockLevel.objects.filter(store_id=store, product_id=product_id).first()
        return level.on_hand if level else Decimal(0)


def card_balance(client, card_id: int) -> Decimal:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/cards/{card_id}/")
    assert response.status_code == 200, response.content
    return Decimal(response.json()["balances"]["total"])


def points_balance(tenant, customer_id: int) -> Decimal:  # type: ignore[no-untyped-def]
    from loyalty.models import Account

    with schema_context(tenant.schema_name):
        account = Account.objects.filter(customer_id=customer_id, kind="points", card__isnull=True).first()
        return account.balance if account else Decimal(0)
