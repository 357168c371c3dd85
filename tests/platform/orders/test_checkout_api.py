"""Checkout through the HTTP API: pricing order, split payments through the ledgers, stock, points,
idempotent submission by client id, refused checkouts writing nothing, bounded SQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tests.platform.loyalty.test_api_support import staff_client
from tests.platform.orders.support import (
    body,
    build_shop,
    card_balance,
    checkout,
    on_hand,
    points_balance,
    product,
    receive,
)


@pytest.fixture
def shop(owner_a):  # type: ignore[no-untyped-def]
    return build_shop(owner_a)


@pytest.fixture
def cashier_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "cashier")


def test_walk_in_cash_sale_gives_change_moves_stock_and_numbers_receipts(owner_a, cashier_a, shop, tenant_a):
    data = body(
        shop,
        [{"product": shop["soap"], "quantity": "2"}, {"product": shop["shampoo"]}],
        [{"method": "cash", "amount": "500"}],
    )
    order = checkout(cashier_a, data)
    assert order["total"] == "180.00"
    assert order["change"] == "320.00"
    assert order["payments"][0]["amount"] == "180.00"
    assert order["payments"][0]["tendered"] == "500.00"
    # Prices include tax (the default): 5% of 60 inclusive is 2.86, of 120 is 5.71.
    assert [line["tax"] for line in order["lines"]] == ["2.86", "5.71"]
    assert order["tax_total"] == "8.57"
    assert order["number"].endswith("-000001")
    assert on_hand(tenant_a, shop["store"], shop["soap"]) == 8
    assert on_hand(tenant_a, shop["store"], shop["shampoo"]) == 4
    second = checkout(
        cashier_a, body(shop, [{"product": shop["soap"]}], [{"method": "card", "amount": "30"}])
    )
    assert second["number"].endswith("-000002")
    with schema_context(tenant_a.schema_name):
        from orders.models import OrderLine

        costs = dict(OrderLine.objects.filter(order_id=order["id"]).values_list("product_id", "unit_cost"))
    assert costs == {shop["soap"]: Decimal("12.0000"), shop["shampoo"]: Decimal("60.0000")}


def test_retry_returns_the_same_order_and_a_different_body_conflicts(cashier_a, shop, tenant_a):
    data = body(shop, [{"product": shop["soap"]}], [{"method": "cash", "amount": "30"}])
    first = checkout(cashier_a, data)
    again = checkout(cashier_a, data, expect=200)
    assert again["id"] == first["id"] and again["number"] == first["number"]
    assert on_hand(tenant_a, shop["store"], shop["soap"]) == 9
    changed = {**data, "lines": [{"product": shop["soap"], "quantity": "2"}]}
    response = cashier_a.post("/api/v1/orders/checkout/", changed, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_conflict"


def test_member_split_payment_goes_through_the_ledgers_and_earns_points(owner_a, cashier_a, shop, tenant_a):
    customer, card = shop["customer"], shop["card"]
    data = body(
        shop,
        [{"product": shop["soap"], "quantity": "2"}, {"product": shop["shampoo"]}],
        [
            {"method": "stored_value", "card": card["id"], "amount": "100"},
            {"method": "cash", "amount": "100"},
        ],
        customer=customer["id"],
    )
    order = checkout(cashier_a, data)
    assert order["total"] == "180.00" and order["change"] == "20.00"
    assert card_balance(owner_a, card["id"]) == Decimal("900.00")
    # Default earning: 1 point per 10 spent, rounded down → 18 points.
    assert order["points_earned"] == "18.00"
    assert points_balance(tenant_a, customer["id"]) == Decimal("18.00")
    assert order["balances_after"]["stored_value"] == "900.00"
    assert order["balances_after"]["points"] == "18.00"
    with schema_context(tenant_a.schema_name):
        from loyalty.models import CustomerSpend
        from members.models import Customer

        assert Customer.objects.get(pk=customer["id"]).last_visit_at is not None
        assert CustomerSpend.objects.get(source_type="order").amount == Decimal("180.00")
    visits = owner_a.get(f"/api/v1/orders/?customer={customer['id']}").json()
    assert visits["count"] == 1


def test_insufficient_stored_value_refuses_and_writes_nothing(owner_a, cashier_a, shop, tenant_a):
    data = body(
        shop,
        [{"product": shop["soap"]}],
        [{"method": "stored_value", "card": shop["card"]["id"], "amount": "30"}],
        customer=shop["customer"]["id"],
    )
    owner_a.post(
        f"/api/v1/cards/{shop['card']['id']}/spend/",
        {"amount": "990"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="drain",
    )
    response = cashier_a.post("/api/v1/orders/checkout/", data, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "insufficient_balance"
    assert on_hand(tenant_a, shop["store"], shop["soap"]) == 10
    assert owner_a.get("/api/v1/orders/").json()["count"] == 0
    assert points_balance(tenant_a, shop["customer"]["id"]) == 0


def test_insufficient_stock_refuses_and_no_money_moves(owner_a, cashier_a, shop, tenant_a):
    data = body(
        shop,
        [{"product": shop["shampoo"], "quantity": "6"}],
        [{"method": "stored_value", "card": shop["card"]["id"], "amount": "720"}],
        customer=shop["customer"]["id"],
    )
    response = cashier_a.post("/api/v1/orders/checkout/", data, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "insufficient_stock"
    assert card_balance(owner_a, shop["card"]["id"]) == Decimal("1000.00")
    assert owner_a.get("/api/v1/orders/").json()["count"] == 0


@pytest.mark.parametrize(
    ("payments", "field"),
    [
        ([{"method": "cash", "amount": "10"}], "payments"),
        ([{"method": "card", "amount": "100"}], "payments"),
        ([], "payments"),
        ([{"method": "cheque", "amount": "30"}], "payments"),
        ([{"method": "stored_value", "amount": "30"}], "payments"),
    ],
)
def test_payments_must_cover_the_total_exactly(cashier_a, shop, payments, field):
    data = body(shop, [{"product": shop["soap"]}], payments)
    response = cashier_a.post("/api/v1/orders/checkout/", data, format="json")
    assert response.status_code == 400, response.content
    assert any(key.startswith(field) for key in response.json()["error"]["fields"]), response.json()


def test_bad_lines_are_field_errors(cashier_a, shop):
    cases = [
        ([{"product": 999999}], "lines.0.product"),
        ([{"kind": "quick"}], "lines"),
        ([{"product": shop["cut"], "quantity": "1.5"}], "lines.0.quantity"),
        ([], "lines"),
    ]
    for lines, field in cases:
        data = body(shop, lines, [{"method": "cash", "amount": "1000"}])
        response = cashier_a.post("/api/v1/orders/checkout/", data, format="json")
        assert response.status_code == 400, (lines, response.content)
        assert any(key.startswith(field) for key in response.json()["error"]["fields"]), response.json()
    response = cashier_a.post("/api/v1/orders/checkout/", {"store": shop["store"]}, format="json")
    assert response.status_code == 400
    assert {"client_id", "lines", "payments"} <= set(response.json()["error"]["fields"])


def test_manual_discount_needs_permission_and_a_reason(owner_a, cashier_a, shop):
    discount = {"type": "percent", "value": "10", "reason": "Regular customer"}
    data = body(
        shop, [{"product": shop["shampoo"]}], [{"method": "cash", "amount": "108"}], manual_discount=discount
    )
    response = cashier_a.post("/api/v1/orders/checkout/", data, format="json")
    assert response.status_code == 403, response.content
    no_reason = {**data, "manual_discount": {"type": "percent", "value": "10"}}
    response = owner_a.post("/api/v1/orders/checkout/", no_reason, format="json")
    assert response.status_code == 400
    assert "manual_discount.reason" in response.json()["error"]["fields"]
    order = checkout(owner_a, data)
    assert order["manual_discount"] == "12.00" and order["total"] == "108.00"
    assert order["manual_discount_reason"] == "Regular customer"
    owner_a.patch("/api/v1/checkout-settings/", {"cashier_can_discount": True}, format="json")
    again = {**data, "client_id": data["client_id"].replace(data["client_id"][:8], "00000000")}
    assert checkout(cashier_a, again)["manual_discount"] == "12.00"


def test_discounts_apply_in_order_tier_then_coupon_then_manual(owner_a, shop, tenant_a):
    from tests.platform.orders.test_pricing import make_tier_member

    tier_id = make_tier_member(tenant_a, shop["customer"]["id"], rate="0.90")
    with schema_context(tenant_a.schema_name):
        from catalog.models import ProductTierPrice

        ProductTierPrice.objects.create(product_id=shop["shampoo"], tier_id=tier_id, price=Decimal("100"))
    data = body(
        shop,
        [{"product": shop["shampoo"]}, {"product": shop["soap"]}],
        [{"method": "cash", "amount": "500"}],
        customer=shop["customer"]["id"],
        manual_discount={"type": "amount", "value": "10", "reason": "Damaged box"},
    )
    quote = owner_a.post(
        "/api/v1/orders/quote/",
        {k: v for k, v in data.items() if k not in ("client_id", "payments")},
        format="json",
    )
    assert quote.status_code == 200, quote.content
    q = quote.json()
    # Tier price 100 for shampoo; 10% tier rate for soap → 27; then 10 off spread 100:27.
    assert [line["unit_price"] for line in q["lines"]] == ["100.00", "27.00"]
    assert q["tier_discount"] == "23.00"
    assert [line["manual_discount"] for line in q["lines"]] == ["7.87", "2.13"]
    assert q["total"] == "117.00"
    assert Decimal(q["points_to_earn"]) == 11
    order = checkout(owner_a, data)
    assert order["total"] == "117.00"


def test_prices_excluding_tax_add_it_and_cash_rounding_applies(owner_a, shop):
    owner_a.patch(
        "/api/v1/checkout-settings/", {"prices_include_tax": False, "cash_rounding": "1"}, format="json"
    )
    data = body(
        shop, [{"product": shop["soap"]}, {"product": shop["shampoo"]}], [{"method": "cash", "amount": "200"}]
    )
    order = checkout(owner_a, data)
    # 150 + 5% = 157.50 → rounded to a whole dollar.
    assert order["tax_total"] == "7.50"
    assert order["total"] == "158.00" and order["rounding"] == "0.50"
    assert order["change"] == "42.00"


def test_points_pay_part_of_the_order(owner_a, shop, tenant_a):
    from loyalty.services import points

    with schema_context(tenant_a.schema_name):
        from members.models import Customer

        points.earn(
            Customer.objects.get(pk=shop["customer"]["id"]), "500", reason="gift", idempotency_key="gift"
        )
    data = body(
        shop,
        [{"product": shop["shampoo"]}],
        [{"method": "points", "points": "200"}, {"method": "cash", "amount": "100"}],
        customer=shop["customer"]["id"],
    )
    order = checkout(owner_a, data)
    points_payment = next(p for p in order["payments"] if p["method"] == "points")
    # Default point value 0.10 → 200 points pay 20.
    assert points_payment["amount"] == "20.00"
    assert order["change"] == "0.00"
    # Points are earned on the 100 paid in money, not on the 20 paid in points.
    assert order["points_earned"] == "10.00"
    assert points_balance(tenant_a, shop["customer"]["id"]) == Decimal("310.00")


def test_commission_is_split_between_staff(owner_a, shop, tenant_a):
    amy = staff_client(tenant_a, "cashier", "amy@alpha.test")
    assert amy is not None
    with schema_context(tenant_a.schema_name):
        from accounts.models import User

        amy_id = User.objects.get(email="amy@alpha.test").pk
        owner_id = User.objects.get(email="owner@alpha.test").pk
    data = body(
        shop,
        [
            {
                "kind": "service",
                "product": shop["cut"],
                "staff": [{"user": amy_id, "share": "60"}, {"user": owner_id, "share": "40"}],
            }
        ],
        [{"method": "cash", "amount": "300"}],
    )
    order = checkout(owner_a, data)
    commissions = {c["staff"]: c["amount"] for c in order["lines"][0]["commissions"]}
    # 10% of 300 (no tax on the service) = 30, split 60/40.
    assert commissions == {amy_id: "18.00", owner_id: "12.00"}
    bad = body(
        shop,
        [{"product": shop["cut"], "staff": [{"user": amy_id, "share": "60"}]}],
        [{"method": "cash", "amount": "300"}],
    )
    response = owner_a.post("/api/v1/orders/checkout/", bad, format="json")
    assert response.status_code == 400
    assert "lines.0.staff" in response.json()["error"]["fields"]


def test_unknown_mode_is_refused(cashier_a, shop):
    data = body(shop, [{"product": shop["soap"]}], [{"method": "cash", "amount": "30"}], mode="teleport")
    response = cashier_a.post("/api/v1/orders/checkout/", data, format="json")
    assert response.status_code == 400
    assert "mode" in response.json()["error"]["fields"]


def test_quick_amount_sale(cashier_a, shop):
    data = body(
        shop,
        [{"kind": "quick", "amount": "88.50", "description": "Misc"}],
        [{"method": "other", "amount": "89", "reference": "LINE Pay"}],
        mode="quick_amount",
    )
    order = checkout(cashier_a, data)  # TWD rounds to whole dollars by default
    assert order["total"] == "89.00" and order["lines"][0]["name"] == "Misc"


def test_quote_writes_nothing(owner_a, shop, tenant_a):
    response = owner_a.post(
        "/api/v1/orders/quote/",
        {"store": shop["store"], "lines": [{"product": shop["soap"], "quantity": "3"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["total"] == "90.00"
    assert on_hand(tenant_a, shop["store"], shop["soap"]) == 10
    assert owner_a.get("/api/v1/orders/").json()["count"] == 0


def test_checkout_runs_a_bounded_number_of_queries(owner_a, shop, tenant_a):
    extra = [product(owner_a, f"Item {i}", "10") for i in range(9)]
    for item in extra:
        receive(owner_a, shop["store"], item, "5")

    def run(lines):  # type: ignore[no-untyped-def]
        total = sum((Decimal(10) if p in extra else Decimal(30)) for p in lines)
        data = body(
            shop,
            [{"product": p} for p in lines],
            [{"method": "stored_value", "card": shop["card"]["id"], "amount": str(total)}],
            customer=shop["customer"]["id"],
        )
        with CaptureQueriesContext(connection) as queries:
            response = owner_a.post("/api/v1/orders/checkout/", data, format="json")
        assert response.status_code == 201, response.content
        return len(queries)

    run([shop["soap"]])  # warm caches (plugin enablement, settings rows)
    one = run([shop["soap"]])
    ten = run([shop["soap"], *extra])
    assert ten == one, (one, ten)
    assert one < 90, one
