"""End-to-end in headless Chromium: the dashboard (the first screen after log-in) shows the shop's
day from GET /api/v1/dashboard/: sales, orders, payments, the low-stock alert and recent orders
that open in the orders back office. The old "coming soon" placeholder is gone."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.conftest import login_client
from tests.e2e.test_browser_flows import PASSWORD, log_in, make_shop

SHOP = "dashshop"


def sell_one_order(subdomain: str) -> dict:
    """A product with 5 in stock, one walk-in cash sale of 2 (2,500.00), and a low-stock alert
    at 3 (3 left: at the threshold)."""
    from catalog.models import Product, Store
    from inventory import services as stock
    from tenants.models import Tenant
    from tests.platform.orders.support import body, checkout, product, receive

    owner = login_client(subdomain, f"owner@{subdomain}.test", PASSWORD)
    store = owner.get("/api/v1/stores/").json()["results"][0]["id"]
    lamp = product(owner, "Desk lamp", "1250")
    receive(owner, store, lamp, "5", "600")
    shop = {"store": store}
    order = checkout(
        owner,
        body(shop, [{"product": lamp, "quantity": "2"}], [{"method": "cash", "amount": "2500"}]),
    )
    assert order["total"] == "2500.00"
    with schema_context(Tenant.objects.get(subdomain=subdomain).schema_name):
        stock.set_threshold_for(Store.objects.get(pk=store), Product.objects.get(pk=lamp), "3")
    return order


@pytest.mark.e2e
def test_owner_sees_todays_sales_low_stock_and_opens_a_recent_order(page, live):
    make_shop(SHOP, "Dash Shop")
    order = sell_one_order(SHOP)

    log_in(page, live, SHOP, f"owner@{SHOP}.test")
    expect(page.get_by_test_id("dashboard-greeting")).to_be_visible()
    expect(page.get_by_test_id("dashboard-sales-total")).to_have_text("$2,500")
    expect(page.get_by_test_id("dashboard-orders")).to_have_text("1")
    expect(page.get_by_test_id("dashboard-average")).to_have_text("$2,500")
    expect(page.get_by_test_id("dashboard-expenses-month")).to_have_text("$0")  # owners see expenses
    expect(page.get_by_test_id("dashboard-payment-cash")).to_contain_text("Cash")
    expect(page.get_by_test_id("dashboard-payment-cash")).to_contain_text("$2,500")
    expect(page.get_by_test_id("dashboard-by-hour")).to_be_visible()

    low = page.get_by_test_id("dashboard-low-stock")
    expect(low).to_contain_text("Low stock")
    expect(low).to_contain_text("1")
    expect(page.get_by_test_id("dashboard-low-stock-open")).to_have_attribute("href", "/app/inventory")

    # The placeholder that announced shipped features as "coming soon" is gone.
    expect(page.get_by_text(re.compile("coming soon", re.IGNORECASE))).to_have_count(0)

    recent = page.get_by_test_id(f"dashboard-recent-order-{order['id']}")
    expect(recent).to_contain_text(order["number"])
    expect(recent).to_contain_text("Walk-in")
    expect(recent).to_contain_text("Paid")
    recent.click()
    page.wait_for_url(re.compile(rf"/app/orders\?order={order['id']}$"))
    expect(page.get_by_test_id("order-number")).to_have_text(order["number"])


@pytest.mark.e2e
def test_cashier_sees_no_expenses_and_no_inventory_link(page, live):
    from accounts.models import User
    from tenants.models import Tenant

    make_shop(SHOP, "Dash Shop")
    sell_one_order(SHOP)
    with schema_context(Tenant.objects.get(subdomain=SHOP).schema_name):
        User.objects.create_user(f"till@{SHOP}.test", PASSWORD, role=User.Role.CASHIER, name="Till")

    log_in(page, live, SHOP, f"till@{SHOP}.test")
    expect(page.get_by_test_id("dashboard-sales-total")).to_have_text("$2,500")
    expect(page.get_by_test_id("dashboard-low-stock")).to_be_visible()
    expect(page.get_by_test_id("dashboard-low-stock-open")).to_have_count(0)  # inventory is for managers
    expect(page.get_by_test_id("dashboard-expenses-month")).to_have_count(0)
    actions = page.get_by_test_id("dashboard-actions")
    expect(actions).to_contain_text("Open the cashier")
    expect(actions).not_to_contain_text("Invite your staff")


@pytest.mark.e2e
def test_failed_load_shows_an_error_and_retry_recovers(page, live):
    make_shop(SHOP, "Dash Shop")
    page.route("**/api/v1/dashboard/**", lambda route: route.fulfill(status=500, body="boom"))
    log_in(page, live, SHOP, f"owner@{SHOP}.test")
    error = page.get_by_test_id("dashboard-error")
    expect(error).to_contain_text("could not be loaded")
    expect(page.get_by_test_id("dashboard-greeting")).to_be_visible()

    page.unroute("**/api/v1/dashboard/**")
    error.get_by_role("button").click()
    expect(page.get_by_test_id("dashboard-sales-total")).to_have_text("$0")
    expect(page.get_by_test_id("dashboard-orders")).to_have_text("0")
    expect(error).to_have_count(0)
    expect(page.locator(".ant-notification-notice")).to_have_count(0)  # the stale error is closed
