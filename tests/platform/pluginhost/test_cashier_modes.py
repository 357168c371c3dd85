"""register_cashier_modes: modes of enabled plugins, sorted by order, in calls and the plugins API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from huiyuan import hookimpl
from pluginhost import calls, manager
from pluginhost.types import CashierMode
from tenants.models import TenantPlugin

CORE_MODES = ["sale", "quick_amount", "count_card", "timed"]


class TablePlugin:
    @hookimpl
    def register_cashier_modes(self) -> list[CashierMode]:
        return [
            CashierMode("table_order", "Table order", "TableOutlined", order=15),
            CashierMode("takeaway", "Takeaway", order=999),
        ]


@pytest.fixture
def table_plugin():  # type: ignore[no-untyped-def]
    manager.register_plugin(TablePlugin(), "testtables")
    yield
    manager.unregister_plugin("testtables")


def test_core_registers_the_standard_modes_through_the_hook(tenant_a):
    assert [m.key for m in calls.cashier_modes(tenant_a)] == CORE_MODES
    impls = manager.get_plugin_manager().hook.register_cashier_modes.get_hookimpls()
    assert [impl.plugin_name for impl in impls] == ["core"]


def test_enabled_plugin_modes_are_merged_sorted_by_order(tenant_a, table_plugin):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testtables", enabled=True)
    modes = calls.cashier_modes(tenant_a)
    assert [m.key for m in modes] == [
        "sale",
        "table_order",
        "quick_amount",
        "count_card",
        "timed",
        "takeaway",
    ]
    assert [m.order for m in modes] == sorted(m.order for m in modes)
    table = next(m for m in modes if m.key == "table_order")
    assert (table.label, table.icon) == ("Table order", "TableOutlined")


def test_modes_of_a_plugin_not_enabled_for_the_tenant_are_absent(tenant_a, tenant_b, table_plugin):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testtables", enabled=True)
    TenantPlugin.objects.create(tenant=tenant_b, plugin="testtables", enabled=False)
    assert "table_order" in {m.key for m in calls.cashier_modes(tenant_a)}
    assert [m.key for m in calls.cashier_modes(tenant_b)] == CORE_MODES


def test_plugins_api_lists_the_tenants_cashier_modes(tenant_a, tenant_b, owner_a, owner_b, table_plugin):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testtables", enabled=True)
    body_a = owner_a.get("/api/v1/plugins/").json()
    assert [m["key"] for m in body_a["cashier_modes"]] == [
        "sale",
        "table_order",
        "quick_amount",
        "count_card",
        "timed",
        "takeaway",
    ]
    assert body_a["cashier_modes"][1] == {
        "key": "table_order",
        "label": "Table order",
        "icon": "TableOutlined",
        "order": 15,
    }
    assert body_a["cashier_modes"][0]["label"] == "Product sale"  # lazy label rendered as text
    body_b = owner_b.get("/api/v1/plugins/").json()
    assert [m["key"] for m in body_b["cashier_modes"]] == CORE_MODES


def test_a_second_plugin_registering_the_core_sale_mode_fails():
    class Clash:
        @hookimpl
        def register_cashier_modes(self) -> list[CashierMode]:
            return [CashierMode("sale", "My sale")]

    with pytest.raises(
        ImproperlyConfigured, match=r"register_cashier_modes: key 'sale'.*'core'.*'testclash'"
    ):
        manager.register_plugin(Clash(), "testclash")
    assert manager.get_plugin_manager().get_plugin("testclash") is None
    assert "testclash" not in manager.plugin_infos()


def test_calls_tell_which_plugin_registered_each_mode(tenant_a, table_plugin):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testtables", enabled=True)
    pairs = calls.cashier_modes_with_plugins(tenant_a)
    assert [(plugin, m.key) for plugin, m in pairs] == [
        ("core", "sale"),
        ("testtables", "table_order"),
        ("core", "quick_amount"),
        ("core", "count_card"),
        ("core", "timed"),
        ("testtables", "takeaway"),
    ]
    assert [m for _, m in pairs] == calls.cashier_modes(tenant_a)
    # Only the core's sale and quick amount work offline; a mode is online-only unless it says so.
    assert {m.key for _, m in pairs if m.offline} == {"sale", "quick_amount"}


def test_bootstrap_modes_carry_plugin_and_offline(tenant_a, owner_a, owner_b, table_plugin):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testtables", enabled=True)
    modes = owner_a.get("/api/v1/cashier/bootstrap/").json()["modes"]
    assert modes[0] == {
        "key": "sale",
        "label": "Product sale",
        "icon": "ShoppingCartOutlined",
        "description": "Scan or search products",
        "plugin": "core",
        "offline": True,
    }
    assert modes[1] == {
        "key": "table_order",
        "label": "Table order",
        "icon": "TableOutlined",
        "description": "",
        "plugin": "testtables",
        "offline": False,
    }
    assert [(m["key"], m["plugin"], m["offline"]) for m in modes[2:]] == [
        ("quick_amount", "core", True),
        ("count_card", "core", False),
        ("timed", "core", False),
        ("takeaway", "testtables", False),
    ]
    other = owner_b.get("/api/v1/cashier/bootstrap/").json()["modes"]
    assert [(m["key"], m["plugin"]) for m in other] == [(key, "core") for key in CORE_MODES]
