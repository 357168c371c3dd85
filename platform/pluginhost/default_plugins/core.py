"""Huiyuan core: standard cashier modes, the merchant app's menu and housekeeping jobs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pluginhost.markers import hookimpl
from pluginhost.types import CashierMode, MenuEntry, ScheduledJob


@hookimpl
def register_cashier_modes() -> list[CashierMode]:
    return [
        CashierMode("sale", _("Product sale"), "ShoppingCartOutlined", 10, _("Scan or search products")),
        CashierMode("quick_amount", _("Quick amount"), "CalculatorOutlined", 20, _("Type an amount only")),
        CashierMode("count_card", _("Count card"), "IdcardOutlined", 30, _("Use sessions of a count card")),
        CashierMode(
            "timed", _("Timed service"), "FieldTimeOutlined", 40, _("Check in, check out, bill by time")
        ),
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
    ]
