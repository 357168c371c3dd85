"""End-to-end in headless Chromium: the owner edits the shop's name, language and time zone on the
settings page (the header follows at once); a manager only reads them; on a phone the menu opens
from a button in the header, and no floating toggle covers the page."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.test_browser_flows import PASSWORD, log_in, make_shop, pick

SHOP = "setshop"


@pytest.mark.e2e
def test_owner_edits_the_shop_profile_and_the_header_follows(page, live):
    from tenants.models import Tenant

    make_shop(SHOP, "Settings Shop")
    log_in(page, live, SHOP, f"owner@{SHOP}.test")
    page.goto(live.url(SHOP, "/app/settings"))
    page.get_by_test_id("shop-profile-edit").click()
    name = page.get_by_test_id("shop-profile-name")
    name.fill("")
    page.get_by_test_id("shop-profile-save").click()
    expect(page.get_by_test_id("shop-profile-form")).to_contain_text("This field is required.")  # not sent
    name.fill("Settings & Co")
    pick(page, "shop-profile-time-zone", "Asia/Tokyo")
    page.get_by_test_id("shop-profile-save").click()
    expect(page.get_by_test_id("app-shop-name")).to_have_text("Settings & Co")
    expect(page.get_by_test_id("settings-tenant")).to_contain_text("Asia/Tokyo")
    row = Tenant.objects.get(subdomain=SHOP)
    assert (row.name, row.time_zone) == ("Settings & Co", "Asia/Tokyo")


@pytest.mark.e2e
def test_a_manager_reads_the_profile_without_an_edit_button(page, live):
    from accounts.models import User
    from tenants.models import Tenant

    make_shop(SHOP, "Settings Shop")
    with schema_context(Tenant.objects.get(subdomain=SHOP).schema_name):
        User.objects.create_user(f"manager@{SHOP}.test", PASSWORD, role=User.Role.MANAGER)
    log_in(page, live, SHOP, f"manager@{SHOP}.test")
    page.goto(live.url(SHOP, "/app/settings"))
    expect(page.get_by_test_id("settings-tenant")).to_contain_text("Settings Shop")
    expect(page.get_by_test_id("shop-profile-edit")).to_have_count(0)


@pytest.mark.e2e
def test_on_a_phone_the_menu_opens_from_the_header(page, live):
    make_shop(SHOP, "Settings Shop")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live, SHOP, f"owner@{SHOP}.test")
    expect(page.locator(".ant-layout-sider-zero-width-trigger")).to_have_count(0)
    sider = page.locator(".ant-layout-sider")
    collapsed = re.compile(r"ant-layout-sider-collapsed")
    expect(sider).to_have_class(collapsed)
    page.get_by_test_id("nav-toggle").click()
    expect(sider).not_to_have_class(collapsed)
    page.get_by_test_id("nav-settings").click()
    expect(page).to_have_url(live.url(SHOP, "/app/settings"))
    expect(sider).to_have_class(collapsed)  # closes after a choice
