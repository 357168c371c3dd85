"""End-to-end in headless Chromium against the live server: sign-up, log-in, invitations, the
language switch, and that a browser session of one shop is worthless at another."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from tenants.services.signup import SignupData, sign_up

PASSWORD = "browser-pass-2026"


def make_shop(subdomain: str, name: str) -> None:
    sign_up(SignupData(name, subdomain, f"owner@{subdomain}.test", PASSWORD, "retail", "en", "USD", "UTC"))


def pick(page, testid: str, text: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_test_id(testid).click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def log_in(page, live, subdomain: str, email: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto(live.url(subdomain, "/login"))
    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("app-user-name").wait_for()


@pytest.mark.e2e
def test_merchant_signs_up_and_lands_logged_in_in_own_space(page, live):
    page.goto(live.url(None, "/signup"))
    page.get_by_test_id("signup-shop-name").fill("Browser Bakery")
    page.get_by_test_id("signup-subdomain").fill("browserbakery")
    page.get_by_test_id("signup-email").fill("owner@browserbakery.test")
    page.get_by_test_id("signup-password").fill(PASSWORD)
    pick(page, "signup-trade", "catering")
    page.get_by_test_id("signup-submit").click()

    page.wait_for_url(re.compile(rf"^http://browserbakery\.localhost:{live.port}/$"))
    expect_text(page, "app-shop-name", "Browser Bakery")
    expect_text(page, "app-user-name", "Browser Bakery")

    from tenants.models import Tenant

    tenant = Tenant.objects.get(subdomain="browserbakery")
    assert tenant.trade == "catering" and tenant.state == Tenant.State.ACTIVE


@pytest.mark.e2e
def test_signup_form_shows_server_field_errors(page, live):
    make_shop("takenshop", "Taken")
    page.goto(live.url(None, "/signup"))
    page.get_by_test_id("signup-shop-name").fill("Second")
    page.get_by_test_id("signup-subdomain").fill("takenshop")
    page.get_by_test_id("signup-email").fill("x@second.test")
    page.get_by_test_id("signup-password").fill(PASSWORD)
    pick(page, "signup-trade", "retail")
    page.get_by_test_id("signup-submit").click()
    page.get_by_text(re.compile("already taken")).first.wait_for()
    assert page.url.startswith(live.url(None, "/signup"))


@pytest.mark.e2e
def test_browser_session_of_one_shop_is_rejected_at_another(page, live):
    make_shop("shopone", "Shop One")
    make_shop("shoptwo", "Shop Two")
    log_in(page, live, "shopone", "owner@shopone.test")
    expect_text(page, "app-shop-name", "Shop One")

    page.goto(live.url("shoptwo", "/"))
    page.wait_for_url(re.compile(r"/login"))
    context = page.context
    one = next(c for c in context.cookies() if c["name"] == "sessionid" and c["domain"].startswith("shopone"))
    context.add_cookies([{"name": "sessionid", "value": one["value"], "url": live.url("shoptwo", "/")}])
    page.goto(live.url("shoptwo", "/"))
    page.wait_for_url(re.compile(r"/login"))
    state = page.evaluate("fetch('/api/v1/auth/session/').then(r => r.json())")
    assert state["authenticated"] is False
    assert page.evaluate("fetch('/api/v1/staff/').then(r => r.status)") in (401, 403)
    # Still logged in at the first shop.
    page.goto(live.url("shopone", "/"))
    expect_text(page, "app-shop-name", "Shop One")


@pytest.mark.e2e
def test_owner_invites_cashier_who_joins_and_logs_out(browser, page, live):
    make_shop("inviteshop", "Invite Shop")
    log_in(page, live, "inviteshop", "owner@inviteshop.test")
    page.get_by_test_id("nav-staff").click()
    page.get_by_test_id("staff-invite-open").click()
    page.get_by_test_id("invite-email").fill("cashier@inviteshop.test")
    page.get_by_test_id("invite-name").fill("Casey")
    pick(page, "invite-role", "cashier")
    page.get_by_test_id("invite-submit").click()
    invite_url = page.get_by_test_id("invite-url").inner_text().strip()
    assert invite_url.startswith(live.url("inviteshop", "/accept-invite?token="))
    page.get_by_test_id("invite-done").click()
    page.get_by_test_id("staff-table").get_by_text("cashier@inviteshop.test").wait_for()

    staff_context = browser.new_context(locale="en-US")
    staff = staff_context.new_page()
    try:
        staff.goto(invite_url)
        expect_text(staff, "accept-email", "cashier@inviteshop.test")
        staff.get_by_test_id("accept-password").fill("cashier-pass-2026")
        staff.get_by_test_id("accept-submit").click()
        expect_text(staff, "app-user-name", "Casey")
        assert staff.get_by_test_id("nav-staff").count() == 0  # cashiers do not manage staff
        staff.get_by_test_id("logout").click()
        staff.wait_for_url(re.compile(r"/login"))
        log_in(staff, live, "inviteshop", "cashier@inviteshop.test", "cashier-pass-2026")
    finally:
        staff_context.close()


@pytest.mark.e2e
def test_language_switch_translates_app_and_server_menu(page, live):
    make_shop("langshop", "Lang Shop")
    log_in(page, live, "langshop", "owner@langshop.test")
    page.get_by_test_id("lang-switch").click()
    page.get_by_test_id("lang-option-zh-hant").click()
    with translation.override("zh-hant"):
        expected = translation.gettext("Staff")
    assert expected != "Staff"
    expect_text(page, "nav-staff", expected)
    from django_tenants.utils import schema_context

    from accounts.models import User
    from tenants.models import Tenant

    with schema_context(Tenant.objects.get(subdomain="langshop").schema_name):
        assert User.objects.get(email="owner@langshop.test").language == "zh-hant"


@pytest.mark.e2e
def test_unknown_shop_shows_friendly_page(page, live):
    response = page.goto(live.url("nosuchshop", "/"))
    assert response is not None and response.status == 404
    assert "nosuchshop.localhost" in page.content()


def expect_text(page, testid: str, text: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    expect(page.get_by_test_id(testid)).to_contain_text(text)
