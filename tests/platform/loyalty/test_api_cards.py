"""Cards over HTTP: issue, top up, spend, idempotent replays, adjust, freeze/loss/replace, refunds
and the roles allowed to do each."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from core.models import AuditLog
from loyalty.models import Card, LedgerEntry, LedgerTransaction
from tests.platform.loyalty.test_api_support import (
    count_rows,
    create_card_type,
    create_customer,
    issue_card,
    key,
    post,
    staff_client,
    stored_value_card,
    top_up,
)

CARD_KEYS = {
    "id",
    "number",
    "status",
    "issued_at",
    "expires_at",
    "customer",
    "card_type",
    "balances",
    "replaced_by",
}
TRANSACTION_KEYS = {
    "id",
    "created_at",
    "kind",
    "reason",
    "actor",
    "source_type",
    "source_id",
    "amount_paid",
    "reversed",
    "reverses",
    "entries",
}
LEDGER = (LedgerTransaction, LedgerEntry, AuditLog)


@pytest.fixture
def cashier_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "cashier")


@pytest.fixture
def manager_a(tenant_a):  # type: ignore[no-untyped-def]
    return staff_client(tenant_a, "manager")


def balances(client, card_id: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    response = client.get(f"/api/v1/cards/{card_id}/")
    assert response.status_code == 200
    return response.json()["balances"]


def test_cashier_issues_tops_up_and_spends(owner_a, cashier_a, tenant_a):
    card_type = create_card_type(owner_a, name="儲值卡")
    rule = owner_a.post(
        "/api/v1/top-up-rules/",
        {"name": "1000送100", "min_amount": "1000", "bonus_amount": "100"},
        format="json",
    )
    assert rule.status_code == 201
    customer = create_customer(cashier_a, name="林小美", phone="0912345678")
    card = issue_card(cashier_a, customer["id"], card_type["id"])
    assert set(card) == CARD_KEYS
    assert card["status"] == "active" and card["number"].startswith("C")
    assert card["customer"] == {"id": customer["id"], "name": "林小美", "member_no": customer["member_no"]}
    assert card["card_type"] == {
        "id": card_type["id"],
        "name": "儲值卡",
        "kind": "stored_value",
        "discount_rate": None,
    }
    assert card["balances"] == {"principal": "0.00", "bonus": "0.00", "total": "0.00"}

    topped = cashier_a.post(f"/api/v1/cards/{card['id']}/top-up/", {"amount": 1000}, format="json", **key())
    assert topped.status_code == 201, topped.content
    body = topped.json()
    assert set(body) == {"transaction", "card"}
    assert set(body["transaction"]) == TRANSACTION_KEYS
    assert body["transaction"]["kind"] == "top_up"
    assert body["transaction"]["amount_paid"] == "1000.00"
    assert body["transaction"]["reason"] == "1000送100"
    assert body["transaction"]["actor"] == "Cashier Chen"
    assert sorted(
        (e["account"]["kind"], e["amount"], e["balance_after"]) for e in body["transaction"]["entries"]
    ) == [
        ("bonus", "100.00", "100.00"),
        ("principal", "1000.00", "1000.00"),
    ]
    assert body["card"]["balances"] == {"principal": "1000.00", "bonus": "100.00", "total": "1100.00"}

    spent = cashier_a.post(f"/api/v1/cards/{card['id']}/spend/", {"amount": "250.5"}, format="json", **key())
    assert spent.status_code == 201, spent.content
    assert spent.json()["transaction"]["kind"] == "spend"
    # Bonus first (the default spending order): 100 from bonus, 150.50 from principal.
    assert spent.json()["card"]["balances"] == {"principal": "849.50", "bonus": "0.00", "total": "849.50"}


def test_insufficient_balance_is_409_and_writes_nothing(owner_a, tenant_a):
    _, card = stored_value_card(owner_a, "100")
    before = count_rows(tenant_a, *LEDGER)
    response = owner_a.post(
        f"/api/v1/cards/{card['id']}/spend/", {"amount": "100.01"}, format="json", **key()
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "insufficient_balance"
    assert "100.00" in error["message"]
    assert count_rows(tenant_a, *LEDGER) == before
    assert balances(owner_a, card["id"])["total"] == "100.00"


@pytest.mark.parametrize("operation", ["top-up", "spend"])
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "abc"}, "amount"),
    ],
)
def test_invalid_amounts_are_400_and_write_nothing(owner_a, tenant_a, operation, payload, field):
    _, card = stored_value_card(owner_a, "100")
    before = count_rows(tenant_a, *LEDGER)
    response = owner_a.post(f"/api/v1/cards/{card['id']}/{operation}/", payload, format="json", **key())
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert count_rows(tenant_a, *LEDGER) == before


@pytest.mark.parametrize("operation", ["top-up", "spend", "adjust"])
@pytest.mark.parametrize("header", [None, "", "x" * 129])
def test_money_changes_require_an_idempotency_key(owner_a, tenant_a, operation, header):
    _, card = stored_value_card(owner_a, "100")
    before = count_rows(tenant_a, *LEDGER)
    extra = {} if header is None else {"HTTP_IDEMPOTENCY_KEY": header}
    payload = {"amount": "10", "principal_delta": "1", "reason": "fix"}
    response = owner_a.post(f"/api/v1/cards/{card['id']}/{operation}/", payload, format="json", **extra)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["idempotency_key"]
    assert count_rows(tenant_a, *LEDGER) == before


@pytest.mark.parametrize(("operation", "amount", "other"), [("top-up", "300", "301"), ("spend", "30", "31")])
def test_same_key_replays_and_a_different_body_conflicts(owner_a, tenant_a, operation, amount, other):
    _, card = stored_value_card(owner_a, "100")
    url = f"/api/v1/cards/{card['id']}/{operation}/"
    before = count_rows(tenant_a, LedgerTransaction)[0]
    first = post(owner_a, url, {"amount": amount}, idempotency_key="same-key-1")
    again = post(owner_a, url, {"amount": amount}, idempotency_key="same-key-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert count_rows(tenant_a, LedgerTransaction)[0] == before + 1
    conflict = post(owner_a, url, {"amount": other}, idempotency_key="same-key-1")
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "idempotency_conflict"
    assert count_rows(tenant_a, LedgerTransaction)[0] == before + 1


def test_issuing_with_a_key_replays_the_same_card(owner_a, tenant_a):
    customer = create_customer(owner_a)
    card_type = create_card_type(owner_a)
    payload = {"customer": customer["id"], "card_type": card_type["id"]}
    first = post(owner_a, "/api/v1/cards/", payload, idempotency_key="issue-once")
    again = post(owner_a, "/api/v1/cards/", payload, idempotency_key="issue-once")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    with schema_context(tenant_a.schema_name):
        assert Card.objects.filter(customer_id=customer["id"]).count() == 1


def test_issue_validation_writes_nothing(owner_a, tenant_a):
    customer = create_customer(owner_a)
    card_type = create_card_type(owner_a)
    retired = create_card_type(owner_a, name="old", active=False)
    issue_card(owner_a, customer["id"], card_type["id"], number="TAKEN1")
    before = count_rows(tenant_a, Card, *LEDGER)
    for payload, field in [
        ({"customer": 999999, "card_type": card_type["id"]}, "customer"),
        ({"customer": customer["id"], "card_type": 999999}, "card_type"),
        ({"customer": customer["id"]}, "card_type"),
        ({"customer": customer["id"], "card_type": retired["id"]}, "card_type"),
        ({"customer": customer["id"], "card_type": card_type["id"], "number": "TAKEN1"}, "number"),
    ]:
        response = owner_a.post("/api/v1/cards/", payload, format="json")
        assert response.status_code == 400, (payload, response.content)
        assert field in response.json()["error"]["fields"], response.json()
    assert count_rows(tenant_a, Card, *LEDGER) == before


def test_count_and_time_cards_show_sessions_and_minutes(owner_a):
    customer = create_customer(owner_a)
    count_type = create_card_type(
        owner_a,
        name="剪髮10次",
        kind="count",
        price="3000",
        services=[{"service": "haircut", "sessions": 10}, {"service": "wash", "sessions": 5}],
    )
    time_type = create_card_type(owner_a, name="90分鐘", kind="time", minutes=90, validity_days=30)
    count_card = issue_card(owner_a, customer["id"], count_type["id"])
    assert count_card["balances"] == {"sessions": {"haircut": 10, "wash": 5}}
    time_card = issue_card(owner_a, customer["id"], time_type["id"])
    assert time_card["balances"] == {"minutes": 90}
    assert time_card["expires_at"]
    not_stored = post(owner_a, f"/api/v1/cards/{count_card['id']}/top-up/", {"amount": "10"}, "k-count")
    assert not_stored.status_code == 400
    assert not_stored.json()["error"]["code"] == "not_stored_value"


def test_card_list_filters_by_customer_and_number(owner_a):
    customer, card = stored_value_card(owner_a, None)
    other = create_customer(owner_a, name="Other")
    other_card = issue_card(owner_a, other["id"], card["card_type"]["id"])
    listed = owner_a.get("/api/v1/cards/", {"customer": customer["id"]}).json()
    assert [c["id"] for c in listed["results"]] == [card["id"]]
    by_number = owner_a.get("/api/v1/cards/", {"number": other_card["number"].lower()}).json()
    assert [c["id"] for c in by_number["results"]] == [other_card["id"]]
    assert owner_a.get("/api/v1/cards/", {"number": "NOPE"}).json()["count"] == 0
    assert owner_a.get("/api/v1/cards/999999/").status_code == 404


def test_manager_adjusts_with_an_audited_reason(owner_a, manager_a, cashier_a, tenant_a):
    _, card = stored_value_card(owner_a, "100")
    url = f"/api/v1/cards/{card['id']}/adjust/"
    denied = post(cashier_a, url, {"principal_delta": "5", "reason": "x"}, "adj-0")
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "permission_denied"
    no_reason = post(manager_a, url, {"principal_delta": "5"}, "adj-1")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["fields"]
    nothing = post(manager_a, url, {"reason": "typo"}, "adj-2")
    assert nothing.status_code == 400 and "principal_delta" in nothing.json()["error"]["fields"]
    too_much = post(manager_a, url, {"principal_delta": "-100.01", "reason": "typo"}, "adj-3")
    assert too_much.status_code == 409 and too_much.json()["error"]["code"] == "insufficient_balance"
    with schema_context(tenant_a.schema_name):
        assert not AuditLog.objects.filter(action="stored_value.adjust").exists()

    done = post(
        manager_a, url, {"principal_delta": "-20", "bonus_delta": "15.5", "reason": "counted twice"}, "adj-4"
    )
    assert done.status_code == 201, done.content
    assert done.json()["transaction"]["kind"] == "adjustment"
    assert done.json()["transaction"]["actor"] == "Manager Chen"
    assert done.json()["card"]["balances"] == {"principal": "80.00", "bonus": "15.50", "total": "95.50"}
    with schema_context(tenant_a.schema_name):
        entry = AuditLog.objects.get(action="stored_value.adjust")
    assert entry.target_id == str(card["id"])
    assert entry.reason == "counted twice"
    assert entry.before == {"principal": "100.00", "bonus": "0.00"}
    assert entry.after == {"principal": "80.00", "bonus": "15.50"}
    assert entry.actor.role == "manager"


def test_freeze_report_loss_and_unfreeze(owner_a, cashier_a, manager_a, tenant_a):
    _, card = stored_value_card(owner_a, "100")
    base = f"/api/v1/cards/{card['id']}"
    frozen = post(cashier_a, f"{base}/freeze/", {"reason": "customer asked"})
    assert frozen.status_code == 200 and frozen.json()["status"] == "frozen"
    blocked = post(cashier_a, f"{base}/spend/", {"amount": "1"}, "spend-frozen")
    assert blocked.status_code == 409 and blocked.json()["error"]["code"] == "card_not_usable"
    assert post(cashier_a, f"{base}/unfreeze/").status_code == 403
    thawed = post(manager_a, f"{base}/unfreeze/")
    assert thawed.status_code == 200 and thawed.json()["status"] == "active"
    lost = post(cashier_a, f"{base}/report-loss/", {"reason": "left on bus"})
    assert lost.status_code == 200 and lost.json()["status"] == "lost"
    cannot = post(manager_a, f"{base}/unfreeze/")
    assert cannot.status_code == 409 and cannot.json()["error"]["code"] == "card_not_usable"
    with schema_context(tenant_a.schema_name):
        actions = list(
            AuditLog.objects.filter(target_type="loyalty.card", target_id=str(card["id"]))
            .order_by("id")
            .values_list("action", flat=True)
        )
    assert actions == ["card.issue", "card.freeze", "card.unfreeze", "card.report_loss"]


def test_replaced_card_keeps_balances_and_the_old_number_stops_working(owner_a, cashier_a, manager_a):
    customer, card = stored_value_card(owner_a, "500")
    base = f"/api/v1/cards/{card['id']}"
    assert post(cashier_a, f"{base}/report-loss/").status_code == 200
    assert post(cashier_a, f"{base}/replace/", {"reason": "lost"}).status_code == 403
    replaced = post(manager_a, f"{base}/replace/", {"reason": "lost", "number": "NEW-0001"})
    assert replaced.status_code == 201, replaced.content
    new = replaced.json()
    assert new["number"] == "NEW-0001" and new["id"] != card["id"] and new["status"] == "active"
    assert new["balances"] == {"principal": "500.00", "bonus": "0.00", "total": "500.00"}

    old = owner_a.get("/api/v1/cards/", {"number": card["number"]}).json()["results"]
    assert [(c["id"], c["status"], c["replaced_by"]) for c in old] == [(card["id"], "replaced", "NEW-0001")]
    refused = post(cashier_a, f"{base}/spend/", {"amount": "10"}, "spend-old")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "card_not_usable"
    assert post(cashier_a, f"{base}/top-up/", {"amount": "10"}, "top-old").status_code == 409
    again = post(manager_a, f"{base}/replace/", {"reason": "twice"})
    assert again.status_code == 409
    spent = post(cashier_a, f"/api/v1/cards/{new['id']}/spend/", {"amount": "10"}, "spend-new")
    assert spent.status_code == 201
    assert spent.json()["card"]["balances"]["total"] == "490.00"
    found = owner_a.get("/api/v1/customers/lookup/", {"q": "NEW-0001"}).json()["results"]
    assert [c["id"] for c in found] == [customer["id"]]
    taken = post(manager_a, f"/api/v1/cards/{new['id']}/replace/", {"number": "NEW-0001"})
    assert taken.status_code == 400 and "number" in taken.json()["error"]["fields"]


def test_refunds(owner_a, manager_a, cashier_a, tenant_a):
    _, card = stored_value_card(owner_a, None)
    top = top_up(owner_a, card["id"], "300")["transaction"]
    url = f"/api/v1/ledger-transactions/{top['id']}/refund/"
    assert post(cashier_a, url, {"reason": "x"}, "refund-c").status_code == 403
    missing_key = post(manager_a, url, {"reason": "x"})
    assert missing_key.status_code == 400 and "idempotency_key" in missing_key.json()["error"]["fields"]
    no_reason = post(manager_a, url, {}, "refund-0")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["fields"]

    first = post(manager_a, url, {"reason": "changed mind"}, "refund-1")
    assert first.status_code == 201, first.content
    reversal = first.json()["transaction"]
    assert reversal["kind"] == "reversal" and reversal["reverses"] == top["id"]
    assert reversal["amount_paid"] == "-300.00"
    assert first.json()["card"]["balances"]["total"] == "0.00"
    replay = post(manager_a, url, {"reason": "changed mind"}, "refund-1")
    assert replay.status_code == 201 and replay.json() == first.json()
    twice = post(manager_a, url, {"reason": "again"}, "refund-2")
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_reversed"
    with schema_context(tenant_a.schema_name):
        assert AuditLog.objects.filter(action="stored_value.refund", target_id=str(top["id"])).count() == 1

    # A top-up already partly spent cannot be refunded; a spend can (value back on the card).
    second = top_up(owner_a, card["id"], "200")["transaction"]
    spent = post(owner_a, f"/api/v1/cards/{card['id']}/spend/", {"amount": "50"}, "spend-1").json()
    before = count_rows(tenant_a, *LEDGER)
    partly = post(owner_a, f"/api/v1/ledger-transactions/{second['id']}/refund/", {"reason": "x"}, "refund-3")
    assert partly.status_code == 409
    assert partly.json()["error"] == {
        "code": "insufficient_balance",
        "message": "This top-up has already been partly spent and cannot be refunded.",
        "fields": {},
    }
    assert count_rows(tenant_a, *LEDGER) == before
    back = post(
        owner_a, f"/api/v1/ledger-transactions/{spent['transaction']['id']}/refund/", {"reason": "x"}, "r4"
    )
    assert back.status_code == 201
    assert back.json()["card"]["balances"]["total"] == "200.00"
    assert (
        post(owner_a, "/api/v1/ledger-transactions/999999/refund/", {"reason": "x"}, "r5").status_code == 404
    )
    issue_txn = owner_a.get(f"/api/v1/customers/{card['customer']['id']}/ledger/", {"kind": "issue"})
    assert issue_txn.json()["results"] == []  # a stored-value issue has no entries to show


def test_cards_need_a_login(tenant_a):
    from tests.conftest import make_client

    anonymous = make_client("alpha")
    assert anonymous.get("/api/v1/cards/").status_code in (401, 403)
    assert anonymous.post("/api/v1/cards/1/spend/", {"amount": "1"}, format="json").status_code in (401, 403)


def test_refund_after_replacement_shows_the_live_card(owner_a):
    _, card = stored_value_card(owner_a, None)
    top = top_up(owner_a, card["id"], "80")["transaction"]
    new = post(owner_a, f"/api/v1/cards/{card['id']}/replace/", {"reason": "worn"}).json()
    refunded = post(
        owner_a, f"/api/v1/ledger-transactions/{top['id']}/refund/", {"reason": "x"}, "refund-live"
    )
    assert refunded.status_code == 201, refunded.content
    assert refunded.json()["card"]["id"] == new["id"]
    assert refunded.json()["card"]["balances"]["total"] == "0.00"
    assert owner_a.get(f"/api/v1/cards/{new['id']}/").json()["balances"]["total"] == "0.00"
