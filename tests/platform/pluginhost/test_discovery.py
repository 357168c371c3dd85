"""Entry-point discovery for real: a tiny installed distribution in a temporary sys.path entry."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from pluginhost import discovery, manager

GOOD_HOOKS = """
from huiyuan import hookimpl
from pluginhost.types import CashierMode, ScheduledJob


@hookimpl
def register_cashier_modes():
    return [CashierMode("testplugin_mode", "Test plugin mode", order=55)]


@hookimpl
def register_scheduled_jobs():
    return [ScheduledJob("testplugin_job", "huiyuan_testplugin.tasks.job", hour=3)]
"""

TYPO_HOOKS = """
from huiyuan import hookimpl


@hookimpl
def register_menu_entrie():
    return []
"""


def make_distribution(
    root: Path, *, dist: str, version: str, entry_name: str, package: str, hooks: str, summary: str = ""
) -> None:
    """What `pip install` leaves behind: the package and a dist-info folder with the entry point."""
    pkg = root / package
    pkg.mkdir()
    (pkg / "__init__.py").write_text(f'"""{dist} plugin."""\n')
    (pkg / "hooks.py").write_text(textwrap.dedent(hooks))
    info = root / f"{dist}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\nSummary: {summary}\n"
    )
    (info / "entry_points.txt").write_text(f"[huiyuan.plugins]\n{entry_name} = {package}.hooks\n")


@pytest.fixture
def forget_modules():  # type: ignore[no-untyped-def]
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith("huiyuan_test"):
            del sys.modules[name]


@pytest.fixture
def testplugin(tmp_path, monkeypatch, forget_modules):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("HUIYUAN_DISABLED_PLUGINS", raising=False)
    make_distribution(
        tmp_path,
        dist="huiyuan_testplugin",
        version="1.2.3",
        entry_name="testplugin",
        package="huiyuan_testplugin",
        hooks=GOOD_HOOKS,
        summary="Huiyuan test plugin",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_discovers_an_installed_plugin_without_importing_it(testplugin):
    found = {p.name: p for p in discovery.discover_plugins()}
    plugin = found["testplugin"]
    assert (plugin.module, plugin.app, plugin.version, plugin.description) == (
        "huiyuan_testplugin.hooks",
        "huiyuan_testplugin",
        "1.2.3",
        "Huiyuan test plugin",
    )
    assert plugin.entry_point.group == "huiyuan.plugins"
    assert "huiyuan_testplugin" not in sys.modules
    assert "huiyuan_testplugin" in discovery.plugin_app_names()


def test_not_found_without_the_distribution(monkeypatch):
    monkeypatch.delenv("HUIYUAN_DISABLED_PLUGINS", raising=False)
    assert "testplugin" not in {p.name for p in discovery.discover_plugins()}


def test_disabled_plugins_env_var_hides_it(testplugin, monkeypatch):
    monkeypatch.setenv("HUIYUAN_DISABLED_PLUGINS", " other , testplugin")
    assert "testplugin" not in {p.name for p in discovery.discover_plugins()}
    assert "huiyuan_testplugin" not in discovery.plugin_app_names()
    pm, infos = manager.build_plugin_manager()
    assert pm.get_plugin("testplugin") is None and "testplugin" not in infos


def test_build_plugin_manager_registers_the_entry_point(testplugin):
    pm, infos = manager.build_plugin_manager()
    module = pm.get_plugin("testplugin")
    assert module is not None and module.__name__ == "huiyuan_testplugin.hooks"
    assert infos["testplugin"] == manager.PluginInfo("testplugin", "1.2.3", "Huiyuan test plugin", False)
    assert infos["core"].default is True
    modes = [m.key for impl in pm.hook.register_cashier_modes.get_hookimpls() for m in impl.function()]
    assert "testplugin_mode" in modes and "sale" in modes
    # A fresh manager: the process-wide one is untouched.
    assert manager.get_plugin_manager().get_plugin("testplugin") is None


def test_an_entry_point_with_an_unknown_hook_fails_the_build(tmp_path, monkeypatch, forget_modules):
    monkeypatch.delenv("HUIYUAN_DISABLED_PLUGINS", raising=False)
    make_distribution(
        tmp_path,
        dist="huiyuan_testtypo",
        version="0.1",
        entry_name="testtypo",
        package="huiyuan_testtypo",
        hooks=TYPO_HOOKS,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImproperlyConfigured, match="register_menu_entrie"):
        manager.build_plugin_manager()
    monkeypatch.setenv("HUIYUAN_DISABLED_PLUGINS", "testtypo")
    pm, _ = manager.build_plugin_manager()  # switching the broken plugin off lets the process start
    assert pm.get_plugin("testtypo") is None


def test_an_entry_point_named_core_is_refused(tmp_path, monkeypatch, forget_modules):
    monkeypatch.delenv("HUIYUAN_DISABLED_PLUGINS", raising=False)
    make_distribution(
        tmp_path,
        dist="huiyuan_testcore",
        version="9.9",
        entry_name="core",
        package="huiyuan_testcore",
        hooks=GOOD_HOOKS,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "core" in {p.name for p in discovery.discover_plugins()}
    with pytest.raises(ImproperlyConfigured, match="'core' is reserved"):
        manager.build_plugin_manager()
    assert "huiyuan_testcore.hooks" not in sys.modules  # refused before importing it
