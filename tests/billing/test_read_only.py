"""Access follows the subscription. Read-only shops can sign in, read, export and pay — every
other unsafe request on the tenant API is refused with 402 ``read_only`` by one middleware."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from billing.middleware import is_allowed
from billing.models import TenantBilling
from tests.billing.helpers import add_staff, staff_client
from tests.conftest import SHOPS, login_client

UNSAFE = ("post", "put", "patch", "delete")


def walk(patterns, prefix="/"):  # type: ignore[no-untyped-def]
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def concrete(route: str) -> str | None:
    """A real path for a route: converters get sample values; regex routes are handled by hand."""
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str|slug|path):\w+>", "x", path)
    path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000001", path)
    if path.startswith("/^"):  # the SPA catch-all
        return "/app/some/page"
    return path if not re.search(r"[\^$()*?\[\]|]", path) else None


def tenant_paths() -> list[str]:
    paths = []
    for route, _pattern in walk(get_resolver("huiyuan.urls_tenant").url_patterns):
        path = concrete(route)
        assert path is not None, f"cannot build a sample path for {route}; extend concrete()"
        paths.append(path)
    return paths


def lapse(tb: TenantBilling, **changes) -> None:  # type: ignore[no-untyped-def]
    TenantBilling.objects.filter(pk=tb.pk).update(**changes)


def test_every_unsafe_request_is_refused_except_the_allow_list(owner_a, billing_a, fake_stripe):
    lapse(billing_a, status="canceled", canceled_at=timezone.now())
    paths = tenant_paths()
    assert len(paths) > 100 and "/api/v1/customers/" in paths and "/api/v1/billing/checkout/" in paths
    refused = allowed = 0
    for path in paths:
        if is_allowed(path):
            continue  # checked below with throw-away clients (logout would end this session)
        for method in UNSAFE:
            response = getattr(owner_a, method)(path, {}, format="json")
            assert response.status_code == 402, (method, path, response.status_code)
            body = response.json()["error"]
            assert body["code"] == "read_only", (method, path)
            assert "read-only" in body["message"]
            refused += 1
    for path in [p for p in paths if is_allowed(p)]:
        for method in UNSAFE:
            client = login_client("alpha", SHOPS["alpha"]["email"])
            response = getattr(client, method)(path, {}, format="json")
            code = (
                response.json().get("error", {}).get("code")
                if response.get("Content-Type", "").startswith("application/json") and response.content
                else None
            )
            assert code != "read_only", (method, path)
            allowed += 1
    assert refused > 300 and allowed >= 16


def test_read_only_shop_can_log_in_view_export_and_pay(billing_a, fake_stripe, tenant_a):
    lapse(billing_a, status="unpaid")
    owner = login_client("alpha", SHOPS["alpha"]["email"])  # log-in works
    session = owner.get("/api/v1/auth/session/").json()
    assert session["billing"]["access"] == "read_only" and session["billing"]["status"] == "unpaid"
    assert owner.get("/api/v1/customers/").status_code == 200  # view
    assert owner.get("/api/v1/customers/export/?format=csv").status_code == 200  # export
    assert owner.get("/api/v1/billing/").json()["access"] == "read_only"
    assert owner.post("/api/v1/billing/portal/").status_code == 409  # billing reachable (no customer yet)
    assert owner.post("/api/v1/billing/checkout/").status_code == 200  # …and can subscribe again
    assert owner.post("/api/v1/auth/language/", {"language": "zh-hant"}, format="json").status_code == 204
    assert owner.post("/api/v1/auth/logout/").status_code == 204


def test_no_new_seats_while_read_only(owner_a, billing_a, tenant_a, fake_stripe):
    invited = owner_a.post(
        "/api/v1/staff/invitations/", {"email": "n@alpha.test", "role": "cashier"}, format="json"
    )
    assert invited.status_code == 201
    token = invited.json()["invite_url"].split("token=")[1]
    lapse(billing_a, status="canceled")
    from tests.conftest import make_client

    refused = make_client("alpha").post(
        "/api/v1/auth/invitations/accept/",
        {"token": token, "password": "another-horse-battery-9"},
        format="json",
    )
    assert refused.status_code == 402 and refused.json()["error"]["code"] == "read_only"


@pytest.mark.parametrize(
    ("changes", "access"),
    [
        ({"status": "active"}, "full"),
        ({"status": "trialing"}, "full"),
        ({"status": "past_due", "grace_ends_at": timezone.now() + timedelta(days=3)}, "warning"),
        ({"status": "past_due", "grace_ends_at": timezone.now() - timedelta(minutes=1)}, "read_only"),
        ({"status": "trialing", "trial_ends_at": timezone.now() - timedelta(minutes=1)}, "read_only"),
        ({"status": "incomplete", "trial_ends_at": timezone.now() + timedelta(days=3)}, "warning"),
        ({"status": "incomplete", "trial_ends_at": timezone.now() - timedelta(days=3)}, "read_only"),
        ({"status": "unpaid"}, "read_only"),
        ({"status": "canceled"}, "read_only"),
    ],
)
def test_access_matrix_through_the_api(owner_a, billing_a, changes, access):
    lapse(billing_a, **changes)
    session = owner_a.get("/api/v1/auth/session/").json()
    assert session["billing"]["access"] == access
    assert set(session["billing"]) == {"status", "access", "grace_ends_at", "trial_ends_at"}
    created = owner_a.post(
        "/api/v1/customers/", {"name": "Read Only Test", "phone": "0912345678"}, format="json"
    )
    if access == "read_only":
        assert created.status_code == 402
    else:
        assert created.status_code == 201, created.content


def test_trial_with_a_stripe_subscription_is_ended_by_stripe_not_the_clock(billing_a):
    from billing.access import access_for

    lapse(
        billing_a,
        status="trialing",
        trial_ends_at=timezone.now() - timedelta(hours=1),
        stripe_subscription_id="sub_x",
    )
    billing_a.refresh_from_db()
    assert access_for(billing_a) == "full"  # the webhook (active / past_due / canceled) decides


def test_public_host_is_not_affected(billing_a, public_client):
    lapse(billing_a, status="canceled")
    response = public_client.post(
        "/api/v1/signup/check-subdomain/", {"subdomain": "zeta-shop"}, format="json"
    )
    assert response.status_code != 402


def test_read_only_is_per_shop(billing_a, billing_b, owner_b):
    lapse(billing_a, status="canceled")
    created = owner_b.post(
        "/api/v1/customers/", {"name": "Beta Member", "phone": "2125550100"}, format="json"
    )
    assert created.status_code == 201, created.content


def test_cashier_sees_the_state_but_not_the_billing_api(billing_a, tenant_a):
    add_staff(tenant_a, "cashier2@alpha.test")
    lapse(billing_a, status="past_due", grace_ends_at=timezone.now() + timedelta(days=2))
    cashier = staff_client("alpha", "cashier2@alpha.test")
    assert cashier.get("/api/v1/auth/session/").json()["billing"]["access"] == "warning"
    assert cashier.get("/api/v1/billing/").status_code == 403


def test_shop_without_billing_row_keeps_full_access(owner_a, tenant_a):
    TenantBilling.objects.filter(tenant=tenant_a).delete()
    assert owner_a.get("/api/v1/auth/session/").json()["billing"] == {
        "status": None,
        "access": "full",
        "grace_ends_at": None,
        "trial_ends_at": None,
    }
