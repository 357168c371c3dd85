"""register_product_kinds: the kinds a product may have per shop, and whether each keeps stock.

A test plugin registers "boarding" (a service, no stock) and "feed" (goods that keep stock); it is
enabled for shop A only. Products of those kinds are accepted where the plugin is enabled, stock
moves for "feed" only (receipts, sales, refunds), and a kind whose plugin is disabled keeps no stock.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_tenants.utils import schema_context

from huiyuan import hookimpl
from pluginhost import calls, manager
from pluginhost.types import ProductKind
from tenants.models import TenantPlugin
from tests.platform.loyalty.test_api_support import key
from tests.platform.orders.support import body, checkout, on_hand, product, receive

CORE_KINDS = [
    {"key": "product", "label": "Product", "tracks_stock": True, "is_service": False, "order": 10},
    {"key": "service", "label": "Service", "tracks_stock": False, "is_service": True, "order": 20},
]
PLUGIN_KINDS = [
    {"key": "boarding", "label": "Boarding", "tracks_stock": False, "is_service": True, "order": 30},
    {"key": "feed", "label": "Feed", "tracks_stock": True, "is_service": False, "order": 40},
]
NOT_OFFERED = ["Choose one of the offered options."]


class FarmKinds:
    @hookimpl
    def register_product_kinds(self) -> list[ProductKind]:
        return [
            ProductKind("feed", "Feed", tracks_stock=True, order=40),
            ProductKind("boarding", "Boarding", tracks_stock=False, is_service=True, order=30),
        ]


@pytest.fixture
def farm_kinds():  # type: ignore[no-untyped-def]
    manager.register_plugin(FarmKinds(), "testfarm")
    yield
    manager.unregister_plugin("testfarm")


@pytest.fixture
def farm_a(tenant_a, farm_kinds):  # type: ignore[no-untyped-def]
    """The plugin, enabled for shop A (shop B has it installed but not enabled)."""
    return TenantPlugin.objects.create(tenant=tenant_a, plugin="testfarm", enabled=True)


@pytest.fixture
def shop(owner_a, farm_a) -> dict[str, int]:  # type: ignore[no-untyped-def]
    store = owner_a.get("/api/v1/stores/").json()["results"][0]["id"]
    feed = product(owner_a, "Chicken feed 5kg", "250", kind="feed")
    boarding = product(
        owner_a,
        "Dog boarding (night)",
        "800",
        kind="boarding",
        duration_minutes=1440,
        commission_type="percent",
        commission_value="5.00",
    )
    return {"store": store, "feed": feed, "boarding": boarding}


def as_dicts(kinds: list[ProductKind]) -> list[dict[str, object]]:
    return [
        {
            "key": k.key,
            "label": str(k.label),
            "tracks_stock": k.tracks_stock,
            "is_service": k.is_service,
            "order": k.order,
        }
        for k in kinds
    ]


# --- the hook -------------------------------------------------------------------------------------


def test_core_registers_product_and_service_through_the_hook(tenant_a):
    assert as_dicts(calls.product_kinds(tenant_a)) == CORE_KINDS
    impls = manager.get_plugin_manager().hook.register_product_kinds.get_hookimpls()
    assert [impl.plugin_name for impl in impls] == ["core"]


def test_kinds_of_enabled_plugins_are_merged_sorted_by_order(tenant_a, tenant_b, farm_a):
    TenantPlugin.objects.create(tenant=tenant_b, plugin="testfarm", enabled=False)
    assert as_dicts(calls.product_kinds(tenant_a)) == CORE_KINDS + PLUGIN_KINDS
    assert as_dicts(calls.product_kinds(tenant_b)) == CORE_KINDS


def test_a_kind_key_taken_by_the_core_or_too_long_fails_like_start_up(farm_kinds):
    class Clash:
        @hookimpl
        def register_product_kinds(self) -> list[ProductKind]:
            return [ProductKind("service", "My service", tracks_stock=False)]

    class TooLong:
        @hookimpl
        def register_product_kinds(self) -> list[ProductKind]:
            return [ProductKind("x" * 41, "Long", tracks_stock=False)]

    with pytest.raises(
        ImproperlyConfigured, match=r"register_product_kinds: key 'service'.*'core'.*'testclash'"
    ):
        manager.register_plugin(Clash(), "testclash")
    with pytest.raises(ImproperlyConfigured, match=r"register_product_kinds: key 'x+' of 'testlong' must be"):
        manager.register_plugin(TooLong(), "testlong")
    assert manager.get_plugin_manager().get_plugin("testclash") is None
    assert manager.get_plugin_manager().get_plugin("testlong") is None
    with pytest.raises(
        ImproperlyConfigured, match=r"key 'feed' registered by both 'testfarm' and 'testfarm2'"
    ):
        manager.register_plugin(FarmKinds(), "testfarm2")


# --- the catalog ----------------------------------------------------------------------------------


def test_products_of_plugin_kinds_only_where_the_plugin_is_enabled(owner_a, owner_b, shop):
    boarding = owner_a.get(f"/api/v1/products/{shop['boarding']}/").json()
    assert (boarding["kind"], boarding["duration_minutes"], boarding["commission_value"]) == (
        "boarding",
        1440,
        "5.00",
    )
    feed_only = owner_a.get("/api/v1/products/", {"kind": "feed"}).json()["results"]
    assert [p["id"] for p in feed_only] == [shop["feed"]]

    refused = owner_b.post("/api/v1/products/", {"name": "Feed", "price": "1", "kind": "feed"}, format="json")
    assert refused.status_code == 400, refused.content
    assert refused.json()["error"]["fields"] == {"kind": NOT_OFFERED}
    assert owner_b.get("/api/v1/products/", {"kind": "feed"}).status_code == 400


def test_schema_lists_the_shops_kinds_with_labels(owner_a, owner_b, farm_a):
    assert owner_a.get("/api/v1/products/schema/").json()["kinds"] == CORE_KINDS + PLUGIN_KINDS
    assert owner_b.get("/api/v1/products/schema/").json()["kinds"] == CORE_KINDS


def test_cashier_bootstrap_keeps_the_products_own_kind(owner_a, shop):
    products = owner_a.get(f"/api/v1/cashier/bootstrap/?store={shop['store']}").json()["products"]
    kinds = {p["id"]: p["kind"] for p in products}
    assert (kinds[shop["feed"]], kinds[shop["boarding"]]) == ("feed", "boarding")


# --- stock and orders -----------------------------------------------------------------------------


def test_feed_is_received_and_boarding_is_refused(owner_a, tenant_a, shop):
    receive(owner_a, shop["store"], shop["feed"], "10", "150")
    assert on_hand(tenant_a, shop["store"], shop["feed"]) == 10
    lines = [{"product": shop["boarding"], "quantity": "1", "unit_cost": "1"}]
    refused = owner_a.post(
        "/api/v1/stock/receive/", {"store": shop["store"], "lines": lines}, format="json", **key()
    )
    assert refused.status_code == 400 and "lines" in refused.json()["error"]["fields"], refused.content
    # The kernel itself asks the same question, whoever calls it.
    from catalog.models import Product
    from catalog.services import tracks_stock
    from core.errors import DomainError
    from inventory import services as stock

    with schema_context(tenant_a.schema_name):
        boarding, feed = Product.objects.get(pk=shop["boarding"]), Product.objects.get(pk=shop["feed"])
        assert (tracks_stock(feed), tracks_stock(boarding)) == (True, False)
        store = feed.stock_levels.get().store
        with pytest.raises(DomainError, match=r"Services have no stock\."):
            stock.receive(store, [stock.Line(boarding, "1", "1")], idempotency_key="boarding")


def test_checkout_moves_feed_stock_not_boarding_and_a_refund_restocks_it(owner_a, tenant_a, shop):
    receive(owner_a, shop["store"], shop["feed"], "10", "150")
    half_night = body(
        shop, [{"product": shop["boarding"], "quantity": "0.5"}], [{"method": "cash", "amount": "400"}]
    )
    assert checkout(owner_a, half_night, expect=400)["error"]["fields"] == {
        "lines.0.quantity": ["Enter a whole number."]
    }

    data = body(
        shop,
        [{"product": shop["feed"], "quantity": "3"}, {"product": shop["boarding"], "quantity": "2"}],
        [{"method": "cash", "amount": "2350"}],
    )
    order = checkout(owner_a, data)
    assert on_hand(tenant_a, shop["store"], shop["feed"]) == 7
    assert [(line["kind"], line["product"]) for line in order["lines"]] == [
        ("product", shop["feed"]),
        ("service", shop["boarding"]),
    ]
    from orders.models import OrderLine

    with schema_context(tenant_a.schema_name):
        extras = list(
            OrderLine.objects.filter(order_id=order["id"])
            .order_by("position")
            .values_list("extra", flat=True)
        )
    assert extras == [{"product_kind": "feed"}, {"product_kind": "boarding"}]

    feed_line = order["lines"][0]["id"]
    refund = owner_a.post(
        f"/api/v1/orders/{order['id']}/refund/",
        {
            "client_id": str(uuid.uuid4()),
            "reason": "Wrong bag",
            "lines": [{"line": feed_line, "quantity": "1"}],
        },
        format="json",
    )
    assert refund.status_code == 201, refund.content
    assert on_hand(tenant_a, shop["store"], shop["feed"]) == 8


def test_core_kinds_keep_their_line_kinds_and_no_extra(owner_a, tenant_a, shop):
    soap = product(owner_a, "Soap", "30")
    cut = product(owner_a, "Cut", "300", kind="service")
    receive(owner_a, shop["store"], soap, "5")
    order = checkout(
        owner_a,
        body(shop, [{"product": soap}, {"product": cut}], [{"method": "cash", "amount": "330"}]),
    )
    assert [line["kind"] for line in order["lines"]] == ["product", "service"]
    from orders.models import OrderLine

    with schema_context(tenant_a.schema_name):
        assert list(OrderLine.objects.filter(order_id=order["id"]).values_list("extra", flat=True)) == [
            {},
            {},
        ]
    assert on_hand(tenant_a, shop["store"], soap) == 4


def test_a_kind_whose_plugin_is_disabled_keeps_no_stock_but_stays_editable(owner_a, tenant_a, shop, farm_a):
    receive(owner_a, shop["store"], shop["feed"], "4", "150")
    farm_a.enabled = False
    farm_a.save()
    lines = [{"product": shop["feed"], "quantity": "1", "unit_cost": "150"}]
    refused = owner_a.post(
        "/api/v1/stock/receive/", {"store": shop["store"], "lines": lines}, format="json", **key()
    )
    assert refused.status_code == 400, refused.content
    sold = checkout(owner_a, body(shop, [{"product": shop["feed"]}], [{"method": "cash", "amount": "250"}]))
    assert sold["lines"][0]["kind"] == "service"  # sold, but no stock moves for an unknown kind
    assert on_hand(tenant_a, shop["store"], shop["feed"]) == 4
    renamed = owner_a.patch(f"/api/v1/products/{shop['feed']}/", {"price": "260"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["kind"] == "feed"
    moved = owner_a.patch(f"/api/v1/products/{shop['feed']}/", {"kind": "boarding"}, format="json")
    assert moved.status_code == 400 and moved.json()["error"]["fields"] == {"kind": NOT_OFFERED}
    back = owner_a.patch(f"/api/v1/products/{shop['feed']}/", {"kind": "product"}, format="json")
    assert back.status_code == 200 and back.json()["kind"] == "product"
    assert Decimal(on_hand(tenant_a, shop["store"], shop["feed"])) == 4
