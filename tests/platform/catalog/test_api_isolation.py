"""Tenant isolation of the catalog API: shop B's owner, using shop A's ids on B's host, gets 404 for
every object endpoint (A's owner, as a control, reaches the same object); B's lists, searches and
scanner never show A's stores, categories or products; A's ids in B's request bodies are invalid."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from catalog.models import Barcode, Category, Product, Store
from loyalty.models import Tier
from tests.platform.loyalty.test_api_support import count_rows

MODELS = (Store, Category, Product, Barcode)


@pytest.fixture
def shop_a(owner_a, owner_b, tenant_a, tenant_b) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A's extra store, a category and a product with SKU and barcode; B has no catalog rows."""
    with schema_context(tenant_a.schema_name):
        tier = Tier.objects.create(name="Gold", rank=7)
    store = owner_a.post("/api/v1/stores/", {"name": "East", "code": "east"}, format="json").json()
    category = owner_a.post("/api/v1/categories/", {"name": "Hair"}, format="json").json()
    product = owner_a.post(
        "/api/v1/products/",
        {"name": "Alpha Shampoo", "price": "120", "sku": "ALPHA-SKU", "barcodes": ["4710009"]},
        format="json",
    ).json()
    with schema_context(tenant_b.schema_name):
        assert not Product.objects.exists() and not Category.objects.exists()
        assert not Store.objects.filter(pk=store["id"]).exists()
    return {
        "store": store["id"],
        "category": category["id"],
        "product": product["id"],
        "tier": tier.pk,
        "sku": "ALPHA-SKU",
        "barcode": "4710009",
    }


# (method, url, body, status A's owner gets for the same request)
OBJECT_ENDPOINTS = [
    ("get", "/api/v1/stores/{store}/", None, 200),
    ("patch", "/api/v1/stores/{store}/", {"name": "pwned"}, 200),
    ("delete", "/api/v1/stores/{store}/", None, 200),
    ("get", "/api/v1/categories/{category}/", None, 200),
    ("patch", "/api/v1/categories/{category}/", {"name": "pwned"}, 200),
    ("delete", "/api/v1/categories/{category}/", None, 204),
    ("get", "/api/v1/products/{product}/", None, 200),
    ("patch", "/api/v1/products/{product}/", {"name": "pwned"}, 200),
    ("delete", "/api/v1/products/{product}/", None, 200),
]


@pytest.mark.parametrize(
    ("method", "url", "body", "control"), OBJECT_ENDPOINTS, ids=[f"{m} {u}" for m, u, *_ in OBJECT_ENDPOINTS]
)
def test_b_cannot_reach_a_objects_by_id(shop_a, owner_a, owner_b, tenant_a, method, url, body, control):
    path = url.format(**shop_a)
    before = count_rows(tenant_a, *MODELS)
    denied = getattr(owner_b, method)(path, body, format="json")
    assert denied.status_code == 404, denied.content
    assert denied.json()["error"]["code"] == "not_found"
    assert count_rows(tenant_a, *MODELS) == before
    with schema_context(tenant_a.schema_name):
        product = Product.objects.get(pk=shop_a["product"])
        assert product.name == "Alpha Shampoo" and product.active
        assert Store.objects.get(pk=shop_a["store"]).active
    allowed = getattr(owner_a, method)(path, body, format="json")
    assert allowed.status_code == control, allowed.content


def test_b_scanning_a_codes_is_404(shop_a, owner_a, owner_b):
    for code in (shop_a["barcode"], shop_a["sku"]):
        assert owner_b.get("/api/v1/products/scan/", {"code": code}).status_code == 404
        assert owner_a.get("/api/v1/products/scan/", {"code": code}).status_code == 200


def test_b_lists_and_searches_do_not_show_a_data(shop_a, owner_b):
    for url, params in [
        ("/api/v1/categories/", {}),
        ("/api/v1/products/", {}),
        ("/api/v1/products/", {"q": "Alpha"}),
        ("/api/v1/products/", {"q": shop_a["barcode"]}),
        ("/api/v1/products/", {"q": shop_a["sku"]}),
        ("/api/v1/products/", {"category": shop_a["category"]}),
    ]:
        response = owner_b.get(url, params)
        assert response.status_code == 200, (url, response.content)
        assert response.json()["count"] == 0, (url, params, response.json())
    stores = owner_b.get("/api/v1/stores/").json()["results"]
    assert [s["code"] for s in stores] == ["main"]  # B's own default store only


def test_b_cannot_use_a_ids_or_codes_in_bodies(shop_a, owner_b, tenant_b):
    before = count_rows(tenant_b, Product, Category)
    product = owner_b.post(
        "/api/v1/products/",
        {
            "name": "B",
            "price": "1",
            "category": shop_a["category"],
            "tier_prices": [{"tier": shop_a["tier"], "price": "1"}],
        },
        format="json",
    )
    assert product.status_code == 400
    assert {"category", "tier_prices"} <= set(product.json()["error"]["fields"])
    category = owner_b.post("/api/v1/categories/", {"name": "B", "parent": shop_a["category"]}, format="json")
    assert category.status_code == 400 and "parent" in category.json()["error"]["fields"]
    assert count_rows(tenant_b, Product, Category) == before
    # Codes are unique per shop: B may use A's SKU and barcode for its own product.
    own = owner_b.post(
        "/api/v1/products/",
        {"name": "B", "price": "1", "sku": shop_a["sku"], "barcodes": [shop_a["barcode"]]},
        format="json",
    )
    assert own.status_code == 201, own.content
