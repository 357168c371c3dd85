"""Points API: roles (cashier earns/redeems, owner/manager configure and grant), the
Idempotency-Key header, balances with lots, reservations, reversal, and tenant isolation.

Until ``loyalty.api.rewards_urls`` is included in ``huiyuan.urls_tenant``, the ``rewards_urls``
fixture mounts it through this module's ``urlpatterns``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import include, path
from django_tenants.utils import schema_context

from accounts.models import User
from loyalty.models import LedgerTransaction, PointsReservation
from loyalty.services import points
from members.services import create_customer
from tests.conftest import PASSWORD, login_client

urlpatterns = [
    path("api/v1/", include("loyalty.api.rewards_urls")),
    path("", include("huiyuan.urls_tenant")),
]


@pytest.fixture(autouse=True)
def rewards_urls(settings):  # type: ignore[no-untyped-def]
    from django.urls import Resolver404, resolve

    try:
        resolve("/api/v1/points/settings/", urlconf="huiyuan.urls_tenant")
    except Resolver404:
        settings.ROOT_URLCONF = __name__


@pytest.fixture
def cashier_a(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        User.objects.create_user("till@alpha.test", PASSWORD, role=User.Role.CASHIER)
    return login_client("alpha", "till@alpha.test")


@pytest.fixture
def member_a(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        person = create_customer({"name": "Lin"})
        points.earn(person, "100", reason="seed", idempotency_key="seed-a")
        return person


def key(value: str) -> dict[str, str]:
    return {"HTTP_IDEMPOTENCY_KEY": value}


def test_balance_shows_available_reserved_and_lots(owner_a, member_a):
    body = owner_a.get(f"/api/v1/customers/{member_a.pk}/points/").json()
    assert body["available"] == "100.00" and body["reserved"] == "0.00" and body["balance"] == "100.00"
    assert body["value"] == "10.00"
    assert [lot["remaining"] for lot in body["lots"]] == ["100.00"]


def test_cashier_redeems_with_idempotency_key(cashier_a, member_a):
    url = f"/api/v1/customers/{member_a.pk}/points/redeem/"
    missing = cashier_a.post(url, {"points": "10"}, format="json")
    assert missing.status_code == 400
    assert "idempotency_key" in missing.json()["error"]["fields"]
    first = cashier_a.post(
        url, {"points": "12", "source_type": "order", "source_id": "A1"}, format="json", **key("r1")
    )
    assert first.status_code == 201, first.content
    assert first.json()["value"] == "1.20" and first.json()["replayed"] is False
    again = cashier_a.post(
        url, {"points": "12", "source_type": "order", "source_id": "A1"}, format="json", **key("r1")
    )
    assert again.json()["replayed"] is True
    assert again.json()["transaction"]["id"] == first.json()["transaction"]["id"]
    conflict = cashier_a.post(url, {"points": "13"}, format="json", **key("r1"))
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "idempotency_conflict"
    too_much = cashier_a.post(url, {"points": "89"}, format="json", **key("r2"))
    assert too_much.status_code == 409 and too_much.json()["error"]["code"] == "insufficient_balance"
    assert cashier_a.get(f"/api/v1/customers/{member_a.pk}/points/").json()["available"] == "88.00"


def test_cashier_earns_from_lines_but_cannot_grant_points(cashier_a, owner_a, member_a):
    url = f"/api/v1/customers/{member_a.pk}/points/earn/"
    lines = {"lines": [{"amount": "125.00", "category": "hair"}], "source_type": "order", "source_id": "9"}
    earned = cashier_a.post(url, lines, format="json", **key("e1"))
    assert earned.status_code == 201, earned.content
    assert earned.json()["transaction"]["points"] == "12.00"
    grant = {"points": "50", "reason": "Apology"}
    assert cashier_a.post(url, grant, format="json", **key("g1")).status_code == 403
    assert owner_a.post(url, grant, format="json", **key("g1")).status_code == 201
    both = owner_a.post(url, {**lines, "points": "1", "reason": "x"}, format="json", **key("g2"))
    assert both.status_code == 400


def test_only_managers_configure_rules_and_settings(cashier_a, owner_a):
    assert cashier_a.get("/api/v1/points/settings/").status_code == 200
    assert cashier_a.patch("/api/v1/points/settings/", {"fractional": True}, format="json").status_code == 403
    changed = owner_a.patch(
        "/api/v1/points/settings/",
        {"fractional": True, "point_value": "0.05", "spend_unit": "20"},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["fractional"] is True
    bad = owner_a.patch("/api/v1/points/settings/", {"spend_unit": "0"}, format="json")
    assert bad.status_code == 400 and "spend_unit" in bad.json()["error"]["fields"]
    rule = {"scope": "category", "value": "hair", "multiplier": "2.000"}
    assert cashier_a.post("/api/v1/points/rules/", rule, format="json").status_code == 403
    created = owner_a.post("/api/v1/points/rules/", rule, format="json")
    assert created.status_code == 201
    assert cashier_a.get("/api/v1/points/rules/").json()["results"][0]["value"] == "hair"
    preview = cashier_a.post(
        "/api/v1/points/preview/", {"lines": [{"amount": "100", "category": "hair"}]}, format="json"
    )
    assert preview.json() == {"points": "10.00"}  # 100 / 20 × 2


def test_reservation_release_and_confirm(cashier_a, member_a):
    url = f"/api/v1/customers/{member_a.pk}/points/reservations/"
    held = cashier_a.post(
        url, {"points": "30", "source_type": "order", "source_id": "P1"}, format="json", **key("h1")
    )
    assert held.status_code == 201 and held.json()["status"] == "held"
    balance = cashier_a.get(f"/api/v1/customers/{member_a.pk}/points/").json()
    assert (balance["available"], balance["reserved"]) == ("70.00", "30.00")
    pk = held.json()["id"]
    assert cashier_a.post(f"/api/v1/points/reservations/{pk}/confirm/", {}, format="json").json()[
        "status"
    ] == ("confirmed")
    refused = cashier_a.post(f"/api/v1/points/reservations/{pk}/release/", {}, format="json")
    assert refused.status_code == 409
    assert [r["status"] for r in cashier_a.get(url).json()] == ["confirmed"]


def test_reverse_earn_is_for_managers_and_only_once(cashier_a, owner_a, member_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        earned = LedgerTransaction.objects.get(idempotency_key="seed-a")
    url = f"/api/v1/points/transactions/{earned.pk}/reverse/"
    assert cashier_a.post(url, {}, format="json", **key("x1")).status_code == 403
    done = owner_a.post(url, {"reason": "refund"}, format="json", **key("x1"))
    assert done.status_code == 201, done.content
    assert (done.json()["reversed"], done.json()["shortfall"]) == ("100.00", "0.00")
    again = owner_a.post(url, {"reason": "refund"}, format="json", **key("x2"))
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_reversed"


def test_other_shop_gets_404_for_every_points_endpoint(owner_b, member_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        earned = LedgerTransaction.objects.get(idempotency_key="seed-a")
        reservation = points.reserve(member_a, "5", idempotency_key="hold-a")
    base = f"/api/v1/customers/{member_a.pk}/points/"
    assert owner_b.get(base).status_code == 404
    assert owner_b.get(base + "reservations/").status_code == 404
    for url, body in [
        (base + "redeem/", {"points": "1"}),
        (base + "earn/", {"points": "1", "reason": "x"}),
        (base + "reservations/", {"points": "1"}),
        (f"/api/v1/points/transactions/{earned.pk}/reverse/", {}),
        (f"/api/v1/points/reservations/{reservation.pk}/release/", {}),
        (f"/api/v1/points/reservations/{reservation.pk}/confirm/", {}),
    ]:
        response = owner_b.post(url, body, format="json", **key("b-1"))
        assert response.status_code == 404, (url, response.content)
    with schema_context(tenant_a.schema_name):
        assert points.summary(member_a)["available"] == Decimal("95")
        assert PointsReservation.objects.get(pk=reservation.pk).status == "held"


def test_openapi_schema_lists_rewards_endpoints(tenant_a):
    from tests.conftest import make_client

    response = make_client("alpha").get("/api/v1/schema/", QUERY_STRING="format=json")
    assert response.status_code == 200, response.content[:500]
    paths = response.json()["paths"]
    for expected in (
        "/api/v1/customers/{customer_id}/points/redeem/",
        "/api/v1/customers/{customer_id}/tier/",
        "/api/v1/coupons/{code}/use/",
        "/api/v1/points/rules/",
        "/api/v1/tiers/",
        "/api/v1/coupon-templates/",
    ):
        assert expected in paths, sorted(paths)
