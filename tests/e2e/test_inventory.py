"""End-to-end: an owner receives goods on the Inventory page and sees on hand go up, then counts
the store in a stocktake (one difference, found by scanning the barcode), approves it and sees the
adjusted quantity."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.test_browser_flows import PASSWORD, log_in, make_shop

BARCODE = "4710000000994"


def _tenant_schema(subdomain: str) -> str:
    from tenants.models import Tenant

    return Tenant.objects.get(subdomain=subdomain).schema_name


def choose_product(page, testid: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Pick a product in a remote-search select: type, wait for the option, click it."""
    page.get_by_test_id(testid).click()
    page.keyboard.type(text)
    page.locator(".ant-select-dropdown:visible .ant-select-item-option", has_text=text).first.click()


@pytest.mark.e2e
def test_receive_goods_then_stocktake_with_one_difference(page, live):
    make_shop("invshop", "Inventory Shop")
    from catalog.models import Product
    from catalog.services import create_product, default_store
    from inventory.models import StockLevel, StockMovement, Stocktake

    schema = _tenant_schema("invshop")
    with schema_context(schema):
        store = default_store()
        product = create_product(
            {"kind": "product", "name": "Dog Food 2kg", "sku": "DF-2", "barcodes": [BARCODE], "price": "120"}
        )
        create_product({"kind": "product", "name": "Cat Litter", "price": "80"})
        pid = product.pk

    log_in(page, live, "invshop", "owner@invshop.test", PASSWORD)
    page.get_by_test_id("nav-inventory").click()
    page.get_by_test_id("stock-table").wait_for()

    # Receive 12 at 45.50 each.
    page.get_by_test_id("stock-receive").click()
    choose_product(page, "line-product-0", "Dog Food 2kg")
    page.get_by_test_id("line-qty-0").fill("12")
    page.get_by_test_id("line-cost-0").fill("45.5")
    expect(page.get_by_test_id("line-total")).to_contain_text("546")
    page.get_by_test_id("stock-action-submit").click()
    expect(page.get_by_test_id(f"stock-on-hand-{pid}")).to_have_text("12")

    with schema_context(schema):
        level = StockLevel.objects.get(store=store, product_id=pid)
        assert level.on_hand == Decimal("12") and level.avg_cost == Decimal("45.5")
        receipt = StockMovement.objects.get(kind=StockMovement.Kind.RECEIPT)
        assert len(receipt.idempotency_key) >= 32  # the browser generated a key for the attempt

    # Stocktake: the shelf holds 10; find the product by scanning its barcode.
    page.get_by_test_id("tab-stocktakes").click()
    page.get_by_test_id("stocktake-start").click()
    page.get_by_test_id("stocktake-start-submit").click()
    page.get_by_test_id("count-sheet").wait_for()
    expect(page.get_by_test_id("stocktake-status")).to_have_text("Counting")
    expect(page.get_by_test_id(f"count-expected-{pid}")).to_have_text("12")

    page.get_by_test_id("count-scan").fill(BARCODE)
    page.get_by_test_id("count-scan").press("Enter")
    count = page.get_by_test_id(f"count-input-{pid}")
    expect(count).to_be_focused()
    page.keyboard.type("10")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id(f"count-diff-{pid}")).to_have_text("-2")
    page.get_by_test_id(f"count-saved-{pid}").wait_for()  # the count reached the server
    expect(page.get_by_test_id("count-scan")).to_be_focused()  # back to the scanner for the next item

    with schema_context(schema):
        line = Stocktake.objects.get().lines.get(product_id=pid)
        assert line.counted == Decimal("10") and line.expected == Decimal("12")

    page.get_by_test_id("stocktake-submit").click()
    page.get_by_test_id("stocktake-submit-ok").click()
    expect(page.get_by_test_id("stocktake-status")).to_have_text("Awaiting approval")
    page.get_by_test_id("stocktake-approve").click()
    page.get_by_test_id("stocktake-approve-ok").click()
    expect(page.get_by_test_id("stocktake-status")).to_have_text("Approved")

    with schema_context(schema):
        stocktake = Stocktake.objects.get()
        assert stocktake.status == Stocktake.Status.APPROVED
        assert StockLevel.objects.get(store=store, product_id=pid).on_hand == Decimal("10")
        adjustment = stocktake.movement
        assert adjustment is not None and adjustment.kind == StockMovement.Kind.ADJUSTMENT
        assert [line.quantity for line in adjustment.lines.all()] == [Decimal("-2")]
        assert not Product.objects.get(pk=pid).stock_levels.filter(on_hand__lt=0).exists()

    # The Stock tab shows the adjusted quantity.
    page.get_by_test_id("tab-stock").click()
    expect(page.get_by_test_id(f"stock-on-hand-{pid}")).to_have_text("10")


@pytest.mark.e2e
def test_purchase_order_threshold_write_off_reversal_and_transfer(page, live):
    make_shop("invshop2", "Inventory Shop Two")
    from catalog.models import Store
    from catalog.services import create_product, default_store
    from inventory.models import PurchaseOrder, StockLevel, StockMovement, Transfer

    schema = _tenant_schema("invshop2")
    with schema_context(schema):
        main = default_store()
        branch = Store.objects.create(name="Branch", code="BR")
        pid = create_product({"kind": "product", "name": "Cat Litter 10L", "price": "80", "cost": "3"}).pk

    log_in(page, live, "invshop2", "owner@invshop2.test", PASSWORD)
    page.get_by_test_id("nav-inventory").click()

    # A supplier, then a purchase order of 10, placed, of which 4 arrive.
    page.get_by_test_id("tab-purchase-orders").click()
    page.get_by_test_id("po-view-suppliers").click()
    page.get_by_test_id("supplier-new").click()
    page.get_by_test_id("supplier-form-name").fill("Pet Wholesale Ltd")
    page.get_by_test_id("supplier-form-submit").click()
    page.get_by_test_id("supplier-table").get_by_text("Pet Wholesale Ltd").wait_for()
    page.get_by_test_id("po-view-orders").click()
    page.get_by_test_id("po-new").click()
    page.get_by_test_id("po-form-supplier").click()
    page.keyboard.type("Pet Wholesale")
    page.keyboard.press("Enter")
    choose_product(page, "po-line-product-0", "Cat Litter 10L")
    expect(page.get_by_test_id("po-line-cost-0")).to_have_value("3")
    page.get_by_test_id("po-line-qty-0").fill("10")
    page.get_by_test_id("po-form-submit").click()
    expect(page.get_by_test_id("po-detail-status")).to_have_text("Draft")
    page.get_by_test_id("po-place").click()
    page.get_by_test_id("po-place-ok").click()
    expect(page.get_by_test_id("po-detail-status")).to_have_text("Ordered")
    page.get_by_test_id("po-receive").click()
    page.get_by_test_id("delivery-qty-0").fill("4")
    page.get_by_test_id("delivery-submit").click()
    expect(page.get_by_test_id("po-detail-status")).to_have_text("Partially received")
    expect(page.get_by_test_id(f"po-line-received-{pid}")).to_have_text("4")
    with schema_context(schema):
        order = PurchaseOrder.objects.get()
        assert order.status == PurchaseOrder.Status.PARTIALLY_RECEIVED
        assert StockLevel.objects.get(store=main, product_id=pid).on_hand == Decimal("4")
    page.keyboard.press("Escape")

    # A low-stock alert at 5: the product shows in the low-stock list.
    page.get_by_test_id("tab-stock").click()
    expect(page.get_by_test_id(f"stock-on-hand-{pid}")).to_have_text("4")
    page.get_by_test_id(f"stock-threshold-{pid}-edit").click()
    page.get_by_test_id(f"stock-threshold-{pid}-input").fill("5")
    page.get_by_test_id(f"stock-threshold-{pid}-input").press("Enter")
    expect(page.get_by_test_id(f"stock-threshold-{pid}")).to_have_text("5")
    page.get_by_test_id(f"low-stock-{pid}").wait_for()

    # Write one off as damaged, then reverse that movement from the history.
    page.get_by_test_id("stock-damage").click()
    choose_product(page, "line-product-0", "Cat Litter 10L")
    page.get_by_test_id("line-qty-0").fill("1")
    page.get_by_test_id("stock-action-reason").fill("Torn bag")
    page.get_by_test_id("stock-action-submit").click()
    expect(page.get_by_test_id(f"stock-on-hand-{pid}")).to_have_text("3")
    with schema_context(schema):
        damage = StockMovement.objects.get(kind=StockMovement.Kind.DAMAGE)
    page.get_by_test_id("tab-movements").click()
    expect(page.get_by_test_id(f"movement-kind-{damage.pk}")).to_have_text("Write-off (damage)")
    page.get_by_test_id(f"movement-reverse-{damage.pk}").click()
    page.get_by_test_id("reverse-reason").fill("Bag was fine")
    page.get_by_test_id("reverse-submit").click()
    page.get_by_test_id("reverse-confirm-ok").click()
    expect(page.get_by_test_id(f"movement-reverse-{damage.pk}")).to_have_count(0)
    with schema_context(schema):
        assert StockMovement.objects.filter(reverses=damage).exists()
        assert StockLevel.objects.get(store=main, product_id=pid).on_hand == Decimal("4")

    # Send 2 to the branch and receive them there.
    page.get_by_test_id("tab-transfers").click()
    page.get_by_test_id("transfer-new").click()
    choose_product(page, "transfer-line-product-0", "Cat Litter 10L")
    page.get_by_test_id("transfer-line-qty-0").fill("2")
    page.get_by_test_id("transfer-submit").click()
    page.get_by_test_id("transfers-table").get_by_text("Cat Litter 10L").wait_for()
    with schema_context(schema):
        transfer = Transfer.objects.get()
        assert transfer.from_store_id == main.pk and transfer.to_store_id == branch.pk
    expect(page.get_by_test_id(f"transfer-status-{transfer.pk}")).to_have_text("In transit")
    page.get_by_test_id(f"transfer-receive-{transfer.pk}").click()
    page.get_by_test_id(f"transfer-receive-ok-{transfer.pk}").click()
    expect(page.get_by_test_id(f"transfer-status-{transfer.pk}")).to_have_count(0)  # left the in-transit list
    with schema_context(schema):
        transfer.refresh_from_db()
        assert transfer.status == Transfer.Status.RECEIVED
        assert StockLevel.objects.get(store=branch, product_id=pid).on_hand == Decimal("2")
        assert StockLevel.objects.get(store=main, product_id=pid).on_hand == Decimal("2")
