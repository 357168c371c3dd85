"""register_menu_entries: the session's menu holds enabled plugins' entries, filtered by role."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from huiyuan import hookimpl
from pluginhost import calls, manager
from pluginhost.types import MenuEntry
from tenants.models import TenantPlugin
from tests.conftest import PASSWORD, login_client


class ReportsPlugin:
    @hookimpl
    def register_menu_entries(self) -> list[MenuEntry]:
        return [
            MenuEntry("testmenu_visits", "Visits", "/app/ext/testmenu/visits", "CalendarOutlined", 50),
            MenuEntry("testmenu_reports", "Reports", "/app/ext/testmenu/reports", order=60, roles=("owner",)),
        ]


@pytest.fixture
def reports_plugin():  # type: ignore[no-untyped-def]
    manager.register_plugin(ReportsPlugin(), "testmenu")
    yield
    manager.unregister_plugin("testmenu")


def menu_keys(client) -> list[str]:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/auth/session/").json()
    assert body["authenticated"] is True
    return [entry["key"] for entry in body["menu"]]


def test_owner_menu_contains_the_plugin_entries_only_where_enabled(
    tenant_a, owner_a, owner_b, reports_plugin
):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testmenu", enabled=True)
    assert menu_keys(owner_a) == [
        "dashboard",
        "cashier",
        "members",
        "orders",
        "catalog",
        "inventory",
        "testmenu_visits",
        "testmenu_reports",
        "loyalty",
        "expenses",
        "staff",
        "billing",
        "settings",
    ]
    assert menu_keys(owner_b) == [
        "dashboard",
        "cashier",
        "members",
        "orders",
        "catalog",
        "inventory",
        "loyalty",
        "expenses",
        "staff",
        "billing",
        "settings",
    ]
    entry = owner_a.get("/api/v1/auth/session/").json()["menu"][6]
    assert entry == {
        "key": "testmenu_visits",
        "label": "Visits",
        "path": "/app/ext/testmenu/visits",
        "icon": "CalendarOutlined",
        "order": 50,
    }


def test_disabled_row_hides_the_entries(tenant_a, owner_a, reports_plugin):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testmenu", enabled=False)
    assert menu_keys(owner_a) == [
        "dashboard",
        "cashier",
        "members",
        "orders",
        "catalog",
        "inventory",
        "loyalty",
        "expenses",
        "staff",
        "billing",
        "settings",
    ]


def test_entries_are_filtered_by_role(tenant_a, reports_plugin):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testmenu", enabled=True)
    with schema_context(tenant_a.schema_name):
        User.objects.create_user("cashier@alpha.test", PASSWORD, role="cashier")
    cashier = login_client("alpha", "cashier@alpha.test")
    keys = menu_keys(cashier)
    assert "testmenu_visits" in keys  # roles=() means every signed-in staff member
    assert "testmenu_reports" not in keys  # owner only
    assert keys == ["dashboard", "cashier", "members", "orders", "testmenu_visits"]
    assert [e.key for e in calls.menu_entries(tenant_a, "owner")][:8] == [
        "dashboard",
        "cashier",
        "members",
        "orders",
        "catalog",
        "inventory",
        "testmenu_visits",
        "testmenu_reports",
    ]


def test_anonymous_session_has_no_menu(tenant_a, reports_plugin):
    from tests.conftest import make_client

    TenantPlugin.objects.create(tenant=tenant_a, plugin="testmenu", enabled=True)
    body = make_client("alpha").get("/api/v1/auth/session/").json()
    assert body["authenticated"] is False and body["menu"] == []
