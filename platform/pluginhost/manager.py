"""Builds the one plugin manager of the process: hookspecs, default plugins, entry points.

Start-up fails (ImproperlyConfigured) when a plugin implements a hook that does not exist or
registers a key twice: a typo in a reseller's plugin must not silently do nothing in production.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

import pluggy
from django.core.exceptions import ImproperlyConfigured

from pluginhost import hookspecs
from pluginhost.discovery import discover_plugins
from pluginhost.markers import PROJECT_NAME

# The core's own behaviour, registered through the same hooks as vertical plugins.
DEFAULT_PLUGINS: tuple[tuple[str, str], ...] = (("core", "pluginhost.default_plugins.core"),)
CORE_VERSION = "0.1.0"


@dataclass(frozen=True)
class PluginInfo:
    name: str
    version: str
    description: str
    default: bool  # default plugins are always enabled


_manager: pluggy.PluginManager | None = None
_infos: dict[str, PluginInfo] = {}


def build_plugin_manager(
    load_entry_points: bool = True,
) -> tuple[pluggy.PluginManager, dict[str, PluginInfo]]:
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    infos: dict[str, PluginInfo] = {}
    for name, module_path in DEFAULT_PLUGINS:
        module = importlib.import_module(module_path)
        _register(pm, module, name)
        infos[name] = PluginInfo(name, CORE_VERSION, (module.__doc__ or "").strip().splitlines()[0], True)
    if load_entry_points:
        for plugin in discover_plugins():
            if plugin.name in infos:
                raise ImproperlyConfigured(f"Plugin name {plugin.name!r} is reserved or used twice.")
            module = plugin.entry_point.load()
            _register(pm, module, plugin.name)
            infos[plugin.name] = PluginInfo(plugin.name, plugin.version, plugin.description, False)
    validate(pm)
    return pm, infos


def _register(pm: pluggy.PluginManager, module: ModuleType | object, name: str) -> None:
    # pluggy checks a known hook's argument names at register time (before changing any state).
    try:
        pm.register(module, name=name)
    except pluggy.PluginValidationError as exc:
        raise ImproperlyConfigured(f"Invalid plugin hook in {name!r}: {exc}") from exc


def validate(pm: pluggy.PluginManager) -> None:
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise ImproperlyConfigured(f"Unknown plugin hook: {exc}") from exc
    from pluginhost import registry

    registry.check_unique_keys(pm)


def get_plugin_manager() -> pluggy.PluginManager:
    global _manager, _infos
    if _manager is None:
        _manager, _infos = build_plugin_manager()
    return _manager


def plugin_infos() -> dict[str, PluginInfo]:
    get_plugin_manager()
    return dict(_infos)


def register_plugin(module: ModuleType | object, name: str, info: PluginInfo | None = None) -> None:
    """Register a plugin at run time (tests and embedded use); validates like start-up does."""
    pm = get_plugin_manager()
    _register(pm, module, name)
    try:
        validate(pm)
    except ImproperlyConfigured:
        pm.unregister(name=name)
        raise
    _infos[name] = info or PluginInfo(name, "0", "", False)


def unregister_plugin(name: str) -> None:
    pm = get_plugin_manager()
    if pm.get_plugin(name) is not None:
        pm.unregister(name=name)
    _infos.pop(name, None)
