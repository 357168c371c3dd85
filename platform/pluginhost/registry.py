"""Collects ``register_*`` hook results and rejects duplicate keys across plugins."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pluggy
from django.core.exceptions import ImproperlyConfigured

# hook name -> attribute that must be unique across all plugins
UNIQUE_KEYS: dict[str, Any] = {
    "register_cashier_modes": lambda item: item.key,
    "register_fields": lambda item: (item.target, item.namespace),
    "register_api_routes": lambda item: item.name,
    "register_menu_entries": lambda item: item.key,
    "register_scheduled_jobs": lambda item: item.name,
}


def collect(caller: pluggy.HookCaller) -> list[tuple[str, Any]]:
    """Call a ``register_*`` hook and return (plugin name, item) pairs in registration order."""
    pairs: list[tuple[str, Any]] = []
    for impl in reversed(caller.get_hookimpls()):
        result = impl.function()
        for item in result or ():
            pairs.append((impl.plugin_name, item))
    return pairs


def check_unique_keys(pm: pluggy.PluginManager) -> None:
    for hook_name, key_of in UNIQUE_KEYS.items():
        seen: dict[Any, str] = {}
        for plugin_name, item in collect(getattr(pm.hook, hook_name)):
            key = key_of(item)
            if key in seen:
                raise ImproperlyConfigured(
                    f"{hook_name}: key {key!r} registered by both {seen[key]!r} and {plugin_name!r}."
                )
            seen[key] = plugin_name


def items_of(pairs: Iterable[tuple[str, Any]]) -> list[Any]:
    return [item for _, item in pairs]
