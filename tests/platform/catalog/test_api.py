"""Catalog API: stores, categories and products (barcodes, tier prices, filters, scanner), money as
two-decimal strings, validation as 400 with fields and nothing written, cashiers read-only, and a
products list whose query count does not grow with the number of products."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from catalog import services
from catalog.models import Barcode, Category, Product, ProductTierPrice, Store
from loyalty.models import Tier
from tests.platform.loyalty.test_api_support import count_rows, staff_client


@pytest.fixture
def cashier_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "cashier")


@pytest.fixture
def manager_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "manager")


@pytest.fixture
def gold(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        return Tier.objects.create(name="Gold", rank=5)


def create_product(client, **data: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    data.setdefault("name", "Shampoo")
    data.setdefault("price", "120")
    response = client.post("/api/v1/products/", data, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_stores_default_and_crud(owner_a, manager_a, cashier_a):
    listed = cashier_a.get("/api/v1/stores/").json()
    assert listed["count"] == 1 and listed["results"][0]["code"] == "main"
    created = manager_a.post("/api/v1/stores/", {"name": "East", "code": "east"}, format="json")
    assert created.status_code == 201, created.content
    store = created.json()
    assert store["active"] is True
    duplicate = owner_a.post("/api/v1/stores/", {"name": "Again", "code": "east"}, format="json")
    assert duplicate.status_code == 400 and "code" in duplicate.json()["error"]["fields"]
    changed = owner_a.patch(f"/api/v1/stores/{store['id']}/", {"phone": "02 1234 5678"}, format="json")
    assert changed.json()["phone"] == "02 1234 5678"
    closed = owner_a.delete(f"/api/v1/stores/{store['id']}/")
    assert closed.status_code == 200 and closed.json()["active"] is False
    assert cashier_a.get(f"/api/v1/stores/{store['id']}/").json()["name"] == "East"


def test_categories_crud(owner_a, cashier_a):
    hair = owner_a.post("/api/v1/categories/", {"name": "Hair", "order": 1}, format="json").json()
    care = owner_a.post("/api/v1/categories/", {"name": "Care", "parent": hair["id"]}, format="json")
    assert care.status_code == 201 and care.json()["parent"] == hair["id"]
    loop = owner_a.patch(f"/api/v1/categories/{hair['id']}/", {"parent": care.json()["id"]}, format="json")
    assert loop.status_code == 400 and "parent" in loop.json()["error"]["fields"]
    in_use = owner_a.delete(f"/api/v1/categories/{hair['id']}/")
    assert in_use.status_code == 409 and in_use.json()["error"]["code"] == "in_use"
    assert [c["name"] for c in cashier_a.get("/api/v1/categories/").json()["results"]] == ["Hair", "Care"]
    assert owner_a.delete(f"/api/v1/categories/{care.json()['id']}/").status_code == 204
    assert owner_a.delete(f"/api/v1/categories/{hair['id']}/").status_code == 204


def test_product_create_read_update_and_deactivate(owner_a, gold, tenant_a):
    category = owner_a.post("/api/v1/categories/", {"name": "Hair"}, format="json").json()
    product = create_product(
        owner_a,
        sku="SH-1",
        barcodes=["4710001", "4710002"],
        category=category["id"],
        cost="40",
        tax_rate="5",
        unit="bottle",
        commission_type="percent",
        commission_value="10",
        tier_prices=[{"tier": gold.pk, "price": "99.5"}],
    )
    assert product["price"] == "120.00" and product["cost"] == "40.00" and product["tax_rate"] == "5.00"
    assert product["barcodes"] == ["4710001", "4710002"] and product["category"] == category["id"]
    assert product["tier_prices"] == [{"tier": gold.pk, "tier_name": "Gold", "price": "99.50"}]
    assert product["kind"] == "product" and product["active"] is True and product["image_url"] is None
    url = f"/api/v1/products/{product['id']}/"
    changed = owner_a.patch(url, {"price": "130", "barcodes": ["4710002"], "tier_prices": []}, format="json")
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["price"] == "130.00" and body["barcodes"] == ["4710002"] and body["tier_prices"] == []
    assert body["sku"] == "SH-1"  # untouched by a partial update
    deleted = owner_a.delete(url)
    assert deleted.status_code == 200 and deleted.json()["active"] is False
    with schema_context(tenant_a.schema_name):
        assert Product.objects.filter(pk=product["id"], active=False).exists()


def test_service_with_duration(owner_a):
    service = create_product(owner_a, kind="service", name="Haircut", price="300", duration_minutes=45)
    assert service["kind"] == "service" and service["duration_minutes"] == 45


def test_filters_and_search(owner_a, cashier_a):
    hair = owner_a.post("/api/v1/categories/", {"name": "Hair"}, format="json").json()
    shampoo = create_product(owner_a, name="Green Shampoo", category=hair["id"], barcodes=["111"])
    cut = create_product(owner_a, name="Haircut", kind="service", sku="CUT")
    old = create_product(owner_a, name="Old shampoo")
    owner_a.delete(f"/api/v1/products/{old['id']}/")

    def ids(**params: Any) -> set[int]:
        response = cashier_a.get("/api/v1/products/", params)
        assert response.status_code == 200, response.content
        return {p["id"] for p in response.json()["results"]}

    assert ids() == {shampoo["id"], cut["id"], old["id"]}
    assert ids(q="SHAMPOO") == {shampoo["id"], old["id"]}
    assert ids(q="shampoo", active="true") == {shampoo["id"]}
    assert ids(active="false") == {old["id"]}
    assert ids(q="111") == {shampoo["id"]} and ids(q="CUT") == {cut["id"]}
    assert ids(category=hair["id"]) == {shampoo["id"]}
    assert ids(kind="service") == {cut["id"]}
    assert cashier_a.get("/api/v1/products/", {"kind": "car"}).status_code == 400


def test_scan_finds_active_products_by_barcode_or_sku(owner_a, cashier_a):
    product = create_product(owner_a, sku="SKU-9", barcodes=["890"])
    for code in ("890", "SKU-9"):
        found = cashier_a.get("/api/v1/products/scan/", {"code": code})
        assert found.status_code == 200 and found.json()["id"] == product["id"]
    missing = cashier_a.get("/api/v1/products/scan/", {"code": "89"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert cashier_a.get("/api/v1/products/scan/").status_code == 400
    owner_a.delete(f"/api/v1/products/{product['id']}/")
    assert cashier_a.get("/api/v1/products/scan/", {"code": "890"}).status_code == 404


def test_schema_of_extra(cashier_a):
    schema = cashier_a.get("/api/v1/products/schema/").json()["schema"]
    assert schema == {"type": "object", "properties": {}, "additionalProperties": False}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"price": "-1"}, "price"),
        ({"price": "1.005"}, "price"),
        ({"tax_rate": "120"}, "tax_rate"),
        ({"tax_rate": "-5"}, "tax_rate"),
        ({"barcodes": ["111"]}, "barcodes"),
        ({"barcodes": ["7", "7"]}, "barcodes"),
        ({"sku": "TAKEN"}, "sku"),
        ({"category": 999999}, "category"),
        ({"kind": "car"}, "kind"),
        ({"commission_type": "percent", "commission_value": "150"}, "commission_value"),
        ({"tier_prices": [{"tier": 999999, "price": "1"}]}, "tier_prices"),
        ({"extra": {"nobody": {"x": 1}}}, "extra.nobody"),
    ],
)
def test_invalid_product_is_400_with_fields_and_writes_nothing(owner_a, tenant_a, data, field):
    create_product(owner_a, name="Existing", sku="TAKEN", barcodes=["111"])
    before = count_rows(tenant_a, Product, Barcode, ProductTierPrice)
    response = owner_a.post("/api/v1/products/", {"name": "New", "price": "10", **data}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"], response.json()
    assert count_rows(tenant_a, Product, Barcode, ProductTierPrice) == before


def test_invalid_update_writes_nothing(owner_a, tenant_a):
    create_product(owner_a, name="Existing", barcodes=["111"])
    product = create_product(owner_a, name="Mine", barcodes=["222"])
    response = owner_a.patch(
        f"/api/v1/products/{product['id']}/", {"name": "Changed", "barcodes": ["111"]}, format="json"
    )
    assert response.status_code == 400 and "barcodes" in response.json()["error"]["fields"]
    again = owner_a.get(f"/api/v1/products/{product['id']}/").json()
    assert again["name"] == "Mine" and again["barcodes"] == ["222"]


def test_cashier_reads_but_cannot_write(owner_a, cashier_a, tenant_a):
    product = create_product(owner_a)
    store = owner_a.get("/api/v1/stores/").json()["results"][0]
    category = owner_a.post("/api/v1/categories/", {"name": "Hair"}, format="json").json()
    before = count_rows(tenant_a, Product, Store, Category)
    writes = [
        ("post", "/api/v1/products/", {"name": "x", "price": "1"}),
        ("patch", f"/api/v1/products/{product['id']}/", {"price": "0"}),
        ("delete", f"/api/v1/products/{product['id']}/", None),
        ("post", "/api/v1/stores/", {"name": "x", "code": "x"}),
        ("patch", f"/api/v1/stores/{store['id']}/", {"name": "x"}),
        ("delete", f"/api/v1/stores/{store['id']}/", None),
        ("post", "/api/v1/categories/", {"name": "x"}),
        ("patch", f"/api/v1/categories/{category['id']}/", {"name": "x"}),
        ("delete", f"/api/v1/categories/{category['id']}/", None),
    ]
    for method, url, body in writes:
        response = getattr(cashier_a, method)(url, body, format="json")
        assert response.status_code == 403, (method, url, response.content)
    assert count_rows(tenant_a, Product, Store, Category) == before
    assert cashier_a.get(f"/api/v1/products/{product['id']}/").json()["price"] == "120.00"
    with schema_context(tenant_a.schema_name):
        assert Store.objects.get(pk=store["id"]).active


def test_anonymous_is_refused(tenant_a):
    from tests.conftest import make_client

    assert make_client("alpha").get("/api/v1/products/").status_code in (401, 403)


def _make_products(tenant: Any, count: int, tier: Tier) -> None:
    with schema_context(tenant.schema_name):
        category = Category.objects.create(name=f"C{count}")
        for i in range(count):
            services.create_product(
                {
                    "name": f"P{count}-{i}",
                    "price": "1",
                    "category": category,
                    "barcodes": [f"{count}-{i}-a", f"{count}-{i}-b"],
                    "tier_prices": [{"tier": tier, "price": "0.5"}],
                }
            )


def test_products_list_queries_do_not_grow_with_products(
    owner_a, tenant_a, gold, django_assert_max_num_queries
):
    _make_products(tenant_a, 3, gold)
    with django_assert_max_num_queries(12) as small:
        response = owner_a.get("/api/v1/products/")
    assert response.json()["count"] == 3
    _make_products(tenant_a, 27, gold)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = owner_a.get("/api/v1/products/")
    assert response.json()["count"] == 30
    assert len(large.captured_queries) == len(small.captured_queries)
