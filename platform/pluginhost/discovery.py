"""Finds plugin distributions without importing them, so settings can list their Django apps.

An entry point in the group ``huiyuan.plugins`` names the module holding the plugin's hook
implementations (``beauty = huiyuan_beauty.hooks``); the top-level package of that module is the
plugin's Django app and goes into TENANT_APPS, so its models live in each tenant's schema.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

from pluginhost.markers import ENTRY_POINT_GROUP


@dataclass(frozen=True)
class DiscoveredPlugin:
    name: str
    module: str
    app: str
    version: str
    description: str
    entry_point: EntryPoint


def discover_plugins() -> list[DiscoveredPlugin]:
    """Installed plugin distributions, minus those listed in HUIYUAN_DISABLED_PLUGINS."""
    disabled = {n.strip() for n in os.environ.get("HUIYUAN_DISABLED_PLUGINS", "").split(",") if n.strip()}
    found: dict[str, DiscoveredPlugin] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in disabled or ep.name in found:
            continue
        dist = ep.dist
        found[ep.name] = DiscoveredPlugin(
            name=ep.name,
            module=ep.value.split(":")[0],
            app=ep.value.split(":")[0].split(".")[0],
            version=dist.version if dist else "0",
            description=(dist.metadata.get("Summary") or "") if dist else "",
            entry_point=ep,
        )
    return sorted(found.values(), key=lambda p: p.name)


def plugin_app_names() -> list[str]:
    return sorted({p.app for p in discover_plugins()})
