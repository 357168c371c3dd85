"""The vendor console in headless Chromium: first log-in with TOTP enrolment, dashboard, tenant list,
suspend/resume with the shop's suspended page, and entering a shop as support (banner shown)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, live, live_server_port  # noqa: F401 (fixtures)

PASSWORD = "vendor-e2e-pass-2026"


@pytest.fixture
def shop_and_vendor(live):  # type: ignore[no-untyped-def]  # noqa: F811
    from accounts.models import User
    from tenants.models import Tenant
    from tenants.services.signup import SignupData, sign_up
    from vendor.models import SupportGrant, VendorStaff

    sign_up(
        SignupData(
            "Console Shop", "consoleshop", "owner@consoleshop.test", PASSWORD, "retail", "en", "USD", "UTC"
        )
    )
    user = User.objects.create_user("e2e-ops@huiyuan.test", PASSWORD, name="E2E Ops")
    VendorStaff.objects.create(user=user, role="admin")
    yield Tenant.objects.get(subdomain="consoleshop")
    SupportGrant.objects.filter(tenant_label="consoleshop").delete()
    # The public user stays (rows in the public audit log point at it); it can no longer log in.
    VendorStaff.objects.filter(user=user).delete()


def in_browser(script: Callable[[Any], None]) -> None:
    """Run ``script(page)`` in headless Chromium on a thread of its own: tests/e2e keeps a
    session-wide Playwright (sync API) open on the main thread, and a second one cannot start there."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make test installs it as root)")
    failure: list[BaseException] = []

    def run() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                context = browser.new_context(locale="en-US")
                page = context.new_page()
                page.set_default_timeout(15_000)
                try:
                    script(page)
                finally:
                    context.close()
                    browser.close()
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


@pytest.mark.e2e
def test_vendor_enrols_then_suspends_resumes_and_enters_a_shop(live, shop_and_vendor):  # noqa: F811
    in_browser(lambda page: console_flow(page, live))


def console_flow(page, live) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from vendor import totp

    page.goto(live.url(None, "/vendor"))
    page.get_by_test_id("vendor-email").fill("e2e-ops@huiyuan.test")
    page.get_by_test_id("vendor-password").fill(PASSWORD)
    page.get_by_test_id("vendor-login").click()

    secret = page.get_by_test_id("vendor-enroll-secret").inner_text().strip()
    page.get_by_test_id("vendor-enroll-qr").wait_for()
    page.get_by_test_id("vendor-code").fill(totp.code_at(secret))
    page.get_by_role("button", name="Confirm and log in").click()
    page.get_by_test_id("vendor-recovery-codes").wait_for()
    assert page.get_by_test_id("vendor-recovery-codes").locator("li").count() == 10
    page.get_by_role("button", name="I have saved them").click()

    page.get_by_test_id("vendor-dashboard").wait_for()
    page.get_by_test_id("vendor-churn-chart").wait_for()
    page.get_by_test_id("vendor-nav-tenants").click()
    page.get_by_test_id("vendor-tenant-consoleshop").click()
    page.get_by_test_id("vendor-tenant-detail").wait_for()

    # Suspend: the shop's host shows the suspended page; resume restores it.
    page.get_by_test_id("vendor-suspend").click()
    page.get_by_test_id("vendor-reason").fill("Chargeback under review")
    page.get_by_test_id("vendor-suspend-ok").click()
    page.get_by_test_id("vendor-resume").wait_for()
    shop = page.context.new_page()
    shop.goto(live.url("consoleshop", "/"))
    shop.get_by_test_id("tenant-suspended").wait_for()
    page.get_by_test_id("vendor-resume").click()
    page.get_by_role("button", name="OK").click()
    page.get_by_test_id("vendor-suspend").wait_for()
    shop.goto(live.url("consoleshop", "/login"))
    shop.get_by_test_id("login-email").wait_for()
    shop.close()

    # Support access opens the shop in a new tab, signed in as the support identity.
    page.get_by_test_id("vendor-support-enter").click()
    page.get_by_test_id("vendor-support-reason").fill("Owner asked about receipts")
    with page.context.expect_page() as opened:
        page.get_by_test_id("vendor-support-ok").click()
    support = opened.value
    support.wait_for_url(re.compile(rf"^http://consoleshop\.localhost:{live.port}/"))
    support.get_by_test_id("app-user-name").wait_for()
    assert support.get_by_test_id("app-user-name").inner_text() == "Huiyuan support"
    banner = support.get_by_test_id("support-banner")
    banner.wait_for()
    assert "Owner asked about receipts" in banner.inner_text()
