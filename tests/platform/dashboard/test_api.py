"""The day at a glance: today's sales, payments, refunds, members, top-ups, stock alerts and this
month's expenses, for the shop's own day and only for the stores the person may see."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import login_client
from tests.platform.expenses.support import category_id, create_expense
from tests.platform.loyalty.test_api_support import PASSWORD
from tests.platform.orders.support import body, build_shop, checkout

URL = "/api/v1/dashboard/"


@pytest.fixture
def shop(owner_a):  # type: ignore[no-untyped-def]
    return build_shop(owner_a)


def _cashier(tenant, email: str, stores: list[int] | None = None):  # type: ignore[no-untyped-def]
    from accounts.models import User

    with schema_context(tenant.schema_name):
        user = User.objects.create_user(email, PASSWORD, role=User.Role.CASHIER)
        if stores:
            user.stores.set(stores)
    return login_client(tenant.subdomain, email)


def _sell(owner_a, shop):  # type: ignore[no-untyped-def]
    """A walk-in cash sale of 2 soaps (60) and a member's shampoo (120): 60 stored value, 60 card."""
    cash = checkout(
        owner_a,
        body(shop, [{"product": shop["soap"], "quantity": "2"}], [{"method": "cash", "amount": "100"}]),
    )
    member = checkout(
        owner_a,
        body(
            shop,
            [{"product": shop["shampoo"]}],
            [
                {"method": "stored_value", "card": shop["card"]["id"], "amount": "60"},
                {"method": "card", "amount": "60"},
            ],
            customer=shop["customer"]["id"],
        ),
    )
    return cash, member


def test_today_adds_up_sales_payments_refunds_and_alerts(owner_a, shop, tenant_a):
    cash, _member = _sell(owner_a, shop)
    refund = owner_a.post(
        f"/api/v1/orders/{cash['id']}/refund/",
        {"client_id": "8b0f5c52-4d59-4c55-9d64-2b1c0d1e7a10", "reason": "Broken"},
        format="json",
    )
    assert refund.status_code == 201, refund.content
    data = owner_a.get(URL).json()
    assert data["sales"] == {
        "orders": 2,
        "total": "180.00",
        "refunds": "60.00",
        "net": "120.00",
        "average": "90.00",
    }
    assert {p["method"]: p["amount"] for p in data["payments"]} == {
        "cash": "60.00",
        "card": "60.00",
        "stored_value": "60.00",
    }
    assert sum(h["orders"] for h in data["by_hour"]) == 2
    assert sum(Decimal(h["total"]) for h in data["by_hour"]) == Decimal("180.00")
    assert data["members"] == {"total": 1, "new_today": 1}
    assert data["stored_value_topped_up"] == "1000.00"
    assert [o["id"] for o in data["recent_orders"]] == [_member["id"], cash["id"]]
    assert data["recent_orders"][0]["customer_name"]
    shop_today = timezone.localtime(timezone.now(), ZoneInfo(tenant_a.time_zone or "UTC")).date()
    assert data["date"] == shop_today.isoformat()


def test_low_stock_and_this_months_expenses(owner_a, shop, tenant_a):
    from catalog.models import Product, Store
    from inventory import services as stock

    with schema_context(tenant_a.schema_name):
        store = Store.objects.get(pk=shop["store"])
        level = stock.levels(store, [Product.objects.get(pk=shop["shampoo"])])[shop["shampoo"]]
        stock.set_low_stock_threshold(level, "5")  # 5 on hand: at the threshold
    today = owner_a.get(URL).json()["date"]
    first = today[:8] + "01"
    create_expense(owner_a, shop["store"], category_id(owner_a), amount="300.00", spent_on=first)
    create_expense(owner_a, shop["store"], category_id(owner_a), amount="25.50", spent_on=today)
    last_month = (datetime.date.fromisoformat(first) - datetime.timedelta(days=1)).isoformat()
    create_expense(owner_a, shop["store"], category_id(owner_a), amount="999.00", spent_on=last_month)
    data = owner_a.get(URL).json()
    assert data["low_stock"] == 1
    assert data["expenses_month"] == "325.50"


def test_cashiers_see_no_expenses_and_only_their_stores(owner_a, shop, tenant_a):
    _sell(owner_a, shop)
    everywhere = _cashier(tenant_a, "till@alpha.test")
    assert everywhere.get(URL).json()["sales"]["orders"] == 2
    assert everywhere.get(URL).json()["expenses_month"] is None
    east = owner_a.post("/api/v1/stores/", {"name": "East", "code": "east"}, format="json").json()["id"]
    east_only = _cashier(tenant_a, "east@alpha.test", [east])
    data = east_only.get(URL).json()
    assert data["sales"]["orders"] == 0 and data["recent_orders"] == [] and data["payments"] == []


def test_another_day_and_a_bad_date(owner_a, shop):
    _sell(owner_a, shop)
    today = datetime.date.fromisoformat(owner_a.get(URL).json()["date"])
    yesterday = owner_a.get(URL, {"date": (today - datetime.timedelta(days=1)).isoformat()}).json()
    assert yesterday["sales"]["orders"] == 0 and yesterday["by_hour"] == []
    bad = owner_a.get(URL, {"date": "23/11/2026"})
    assert bad.status_code == 400 and "date" in bad.json()["error"]["fields"]


def test_the_shops_day_follows_its_time_zone(owner_a, shop, tenant_a):
    """An order at 23:30 in Taipei is that day's, though it is still the previous day in UTC."""
    from orders.models import Order
    from tenants.models import Tenant

    Tenant.objects.filter(pk=tenant_a.pk).update(time_zone="Asia/Taipei")
    cash, _member = _sell(owner_a, shop)
    taipei_day = datetime.date(2026, 3, 10)
    late = datetime.datetime(2026, 3, 10, 15, 30, tzinfo=datetime.UTC)  # 23:30 in Taipei
    with schema_context(tenant_a.schema_name):
        Order.objects.filter(pk=cash["id"]).update(created_at=late)
    data = owner_a.get(URL, {"date": taipei_day.isoformat()}).json()
    assert data["sales"]["orders"] == 1
    assert data["by_hour"] == [{"hour": 23, "total": "60.00", "orders": 1}]
    utc_day_before = owner_a.get(URL, {"date": "2026-03-09"}).json()
    assert utc_day_before["sales"]["orders"] == 0


def test_shop_b_sees_only_its_own_day(owner_a, owner_b, shop):
    _sell(owner_a, shop)
    data = owner_b.get(URL).json()
    assert data["sales"]["orders"] == 0 and data["members"]["total"] == 0
    assert data["recent_orders"] == [] and data["stored_value_topped_up"] == "0.00"


def test_signed_out_is_refused(db, tenant_a):
    from tests.conftest import make_client

    assert make_client(tenant_a.subdomain).get(URL).status_code == 401
