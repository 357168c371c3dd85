"""Count-card and timed modes, offline sync (duplicates, re-ordering, refusals), bootstrap, and
tenant isolation of every orders endpoint."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.platform.loyalty.test_api_support import create_card_type, issue_card, staff_client
from tests.platform.orders.support import body, build_shop, checkout, on_hand


@pytest.fixture
def shop(owner_a):  # type: ignore[no-untyped-def]
    return build_shop(owner_a)


def offline(shop, lines, payments, **extra):  # type: ignore[no-untyped-def]
    return body(shop, lines, payments, offline_created_at=timezone.now().isoformat(), **extra)


def test_count_card_line_uses_sessions_and_a_refund_gives_them_back(owner_a, shop):
    card_type = create_card_type(
        owner_a, name="10 washes", kind="count", services=[{"service": "Wash", "sessions": 10}]
    )
    card = issue_card(owner_a, shop["customer"]["id"], card_type["id"])
    data = body(
        shop,
        [{"kind": "count_card", "card": card["id"], "service": "Wash", "sessions": 2}],
        [{"method": "card", "amount": "1"}],
        customer=shop["customer"]["id"],
        mode="count_card",
    )
    response = owner_a.post("/api/v1/orders/checkout/", data, format="json")
    assert response.status_code == 400  # nothing to pay: a payment would exceed the zero total
    order = checkout(owner_a, {**data, "payments": []})
    assert order["total"] == "0.00"
    sessions = lambda: owner_a.get(f"/api/v1/cards/{card['id']}/").json()["balances"]["sessions"]["Wash"]  # noqa: E731
    assert sessions() in (8, "8")
    line = order["lines"][0]
    refund = {
        "client_id": str(uuid.uuid4()),
        "reason": "Not done",
        "lines": [{"line": line["id"], "quantity": "1"}],
    }
    assert owner_a.post(f"/api/v1/orders/{order['id']}/refund/", refund, format="json").status_code == 201
    assert sessions() in (9, "9")
    too_many = {
        **data,
        "client_id": str(uuid.uuid4()),
        "payments": [],
        "lines": [{**data["lines"][0], "sessions": 10}],
    }
    response = owner_a.post("/api/v1/orders/checkout/", too_many, format="json")
    assert response.status_code == 409


def test_timed_session_is_billed_by_rounded_time(owner_a, tenant_a, shop):
    from tests.platform.orders.support import product

    room = product(owner_a, "Study room", "120", kind="service", duration_minutes=60)
    session = owner_a.post(
        "/api/v1/timed-sessions/", {"store": shop["store"], "product": room, "label": "A1"}, format="json"
    )
    assert session.status_code == 201, session.content
    session_id = session.json()["id"]
    with schema_context(tenant_a.schema_name):
        from orders.models import TimedSession

        TimedSession.objects.filter(pk=session_id).update(
            started_at=timezone.now() - datetime.timedelta(minutes=52)
        )
    closed = owner_a.post(f"/api/v1/timed-sessions/{session_id}/check-out/").json()
    # 52 minutes − 5 grace = 47 → 4 steps of 15 = 60 minutes → 120.
    assert closed["minutes"] == 52 and closed["billed_minutes"] == 60 and closed["amount"] == "120.00"
    order = checkout(
        owner_a,
        body(
            shop,
            [{"kind": "timed", "session": session_id}],
            [{"method": "cash", "amount": "120"}],
            mode="timed",
        ),
    )
    assert order["total"] == "120.00"
    again = body(
        shop, [{"kind": "timed", "session": session_id}], [{"method": "cash", "amount": "120"}], mode="timed"
    )
    response = owner_a.post("/api/v1/orders/checkout/", again, format="json")
    assert response.status_code == 400
    assert owner_a.get("/api/v1/timed-sessions/?status=billed").json()["count"] == 1


def test_sync_creates_each_order_once_whatever_the_batches(owner_a, shop, tenant_a):
    orders = [
        offline(shop, [{"product": shop["soap"]}], [{"method": "cash", "amount": "30"}]) for _ in range(3)
    ]
    first = owner_a.post("/api/v1/orders/sync/", {"orders": orders[:2]}, format="json")
    assert first.status_code == 200, first.content
    assert [r["status"] for r in first.json()["results"]] == ["created", "created"]
    # The same orders again, re-ordered and mixed with a new one, and one twice in the batch.
    batch = [orders[2], orders[1], orders[0], orders[2]]
    second = owner_a.post("/api/v1/orders/sync/", {"orders": batch}, format="json").json()["results"]
    assert [r["status"] for r in second] == ["created", "duplicate", "duplicate", "duplicate"]
    assert second[0]["order"]["id"] == second[3]["order"]["id"]
    assert owner_a.get("/api/v1/orders/").json()["count"] == 3
    assert on_hand(tenant_a, shop["store"], shop["soap"]) == 7
    with schema_context(tenant_a.schema_name):
        from orders.models import Order

        assert Order.objects.filter(offline_created_at__isnull=False).count() == 3


def test_sync_refuses_balances_offline_per_order_and_keeps_going(owner_a, shop):
    stored = offline(
        shop,
        [{"product": shop["soap"]}],
        [{"method": "stored_value", "card": shop["card"]["id"], "amount": "30"}],
        customer=shop["customer"]["id"],
    )
    broken = {"client_id": str(uuid.uuid4()), "lines": "nope"}
    good = offline(
        shop,
        [{"product": shop["soap"]}],
        [{"method": "card", "amount": "30"}],
        customer=shop["customer"]["id"],
    )
    results = owner_a.post("/api/v1/orders/sync/", {"orders": [stored, broken, good]}, format="json").json()[
        "results"
    ]
    assert [r["status"] for r in results] == ["error", "error", "created"]
    assert "payments.0.method" in results[0]["error"]["fields"]
    assert results[1]["error"]["fields"]
    # The member still earns points on the synced order.
    assert results[2]["order"]["points_earned"] == "3.00"


def test_bootstrap_and_member_index(owner_a, shop):
    data = owner_a.get(f"/api/v1/cashier/bootstrap/?store={shop['store']}").json()
    assert data["store"]["id"] == shop["store"]
    assert {m["key"] for m in data["modes"]} >= {"sale", "quick_amount", "count_card", "timed"}
    sale = next(m for m in data["modes"] if m["key"] == "sale")
    assert set(sale) == {"key", "label", "icon", "description", "plugin", "offline"}
    assert (sale["plugin"], sale["offline"]) == ("core", True)
    assert {p["name"] for p in data["products"]} >= {"Soap", "Shampoo", "Cut"}
    assert Decimal(data["cash_rounding"]) == 1 and data["currency"] == "TWD"
    index = owner_a.get("/api/v1/cashier/members/").json()
    assert shop["card"]["number"] in [n for m in index["results"] for n in m["cards"]]
    assert index["next"] is None


def test_cashier_limited_to_a_store_cannot_sell_there(owner_a, tenant_a, shop):
    east = owner_a.post("/api/v1/stores/", {"name": "East", "code": "east"}, format="json").json()["id"]
    cashier = staff_client(tenant_a, "cashier", "east@alpha.test")
    with schema_context(tenant_a.schema_name):
        from accounts.models import User

        User.objects.get(email="east@alpha.test").stores.set([east])
    response = cashier.post(
        "/api/v1/orders/checkout/",
        body(shop, [{"product": shop["soap"]}], [{"method": "cash", "amount": "30"}]),
        format="json",
    )
    assert response.status_code == 403
    checkout(owner_a, body(shop, [{"product": shop["soap"]}], [{"method": "cash", "amount": "30"}]))
    assert cashier.get("/api/v1/orders/").json()["count"] == 0


def test_shop_b_cannot_see_or_touch_shop_a_orders(owner_a, owner_b, shop):
    order = checkout(owner_a, body(shop, [{"product": shop["soap"]}], [{"method": "cash", "amount": "30"}]))
    session = owner_a.post(
        "/api/v1/timed-sessions/", {"store": shop["store"], "product": shop["cut"]}, format="json"
    ).json()
    assert owner_b.get("/api/v1/orders/").json()["count"] == 0
    assert owner_b.get(f"/api/v1/orders/{order['id']}/").status_code == 404
    assert owner_b.get(f"/api/v1/orders/{order['id']}/receipt/").status_code == 404
    refund = {"client_id": str(uuid.uuid4()), "reason": "steal"}
    assert owner_b.post(f"/api/v1/orders/{order['id']}/refund/", refund, format="json").status_code == 404
    assert (
        owner_b.post(f"/api/v1/orders/{order['id']}/void/", {"reason": "x"}, format="json").status_code == 404
    )
    assert owner_b.get(f"/api/v1/timed-sessions/{session['id']}/").status_code == 404
    assert owner_b.post(f"/api/v1/timed-sessions/{session['id']}/check-out/").status_code == 404
    assert owner_b.get("/api/v1/timed-sessions/").json()["count"] == 0
    # Shop A's client id replayed at shop B is a new order there, never shop A's.
    replay = owner_b.post(
        "/api/v1/orders/sync/", {"orders": [{**order, "client_id": order["client_id"]}]}, format="json"
    )
    assert all(
        r["order"] is None or r["order"]["id"] != order["id"] or r["status"] == "error"
        for r in replay.json()["results"]
    )
    assert (
        owner_b.patch("/api/v1/checkout-settings/", {"prices_include_tax": False}, format="json").status_code
        == 200
    )
    assert owner_a.get("/api/v1/checkout-settings/").json()["prices_include_tax"] is True
    products_b = {p["name"] for p in owner_b.get("/api/v1/cashier/bootstrap/").json()["products"]}
    assert "Shampoo" not in products_b
    assert owner_b.get("/api/v1/cashier/members/").json()["results"] == []


def test_settings_are_the_owners(tenant_a):
    manager = staff_client(tenant_a, "manager")
    assert manager.get("/api/v1/checkout-settings/").status_code == 200
    assert (
        manager.patch("/api/v1/checkout-settings/", {"cashier_can_refund": True}, format="json").status_code
        == 403
    )
    assert Decimal(manager.get("/api/v1/checkout-settings/").json()["cash_rounding"]) == 1


def test_an_online_sale_whose_answer_was_lost_syncs_as_a_duplicate(owner_a, shop):
    data = body(shop, [{"product": shop["soap"]}], [{"method": "cash", "amount": "30"}])
    first = checkout(owner_a, data)
    late = {**data, "offline_created_at": timezone.now().isoformat()}
    results = owner_a.post("/api/v1/orders/sync/", {"orders": [late]}, format="json").json()["results"]
    assert results[0]["status"] == "duplicate" and results[0]["order"]["id"] == first["id"]
