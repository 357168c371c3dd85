"""Huiyuan core: standard cashier modes, the merchant app's menu and housekeeping jobs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pluginhost.markers import hookimpl
from pluginhost.types import CashierMode, MenuEntry, ProductKind, ScheduledJob


@hookimpl
def register_cashier_modes() -> list[CashierMode]:
    return [
        # Only these two work offline: they touch no balance that must be checked live.
        CashierMode(
            "sale", _("Product sale"), "ShoppingCartOutlined", 10, _("Scan or search products"), offline=True
        ),
        CashierMode(
            "quick_amount",
            _("Quick amount"),
            "CalculatorOutlined",
            20,
            _("Type an amount only"),
            offline=True,
        ),
        CashierMode("count_card", _("Count card"), "IdcardOutlined", 30, _("Use sessions of a count card")),
        CashierMode(
            "timed", _("Timed service"), "FieldTimeOutlined", 40, _("Check in, check out, bill by time")
        ),
    ]


@hookimpl
def register_product_kinds() -> list[ProductKind]:
    # The two kinds every shop has; verticals add their own (boarding, feed, ...) the same way.
    return [
        ProductKind("product", _("Product"), tracks_stock=True, is_service=False, order=10),
        ProductKind("service", _("Service"), tracks_stock=False, is_service=True, order=20),
    ]


@hookimpl
def register_menu_entries() -> list[MenuEntry]:
    return [
        MenuEntry("dashboard", _("Dashboard"), "/", "DashboardOutlined", 10),
        MenuEntry("cashier", _("Cashier"), "/app/cashier", "ShoppingCartOutlined", 15),
        MenuEntry("members", _("Members"), "/app/members", "IdcardOutlined", 20),
        MenuEntry("orders", _("Orders"), "/app/orders", "FileTextOutlined", 25),
        MenuEntry("catalog", _("Catalog"), "/app/catalog", "ShopOutlined", 30, ("owner", "manager")),
        MenuEntry("inventory", _("Inventory"), "/app/inventory", "InboxOutlined", 40, ("owner", "manager")),
        MenuEntry("loyalty", _("Cards & rewards"), "/app/loyalty", "GiftOutlined", 800, ("owner", "manager")),
        MenuEntry(
            "expenses", _("Expenses"), "/app/expenses", "AccountBookOutlined", 850, ("owner", "manager")
        ),
        MenuEntry("staff", _("Staff"), "/app/staff", "TeamOutlined", 900, ("owner", "manager")),
        MenuEntry("billing", _("Billing"), "/app/billing", "CreditCardOutlined", 980, ("owner",)),
        MenuEntry("settings", _("Settings"), "/app/settings", "SettingOutlined", 990, ("owner",)),
    ]


@hookimpl
def register_scheduled_jobs() -> list[ScheduledJob]:
    # Expired sessions pile up in every tenant schema; clear them at night, local time.
    return [
        ScheduledJob("clear_expired_sessions", "core.tasks.clear_expired_sessions", hour=4, minute=0),
        # Loyalty housekeeping just after local midnight, so a shop's day ends in its own time zone.
        ScheduledJob("expire_points", "loyalty.tasks.expire_points", hour=0, minute=10),
        ScheduledJob("expire_coupons", "loyalty.tasks.expire_coupons", hour=0, minute=15),
        ScheduledJob("evaluate_tiers", "loyalty.tasks.evaluate_tiers", hour=0, minute=30),
        ScheduledJob("award_birthdays", "loyalty.tasks.award_birthdays", hour=8, minute=0),
        # Billing's safety net: the shop's Stripe seat count equals its active staff, daily.
        ScheduledJob("billing_seats", "billing.tasks.sync_current_tenant_seats", hour=3, minute=20),
    ]
