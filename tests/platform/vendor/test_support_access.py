"""Support access: reason and time limit, one-time entry, every request audited with the grant id,
expiry and revocation end the session, the owner sees and revokes grants."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD, make_client
from vendor.models import SupportGrant
from vendor.support import SUPPORT_EMAIL

TENANTS = "/api/v1/vendor/tenants/"


def open_access(vendor_client, tenant, reason="Owner asked for help with card types", minutes=30):  # type: ignore[no-untyped-def]
    response = vendor_client.post(
        f"{TENANTS}{tenant.pk}/support/", {"reason": reason, "minutes": minutes}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def enter(subdomain: str, enter_url: str):  # type: ignore[no-untyped-def]
    parsed = urlparse(enter_url)
    assert parsed.netloc == f"{subdomain}.localhost:8000"
    client = make_client(subdomain)
    response = client.get(parsed.path, {"token": parse_qs(parsed.query)["token"][0]})
    return client, response


def support_audit(tenant, grant_id: int):  # type: ignore[no-untyped-def]
    from core.models import AuditLog

    with schema_context(tenant.schema_name):
        return list(
            AuditLog.objects.filter(target_type="vendor.supportgrant", target_id=str(grant_id))
            .order_by("id")
            .values("action", "actor__email", "after", "reason")
        )


def test_grant_needs_a_reason_and_a_bounded_duration(vendor_client, tenant_a):
    url = f"{TENANTS}{tenant_a.pk}/support/"
    assert vendor_client.post(url, {"reason": "", "minutes": 30}, format="json").status_code == 400
    assert vendor_client.post(url, {"reason": "help", "minutes": 30}, format="json").status_code == 400
    too_long = vendor_client.post(url, {"reason": "Owner asked for help", "minutes": 241}, format="json")
    assert too_long.status_code == 400 and "minutes" in too_long.json()["error"]["fields"]
    default = vendor_client.post(url, {"reason": "Owner asked for help"}, format="json").json()["grant"]
    started = datetime.fromisoformat(default["started_at"])
    expires = datetime.fromisoformat(default["expires_at"])
    assert expires - started == timedelta(minutes=60)
    assert SupportGrant.objects.filter(tenant=tenant_a).count() == 1


def test_entering_logs_in_as_the_support_identity_and_every_request_is_audited(
    vendor_client, vendor_admin, tenant_a
):
    opened = open_access(vendor_client, tenant_a)
    grant_id = opened["grant"]["id"]
    client, response = enter("alpha", opened["enter_url"])
    assert response.status_code == 302 and response["Location"] == "/"

    session = client.get("/api/v1/auth/session/").json()
    assert session["user"]["email"] == SUPPORT_EMAIL and session["user"]["role"] == "manager"
    assert client.get("/api/v1/staff/").status_code == 200
    assert client.get("/api/v1/customers/").status_code == 200
    assert client.get("/api/v1/support-access/").status_code == 403  # owner only: not the support identity
    page_status = client.get("/nonexistent-page").status_code  # SPA page loads are audited as well

    entries = support_audit(tenant_a, grant_id)
    actions = [e["action"] for e in entries]
    assert actions[:2] == ["support.granted", "support.session_started"]
    requests = [e for e in entries if e["action"] == "support.request"]
    assert [(e["after"]["method"], e["after"]["path"], e["after"]["status"]) for e in requests] == [
        ("GET", "/api/v1/auth/session/", 200),
        ("GET", "/api/v1/staff/", 200),
        ("GET", "/api/v1/customers/", 200),
        ("GET", "/api/v1/support-access/", 403),
        ("GET", "/nonexistent-page", page_status),
    ]
    assert all(e["after"]["grant"] == grant_id and e["actor__email"] == SUPPORT_EMAIL for e in requests)
    assert entries[0]["reason"] == "Owner asked for help with card types"
    assert entries[0]["after"]["vendor"] == vendor_admin.user.email

    # The support identity cannot log in with a password, and is not an invitation.
    with schema_context(tenant_a.schema_name):
        from accounts.models import User

        support_user = User.objects.get(email=SUPPORT_EMAIL)
        assert not support_user.has_usable_password() and not support_user.invitation_pending
    response = make_client("alpha").post(
        "/api/v1/auth/login/", {"email": SUPPORT_EMAIL, "password": ""}, format="json"
    )
    assert response.status_code == 400


def test_entry_link_is_one_time_and_bound_to_its_shop(vendor_client, tenant_a, tenant_b):
    opened = open_access(vendor_client, tenant_a)
    token = parse_qs(urlparse(opened["enter_url"]).query)["token"][0]
    other = make_client("beta")
    assert other.get("/api/v1/support-access/enter/", {"token": token})["Location"] == "/login"
    assert other.get("/api/v1/auth/session/").json()["authenticated"] is False

    _first, response = enter("alpha", opened["enter_url"])
    assert response["Location"] == "/"
    second, response = enter("alpha", opened["enter_url"])
    assert response["Location"] == "/login"
    assert second.get("/api/v1/auth/session/").json()["authenticated"] is False
    assert (
        make_client("alpha").get("/api/v1/support-access/enter/", {"token": "garbage"})["Location"]
        == "/login"
    )

    # A fresh link for the same grant works (only for the vendor who opened it).
    again = vendor_client.post(f"/api/v1/vendor/support-grants/{opened['grant']['id']}/enter/")
    assert again.status_code == 200
    _third, response = enter("alpha", again.json()["enter_url"])
    assert response["Location"] == "/"


def test_expiry_ends_the_session(vendor_client, tenant_a):
    opened = open_access(vendor_client, tenant_a)
    client, _ = enter("alpha", opened["enter_url"])
    assert client.get("/api/v1/staff/").status_code == 200
    connection.set_schema_to_public()
    SupportGrant.objects.filter(pk=opened["grant"]["id"]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert client.get("/api/v1/staff/").status_code in (401, 403)
    assert client.get("/api/v1/auth/session/").json()["authenticated"] is False
    actions = [e["action"] for e in support_audit(tenant_a, opened["grant"]["id"])]
    assert actions.count("support.session_ended") == 1
    assert actions[-2:] == ["support.request", "support.session_ended"]
    # Entering an expired grant is refused.
    assert (
        vendor_client.post(f"/api/v1/vendor/support-grants/{opened['grant']['id']}/enter/").status_code == 409
    )


def test_session_cookie_expires_with_the_grant(vendor_client, tenant_a):
    opened = open_access(vendor_client, tenant_a, minutes=30)
    _client, response = enter("alpha", opened["enter_url"])
    max_age = int(response.cookies["sessionid"]["max-age"])
    assert 29 * 60 <= max_age <= 30 * 60


def test_owner_sees_current_and_past_grants_and_can_revoke(
    vendor_client, tenant_a, tenant_b, owner_a, owner_b
):
    old = open_access(vendor_client, tenant_a, reason="Earlier import problem")
    vendor_client.post(f"/api/v1/vendor/support-grants/{old['grant']['id']}/end/")
    opened = open_access(vendor_client, tenant_a)
    client, _ = enter("alpha", opened["enter_url"])
    client.get("/api/v1/staff/")

    listed = owner_a.get("/api/v1/support-access/")
    assert listed.status_code == 200
    rows = listed.json()["results"]
    assert [r["id"] for r in rows] == [opened["grant"]["id"], old["grant"]["id"]]
    assert (
        rows[0]["active"] is True and rows[0]["requests"] == 1 and rows[0]["reason"].startswith("Owner asked")
    )
    assert rows[1]["active"] is False and rows[1]["ended_by"] == "vendor"
    assert owner_b.get("/api/v1/support-access/").json()["results"] == []  # other shops see nothing
    listed = vendor_client.get(
        "/api/v1/vendor/support-grants/", {"tenant": tenant_a.pk, "active": "1"}
    ).json()
    assert [g["id"] for g in listed["results"]] == [opened["grant"]["id"]]
    assert vendor_client.get("/api/v1/vendor/support-grants/", {"tenant": "x"}).json()["count"] == 0

    banner = owner_a.get("/api/v1/support-access/active/").json()
    assert [g["id"] for g in banner] == [opened["grant"]["id"]]

    revoked = owner_a.post(f"/api/v1/support-access/{opened['grant']['id']}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["ended_by"] == "owner"
    assert owner_a.post(f"/api/v1/support-access/{opened['grant']['id']}/revoke/").status_code == 409
    assert owner_b.post(f"/api/v1/support-access/{opened['grant']['id']}/revoke/").status_code == 404
    assert client.get("/api/v1/staff/").status_code in (401, 403)  # the support session is over
    assert owner_a.get("/api/v1/support-access/active/").json() == []
    actions = [e["action"] for e in support_audit(tenant_a, opened["grant"]["id"])]
    assert "support.ended" in actions and actions[-1] == "support.session_ended"


@pytest.mark.parametrize("role", ["manager", "cashier"])
def test_only_the_owner_lists_or_revokes(role, vendor_client, tenant_a):
    from accounts.models import User

    with schema_context(tenant_a.schema_name):
        User.objects.create_user(f"{role}@alpha.test", PASSWORD, role=role)
    from tests.conftest import login_client

    staff = login_client("alpha", f"{role}@alpha.test")
    opened = open_access(vendor_client, tenant_a)
    assert staff.get("/api/v1/support-access/").status_code == 403
    assert staff.post(f"/api/v1/support-access/{opened['grant']['id']}/revoke/").status_code == 403
    assert len(staff.get("/api/v1/support-access/active/").json()) == 1  # but everyone sees the banner


def test_a_squatted_support_address_is_neutralised(vendor_client, tenant_a):
    """If a shop created an account with the reserved address, it becomes the password-less support
    identity again (and its sessions die) when support is granted."""
    from accounts.models import User

    with schema_context(tenant_a.schema_name):
        User.objects.create_user(SUPPORT_EMAIL, PASSWORD, role="owner")
    from tests.conftest import login_client

    squatter = login_client("alpha", SUPPORT_EMAIL)
    open_access(vendor_client, tenant_a)
    with schema_context(tenant_a.schema_name):
        user = User.objects.get(email=SUPPORT_EMAIL)
        assert user.role == "manager" and not user.has_usable_password()
    assert squatter.get("/api/v1/auth/session/").json()["authenticated"] is False


def test_support_identity_without_a_grant_is_logged_out(tenant_a):
    from django.test import Client

    from vendor.support import ensure_support_user

    with schema_context(tenant_a.schema_name):
        user = ensure_support_user()
        client = Client(HTTP_HOST="alpha.localhost")
        client.force_login(user)
    assert client.get("/api/v1/staff/").status_code in (401, 403)


def test_no_support_access_to_a_suspended_shop(vendor_client, tenant_a):
    vendor_client.post(f"{TENANTS}{tenant_a.pk}/suspend/", {"reason": "abuse"}, format="json")
    response = vendor_client.post(
        f"{TENANTS}{tenant_a.pk}/support/", {"reason": "look around"}, format="json"
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_state"
