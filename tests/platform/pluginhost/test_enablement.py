"""Per-tenant enablement: TenantPlugin rows, the per-instance cache, default plugins always on."""

from __future__ import annotations

import pytest

from huiyuan import hookimpl
from pluginhost import calls, manager
from pluginhost.types import CashierMode
from tenants.models import Tenant, TenantPlugin


class Dummy:
    @hookimpl
    def register_cashier_modes(self) -> list[CashierMode]:
        return [CashierMode("testenable_mode", "Dummy")]


@pytest.fixture
def dummy():  # type: ignore[no-untyped-def]
    manager.register_plugin(Dummy(), "testenable")
    yield
    manager.unregister_plugin("testenable")


def test_core_is_a_default_plugin_enabled_everywhere(tenant_a, tenant_b):
    info = manager.plugin_infos()["core"]
    assert info.default is True and info.version == manager.CORE_VERSION
    assert "core" in calls.enabled_plugin_names(tenant_a)
    assert "core" in calls.enabled_plugin_names(tenant_b)
    assert calls.enabled_plugin_names(None) == frozenset(
        n for n, i in manager.plugin_infos().items() if i.default
    )


def test_core_cannot_be_disabled_by_a_row(tenant_a):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="core", enabled=False)
    assert "core" in calls.enabled_plugin_names(tenant_a)
    assert "sale" in {m.key for m in calls.cashier_modes(tenant_a)}


def test_enablement_is_per_tenant(tenant_a, tenant_b, dummy):
    assert "testenable" not in calls.enabled_plugin_names(Tenant.objects.get(pk=tenant_a.pk))  # no row
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testenable", enabled=True)
    TenantPlugin.objects.create(tenant=tenant_b, plugin="testenable", enabled=False)
    assert "testenable" in calls.enabled_plugin_names(tenant_a)
    assert "testenable" not in calls.enabled_plugin_names(tenant_b)


def test_rows_for_plugins_that_are_not_installed_are_ignored(tenant_a):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testnotinstalled", enabled=True)
    assert "testnotinstalled" not in calls.enabled_plugin_names(tenant_a)


def test_uninstalled_plugin_is_no_longer_enabled(tenant_a, dummy):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testenable", enabled=True)
    assert "testenable" in calls.enabled_plugin_names(tenant_a)
    manager.unregister_plugin("testenable")
    assert "testenable" not in calls.enabled_plugin_names(Tenant.objects.get(pk=tenant_a.pk))


def test_enablement_is_cached_on_the_instance_until_forgotten(tenant_a, dummy, django_assert_num_queries):
    before = calls.enabled_plugin_names(tenant_a)
    assert "testenable" not in before
    row = TenantPlugin.objects.create(tenant=tenant_a, plugin="testenable", enabled=True)
    with django_assert_num_queries(0):
        assert calls.enabled_plugin_names(tenant_a) is before  # cached: no query, stale
        assert "testenable_mode" not in {m.key for m in calls.cashier_modes(tenant_a)}
    assert "testenable" in calls.enabled_plugin_names(Tenant.objects.get(pk=tenant_a.pk))  # fresh instance

    calls.forget_enabled_plugins(tenant_a)
    assert "testenable" in calls.enabled_plugin_names(tenant_a)
    assert "testenable_mode" in {m.key for m in calls.cashier_modes(tenant_a)}

    row.enabled = False
    row.save()
    calls.forget_enabled_plugins(tenant_a)
    assert "testenable" not in calls.enabled_plugin_names(tenant_a)
    calls.forget_enabled_plugins(tenant_a)
    calls.forget_enabled_plugins(tenant_a)  # forgetting twice is harmless


def test_each_request_sees_the_current_enablement(tenant_a, owner_a, dummy):
    def modes() -> set[str]:
        return {m["key"] for m in owner_a.get("/api/v1/plugins/").json()["cashier_modes"]}

    assert "testenable_mode" not in modes()
    row = TenantPlugin.objects.create(tenant=tenant_a, plugin="testenable", enabled=True)
    assert "testenable_mode" in modes()
    row.enabled = False
    row.save()
    assert "testenable_mode" not in modes()
