"""End-to-end: an owner records an expense with a receipt, sees it in the totals, then voids it."""

from __future__ import annotations

import datetime

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.test_browser_flows import PASSWORD, log_in, make_shop, pick

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 200


@pytest.mark.e2e
def test_owner_records_an_expense_with_a_receipt_and_voids_it(page, live, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    make_shop("costshop", "Cost Shop")
    receipt = tmp_path / "receipt.jpg"
    receipt.write_bytes(JPEG)
    log_in(page, live, "costshop", "owner@costshop.test", PASSWORD)
    page.get_by_test_id("nav-expenses").click()
    page.get_by_test_id("expense-new").click()
    pick(page, "expense-form-category", "Rent")
    page.get_by_test_id("expense-form-amount").fill("1200")
    page.get_by_test_id("expense-form-payee").fill("Landlord Lin")
    page.locator("input[type=file]").set_input_files(str(receipt))
    page.get_by_test_id("expense-form-submit").click()
    page.get_by_test_id("expense-table").get_by_text("Landlord Lin").wait_for()
    expect(page.get_by_test_id("expense-totals")).to_contain_text("1,200")

    from expenses.models import Expense
    from tenants.models import Tenant

    with schema_context(Tenant.objects.get(subdomain="costshop").schema_name):
        expense = Expense.objects.get(payee="Landlord Lin")
        assert str(expense.amount) == "1200.00"
        assert expense.spent_on == datetime.date.today()
        assert [a.original_name for a in expense.attachments.all()] == ["receipt.jpg"]

    page.get_by_test_id(f"expense-void-{expense.pk}").click()
    page.get_by_test_id("expense-void-reason").fill("Entered twice")
    page.get_by_test_id("expense-void-submit").click()
    expect(page.get_by_test_id("expense-table")).not_to_contain_text("Landlord Lin")
    expect(page.get_by_test_id("expense-totals")).to_contain_text("$0")
    page.goto("about:blank")  # no request of the page may still run while the shop is dropped
    with schema_context(Tenant.objects.get(subdomain="costshop").schema_name):
        expense.refresh_from_db()
        assert expense.voided and expense.void_reason == "Entered twice"
