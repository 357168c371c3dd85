"""Vendor console log-in: password then TOTP, enrolment, recovery codes, throttling, and who is refused."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import override_settings

from tests.conftest import PASSWORD, SHOPS, make_client
from tests.platform.vendor.conftest import VENDOR_PASSWORD, code_for, console_login, make_staff
from vendor import totp
from vendor.models import RecoveryCode, VendorStaff

LOGIN = "/api/v1/vendor/auth/login/"
VERIFY = "/api/v1/vendor/auth/verify/"
ENROLL = "/api/v1/vendor/auth/enrollment/"
SESSION = "/api/v1/vendor/auth/session/"
TENANTS = "/api/v1/vendor/tenants/"


def password_step(client, staff, password=VENDOR_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"email": staff.user.email, "password": password}, format="json")


def test_password_then_totp_logs_in_and_reaches_the_console(vendor_admin, tenant_a):
    client = make_client(None)
    assert client.get(SESSION).json() == {"stage": "password", "user": None}
    assert password_step(client, vendor_admin).json()["stage"] == "verify"
    # The password alone opens nothing.
    assert client.get(SESSION).json()["stage"] == "verify"
    assert client.get(TENANTS).status_code == 403
    response = client.post(VERIFY, {"code": code_for(vendor_admin)}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stage"] == "verified"
    assert body["user"]["email"] == vendor_admin.user.email and body["user"]["role"] == "admin"
    assert client.get(TENANTS).status_code == 200
    assert client.get(SESSION).json()["stage"] == "verified"
    assert client.post("/api/v1/vendor/auth/logout/").status_code == 204
    assert client.get(TENANTS).status_code == 403


def test_first_login_enrols_the_authenticator_and_hands_out_hashed_recovery_codes(db):
    staff = make_staff("new-ops@huiyuan.test", enrolled=False)
    client = make_client(None)
    assert password_step(client, staff).json()["stage"] == "enroll"
    enrollment = client.get(ENROLL).json()
    secret = enrollment["secret"]
    assert parse_qs(urlparse(enrollment["otpauth_uri"]).query)["secret"] == [secret]
    assert client.get(ENROLL).json()["secret"] == secret  # stable while enrolling
    staff.refresh_from_db()
    assert staff.totp_secret == "" and not staff.enrolled  # not stored before it is proven

    wrong = client.post(
        ENROLL, {"code": "000000" if totp.code_at(secret) != "000000" else "111111"}, format="json"
    )
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "invalid_code"
    response = client.post(ENROLL, {"code": totp.code_at(secret)}, format="json")
    assert response.status_code == 200, response.content
    codes = response.json()["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    staff.refresh_from_db()
    assert staff.enrolled and staff.totp_key == secret
    assert secret not in staff.totp_secret  # stored sealed, never in clear
    assert all(secret not in str(value) for value in client.session.values())  # the session too
    stored = list(RecoveryCode.objects.filter(staff=staff).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not set(codes) & set(stored)
    assert all(code.replace("-", "") not in h for code in codes for h in stored)
    assert client.get(TENANTS).status_code == 200
    # Enrolment cannot be replayed to replace the secret.
    again = make_client(None)
    assert password_step(again, staff).json()["stage"] == "verify"
    assert again.get(ENROLL).status_code == 400


def test_recovery_code_works_once(vendor_admin):
    from vendor.auth import replace_recovery_codes

    codes = replace_recovery_codes(vendor_admin)
    client = make_client(None)
    password_step(client, vendor_admin)
    response = client.post(VERIFY, {"recovery_code": codes[0].upper()}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["user"]["recovery_codes_left"] == 9
    other = make_client(None)
    password_step(other, vendor_admin)
    reused = other.post(VERIFY, {"recovery_code": codes[0]}, format="json")
    assert reused.status_code == 400 and reused.json()["error"]["code"] == "invalid_code"
    assert other.get(TENANTS).status_code == 403


def test_a_totp_code_is_accepted_once(vendor_admin):
    code = code_for(vendor_admin)
    first = make_client(None)
    password_step(first, vendor_admin)
    assert first.post(VERIFY, {"code": code}, format="json").status_code == 200
    second = make_client(None)
    password_step(second, vendor_admin)
    replay = second.post(VERIFY, {"code": code}, format="json")
    assert replay.status_code == 400
    # An older code (previous step) is refused too once a newer one was used.
    assert second.post(VERIFY, {"code": code_for(vendor_admin, -1)}, format="json").status_code == 400
    assert second.post(VERIFY, {"code": code_for(vendor_admin, 1)}, format="json").status_code == 200


def test_verify_without_the_password_step_is_refused(vendor_admin):
    client = make_client(None)
    response = client.post(VERIFY, {"code": code_for(vendor_admin)}, format="json")
    assert response.status_code == 401 and response.json()["error"]["code"] == "login_required"


@override_settings(VENDOR_PENDING_LOGIN_SECONDS=0)
def test_the_pending_login_expires(vendor_admin):
    client = make_client(None)
    password_step(client, vendor_admin)
    response = client.post(VERIFY, {"code": code_for(vendor_admin)}, format="json")
    assert response.status_code == 401


def test_wrong_codes_are_throttled_per_staff_member_and_drop_the_pending_login(vendor_admin):
    client = make_client(None, REMOTE_ADDR="10.9.0.1")
    password_step(client, vendor_admin)
    wrong = "000000" if code_for(vendor_admin) != "000000" else "111111"
    codes = [client.post(VERIFY, {"code": wrong}, format="json").status_code for _ in range(5)]
    assert codes == [400] * 5
    # The pending log-in is gone: even the right code does not help now.
    assert client.post(VERIFY, {"code": code_for(vendor_admin)}, format="json").status_code == 401
    # From another address, the password works but the second factor stays paused for this person.
    other = make_client(None, REMOTE_ADDR="10.9.0.2")
    assert password_step(other, vendor_admin).status_code == 200
    paused = other.post(VERIFY, {"code": code_for(vendor_admin)}, format="json")
    assert paused.status_code == 429 and paused.json()["error"]["code"] == "throttled"
    assert other.get(TENANTS).status_code == 403


def test_wrong_passwords_are_throttled_per_email_and_address(vendor_admin):
    client = make_client(None, REMOTE_ADDR="10.9.1.1")
    statuses = [password_step(client, vendor_admin, "wrong-password-123").status_code for _ in range(5)]
    assert statuses == [400] * 5
    blocked = password_step(client, vendor_admin)
    assert blocked.status_code == 429
    assert password_step(make_client(None, REMOTE_ADDR="10.9.1.2"), vendor_admin).status_code == 200


def test_tenant_owner_cannot_log_into_the_console(tenant_a):
    """The owner's account lives in the shop's schema; the public console does not know it."""
    client = make_client(None)
    response = client.post(LOGIN, {"email": SHOPS["alpha"]["email"], "password": PASSWORD}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_credentials"
    assert client.get(TENANTS).status_code == 403


def test_errors_are_translated(vendor_admin):
    response = make_client(None).post(
        LOGIN,
        {"email": vendor_admin.user.email, "password": "wrong-password-1"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hant",
    )
    assert response.json()["error"]["message"] == "電子郵件或密碼錯誤。"  # the main catalogue's wording


def test_public_user_without_vendor_profile_is_refused_like_a_wrong_password(db):
    from accounts.models import User

    User.objects.create_superuser("django-admin@huiyuan.test", VENDOR_PASSWORD)
    client = make_client(None)
    response = client.post(
        LOGIN, {"email": "django-admin@huiyuan.test", "password": VENDOR_PASSWORD}, format="json"
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_credentials"


def test_password_only_session_from_the_django_admin_does_not_open_the_console(vendor_admin):
    client = make_client(None)
    client.force_login(vendor_admin.user)  # what /admin/ log-in gives: a session, no second factor
    response = client.get(TENANTS)
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def test_deactivated_vendor_staff_loses_access_at_once(vendor_client, vendor_admin):
    assert vendor_client.get(TENANTS).status_code == 200
    VendorStaff.objects.filter(pk=vendor_admin.pk).update(is_active=False)
    assert vendor_client.get(TENANTS).status_code == 403
    assert password_step(make_client(None), vendor_admin).status_code == 400


def test_console_api_is_not_served_on_shop_hosts(owner_a):
    assert owner_a.get(TENANTS).status_code == 404
    assert (
        make_client("alpha").post(LOGIN, {"email": "x@y.z", "password": "p"}, format="json").status_code
        == 404
    )


def test_log_in_posts_need_the_csrf_token(vendor_admin):
    client = make_client(None, enforce_csrf_checks=True)
    response = client.post(
        LOGIN, {"email": vendor_admin.user.email, "password": VENDOR_PASSWORD}, format="json"
    )
    assert response.status_code == 403
    client.get(SESSION)  # sets the cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        LOGIN,
        {"email": vendor_admin.user.email, "password": VENDOR_PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200


def test_recovery_codes_can_be_replaced_with_a_fresh_code(vendor_admin):
    from vendor.auth import replace_recovery_codes

    old = replace_recovery_codes(vendor_admin)
    client = console_login(vendor_admin)
    refused = client.post("/api/v1/vendor/auth/recovery-codes/", {"code": "000000"}, format="json")
    assert refused.status_code == 400
    response = client.post(
        "/api/v1/vendor/auth/recovery-codes/", {"code": code_for(vendor_admin, 1)}, format="json"
    )
    assert response.status_code == 200
    new = response.json()["recovery_codes"]
    assert len(new) == 10 and not set(new) & set(old)


@pytest.mark.parametrize("role", ["support"])
def test_support_role_reads_but_cannot_change_tenants(role, tenant_a):
    staff = make_staff(f"{role}@huiyuan.test", role)
    client = console_login(staff)
    assert client.get(TENANTS).status_code == 200
    assert client.get(f"{TENANTS}{tenant_a.pk}/").status_code == 200
    response = client.post(f"{TENANTS}{tenant_a.pk}/suspend/", {"reason": "test"}, format="json")
    assert response.status_code == 403
    assert client.post(f"{TENANTS}{tenant_a.pk}/exports/").status_code == 403
