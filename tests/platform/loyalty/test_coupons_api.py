"""Coupons API: templates and manual issue for owner/manager, use at checkout for cashiers with an
Idempotency-Key, void/restore for managers, and tenant isolation."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from loyalty.models import Coupon, CouponTemplate
from loyalty.services import coupons, points
from members.services import create_customer
from tests.conftest import PASSWORD, login_client


@pytest.fixture(autouse=True)
def rewards_urls(settings):  # type: ignore[no-untyped-def]
    from django.urls import Resolver404, resolve

    try:
        resolve("/api/v1/coupons/", urlconf="huiyuan.urls_tenant")
    except Resolver404:
        settings.ROOT_URLCONF = "tests.platform.loyalty.test_points_api"


@pytest.fixture
def cashier_a(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        User.objects.create_user("till@alpha.test", PASSWORD, role=User.Role.CASHIER)
    return login_client("alpha", "till@alpha.test")


@pytest.fixture
def member_a(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        return create_customer({"name": "Lin"})


TEMPLATE = {
    "name": "100 off 500",
    "kind": "amount",
    "value": "100.00",
    "threshold": "500.00",
    "valid_days": 30,
}


def key(value: str) -> dict[str, str]:
    return {"HTTP_IDEMPOTENCY_KEY": value}


def test_template_issue_and_use_flow(owner_a, cashier_a, member_a):
    assert cashier_a.post("/api/v1/coupon-templates/", TEMPLATE, format="json").status_code == 403
    bad = owner_a.post(
        "/api/v1/coupon-templates/", {**TEMPLATE, "kind": "percent", "value": "150"}, format="json"
    )
    assert bad.status_code == 400 and "value" in bad.json()["error"]["fields"]
    template = owner_a.post("/api/v1/coupon-templates/", TEMPLATE, format="json").json()
    issue = {"template": template["id"], "customer": member_a.pk, "note": "welcome"}
    assert cashier_a.post("/api/v1/coupons/", issue, format="json").status_code == 403
    issued = owner_a.post("/api/v1/coupons/", issue, format="json", **key("issue-1"))
    assert issued.status_code == 201, issued.content
    coupon = issued.json()
    assert coupon["status"] == "issued" and coupon["issue_reason"] == "manual" and coupon["valid_until"]
    assert (
        owner_a.post("/api/v1/coupons/", issue, format="json", **key("issue-1")).json()["id"] == coupon["id"]
    )
    listing = cashier_a.get(f"/api/v1/coupons/?customer={member_a.pk}").json()
    assert [c["code"] for c in listing["results"]] == [coupon["code"]]

    use_url = f"/api/v1/coupons/{coupon['code']}/use/"
    order = {"order_amount": "620.00", "customer": member_a.pk, "lines": [{"amount": "620.00"}]}
    assert cashier_a.post(use_url, order, format="json").status_code == 400  # no Idempotency-Key
    preview = cashier_a.post(f"/api/v1/coupons/{coupon['code']}/preview/", order, format="json")
    assert preview.json()["discount"] == "100.00"
    small = cashier_a.post(use_url, {**order, "order_amount": "100"}, format="json", **key("u0"))
    assert small.status_code == 409 and small.json()["error"]["code"] == "coupon_not_applicable"
    used = cashier_a.post(use_url, order, format="json", **key("u1"))
    assert used.status_code == 201, used.content
    assert used.json()["discount"] == "100.00" and used.json()["coupon"]["status"] == "used"
    assert cashier_a.post(use_url, order, format="json", **key("u1")).json()["replayed"] is True
    twice = cashier_a.post(use_url, order, format="json", **key("u2"))
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "coupon_not_usable"

    restore_url = f"/api/v1/coupons/{coupon['code']}/restore/"
    assert cashier_a.post(restore_url, {"reason": "refund"}, format="json").status_code == 403
    restored = owner_a.post(restore_url, {"reason": "refund"}, format="json")
    assert restored.status_code == 200 and restored.json()["status"] == "issued"
    void_url = f"/api/v1/coupons/{coupon['code']}/void/"
    assert owner_a.post(void_url, {}, format="json").status_code == 400  # reason required
    assert owner_a.post(void_url, {"reason": "duplicate"}, format="json").json()["status"] == "void"


def test_cashier_issues_reward_coupon_paid_with_points(cashier_a, member_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        points.earn(member_a, "100", reason="seed", idempotency_key="seed")
        reward = CouponTemplate.objects.create(name="Reward", kind="amount", value=20, points_cost=80)
    issue = {"template": reward.pk, "customer": member_a.pk, "reason": "reward"}
    issued = cashier_a.post("/api/v1/coupons/", issue, format="json", **key("buy-1"))
    assert issued.status_code == 201, issued.content
    balance = cashier_a.get(f"/api/v1/customers/{member_a.pk}/points/").json()
    assert (balance["available"], balance["reserved"]) == ("20.00", "80.00")
    short = cashier_a.post("/api/v1/coupons/", issue, format="json", **key("buy-2"))
    assert short.status_code == 409 and short.json()["error"]["code"] == "insufficient_balance"


def test_other_shop_gets_404_for_coupon_endpoints(owner_b, member_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        template = CouponTemplate.objects.create(name="T", kind="amount", value=10)
        coupon = coupons.issue_coupon(template, member_a)
    code = coupon.code
    assert owner_b.get(f"/api/v1/coupon-templates/{template.pk}/").status_code == 404
    assert owner_b.get(f"/api/v1/coupons/{code}/").status_code == 404
    assert owner_b.get(f"/api/v1/coupons/?customer={member_a.pk}").status_code == 404
    issue = {"template": template.pk, "customer": member_a.pk}
    assert owner_b.post("/api/v1/coupons/", issue, format="json").status_code == 404
    order = {"order_amount": "50"}
    assert owner_b.post(f"/api/v1/coupons/{code}/use/", order, format="json", **key("b1")).status_code == 404
    assert owner_b.post(f"/api/v1/coupons/{code}/preview/", order, format="json").status_code == 404
    assert owner_b.post(f"/api/v1/coupons/{code}/void/", {"reason": "x"}, format="json").status_code == 404
    assert owner_b.post(f"/api/v1/coupons/{code}/restore/", {"reason": "x"}, format="json").status_code == 404
    with schema_context(tenant_a.schema_name):
        assert Coupon.objects.get(pk=coupon.pk).status == "issued"
