"""The only contract between the core and plugins.

Every hook here must be documented in docs/plugins.md and exercised by a test under
tests/platform/pluginhost/ (tests/meta/ fails otherwise). ``register_*`` hooks are collected
once at start-up into a registry that rejects duplicate keys; event hooks (``order_*``) run after
the core's transaction has committed, only for plugins enabled for the tenant.
"""

from __future__ import annotations

from typing import Any

from pluginhost.markers import hookspec
from pluginhost.types import ApiRoute, CashierMode, FieldSet, MenuEntry, ProductKind, ScheduledJob


@hookspec
def register_cashier_modes() -> list[CashierMode]:
    """Cashier modes (product sale, quick amount, table order, ...) this plugin provides."""


@hookspec
def register_product_kinds() -> list[ProductKind]:
    """Kinds of catalog items (goods, services, boarding, ...): whether each keeps stock and
    whether it behaves like a service."""


@hookspec
def register_fields() -> list[FieldSet]:
    """Extra fields for members, products or orders, each a JSON Schema object under a namespace."""


@hookspec
def register_api_routes() -> list[ApiRoute]:
    """API views mounted under /api/v1/ext/<plugin>/ and reachable only where the plugin is enabled."""


@hookspec
def register_menu_entries() -> list[MenuEntry]:
    """Entries of the merchant app's navigation menu."""


@hookspec
def register_scheduled_jobs() -> list[ScheduledJob]:
    """Daily per-tenant jobs, run at a local time in each tenant's time zone."""


@hookspec
def order_paid(order: Any, tenant: Any) -> None:
    """An order was paid; called after the payment transaction committed."""


@hookspec
def order_refunded(order: Any, refund: Any, tenant: Any) -> None:
    """An order was (partly) refunded; called after the refund transaction committed."""
