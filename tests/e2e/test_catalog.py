"""End-to-end: an owner adds a product with a barcode, then finds it by scanning the barcode."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tests.e2e.test_browser_flows import PASSWORD, log_in, make_shop


@pytest.mark.e2e
def test_owner_adds_a_product_and_scans_its_barcode(page, live):
    make_shop("catshop", "Cat Shop")
    log_in(page, live, "catshop", "owner@catshop.test", PASSWORD)
    page.get_by_test_id("nav-catalog").click()
    page.get_by_test_id("product-new").click()
    page.get_by_test_id("product-form-name").fill("Shampoo 500ml")
    page.get_by_test_id("product-form-price").fill("320")
    page.get_by_test_id("product-form-barcodes").click()
    page.keyboard.type("4710000000017")
    page.keyboard.press("Enter")
    page.get_by_test_id("product-form-submit").click()
    page.get_by_test_id("product-table").get_by_text("Shampoo 500ml").wait_for()

    from catalog.models import Product
    from tenants.models import Tenant

    with schema_context(Tenant.objects.get(subdomain="catshop").schema_name):
        product = Product.objects.get(name="Shampoo 500ml")
        assert str(product.price) == "320.00"
        assert list(product.barcodes.values_list("code", flat=True)) == ["4710000000017"]

    page.keyboard.press("Escape")
    page.get_by_test_id("product-scan").fill("4710000000017")
    page.get_by_test_id("product-scan").press("Enter")
    from playwright.sync_api import expect

    expect(page.get_by_test_id("product-form-name")).to_have_value("Shampoo 500ml")
