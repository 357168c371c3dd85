"""End-to-end in headless Chromium: the cashier screen.

(a) Scan two products, attach a member, pay split between stored value and cash, print the
receipt, then refund one line in the orders back office and see stored value, points and stock
restored. (b) Sell while the browser is offline, see the sale queued, go back online and see it
synced exactly once.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.conftest import login_client
from tests.e2e.test_browser_flows import PASSWORD, log_in, make_shop

SOAP_CODE = "4710000000101"
SHAMPOO_CODE = "4710000000118"
PHONE = "+1 415 555 0177"


def stock_shop(subdomain: str) -> dict:
    """Two products with barcodes and stock, and a member with 1,000 of stored value."""
    from tests.platform.loyalty.test_api_support import create_card_type, create_customer, issue_card, top_up
    from tests.platform.orders.support import product, receive

    owner = login_client(subdomain, f"owner@{subdomain}.test", PASSWORD)
    store = owner.get("/api/v1/stores/").json()["results"][0]["id"]
    soap = product(owner, "Soap", "30", tax_rate="5.00", barcodes=[SOAP_CODE])
    shampoo = product(owner, "Shampoo", "120", tax_rate="5.00", barcodes=[SHAMPOO_CODE])
    receive(owner, store, soap, "10", "12")
    receive(owner, store, shampoo, "5", "60")
    customer = create_customer(owner, name="Mei Lin", phone=PHONE)
    card = issue_card(owner, customer["id"], create_card_type(owner, name="Wallet")["id"])
    top_up(owner, card["id"], "1000")
    return {
        "owner": owner,
        "store": store,
        "soap": soap,
        "shampoo": shampoo,
        "customer": customer,
        "card": card,
    }


def on_hand(subdomain: str, store: int, product_id: int) -> Decimal:
    from inventory.models import StockLevel
    from tenants.models import Tenant

    with schema_context(Tenant.objects.get(subdomain=subdomain).schema_name):
        level = StockLevel.objects.filter(store_id=store, product_id=product_id).first()
        return level.on_hand if level else Decimal(0)


def scan(page, code: str) -> None:  # type: ignore[no-untyped-def]
    box = page.get_by_test_id("cashier-scan")
    box.fill(code)
    box.press("Enter")


def open_cashier(page, live, subdomain: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live.url(subdomain, "/app/cashier"))
    page.get_by_test_id("cashier-scan").wait_for()


@pytest.mark.e2e
def test_split_payment_receipt_and_refund_restore_balances_points_and_stock(page, live):
    make_shop("tillshop", "Till Shop")
    shop = stock_shop("tillshop")
    owner, customer, card = shop["owner"], shop["customer"], shop["card"]

    log_in(page, live, "tillshop", "owner@tillshop.test", PASSWORD)
    open_cashier(page, live, "tillshop")

    # The scanner is fast keyboard input into the always-focused barcode box.
    scan(page, SOAP_CODE)
    scan(page, SHAMPOO_CODE)
    expect(page.get_by_test_id("cashier-lines").get_by_test_id("cashier-line-name")).to_have_text(
        ["Soap", "Shampoo"]
    )

    page.get_by_test_id("cashier-member-search").fill("4155550177")
    page.get_by_test_id(f"cashier-member-result-{customer['id']}").click()
    expect(page.get_by_test_id("cashier-member-name")).to_have_text(customer["name"])
    expect(page.get_by_test_id("cashier-member-stored-value")).to_contain_text("1,000")
    expect(page.get_by_test_id("cashier-total")).to_contain_text("150")

    # Split: 100 from the stored-value card, the rest in cash (100 tendered, 50 change).
    page.get_by_test_id("cashier-pay").click()
    expect(page.get_by_test_id("pay-due")).to_contain_text("150")
    page.get_by_test_id("pay-method-stored_value").click()
    page.get_by_test_id("pay-amount-0").fill("100")
    page.get_by_test_id("pay-method-cash").click()
    expect(page.get_by_test_id("pay-amount-1")).to_have_value("50.00")
    page.get_by_test_id("pay-amount-1").fill("100")
    expect(page.get_by_test_id("pay-change")).to_contain_text("50")
    page.get_by_test_id("pay-submit").click()

    number = page.get_by_test_id("receipt-onscreen").get_by_test_id("receipt-number")
    expect(number).to_have_text(re.compile(r"^\S+-\d{6}$"))
    receipt_no = number.inner_text().strip()
    expect(page.get_by_test_id("receipt-stored-value")).to_contain_text("900")
    expect(page.get_by_test_id("receipt-points-balance")).to_contain_text("15")
    expect(page.get_by_test_id("receipt-change")).to_contain_text("50")

    # Print: the server's 58 mm receipt loads in a frame, with the number and the new balances.
    page.get_by_test_id("receipt-width").get_by_text("58 mm").click()
    page.get_by_test_id("receipt-print").click()
    frame = page.frame_locator("[data-testid=receipt-frame]")
    expect(frame.locator("[data-testid=receipt-number]")).to_have_text(receipt_no)
    expect(frame.locator("[data-testid=receipt-stored-value]")).to_have_text("900.00")
    expect(frame.locator("[data-width]")).to_have_attribute("data-width", "58")
    page.get_by_test_id("receipt-new-sale").click()
    expect(page.get_by_test_id("cashier-cart-empty")).to_be_visible()

    order = owner.get(f"/api/v1/orders/?q={receipt_no}").json()["results"][0]
    detail = owner.get(f"/api/v1/orders/{order['id']}/").json()
    assert detail["total"] == "150.00" and detail["change"] == "50.00"
    assert {p["method"]: p["amount"] for p in detail["payments"]} == {
        "stored_value": "100.00",
        "cash": "50.00",
    }
    assert next(p for p in detail["payments"] if p["method"] == "cash")["tendered"] == "100.00"
    assert on_hand("tillshop", shop["store"], shop["shampoo"]) == Decimal("4")
    shampoo_line = next(line for line in detail["lines"] if line["name"] == "Shampoo")

    # Refund the shampoo line in the back office.
    page.goto(live.url("tillshop", f"/app/orders?order={order['id']}"))
    expect(page.get_by_test_id("order-number")).to_have_text(receipt_no)
    page.get_by_test_id("order-refund-open").click()
    page.get_by_test_id("refund-scope-lines").click()
    page.get_by_test_id(f"refund-line-{shampoo_line['id']}").check()
    page.get_by_test_id("refund-reason").fill("Damaged bottle")
    page.get_by_test_id("refund-submit").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Partly refunded")
    expect(page.get_by_test_id("order-refunds")).to_contain_text("Damaged bottle")

    after = owner.get(f"/api/v1/orders/{order['id']}/").json()
    assert after["refunded_total"] == "120.00" and len(after["refunds"]) == 1
    # Money goes back to the stored value first: the whole 100 paid from the card.
    balance = owner.get(f"/api/v1/cards/{card['id']}/").json()["balances"]["total"]
    assert Decimal(balance) == Decimal("1000.00")
    points = Decimal(owner.get(f"/api/v1/customers/{customer['id']}/points/").json()["balance"])
    assert points < Decimal("15")  # points earned on the refunded line are taken back
    assert on_hand("tillshop", shop["store"], shop["shampoo"]) == Decimal("5")
    assert on_hand("tillshop", shop["store"], shop["soap"]) == Decimal("9")

    # The cashier shows the restored balance.
    open_cashier(page, live, "tillshop")
    page.get_by_test_id("cashier-member-search").fill("4155550177")
    page.get_by_test_id(f"cashier-member-result-{customer['id']}").click()
    expect(page.get_by_test_id("cashier-member-stored-value")).to_contain_text("1,000")


@pytest.mark.e2e
def test_offline_sale_is_queued_then_synced_exactly_once(page, live):
    make_shop("offlineshop", "Offline Shop")
    shop = stock_shop("offlineshop")
    owner = shop["owner"]

    log_in(page, live, "offlineshop", "owner@offlineshop.test", PASSWORD)
    open_cashier(page, live, "offlineshop")
    expect(page.get_by_test_id("cashier-online")).to_be_visible()

    page.context.set_offline(True)
    expect(page.get_by_test_id("cashier-offline-banner")).to_be_visible()

    scan(page, SOAP_CODE)
    scan(page, SOAP_CODE)
    expect(page.get_by_test_id("cashier-line-qty")).to_have_text("2")
    expect(page.get_by_test_id("cashier-estimate")).to_be_visible()
    expect(page.get_by_test_id("cashier-total")).to_contain_text("60")

    page.get_by_test_id("cashier-pay").click()
    # Offline: stored value and points are refused, cash is fine.
    expect(page.get_by_test_id("pay-method-stored_value")).to_be_disabled()
    page.get_by_test_id("pay-quick-100.00").click()
    expect(page.get_by_test_id("pay-change")).to_contain_text("40")
    page.get_by_test_id("pay-submit").click()
    expect(page.get_by_test_id("receipt-queued")).to_be_visible()
    ref = page.get_by_test_id("receipt-offline-ref").inner_text().strip().lower()
    page.get_by_test_id("receipt-new-sale").click()
    expect(page.get_by_test_id("cashier-queue-count")).to_contain_text("1")
    assert owner.get("/api/v1/orders/").json()["count"] == 0

    page.context.set_offline(False)
    expect(page.get_by_test_id("cashier-online")).to_be_visible(timeout=30_000)
    page.get_by_text("offline sale(s) sent").wait_for(timeout=30_000)
    expect(page.get_by_test_id("cashier-queue-count")).not_to_contain_text("1")

    orders = owner.get("/api/v1/orders/").json()
    assert orders["count"] == 1
    synced = orders["results"][0]
    assert synced["client_id"].startswith(ref) and synced["offline_created_at"]
    assert synced["total"] == "60.00"

    # A reload syncs again if anything were left: still exactly one order with that client_id.
    page.reload()
    page.get_by_test_id("cashier-scan").wait_for()
    page.get_by_test_id("cashier-queue-badge").click()
    expect(page.get_by_test_id("cashier-queue-drawer").get_by_text("Nothing waiting")).to_be_visible()
    from orders.models import Order
    from tenants.models import Tenant

    with schema_context(Tenant.objects.get(subdomain="offlineshop").schema_name):
        assert Order.objects.filter(client_id=synced["client_id"]).count() == 1
        assert on_hand("offlineshop", shop["store"], shop["soap"]) == Decimal("8")


# Adds a mode of a plugin this screen does not know to the bootstrap, as a vertical plugin would.
PLUGIN_MODE_SCRIPT = """
  const originalFetch = window.fetch;
  window.fetch = async (...args) => {
    const response = await originalFetch(...args);
    const url = String(args[0] && args[0].url ? args[0].url : args[0]);
    if (!url.includes("cashier/bootstrap/") || !response.ok) return response;
    const data = await response.clone().json();
    data.modes.push({ key: "table_order", label: "Tables", description: "", plugin: "catering" });
    const headers = { "Content-Type": "application/json" };
    return new Response(JSON.stringify(data), { status: 200, headers });
  };
"""


@pytest.mark.e2e
def test_plugin_mode_placeholder_and_quick_amount_with_manual_discount(page, live):
    make_shop("quickshop", "Quick Shop")
    owner = login_client("quickshop", "owner@quickshop.test", PASSWORD)
    page.add_init_script(PLUGIN_MODE_SCRIPT)
    log_in(page, live, "quickshop", "owner@quickshop.test", PASSWORD)
    open_cashier(page, live, "quickshop")

    page.get_by_test_id("cashier-mode-table_order").click()
    expect(page.get_by_test_id("cashier-plugin-mode")).to_contain_text("provided by the plugin catering")

    page.get_by_test_id("cashier-mode-quick_amount").click()
    page.get_by_test_id("cashier-quick-amount").fill("80")
    page.get_by_test_id("cashier-quick-description").fill("Gift wrap")
    page.get_by_test_id("cashier-quick-add").click()
    page.get_by_test_id("cashier-discount-open").click()
    page.get_by_test_id("discount-value").fill("10")
    page.get_by_test_id("discount-reason").fill("Regular customer")
    page.get_by_test_id("discount-save").click()
    expect(page.get_by_test_id("cashier-total")).to_contain_text("72")

    page.get_by_test_id("cashier-pay").click()
    page.get_by_test_id("pay-method-card").click()
    page.get_by_test_id("pay-reference-0").fill("T-991")
    page.get_by_test_id("pay-submit").click()
    page.get_by_test_id("receipt-onscreen").get_by_test_id("receipt-number").wait_for()

    order = owner.get("/api/v1/orders/").json()["results"][0]
    detail = owner.get(f"/api/v1/orders/{order['id']}/").json()
    assert detail["mode"] == "quick_amount" and detail["total"] == "72.00"
    assert detail["manual_discount"] == "8.00" and detail["manual_discount_reason"] == "Regular customer"
    payments = [(p["method"], p["amount"], p["reference"]) for p in detail["payments"]]
    assert payments == [("card", "72.00", "T-991")]


@pytest.mark.e2e
def test_checkout_without_answer_is_kept_and_replayed_with_the_same_client_id(page, live):
    make_shop("lostshop", "Lost Shop")
    shop = stock_shop("lostshop")
    owner = shop["owner"]
    log_in(page, live, "lostshop", "owner@lostshop.test", PASSWORD)
    open_cashier(page, live, "lostshop")

    # The connection drops while the checkout is on its way.
    page.route("**/api/v1/orders/checkout/", lambda route: route.abort("internetdisconnected"))
    scan(page, SHAMPOO_CODE)
    expect(page.get_by_test_id("cashier-total")).to_contain_text("120")
    page.get_by_test_id("cashier-pay").click()
    page.get_by_test_id("pay-submit").click()
    expect(page.get_by_test_id("payment-dialog").get_by_test_id("error-message")).to_contain_text(
        "may or may not have gone through"
    )
    page.get_by_test_id("pay-save-later").click()
    expect(page.get_by_test_id("receipt-queued")).to_be_visible()
    page.get_by_test_id("receipt-new-sale").click()
    expect(page.get_by_test_id("cashier-queue-count")).to_contain_text("1")

    # The connection is back: the queue replays the same checkout (same body, same client_id).
    page.unroute("**/api/v1/orders/checkout/")
    page.get_by_text("offline sale(s) sent").wait_for(timeout=45_000)
    orders = owner.get("/api/v1/orders/").json()
    assert orders["count"] == 1
    assert orders["results"][0]["total"] == "120.00"
    assert orders["results"][0]["offline_created_at"] is None
    assert on_hand("lostshop", shop["store"], shop["shampoo"]) == Decimal("4")


def worker_reaches_server(page) -> bool:  # type: ignore[no-untyped-def]
    """Whether a fetch made by the service worker itself gets an answer from the server."""
    worker = page.context.service_workers[0]
    return worker.evaluate("fetch('/api/v1/auth/csrf/', {cache: 'no-store'}).then(() => true, () => false)")


@pytest.mark.e2e
def test_offline_reload_opens_the_cashier_from_the_device_and_syncs_once(page, live):
    make_shop("reloadshop", "Reload Shop")
    shop = stock_shop("reloadshop")
    owner = shop["owner"]

    log_in(page, live, "reloadshop", "owner@reloadshop.test", PASSWORD)
    open_cashier(page, live, "reloadshop")
    expect(page.get_by_test_id("cashier-online")).to_be_visible()
    # The cashier installs the offline worker; it has saved the app once it is active.
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => !!r.active)")
    assert worker_reaches_server(page)

    page.context.set_offline(True)
    assert not worker_reaches_server(page)  # the worker is offline too: nothing comes from the server
    page.reload()

    # The app shell, the session and the catalog all come from the device.
    page.get_by_test_id("cashier-scan").wait_for()
    expect(page.get_by_test_id("cashier-offline-banner")).to_be_visible()
    expect(page.get_by_test_id("cashier-cached-catalog")).to_be_visible()
    expect(page.get_by_test_id("app-user-name")).to_be_visible()

    scan(page, SOAP_CODE)
    expect(page.get_by_test_id("cashier-line-qty")).to_have_text("1")
    expect(page.get_by_test_id("cashier-total")).to_contain_text("30")
    page.get_by_test_id("cashier-pay").click()
    page.get_by_test_id("pay-quick-50.00").click()
    page.get_by_test_id("pay-submit").click()
    expect(page.get_by_test_id("receipt-queued")).to_be_visible()
    ref = page.get_by_test_id("receipt-offline-ref").inner_text().strip().lower()
    page.get_by_test_id("receipt-new-sale").click()
    expect(page.get_by_test_id("cashier-queue-count")).to_contain_text("1")
    assert owner.get("/api/v1/orders/").json()["count"] == 0

    page.context.set_offline(False)
    expect(page.get_by_test_id("cashier-online")).to_be_visible(timeout=30_000)
    page.get_by_text("offline sale(s) sent").wait_for(timeout=30_000)

    orders = owner.get("/api/v1/orders/").json()
    assert orders["count"] == 1
    synced = orders["results"][0]
    assert synced["client_id"].startswith(ref) and synced["offline_created_at"]
    assert synced["total"] == "30.00"
    assert on_hand("reloadshop", shop["store"], shop["soap"]) == Decimal("9")
