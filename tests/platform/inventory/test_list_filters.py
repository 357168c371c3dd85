"""List filters of the stock API: movements by kind and by local day (the shop's time zone, not
UTC's), transfers by status, stock levels by product name, SKU or barcode; bad values are a 400."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django_tenants.utils import schema_context

from tests.platform.loyalty.test_api_support import key

UTC = datetime.UTC


@pytest.fixture
def shop(owner_a) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    main = owner_a.get("/api/v1/stores/").json()["results"][0]["id"]
    east = owner_a.post("/api/v1/stores/", {"name": "East", "code": "east"}, format="json").json()["id"]
    food = owner_a.post(
        "/api/v1/products/",
        {"name": "Dog Food 2kg", "sku": "DF-2", "barcodes": ["4710000000994"], "price": "120"},
        format="json",
    ).json()["id"]
    litter = owner_a.post("/api/v1/products/", {"name": "Cat Litter", "price": "80"}, format="json").json()[
        "id"
    ]
    return {"main": main, "east": east, "food": food, "litter": litter}


def receive_at(tenant, shop: dict[str, Any], product: int, moment: datetime.datetime) -> int:  # type: ignore[no-untyped-def]
    """A receipt whose created_at is ``moment`` (movements are append-only: set the clock instead)."""
    from catalog.models import Product, Store
    from inventory import services

    with schema_context(tenant.schema_name), mock.patch("django.utils.timezone.now", return_value=moment):
        movement = services.receive(
            Store.objects.get(pk=shop["main"]),
            [services.Line(Product.objects.get(pk=product), "1", "10")],
            idempotency_key=f"receipt-{moment.isoformat()}",
        )
    return movement.pk


def ids(client, url: str, **params: Any) -> list[int]:  # type: ignore[no-untyped-def]
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_movements_by_local_day_and_kind(owner_a, tenant_a, shop):
    # Alpha is in Asia/Taipei (UTC+8): 15:00 UTC is 23:00 on the 1st there, 17:00 UTC is 01:00 on the 2nd.
    late_first = receive_at(tenant_a, shop, shop["food"], datetime.datetime(2026, 3, 1, 15, 0, tzinfo=UTC))
    early_second = receive_at(tenant_a, shop, shop["food"], datetime.datetime(2026, 3, 1, 17, 0, tzinfo=UTC))
    third = receive_at(tenant_a, shop, shop["litter"], datetime.datetime(2026, 3, 3, 1, 0, tzinfo=UTC))
    url = "/api/v1/stock/movements/"
    assert ids(owner_a, url, date_from="2026-03-02", date_to="2026-03-02") == [early_second]
    assert ids(owner_a, url, date_to="2026-03-01") == [late_first]
    assert ids(owner_a, url, date_from="2026-03-02") == [third, early_second]
    assert ids(owner_a, url, date_from="2026-03-01", date_to="2026-03-03") == [
        third,
        early_second,
        late_first,
    ]

    damage = owner_a.post(
        "/api/v1/stock/remove/",
        {"store": shop["main"], "kind": "damage", "lines": [{"product": shop["food"], "quantity": "1"}]},
        format="json",
        **key(),
    )
    assert damage.status_code == 201, damage.content
    assert ids(owner_a, url, kind="damage") == [damage.json()["id"]]
    assert ids(owner_a, url, kind="receipt", product=shop["litter"]) == [third]
    assert ids(owner_a, url, kind="damage", date_to="2026-03-03") == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "theft"}, "kind"),
        ({"date_from": "2026-13-01"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "date_to"),
    ],
)
def test_bad_movement_filters_are_400(owner_a, params, field):
    response = owner_a.get("/api/v1/stock/movements/", params)
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"], response.json()


def test_transfers_by_status(owner_a, shop):
    def send() -> int:
        sent = owner_a.post(
            "/api/v1/stock/transfers/",
            {
                "from_store": shop["main"],
                "to_store": shop["east"],
                "lines": [{"product": shop["food"], "quantity": "1"}],
            },
            format="json",
            **key(),
        )
        assert sent.status_code == 201, sent.content
        return sent.json()["id"]

    body = {"store": shop["main"], "lines": [{"product": shop["food"], "quantity": "5", "unit_cost": "10"}]}
    assert owner_a.post("/api/v1/stock/receive/", body, format="json", **key()).status_code == 201
    arrived, travelling = send(), send()
    received = owner_a.post(f"/api/v1/stock/transfers/{arrived}/receive/", {}, format="json", **key())
    assert received.status_code == 201, received.content
    url = "/api/v1/stock/transfers/"
    assert ids(owner_a, url, status="in_transit") == [travelling]
    assert ids(owner_a, url, status="received") == [arrived]
    assert ids(owner_a, url) == [travelling, arrived]
    refused = owner_a.get(url, {"status": "lost"})
    assert refused.status_code == 400 and "status" in refused.json()["error"]["fields"]


def test_stock_levels_by_name_sku_or_barcode(owner_a, shop):
    for product in (shop["food"], shop["litter"]):
        body = {"store": shop["main"], "lines": [{"product": product, "quantity": "2", "unit_cost": "10"}]}
        assert owner_a.post("/api/v1/stock/receive/", body, format="json", **key()).status_code == 201

    def products(q: str) -> list[int]:
        response = owner_a.get("/api/v1/stock/", {"q": q})
        assert response.status_code == 200, response.content
        return [row["product"] for row in response.json()["results"]]

    assert products("dog food") == [shop["food"]]  # part of the name, any case
    assert products("DF-2") == [shop["food"]]  # the exact SKU
    assert products("4710000000994") == [shop["food"]]  # the exact barcode
    assert products("471000") == []  # part of a barcode is no match
    assert products("litter") == [shop["litter"]]
    assert sorted(products("")) == sorted([shop["food"], shop["litter"]])
    assert owner_a.get("/api/v1/stock/", {"q": "x" * 101}).status_code == 400
