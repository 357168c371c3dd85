"""Log-in, throttling, log-out, invitations, roles and language of staff accounts."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tenants.utils import schema_context

from accounts.models import User
from tests.conftest import PASSWORD, SHOPS, login_client, make_client


def test_login_logout_round_trip(tenant_a):
    client = make_client("alpha")
    response = client.post(
        "/api/v1/auth/login/", {"email": "OWNER@alpha.test", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["user"]["role"] == "owner"
    assert client.get("/api/v1/auth/session/").json()["authenticated"] is True
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/auth/session/").json()["authenticated"] is False
    assert client.get("/api/v1/staff/").status_code in (401, 403)


def test_wrong_password_is_a_clear_error(tenant_a):
    client = make_client("alpha")
    response = client.post(
        "/api/v1/auth/login/", {"email": "owner@alpha.test", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_credentials"
    assert client.get("/api/v1/auth/session/").json()["authenticated"] is False


def test_login_is_throttled_after_repeated_failures(tenant_a, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = make_client("alpha", REMOTE_ADDR="10.9.9.9")
    for _ in range(3):
        bad = client.post(
            "/api/v1/auth/login/", {"email": "owner@alpha.test", "password": "x"}, format="json"
        )
        assert bad.status_code == 400
    blocked = client.post(
        "/api/v1/auth/login/", {"email": "owner@alpha.test", "password": PASSWORD}, format="json"
    )
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "throttled"
    # Another shop's counter is separate (cache keys carry the tenant).
    other = make_client("beta", REMOTE_ADDR="10.9.9.9")
    ok = other.post("/api/v1/auth/login/", {"email": "owner@beta.test", "password": PASSWORD}, format="json")
    assert ok.status_code == 200


def test_login_requires_csrf_from_browsers(tenant_a):
    client = make_client("alpha", enforce_csrf_checks=True)
    refused = client.post(
        "/api/v1/auth/login/", {"email": "owner@alpha.test", "password": PASSWORD}, format="json"
    )
    assert refused.status_code == 403
    client.get("/api/v1/auth/csrf/")
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/v1/auth/login/",
        {"email": "owner@alpha.test", "password": PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 200


def test_owner_invites_cashier_who_accepts_and_logs_in(owner_a, tenant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_a.post(
            "/api/v1/staff/invitations/",
            {"email": "Cashier@Alpha.test", "name": "小林", "role": "cashier"},
            format="json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["user"]["invitation_pending"] is True
    assert body["invite_url"].startswith("http://alpha.localhost:8000/accept-invite?token=")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["cashier@alpha.test"]
    assert body["invite_url"] in mail.outbox[0].body
    token = body["invite_url"].split("token=", 1)[1]

    invitee = make_client("alpha")
    detail = invitee.get(f"/api/v1/auth/invitations/{token}/")
    assert detail.status_code == 200 and detail.json()["email"] == "cashier@alpha.test"
    weak = invitee.post(
        "/api/v1/auth/invitations/accept/", {"token": token, "password": "123"}, format="json"
    )
    assert weak.status_code == 400 and "password" in weak.json()["error"]["fields"]
    accepted = invitee.post(
        "/api/v1/auth/invitations/accept/",
        {"token": token, "password": "another-long-pass-77"},
        format="json",
    )
    assert accepted.status_code == 200
    assert accepted.json()["user"]["role"] == "cashier"
    menu = {e["key"] for e in accepted.json()["menu"]}
    assert "staff" not in menu and "dashboard" in menu

    # The link is single use, and the cashier can now log in normally.
    assert make_client("alpha").get(f"/api/v1/auth/invitations/{token}/").status_code == 404
    reuse = make_client("alpha").post(
        "/api/v1/auth/invitations/accept/", {"token": token, "password": "yet-another-pass-88"}, format="json"
    )
    assert reuse.status_code == 404
    login_client("alpha", "cashier@alpha.test", "another-long-pass-77")

    listing = owner_a.get("/api/v1/staff/").json()
    assert listing["count"] == 2
    assert {u["email"] for u in listing["results"]} == {"owner@alpha.test", "cashier@alpha.test"}


def test_invitation_token_is_void_at_another_shop(owner_a, tenant_b):
    body = owner_a.post(
        "/api/v1/staff/invitations/", {"email": "x@alpha.test", "name": "X", "role": "cashier"}, format="json"
    ).json()
    token = body["invite_url"].split("token=", 1)[1]
    beta = make_client("beta")
    assert beta.get(f"/api/v1/auth/invitations/{token}/").status_code == 404
    refused = beta.post(
        "/api/v1/auth/invitations/accept/",
        {"token": token, "password": "another-long-pass-77"},
        format="json",
    )
    assert refused.status_code == 404


def test_duplicate_invitation_is_a_field_error(owner_a):
    response = owner_a.post(
        "/api/v1/staff/invitations/", {"email": "owner@alpha.test", "role": "cashier"}, format="json"
    )
    assert response.status_code == 400
    assert "email" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("role", "invite_role", "status"),
    [
        ("manager", "cashier", 201),
        ("manager", "manager", 403),
        ("manager", "owner", 403),
        ("cashier", "cashier", 403),
    ],
)
def test_roles_limit_who_can_invite_whom(tenant_a, role, invite_role, status):
    with schema_context(tenant_a.schema_name):
        User.objects.create_user(f"{role}@alpha.test", PASSWORD, role=role)
    client = login_client("alpha", f"{role}@alpha.test")
    response = client.post(
        "/api/v1/staff/invitations/", {"email": "new@alpha.test", "role": invite_role}, format="json"
    )
    assert response.status_code == status, response.content
    if status == 403:
        with schema_context(tenant_a.schema_name):
            assert not User.objects.filter(email="new@alpha.test").exists()


def test_cashier_cannot_list_staff(tenant_a):
    with schema_context(tenant_a.schema_name):
        User.objects.create_user("c2@alpha.test", PASSWORD, role="cashier")
    client = login_client("alpha", "c2@alpha.test")
    response = client.get("/api/v1/staff/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_user_language_is_saved(owner_a, tenant_a):
    assert owner_a.post("/api/v1/auth/language/", {"language": "en"}, format="json").status_code == 204
    assert owner_a.get("/api/v1/auth/session/").json()["user"]["language"] == "en"
    bad = owner_a.post("/api/v1/auth/language/", {"language": "fr"}, format="json")
    assert bad.status_code == 400 and "language" in bad.json()["error"]["fields"]


def test_token_auth_for_integrations(tenant_a):
    from rest_framework.authtoken.models import Token

    with schema_context(tenant_a.schema_name):
        owner = User.objects.get(email=SHOPS["alpha"]["email"])
        token = Token.objects.create(user=owner)
    client = make_client("alpha", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/staff/").status_code == 200
