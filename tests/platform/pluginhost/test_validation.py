"""Start-up checks: unknown or malformed hook implementations and duplicate keys are refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from huiyuan import hookimpl
from pluginhost import calls, manager
from pluginhost.types import ApiRoute, CashierMode, FieldSet, MenuEntry, ScheduledJob


def snapshot() -> tuple[list[str], dict[str, manager.PluginInfo]]:
    pm = manager.get_plugin_manager()
    return sorted(name for name, _ in pm.list_name_plugin()), manager.plugin_infos()


class Typo:
    @hookimpl
    def register_cashier_mode(self) -> list[CashierMode]:  # missing "s": no such hook
        return [CashierMode("testtypo_mode", "Typo")]


def test_unknown_hook_is_rejected_and_leaves_the_manager_unchanged():
    before = snapshot()
    with pytest.raises(ImproperlyConfigured, match=r"Unknown plugin hook.*register_cashier_mode"):
        manager.register_plugin(Typo(), "testtypo")
    assert snapshot() == before
    assert manager.get_plugin_manager().get_plugin("testtypo") is None
    assert "testtypo_mode" not in {m.key for m in calls.cashier_modes(None)}

    class Fine:
        @hookimpl
        def register_cashier_modes(self) -> list[CashierMode]:
            return [CashierMode("testfine_mode", "Fine")]

    # The failed registration did not poison the manager: a correct plugin still registers.
    manager.register_plugin(Fine(), "testfine")
    try:
        assert manager.get_plugin_manager().get_plugin("testfine") is not None
        assert manager.plugin_infos()["testfine"].default is False
    finally:
        manager.unregister_plugin("testfine")
    assert snapshot() == before


def test_hook_with_unknown_arguments_is_rejected():
    class WrongArgs:
        @hookimpl
        def order_paid(self, order, shop) -> None:  # type: ignore[no-untyped-def]
            pass

    before = snapshot()
    with pytest.raises(ImproperlyConfigured, match="shop"):
        manager.register_plugin(WrongArgs(), "testwrongargs")
    assert snapshot() == before


ITEMS = {
    "register_cashier_modes": lambda key: CashierMode(key, "x"),
    "register_fields": lambda key: FieldSet("member", key, {"type": "object"}),
    "register_api_routes": lambda key: ApiRoute(f"{key}/", lambda request: None, key),
    "register_menu_entries": lambda key: MenuEntry(key, "x", "/x"),
    "register_scheduled_jobs": lambda key: ScheduledJob(key, "x.tasks.x", hour=1),
}


def plugin_with(hook: str, key: str) -> object:
    """A plugin implementing only ``hook``, registering one item keyed ``key``."""

    def impl(self):  # type: ignore[no-untyped-def]
        return [ITEMS[hook](key)]

    return type("OneHook", (), {hook: hookimpl(impl)})()


@pytest.mark.parametrize("hook", sorted(set(ITEMS) - {"register_api_routes"}))
def test_duplicate_keys_across_plugins_are_rejected(hook):
    # API route names are unique per plugin only (their URLs carry the plugin name): see
    # test_api_routes.test_route_names_are_unique_per_plugin_not_globally.
    before = snapshot()
    manager.register_plugin(plugin_with(hook, "testdup_key"), "testdup1")
    try:
        with pytest.raises(
            ImproperlyConfigured, match=f"{hook}: key .*testdup_key.* by both 'testdup1' and 'testdup2'"
        ):
            manager.register_plugin(plugin_with(hook, "testdup_key"), "testdup2")
        assert manager.get_plugin_manager().get_plugin("testdup2") is None
        assert "testdup2" not in manager.plugin_infos()
        manager.register_plugin(plugin_with(hook, "testdup_other"), "testdup3")  # distinct keys are fine
        manager.unregister_plugin("testdup3")
    finally:
        manager.unregister_plugin("testdup1")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("hook", "core_key"),
    [
        ("register_cashier_modes", "quick_amount"),
        ("register_menu_entries", "dashboard"),
        ("register_scheduled_jobs", "clear_expired_sessions"),
    ],
)
def test_keys_of_the_core_plugin_are_taken(hook, core_key):
    with pytest.raises(ImproperlyConfigured, match=f"{hook}: key '{core_key}' registered by both 'core'"):
        manager.register_plugin(plugin_with(hook, core_key), "testcoreclash")
    assert manager.get_plugin_manager().get_plugin("testcoreclash") is None


def test_build_plugin_manager_without_entry_points_has_only_default_plugins():
    pm, infos = manager.build_plugin_manager(load_entry_points=False)
    assert [name for name, _ in pm.list_name_plugin()] == [name for name, _ in manager.DEFAULT_PLUGINS]
    assert all(info.default for info in infos.values())
    assert infos["core"].description.startswith("Huiyuan core")
