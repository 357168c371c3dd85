"""Collects ``register_*`` hook results and rejects duplicate keys across plugins."""

from __future__ import annotations

from typing import Any

import pluggy
from django.core.exceptions import ImproperlyConfigured

from pluginhost.types import PRODUCT_KIND_MAX_LENGTH

# hook name -> (plugin, item) -> key that must be unique. Route URLs are prefixed with the plugin
# name, so route names only need to be unique within one plugin; everything else is global.
UNIQUE_KEYS: dict[str, Any] = {
    "register_cashier_modes": lambda plugin, item: item.key,
    "register_product_kinds": lambda plugin, item: item.key,
    "register_fields": lambda plugin, item: (item.target, item.namespace),
    "register_api_routes": lambda plugin, item: (plugin, item.name),
    "register_menu_entries": lambda plugin, item: item.key,
    "register_scheduled_jobs": lambda plugin, item: item.name,
}


def collect(caller: pluggy.HookCaller) -> list[tuple[str, Any]]:
    """Call a ``register_*`` hook and return (plugin name, item) pairs in registration order."""
    pairs: list[tuple[str, Any]] = []
    # get_hookimpls() is in registration order (pluggy *calls* them last-registered first).
    for impl in caller.get_hookimpls():
        result = impl.function()
        for item in result or ():
            pairs.append((impl.plugin_name, item))
    return pairs


def check_unique_keys(pm: pluggy.PluginManager) -> None:
    """Refuse (ImproperlyConfigured) a key registered twice, or a product kind key that cannot be
    stored; called at start-up and by ``register_plugin``."""
    for hook_name, key_of in UNIQUE_KEYS.items():
        seen: dict[Any, str] = {}
        for plugin_name, item in collect(getattr(pm.hook, hook_name)):
            key = key_of(plugin_name, item)
            if key in seen:
                raise ImproperlyConfigured(
                    f"{hook_name}: key {key!r} registered by both {seen[key]!r} and {plugin_name!r}."
                )
            seen[key] = plugin_name
    # A product kind key is stored in Product.kind: one that does not fit would only fail when a
    # shop first saves such a product, so refuse it at start-up like a duplicate.
    for plugin_name, item in collect(pm.hook.register_product_kinds):
        if not item.key or len(item.key) > PRODUCT_KIND_MAX_LENGTH:
            raise ImproperlyConfigured(
                f"register_product_kinds: key {item.key!r} of {plugin_name!r} must be 1 to "
                f"{PRODUCT_KIND_MAX_LENGTH} characters."
            )
