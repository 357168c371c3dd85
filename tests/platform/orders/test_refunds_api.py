"""Refunds and voids give back stock, stored value, points, coupon and commission exactly once."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from tests.platform.loyalty.test_api_support import staff_client
from tests.platform.orders.support import body, build_shop, card_balance, checkout, on_hand, points_balance


@pytest.fixture
def shop(owner_a):  # type: ignore[no-untyped-def]
    return build_shop(owner_a)


@pytest.fixture
def sold(owner_a, shop):  # type: ignore[no-untyped-def]
    """2 soap + 1 shampoo (180) for the member: 100 stored value + 80 cash; 18 points earned."""
    data = body(
        shop,
        [{"product": shop["soap"], "quantity": "2"}, {"product": shop["shampoo"]}],
        [
            {"method": "stored_value", "card": shop["card"]["id"], "amount": "100"},
            {"method": "cash", "amount": "80"},
        ],
        customer=shop["customer"]["id"],
    )
    return checkout(owner_a, data)


def refund(client, order, lines=None, expect=201, client_id=None, reason="Customer changed mind"):  # type: ignore[no-untyped-def]
    payload = {"client_id": client_id or str(uuid.uuid4()), "reason": reason}
    if lines is not None:
        payload["lines"] = lines
    response = client.post(f"/api/v1/orders/{order['id']}/refund/", payload, format="json")
    assert response.status_code == expect, response.content
    return response.json()


def test_refund_one_line_restores_stock_balance_points_and_commission(owner_a, shop, sold, tenant_a):
    shampoo_line = next(line for line in sold["lines"] if line["product"] == shop["shampoo"])
    result = refund(owner_a, sold, [{"line": shampoo_line["id"], "quantity": "1"}])
    assert result["amount"] == "120.00"
    # Balances first: the 100 of stored value goes back to the card, the other 20 in cash.
    assert {p["method"]: p["amount"] for p in result["payments"]} == {
        "stored_value": "100.00",
        "cash": "20.00",
    }
    assert card_balance(owner_a, shop["card"]["id"]) == Decimal("1000.00")
    assert on_hand(tenant_a, shop["store"], shop["shampoo"]) == 5
    # 18 earned on 180; 120/180 of them (12) go back.
    assert result["points_taken_back"] == "12.00"
    assert points_balance(tenant_a, shop["customer"]["id"]) == Decimal("6.00")
    order = owner_a.get(f"/api/v1/orders/{sold['id']}/").json()
    assert order["status"] == "partially_refunded" and order["refunded_total"] == "120.00"
    with schema_context(tenant_a.schema_name):
        from loyalty.models import CustomerSpend

        assert sum(CustomerSpend.objects.values_list("amount", flat=True)) == Decimal("60.00")
    call_reconcile(tenant_a)


def call_reconcile(tenant) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    call_command("reconcile_ledgers", schemas=[tenant.schema_name])


def test_refunding_more_than_sold_is_refused_and_the_rest_completes_the_order(owner_a, shop, sold, tenant_a):
    soap_line = next(line for line in sold["lines"] if line["product"] == shop["soap"])
    refund(owner_a, sold, [{"line": soap_line["id"], "quantity": "1"}])
    too_many = refund(owner_a, sold, [{"line": soap_line["id"], "quantity": "2"}], expect=409)
    assert too_many["error"]["code"] == "refund_exceeds_sold"
    rest = refund(owner_a, sold)
    order = owner_a.get(f"/api/v1/orders/{sold['id']}/").json()
    assert order["status"] == "refunded"
    assert order["refunded_total"] == order["total"] == "180.00"
    assert Decimal(rest["amount"]) == Decimal("150.00")
    assert on_hand(tenant_a, shop["store"], shop["soap"]) == 10
    assert card_balance(owner_a, shop["card"]["id"]) == Decimal("1000.00")
    assert points_balance(tenant_a, shop["customer"]["id"]) == 0
    again = refund(owner_a, sold, expect=409)
    assert again["error"]["code"] == "already_refunded"
    call_reconcile(tenant_a)


def test_refund_retry_returns_the_same_refund(owner_a, sold, shop, tenant_a):
    key = str(uuid.uuid4())
    first = refund(owner_a, sold, client_id=key)
    response = owner_a.post(
        f"/api/v1/orders/{sold['id']}/refund/",
        {"client_id": key, "reason": "Customer changed mind"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["id"] == first["id"]
    assert on_hand(tenant_a, shop["store"], shop["soap"]) == 10


def test_refund_needs_permission_and_a_reason(owner_a, tenant_a, sold):
    cashier = staff_client(tenant_a, "cashier")
    response = cashier.post(
        f"/api/v1/orders/{sold['id']}/refund/", {"client_id": str(uuid.uuid4()), "reason": "x"}, format="json"
    )
    assert response.status_code == 403
    response = owner_a.post(
        f"/api/v1/orders/{sold['id']}/refund/", {"client_id": str(uuid.uuid4())}, format="json"
    )
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]
    owner_a.patch("/api/v1/checkout-settings/", {"cashier_can_refund": True}, format="json")
    refund(cashier, sold)


def test_commission_is_taken_back_in_proportion(owner_a, shop, tenant_a):
    with schema_context(tenant_a.schema_name):
        from accounts.models import User

        owner_id = User.objects.get(email="owner@alpha.test").pk
    order = checkout(
        owner_a,
        body(
            shop,
            [{"product": shop["cut"], "quantity": "3", "staff": [{"user": owner_id}]}],
            [{"method": "cash", "amount": "900"}],
        ),
    )
    line = order["lines"][0]
    assert line["commissions"][0]["amount"] == "90.00"
    refund(owner_a, order, [{"line": line["id"], "quantity": "1"}])
    refund(owner_a, order, [{"line": line["id"], "quantity": "2"}])
    with schema_context(tenant_a.schema_name):
        from orders.models import CommissionEntry

        amounts = list(CommissionEntry.objects.filter(line_id=line["id"]).values_list("amount", flat=True))
    assert amounts == [Decimal("90.00"), Decimal("-30.00"), Decimal("-60.00")]


def test_coupon_comes_back_only_with_the_whole_order(owner_a, shop, tenant_a):
    from loyalty.models import CouponTemplate
    from loyalty.services import coupons
    from members.models import Customer

    with schema_context(tenant_a.schema_name):
        template = CouponTemplate.objects.create(name="20 off", kind="amount", value=Decimal("20"))
        coupon = coupons.issue_coupon(
            template, customer=Customer.objects.get(pk=shop["customer"]["id"]), idempotency_key="c1"
        )
        code = coupon.code
    data = body(
        shop,
        [{"product": shop["shampoo"]}, {"product": shop["soap"]}],
        [{"method": "cash", "amount": "130"}],
        customer=shop["customer"]["id"],
        coupon_code=code,
    )
    order = checkout(owner_a, data)
    assert order["coupon_discount"] == "20.00" and order["total"] == "130.00"
    again = checkout(owner_a, {**data, "client_id": str(uuid.uuid4())}, expect=400)
    assert "coupon_code" in again["error"]["fields"]
    first = refund(owner_a, order, [{"line": order["lines"][1]["id"], "quantity": "1"}])
    assert first["coupon_restored"] is False
    rest = refund(owner_a, order)
    assert rest["coupon_restored"] is True
    with schema_context(tenant_a.schema_name):
        from loyalty.models import Coupon

        assert Coupon.objects.get(code=code).status == "issued"


def test_points_paid_come_back_on_refund(owner_a, shop, tenant_a):
    from loyalty.services import points
    from members.models import Customer

    with schema_context(tenant_a.schema_name):
        points.earn(
            Customer.objects.get(pk=shop["customer"]["id"]), "500", reason="gift", idempotency_key="gift"
        )
    order = checkout(
        owner_a,
        body(
            shop,
            [{"product": shop["shampoo"]}],
            [{"method": "points", "points": "200"}, {"method": "cash", "amount": "100"}],
            customer=shop["customer"]["id"],
        ),
    )
    assert points_balance(tenant_a, shop["customer"]["id"]) == Decimal("310.00")
    result = refund(owner_a, order)
    by_method = {p["method"]: p for p in result["payments"]}
    assert by_method["points"]["points"] == "200.00" and by_method["cash"]["amount"] == "100.00"
    assert points_balance(tenant_a, shop["customer"]["id"]) == Decimal("500.00")
    call_reconcile(tenant_a)


def test_void_is_for_managers_and_today(owner_a, tenant_a, sold, shop):
    cashier = staff_client(tenant_a, "cashier")
    response = cashier.post(f"/api/v1/orders/{sold['id']}/void/", {"reason": "Wrong item"}, format="json")
    assert response.status_code == 403
    response = owner_a.post(f"/api/v1/orders/{sold['id']}/void/", {"reason": "Wrong item"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "void"
    order = owner_a.get(f"/api/v1/orders/{sold['id']}/").json()
    assert order["status"] == "voided"
    assert card_balance(owner_a, shop["card"]["id"]) == Decimal("1000.00")
    response = owner_a.post(f"/api/v1/orders/{sold['id']}/void/", {"reason": "Again"}, format="json")
    assert response.status_code == 409


def test_receipt_in_both_widths_shows_balances(owner_a, sold, tenant_a):
    for width in ("58", "80"):
        response = owner_a.get(f"/api/v1/orders/{sold['id']}/receipt/?width={width}")
        assert response.status_code == 200
        html = response.content.decode()
        assert f'data-width="{width}"' in html
        assert sold["number"] in html
        assert 'data-testid="receipt-stored-value">900.00' in html
    assert owner_a.get(f"/api/v1/orders/{sold['id']}/receipt/?width=99").status_code == 400


def test_plugins_hear_of_the_real_order_paid_and_refunded(
    owner_a, shop, tenant_a, django_capture_on_commit_callbacks
):
    from pluginhost import manager
    from tenants.models import TenantPlugin
    from tests.platform.pluginhost.test_order_events import Listener

    listener = Listener()
    manager.register_plugin(listener, "testevents")
    try:
        TenantPlugin.objects.create(tenant=tenant_a, plugin="testevents", enabled=True)
        with django_capture_on_commit_callbacks(execute=True):
            order = checkout(
                owner_a, body(shop, [{"product": shop["soap"]}], [{"method": "cash", "amount": "30"}])
            )
        assert [(o.number, subdomain) for o, subdomain in listener.paid] == [(order["number"], "alpha")]
        with django_capture_on_commit_callbacks(execute=True):
            result = refund(owner_a, order)
        assert [(o.pk, r.pk) for o, r, _s in listener.refunded] == [(order["id"], result["id"])]
    finally:
        manager.unregister_plugin("testevents")
