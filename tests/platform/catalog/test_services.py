"""catalog.services: default store, product create/update with validation, barcodes, scanner lookup
and search, plugin extra fields for products."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from catalog import services
from catalog.models import Barcode, Category, Product, ProductTierPrice, Store
from core.errors import DomainError
from core.models import AuditLog
from huiyuan import hookimpl
from loyalty.models import Tier
from pluginhost import manager
from pluginhost.types import FieldSet
from tenants.models import TenantPlugin


@pytest.fixture
def shop(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        yield tenant_a


def counts() -> tuple[int, ...]:
    return (Product.objects.count(), Barcode.objects.count(), ProductTierPrice.objects.count())


def test_default_store_is_created_once(shop):
    assert not Store.objects.exists()
    store = services.default_store()
    assert store.code == "main" and store.name == shop.name and store.active
    assert services.default_store() == store
    assert Store.objects.count() == 1


def test_create_product_with_barcodes_and_tier_prices(shop):
    gold = Tier.objects.create(name="Gold", rank=1)
    category = Category.objects.create(name="Hair")
    product = services.create_product(
        {
            "name": "Shampoo",
            "sku": " SH-1 ",
            "price": "120",
            "cost": "40.5",
            "tax_rate": "5",
            "category": category.pk,
            "barcodes": ["4710001", "4710002"],
            "tier_prices": [{"tier": gold, "price": "99"}],
        }
    )
    product.refresh_from_db()
    assert product.sku == "SH-1" and product.price == Decimal("120.00") and product.category == category
    assert sorted(product.barcodes.values_list("code", flat=True)) == ["4710001", "4710002"]
    assert product.tier_prices.get().price == Decimal("99.00")


def test_update_replaces_barcodes_and_audits_price_changes(shop):
    product = services.create_product({"name": "Cut", "kind": "service", "price": "300", "barcodes": ["A"]})
    services.update_product(product, {"price": "350", "barcodes": ["A", "B"], "duration_minutes": 45})
    product.refresh_from_db()
    assert product.price == Decimal("350.00") and product.duration_minutes == 45
    assert sorted(product.barcodes.values_list("code", flat=True)) == ["A", "B"]
    log = AuditLog.objects.get(action="catalog.product.price")
    assert log.before == {"price": "300.00"} and log.after == {"price": "350.00"}
    services.update_product(product, {"name": "Haircut"})
    assert AuditLog.objects.filter(action="catalog.product.price").count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"price": "-1"}, "price"),
        ({"cost": "-0.01"}, "cost"),
        ({"tax_rate": "101"}, "tax_rate"),
        ({"tax_rate": "-1"}, "tax_rate"),
        ({"category": 999999}, "category"),
        ({"sku": "TAKEN"}, "sku"),
        ({"barcodes": ["111"]}, "barcodes"),
        ({"barcodes": ["9", "9"]}, "barcodes"),
        ({"tier_prices": [{"tier": 999999, "price": "1"}]}, "tier_prices"),
        ({"extra": {"nobody": {}}}, "extra.nobody"),
    ],
)
def test_invalid_products_are_refused_and_nothing_is_written(shop, data, field):
    services.create_product({"name": "Existing", "price": "1", "sku": "TAKEN", "barcodes": ["111"]})
    before = counts()
    with pytest.raises(DomainError) as error:
        services.create_product({"name": "New", "price": "10", **data})
    assert field in error.value.fields
    assert counts() == before


def test_update_refuses_another_products_barcode_and_keeps_the_product(shop):
    first = services.create_product({"name": "One", "price": "1", "barcodes": ["111"]})
    second = services.create_product({"name": "Two", "price": "2", "barcodes": ["222"]})
    with pytest.raises(DomainError) as error:
        services.update_product(second, {"name": "Changed", "barcodes": ["222", "111"]})
    assert "barcodes" in error.value.fields
    second.refresh_from_db()
    assert second.name == "Two" and list(second.barcodes.values_list("code", flat=True)) == ["222"]
    assert first.barcodes.get().code == "111"
    # Its own SKU and barcodes are not "taken".
    services.update_product(first, {"barcodes": ["111"], "price": "5"})


def test_add_and_remove_barcode(shop):
    first = services.create_product({"name": "One", "price": "1"})
    second = services.create_product({"name": "Two", "price": "1"})
    services.add_barcode(first, "X1")
    assert services.add_barcode(first, "X1").product == first  # idempotent
    with pytest.raises(DomainError) as error:
        services.add_barcode(second, "X1")
    assert "code" in error.value.fields
    assert services.remove_barcode(first, "X1") is True
    assert services.remove_barcode(first, "X1") is False
    services.add_barcode(second, "X1")


def test_find_by_code_matches_barcode_or_sku_exactly_and_active_only(shop):
    product = services.create_product({"name": "Tea", "price": "50", "sku": "TEA-1", "barcodes": ["890"]})
    assert services.find_by_code("890") == product
    assert services.find_by_code(" TEA-1 ") == product
    assert services.find_by_code("89") is None and services.find_by_code("tea-1") is None
    assert services.find_by_code("") is None
    services.deactivate_product(product)
    assert services.find_by_code("890") is None
    assert services.find_by_code("890", active_only=False) == product


def test_search_by_name_part_sku_or_barcode(shop):
    tea = services.create_product({"name": "Green Tea", "price": "50", "sku": "T1", "barcodes": ["555"]})
    coffee = services.create_product({"name": "Coffee", "price": "60"})
    assert list(services.search("tea")) == [tea]
    assert list(services.search("T1")) == [tea]
    assert list(services.search("555")) == [tea]
    assert set(services.search("")) == {tea, coffee}
    assert list(services.search("nothing")) == []


class GroomingFields:
    @hookimpl
    def register_fields(self) -> list[FieldSet]:
        schema = {
            "type": "object",
            "properties": {"coat": {"enum": ["short", "long"]}},
            "additionalProperties": False,
        }
        return [FieldSet("product", "testgrooming", schema)]


@pytest.fixture
def grooming_fields(tenant_a):  # type: ignore[no-untyped-def]
    manager.register_plugin(GroomingFields(), "testgrooming")
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testgrooming", enabled=True)
    yield
    manager.unregister_plugin("testgrooming")


def test_extra_is_validated_against_plugin_product_fields(grooming_fields, tenant_a):
    with schema_context(tenant_a.schema_name):
        product = services.create_product(
            {"name": "Groom", "price": "1", "extra": {"testgrooming": {"coat": "long"}}}, actor=None
        )
        assert product.extra == {"testgrooming": {"coat": "long"}}
        with pytest.raises(DomainError) as error:
            services.update_product(product, {"extra": {"testgrooming": {"coat": "bald"}}})
        assert error.value.fields == {"extra.testgrooming.coat": ["Choose one of the offered options."]}
