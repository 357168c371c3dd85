"""Turning an installed vertical plugin on or off for one shop (``tenants.TenantPlugin``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core import audit
from core.errors import DomainError
from pluginhost.calls import enabled_plugin_names, forget_enabled_plugins
from pluginhost.manager import plugin_infos
from tenants.models import Tenant, TenantPlugin


def plugin_rows(tenant: Tenant) -> list[dict[str, Any]]:
    enabled = enabled_plugin_names(tenant)
    return [
        {
            "name": info.name,
            "version": info.version,
            "description": info.description,
            "default": info.default,
            "enabled": info.name in enabled,
        }
        for info in sorted(plugin_infos().values(), key=lambda i: (not i.default, i.name))
    ]


def set_plugin(tenant: Tenant, name: str, enabled: bool, user: Any) -> list[dict[str, Any]]:
    info = plugin_infos().get(name)
    if info is None:
        raise DomainError(_("This plugin is not installed."), code="not_found", status=404)
    if info.default:
        raise DomainError(_("Built-in plugins are always enabled."), code="invalid")
    with transaction.atomic():
        row, created = TenantPlugin.objects.select_for_update().get_or_create(
            tenant=tenant, plugin=name, defaults={"enabled": enabled}
        )
        before = None if created else row.enabled
        if not created and row.enabled != enabled:
            row.enabled = enabled
            row.save(update_fields=["enabled", "updated_on"])
        action = "vendor.plugin_enabled" if enabled else "vendor.plugin_disabled"
        if before != enabled:
            audit.record(
                action,
                tenant,
                actor=user,
                before={"enabled": before},
                after={"plugin": name, "enabled": enabled},
            )
            with schema_context(tenant.schema_name):
                audit.record(action, row, after={"plugin": name, "enabled": enabled, "by": "vendor"})
    forget_enabled_plugins(tenant)
    return plugin_rows(tenant)
