"""GET /api/v1/plugins/: installed plugins with versions and this tenant's enablement."""

from __future__ import annotations

import pytest

from huiyuan import hookimpl
from pluginhost import manager
from pluginhost.types import MenuEntry
from tenants.models import TenantPlugin
from tests.conftest import make_client


class Listed:
    @hookimpl
    def register_menu_entries(self) -> list[MenuEntry]:
        return [MenuEntry("testlisted_entry", "Listed", "/app/ext/testlisted")]


@pytest.fixture
def listed():  # type: ignore[no-untyped-def]
    info = manager.PluginInfo("testlisted", "2.5.0", "A plugin for the plugin list", False)
    manager.register_plugin(Listed(), "testlisted", info)
    yield
    manager.unregister_plugin("testlisted")


def by_name(client) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/plugins/")
    assert response.status_code == 200, response.content
    return {p["name"]: p for p in response.json()["plugins"]}


def test_requires_login(tenant_a):
    response = make_client("alpha").get("/api/v1/plugins/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_authenticated"
    assert "plugins" not in response.json()


def test_lists_core_as_default_and_enabled(owner_a):
    response = owner_a.get("/api/v1/plugins/")
    assert response.json()["plugins"][0]["name"] == "core"  # default plugins first
    core = by_name(owner_a)["core"]
    assert core == {
        "name": "core",
        "version": manager.CORE_VERSION,
        "default": True,
        "enabled": True,
        "description": "Huiyuan core: standard cashier modes, the merchant app's menu and housekeeping jobs.",
    }


def test_lists_installed_plugin_with_version_and_tenant_enablement(tenant_a, owner_a, listed):
    plugin = by_name(owner_a)["testlisted"]
    assert plugin == {
        "name": "testlisted",
        "version": "2.5.0",
        "default": False,
        "enabled": False,
        "description": "A plugin for the plugin list",
    }
    row = TenantPlugin.objects.create(tenant=tenant_a, plugin="testlisted", enabled=True)
    assert by_name(owner_a)["testlisted"]["enabled"] is True
    row.enabled = False
    row.save()
    assert by_name(owner_a)["testlisted"]["enabled"] is False


def test_each_tenant_sees_its_own_enablement(tenant_a, tenant_b, owner_a, owner_b, listed):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testlisted", enabled=True)
    assert by_name(owner_a)["testlisted"]["enabled"] is True
    assert by_name(owner_b)["testlisted"]["enabled"] is False
    TenantPlugin.objects.filter(tenant=tenant_a).update(enabled=False)
    TenantPlugin.objects.create(tenant=tenant_b, plugin="testlisted", enabled=True)
    assert by_name(owner_a)["testlisted"]["enabled"] is False
    assert by_name(owner_b)["testlisted"]["enabled"] is True


def test_unregistered_plugin_is_no_longer_listed(owner_a, listed):
    assert "testlisted" in by_name(owner_a)
    manager.unregister_plugin("testlisted")
    assert "testlisted" not in by_name(owner_a)
