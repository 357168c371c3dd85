"""End-to-end in headless Chromium: a member's visits and orders on the member page.

A sale is rung up for the member through the API; the member page shows the visit count, the last
visit, the total spent and the order's receipt number, and a click opens the order's drawer.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.conftest import login_client
from tests.e2e.test_browser_flows import PASSWORD, log_in, make_shop


@pytest.mark.e2e
def test_member_page_shows_visits_and_opens_the_order(page, live):
    from tests.platform.loyalty.test_api_support import create_customer
    from tests.platform.orders.support import product, receive

    make_shop("visitshop", "Visit Shop")
    owner = login_client("visitshop", "owner@visitshop.test", PASSWORD)
    store = owner.get("/api/v1/stores/").json()["results"][0]["id"]
    soap = product(owner, "Soap", "30", tax_rate="5.00")
    receive(owner, store, soap, "10", "12")
    customer = create_customer(owner, name="Mei Lin", phone="+1 415 555 0123")

    checkout = owner.post(
        "/api/v1/orders/checkout/",
        {
            "client_id": str(uuid.uuid4()),
            "store": store,
            "mode": "sale",
            "customer": customer["id"],
            "lines": [{"product": soap, "quantity": "2"}],
            "payments": [{"method": "cash", "amount": "100"}],
        },
        format="json",
    )
    assert checkout.status_code == 201, checkout.content
    order = checkout.json()
    assert order["total"] == "60.00"

    log_in(page, live, "visitshop", "owner@visitshop.test", PASSWORD)
    page.goto(live.url("visitshop", f"/app/members/{customer['id']}"))
    orders = page.get_by_test_id("member-orders")
    expect(orders.get_by_test_id(f"member-order-{order['id']}")).to_have_text(order["number"])
    expect(page.get_by_test_id("member-visits")).to_have_text("1")
    expect(page.get_by_test_id("member-total-spent")).to_contain_text("60")
    expect(page.get_by_test_id("member-last-visit")).not_to_have_text("Never")

    # A click opens the order in the orders back office's drawer, on the member page.
    orders.get_by_test_id(f"member-order-{order['id']}").click()
    expect(page.get_by_test_id("order-number")).to_have_text(order["number"])
    expect(page.get_by_test_id("order-total")).to_contain_text("60")
    expect(page.get_by_test_id("member-page")).to_be_visible()
