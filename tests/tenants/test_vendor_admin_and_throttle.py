"""The vendor's admin on the public site, and sign-up throttling per address."""

from __future__ import annotations

from accounts.models import User
from tenants.api.views import SignupThrottle
from tests.conftest import make_client
from tests.tenants.test_signup import VALID


def test_admin_needs_the_console_second_factor(public_client):
    """A password alone (the admin's own form, or a session without TOTP) opens nothing."""
    from tests.platform.vendor.conftest import VENDOR_PASSWORD, console_login, make_staff

    staff = make_staff("vendor@huiyuan.test", role="admin")
    User.objects.filter(pk=staff.user_id).update(is_staff=True, is_superuser=True)
    password_only = make_client(None)
    assert password_only.login(email="vendor@huiyuan.test", password=VENDOR_PASSWORD)
    refused = password_only.get("/admin/tenants/tenant/")
    assert refused.status_code == 302 and refused["Location"].startswith("/admin/login/")
    assert make_client(None).get("/admin/login/")["Location"].startswith("/vendor/")
    support = make_staff("helpdesk@huiyuan.test", role="support")
    User.objects.filter(pk=support.user_id).update(is_staff=True)
    assert console_login(support).get("/admin/tenants/tenant/").status_code == 302
    client = console_login(staff)
    tenants = client.get("/admin/tenants/tenant/")
    assert tenants.status_code == 200
    body = tenants.content.decode()
    assert "Alpha Beauty" in body and "Beta Pets" in body
    domains = client.get("/admin/tenants/domain/")
    assert domains.status_code == 200 and "alpha.localhost" in domains.content.decode()


def test_vendor_admin_is_not_served_on_shop_hosts(tenant_a):
    response = make_client("alpha").get("/admin/login/")
    body = response.content.decode()
    assert "window.__HUIYUAN__" in body  # the shop's single-page app (it shows its own 404)
    assert "csrfmiddlewaretoken" not in body and "Django" not in body


def test_shop_owner_cannot_use_vendor_admin(public_client, tenant_a):
    """The shop owner's account lives in the shop's schema; the public admin does not know it."""
    from tests.conftest import PASSWORD, SHOPS

    client = make_client(None)
    assert not client.login(email=SHOPS["alpha"]["email"], password=PASSWORD)


def test_signups_are_throttled_per_address(public_client, monkeypatch):
    monkeypatch.setattr(SignupThrottle, "THROTTLE_RATES", {"signup": "2/hour"})
    client = make_client(None, REMOTE_ADDR="10.1.2.3")
    codes = [
        client.post("/api/v1/signup/", {**VALID, "subdomain": f"throttle{n}"}, format="json").status_code
        for n in range(3)
    ]
    assert codes == [201, 201, 429]
    other = make_client(None, REMOTE_ADDR="10.1.2.4")
    response = other.post("/api/v1/signup/", {**VALID, "subdomain": "throttle9"}, format="json")
    assert response.status_code == 201
