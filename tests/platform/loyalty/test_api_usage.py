"""Count cards (sessions per service) and time cards (minutes) over HTTP: consume, idempotent
replays, refusals that write nothing, refunds of a consumption, roles and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from core.models import AuditLog
from loyalty.models import Card, LedgerEntry, LedgerTransaction
from tests.platform.loyalty.test_api_support import (
    count_rows,
    create_card_type,
    create_customer,
    issue_card,
    post,
    staff_client,
    stored_value_card,
)

LEDGER = (LedgerTransaction, LedgerEntry, AuditLog)


@pytest.fixture
def cashier_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "cashier")


@pytest.fixture
def manager_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "manager")


def count_card(client) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    customer = create_customer(client, phone="0912 345 678")
    card_type = create_card_type(
        client,
        name="剪髮10次",
        kind="count",
        price="3000",
        services=[{"service": "haircut", "sessions": 10}, {"service": "wash", "sessions": 5}],
    )
    return issue_card(client, customer["id"], card_type["id"])


def time_card(client, **kind: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    customer = create_customer(client, name="王大明")
    kind = kind or {"minutes": 90, "validity_days": 30}
    card_type = create_card_type(client, name="計時卡", kind="time", **kind)
    return issue_card(client, customer["id"], card_type["id"])


def consume(client, card_id: int, data: dict[str, Any], key: str | None = "c-1"):  # type: ignore[no-untyped-def]
    return post(client, f"/api/v1/cards/{card_id}/consume/", data, key)


def test_cashier_uses_sessions_of_a_count_card(owner_a, cashier_a, tenant_a):
    card = count_card(owner_a)
    one = consume(cashier_a, card["id"], {"service": "haircut"}, "use-1")
    assert one.status_code == 201, one.content
    result = one.json()
    assert set(result) == {"transaction", "card"}
    txn = result["transaction"]
    assert txn["kind"] == "consume" and txn["actor"] == "Cashier Chen"
    assert [(e["account"]["kind"], e["account"]["service"], e["amount"]) for e in txn["entries"]] == [
        ("sessions", "haircut", "-1.00")
    ]
    assert result["card"]["id"] == card["id"]
    assert result["card"]["balances"] == {"sessions": {"haircut": 9, "wash": 5}}
    three = consume(cashier_a, card["id"], {"service": "wash", "sessions": 3}, "use-2")
    assert three.status_code == 201
    assert three.json()["card"]["balances"] == {"sessions": {"haircut": 9, "wash": 2}}
    # A retry with the same key replays; the same key for something else is a conflict.
    replay = consume(cashier_a, card["id"], {"service": "wash", "sessions": 3}, "use-2")
    assert replay.status_code == 201 and replay.json()["transaction"] == three.json()["transaction"]
    conflict = consume(cashier_a, card["id"], {"service": "wash", "sessions": 1}, "use-2")
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "idempotency_conflict"
    statement = owner_a.get(f"/api/v1/customers/{card['customer']['id']}/ledger/", {"kind": "consume"})
    assert statement.json()["count"] == 2


def test_cashier_uses_minutes_of_a_time_card(cashier_a, owner_a):
    card = time_card(owner_a)
    used = consume(cashier_a, card["id"], {"minutes": 30})
    assert used.status_code == 201, used.content
    assert used.json()["card"]["balances"] == {"minutes": 60}
    assert used.json()["transaction"]["kind"] == "consume"


@pytest.mark.parametrize(
    ("which", "data", "status", "code"),
    [
        ("count", {"service": "haircut", "sessions": 11}, 409, "insufficient_balance"),
        ("time", {"minutes": 91}, 409, "insufficient_balance"),
    ],
)
def test_not_enough_left_is_409_and_writes_nothing(owner_a, tenant_a, which, data, status, code):
    card = count_card(owner_a) if which == "count" else time_card(owner_a)
    before = count_rows(tenant_a, *LEDGER)
    response = consume(owner_a, card["id"], data)
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    assert count_rows(tenant_a, *LEDGER) == before


@pytest.mark.parametrize(
    ("which", "data", "field"),
    [
        ("count", {}, "service"),
        ("count", {"service": "  "}, "service"),
        ("count", {"service": "massage"}, "service"),  # not on this card
        ("count", {"service": "haircut", "sessions": 0}, "sessions"),
        ("count", {"service": "haircut", "sessions": 1.5}, "sessions"),
        ("count", {"service": "haircut", "sessions": "two"}, "sessions"),
        ("count", {"minutes": 10}, "minutes"),  # wrong kind of card for minutes
        ("time", {}, "minutes"),
        ("time", {"minutes": 0}, "minutes"),
        ("time", {"minutes": -5}, "minutes"),
        ("time", {"service": "haircut"}, "service"),  # wrong kind of card for sessions
        ("validity", {"minutes": 10}, "minutes"),  # valid by period: no minutes to use
        ("stored_value", {"minutes": 10}, "card"),
        ("stored_value", {"service": "haircut"}, "card"),
    ],
)
def test_invalid_consumption_is_400_with_fields_and_writes_nothing(owner_a, tenant_a, which, data, field):
    if which == "count":
        card = count_card(owner_a)
    elif which == "time":
        card = time_card(owner_a)
    elif which == "validity":
        card = time_card(owner_a, validity_days=30)
    else:
        card = stored_value_card(owner_a, "100")[1]
    before = count_rows(tenant_a, *LEDGER)
    response = consume(owner_a, card["id"], data)
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"], response.json()
    assert count_rows(tenant_a, *LEDGER) == before


def test_consumption_needs_an_idempotency_key_and_a_usable_card(owner_a, tenant_a):
    card = count_card(owner_a)
    before = count_rows(tenant_a, *LEDGER)
    missing = consume(owner_a, card["id"], {"service": "haircut"}, None)
    assert missing.status_code == 400 and "idempotency_key" in missing.json()["error"]["fields"]
    too_long = consume(owner_a, card["id"], {"service": "haircut"}, "k" * 129)
    assert too_long.status_code == 400 and "idempotency_key" in too_long.json()["error"]["fields"]
    assert post(owner_a, f"/api/v1/cards/{card['id']}/freeze/", {}).status_code == 200
    frozen = consume(owner_a, card["id"], {"service": "haircut"}, "frozen")
    assert frozen.status_code == 409 and frozen.json()["error"]["code"] == "card_not_usable"
    assert count_rows(tenant_a, LedgerTransaction, LedgerEntry) == before[:2]
    assert consume(owner_a, 999999, {"service": "haircut"}, "none").status_code == 404


def test_consumption_needs_a_login(tenant_a):
    from tests.conftest import make_client

    anonymous = make_client("alpha")
    response = anonymous.post("/api/v1/cards/1/consume/", {"minutes": 1}, format="json")
    assert response.status_code in (401, 403)


def test_managers_refund_a_consumption(owner_a, manager_a, cashier_a, tenant_a):
    card = count_card(owner_a)
    used = consume(cashier_a, card["id"], {"service": "haircut", "sessions": 2}, "use-1").json()
    url = f"/api/v1/ledger-transactions/{used['transaction']['id']}/refund/"
    before = count_rows(tenant_a, *LEDGER)
    assert post(cashier_a, url, {"reason": "x"}, "refund-c").status_code == 403
    no_reason = post(manager_a, url, {}, "refund-0")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["fields"]
    assert count_rows(tenant_a, *LEDGER) == before

    refunded = post(manager_a, url, {"reason": "wrong service"}, "refund-1")
    assert refunded.status_code == 201, refunded.content
    reversal = refunded.json()["transaction"]
    assert reversal["kind"] == "reversal" and reversal["reverses"] == used["transaction"]["id"]
    assert refunded.json()["card"]["balances"] == {"sessions": {"haircut": 10, "wash": 5}}
    replay = post(manager_a, url, {"reason": "wrong service"}, "refund-1")
    assert replay.status_code == 201 and replay.json() == refunded.json()
    twice = post(manager_a, url, {"reason": "again"}, "refund-2")
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_reversed"
    with schema_context(tenant_a.schema_name):
        entry = AuditLog.objects.get(action="usage.refund", target_id=str(used["transaction"]["id"]))
        assert entry.reason == "wrong service" and entry.after == {"reversal": reversal["id"]}

    minutes = time_card(owner_a)
    spent = consume(owner_a, minutes["id"], {"minutes": 45}, "use-m").json()
    back = post(
        owner_a, f"/api/v1/ledger-transactions/{spent['transaction']['id']}/refund/", {"reason": "x"}, "r-m"
    )
    assert back.status_code == 201 and back.json()["card"]["balances"] == {"minutes": 90}


def test_refunds_of_top_ups_still_go_through_stored_value(owner_a, tenant_a):
    _, card = stored_value_card(owner_a, None)
    top = post(owner_a, f"/api/v1/cards/{card['id']}/top-up/", {"amount": "100"}, "t-1").json()
    url = f"/api/v1/ledger-transactions/{top['transaction']['id']}/refund/"
    refunded = post(owner_a, url, {"reason": "x"}, "r-1")
    assert refunded.status_code == 201
    assert refunded.json()["card"]["balances"]["total"] == "0.00"
    with schema_context(tenant_a.schema_name):
        assert AuditLog.objects.filter(action="stored_value.refund").count() == 1
        assert not AuditLog.objects.filter(action="usage.refund").exists()
        issue = LedgerTransaction.objects.get(card_id=card["id"], kind="issue")
    not_refundable = post(owner_a, f"/api/v1/ledger-transactions/{issue.pk}/refund/", {"reason": "x"}, "r-2")
    assert not_refundable.status_code == 400
    assert not_refundable.json()["error"]["code"] == "not_refundable"


def test_b_cannot_consume_or_refund_a_cards(owner_a, owner_b, tenant_a):
    card = count_card(owner_a)
    used = consume(owner_a, card["id"], {"service": "haircut"}, "use-a").json()
    before = count_rows(tenant_a, Card, *LEDGER)
    for url, data in (
        (f"/api/v1/cards/{card['id']}/consume/", {"service": "haircut"}),
        (f"/api/v1/ledger-transactions/{used['transaction']['id']}/refund/", {"reason": "x"}),
    ):
        denied = post(owner_b, url, data, "iso-key")
        assert denied.status_code == 404, (url, denied.content)
        assert denied.json()["error"]["code"] == "not_found"
    assert count_rows(tenant_a, Card, *LEDGER) == before
    assert owner_a.get(f"/api/v1/cards/{card['id']}/").json()["balances"]["sessions"]["haircut"] == 9
