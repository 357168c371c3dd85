"""Tenant isolation, the first security property: what one shop creates, another cannot see or
touch, and no credential of one shop (session cookie, API token, hand-off or invitation link)
works at another."""

from __future__ import annotations

from django_tenants.utils import schema_context
from rest_framework.authtoken.models import Token

from accounts.models import User
from tests.conftest import PASSWORD, SHOPS, make_client


def test_staff_created_in_a_is_invisible_from_b(owner_a, owner_b, tenant_a):
    created = owner_a.post(
        "/api/v1/staff/invitations/",
        {"email": "secret@alpha.test", "name": "A only", "role": "cashier"},
        format="json",
    )
    assert created.status_code == 201
    a_emails = {u["email"] for u in owner_a.get("/api/v1/staff/").json()["results"]}
    b_emails = {u["email"] for u in owner_b.get("/api/v1/staff/").json()["results"]}
    assert "secret@alpha.test" in a_emails
    assert "secret@alpha.test" not in b_emails
    assert b_emails == {SHOPS["beta"]["email"]}


def test_b_cannot_touch_a_user_through_a_reused_id(owner_a, owner_b, tenant_a, tenant_b):
    """Same primary key exists in both schemas; B acting on "its" id 1 never reaches A's row."""
    with schema_context(tenant_a.schema_name):
        a_owner = User.objects.get(email=SHOPS["alpha"]["email"])
    with schema_context(tenant_b.schema_name):
        assert not User.objects.filter(email=SHOPS["alpha"]["email"]).exists()
        b_owner = User.objects.get(email=SHOPS["beta"]["email"])
    # Changing B's language changes only B's row.
    assert owner_b.post("/api/v1/auth/language/", {"language": "zh-hans"}, format="json").status_code == 204
    with schema_context(tenant_a.schema_name):
        a_owner.refresh_from_db()
        assert a_owner.language == "zh-hant"
    with schema_context(tenant_b.schema_name):
        b_owner.refresh_from_db()
        assert b_owner.language == "zh-hans"


def test_credentials_of_a_are_rejected_on_b(tenant_a, tenant_b):
    refused = make_client("beta").post(
        "/api/v1/auth/login/", {"email": SHOPS["alpha"]["email"], "password": PASSWORD}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid_credentials"


def test_session_cookie_of_a_is_rejected_on_b(owner_a, tenant_b):
    cookie = owner_a.cookies["sessionid"].value
    assert owner_a.get("/api/v1/staff/").status_code == 200
    intruder = make_client("beta")
    intruder.cookies["sessionid"] = cookie
    assert intruder.get("/api/v1/auth/session/").json()["authenticated"] is False
    denied = intruder.get("/api/v1/staff/")
    assert denied.status_code in (401, 403)
    assert denied.json()["error"]["code"] in {"not_authenticated", "authentication_failed"}


def test_api_token_of_a_is_rejected_on_b(tenant_a, tenant_b):
    with schema_context(tenant_a.schema_name):
        token = Token.objects.create(user=User.objects.get(email=SHOPS["alpha"]["email"]))
    assert (
        make_client("alpha", HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/v1/staff/").status_code == 200
    )
    denied = make_client("beta", HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/v1/staff/")
    assert denied.status_code == 401
    assert denied.json()["error"]["code"] == "authentication_failed"


def test_plugin_enablement_is_per_tenant(owner_a, owner_b, tenant_a):
    from tenants.models import TenantPlugin

    TenantPlugin.objects.create(tenant=tenant_a, plugin="core", enabled=True, config={"secret": "a"})
    a = owner_a.get("/api/v1/plugins/").json()
    b = owner_b.get("/api/v1/plugins/").json()
    assert "secret" not in str(b)
    assert [p["name"] for p in a["plugins"]] == [p["name"] for p in b["plugins"]]


def test_public_host_serves_no_tenant_api(public_client, tenant_a):
    assert public_client.get("/api/v1/staff/").status_code == 404
    assert public_client.get("/api/v1/auth/session/").status_code == 404
