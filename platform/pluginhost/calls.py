"""Typed functions through which the core calls hooks, filtered to the tenant's enabled plugins.

pluggy hook calls are not type-checked (pluggy#191); these wrappers are the only place the core
touches ``pm.hook`` so each call site gets typed results and per-tenant filtering for free.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction

from pluginhost.manager import get_plugin_manager, plugin_infos
from pluginhost.registry import collect
from pluginhost.types import ApiRoute, CashierMode, FieldSet, MenuEntry, ProductKind, ScheduledJob

_CACHE_ATTR = "_huiyuan_enabled_plugins"


def enabled_plugin_names(tenant: Any) -> frozenset[str]:
    """Default plugins plus the installed plugins the tenant has enabled (cached on the instance)."""
    cached = getattr(tenant, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    infos = plugin_infos()
    names = {name for name, info in infos.items() if info.default}
    tenant_plugin = apps.get_model("tenants", "TenantPlugin")
    if tenant is not None and getattr(tenant, "pk", None):
        rows = tenant_plugin.objects.filter(tenant_id=tenant.pk, enabled=True)
    elif getattr(tenant, "schema_name", None):
        # schema_context() gives a stand-in tenant without a primary key: resolve by schema.
        rows = tenant_plugin.objects.filter(tenant__schema_name=tenant.schema_name, enabled=True)
    else:
        rows = tenant_plugin.objects.none()
    names.update(name for name in rows.values_list("plugin", flat=True) if name in infos)
    result = frozenset(names)
    if tenant is not None:
        setattr(tenant, _CACHE_ATTR, result)
    return result


def forget_enabled_plugins(tenant: Any) -> None:
    if hasattr(tenant, _CACHE_ATTR):
        delattr(tenant, _CACHE_ATTR)


def _items(hook_name: str, tenant: Any) -> list[tuple[str, Any]]:
    allowed = enabled_plugin_names(tenant)
    return [(p, item) for p, item in collect(getattr(get_plugin_manager().hook, hook_name)) if p in allowed]


def cashier_modes_with_plugins(tenant: Any) -> list[tuple[str, CashierMode]]:
    """(plugin name, mode) pairs sorted by ``(order, key)``: the till shows which plugin a mode
    comes from and treats the modes it does not implement itself as that plugin's."""
    return sorted(_items("register_cashier_modes", tenant), key=lambda pair: (pair[1].order, pair[1].key))


def cashier_modes(tenant: Any) -> list[CashierMode]:
    return [mode for _, mode in cashier_modes_with_plugins(tenant)]


def product_kinds(tenant: Any) -> list[ProductKind]:
    """The kinds a product may have in this shop, sorted by ``(order, key)``."""
    return sorted((k for _, k in _items("register_product_kinds", tenant)), key=lambda k: (k.order, k.key))


def field_sets(tenant: Any, target: str) -> list[FieldSet]:
    return [f for _, f in _items("register_fields", tenant) if f.target == target]


def menu_entries(tenant: Any, role: str | None) -> list[MenuEntry]:
    entries = [e for _, e in _items("register_menu_entries", tenant) if not e.roles or role in e.roles]
    return sorted(entries, key=lambda e: (e.order, e.key))


def scheduled_jobs(tenant: Any) -> list[ScheduledJob]:
    return sorted((j for _, j in _items("register_scheduled_jobs", tenant)), key=lambda j: j.name)


def api_routes() -> list[tuple[str, ApiRoute]]:
    """Every installed plugin's routes; enablement is checked per request by the URL wrapper."""
    return collect(get_plugin_manager().hook.register_api_routes)


def _fire_after_commit(hook_name: str, tenant: Any, **kwargs: Any) -> None:
    pm = get_plugin_manager()
    allowed = enabled_plugin_names(tenant)
    disabled = [plugin for name, plugin in pm.list_name_plugin() if name not in allowed]
    caller = pm.subset_hook_caller(hook_name, remove_plugins=disabled)
    transaction.on_commit(lambda: caller(tenant=tenant, **kwargs))


def notify_order_paid(order: Any, tenant: Any) -> None:
    _fire_after_commit("order_paid", tenant, order=order)


def notify_order_refunded(order: Any, refund: Any, tenant: Any) -> None:
    _fire_after_commit("order_refunded", tenant, order=order, refund=refund)
