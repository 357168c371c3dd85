"""Customers over HTTP: create (phone normalised, duplicates flagged), update, join, list/search,
counter lookup, duplicates, the ledger statement and bounded queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.models import User
from core.models import AuditLog
from loyalty.models import CardType, LedgerTransaction
from loyalty.services import cards
from loyalty.services import stored_value as sv
from members.models import Customer, CustomFieldDefinition
from members.services import create_customer as service_create_customer
from tests.conftest import make_client
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

SUMMARY_KEYS = {
    "id",
    "name",
    "phone",
    "phone_display",
    "member_no",
    "is_member",
    "tags",
    "last_visit_at",
    "created_at",
}
DETAIL_KEYS = SUMMARY_KEYS | {
    "email",
    "birthday",
    "gender",
    "address",
    "notes",
    "home_store",
    "consent_sms",
    "consent_email",
    "referrer",
    "extra",
    "joined_at",
    "updated_at",
    "photo_url",
    "cards",
}


def test_create_normalises_the_phone_joins_and_flags_duplicates(owner_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        CustomFieldDefinition.objects.create(
            key="skin_type", label="膚質", kind="choice", choices=["dry", "oily"]
        )
    first = owner_a.post(
        "/api/v1/customers/",
        {
            "name": "林小美",
            "phone": "0912 345 678",
            "email": "mei@example.com",
            "birthday": "1990-05-01",
            "gender": "female",
            "tags": ["VIP", "VIP", " 敏感肌 "],
            "consent_sms": True,
            "extra": {"custom": {"skin_type": "dry"}},
        },
        format="json",
    )
    assert first.status_code == 201, first.content
    body = first.json()
    assert set(body) == DETAIL_KEYS | {"possible_duplicates"}
    assert body["phone"] == "+886912345678"
    assert body["is_member"] is True and body["member_no"].startswith("M") and body["joined_at"]
    assert body["tags"] == ["VIP", "敏感肌"]
    assert body["birthday"] == "1990-05-01"
    assert body["extra"] == {"custom": {"skin_type": "dry"}}
    assert body["cards"] == [] and body["referrer"] is None
    assert body["possible_duplicates"] == []

    second = create_customer(
        owner_a, name="林先生", phone="+886-912-345-678", referrer=body["id"], join=False
    )
    assert second["is_member"] is False and second["member_no"] is None
    assert [d["id"] for d in second["possible_duplicates"]] == [body["id"]]
    assert set(second["possible_duplicates"][0]) == SUMMARY_KEYS
    assert second["referrer"] == {"id": body["id"], "name": "林小美"}
    with schema_context(tenant_a.schema_name):
        assert AuditLog.objects.filter(action="member.join", target_id=str(body["id"])).count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "X", "phone": "12"}, "phone"),
        ({"name": "X", "phone": "not a phone"}, "phone"),
        ({"phone": "0912345678"}, "name"),
        ({"name": "X", "email": "nope"}, "email"),
        ({"name": "X", "gender": "robot"}, "gender"),
        ({"name": "X", "birthday": "31/12/1990"}, "birthday"),
        ({"name": "X", "extra": ["not", "an", "object"]}, "extra"),
        ({"name": "X", "extra": {"unknown": 1}}, "extra"),
        ({"name": "X", "referrer": 999999}, "referrer"),
        ({"name": "X", "tags": ["x" * 41]}, "tags"),
    ],
)
def test_invalid_create_is_400_with_field_errors_and_writes_nothing(owner_a, tenant_a, payload, field):
    before = count_rows(tenant_a, Customer, AuditLog)
    response = owner_a.post("/api/v1/customers/", payload, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert count_rows(tenant_a, Customer, AuditLog) == before


def test_cashier_creates_updates_and_joins(tenant_a):
    cashier = staff_client(tenant_a, "cashier")
    created = create_customer(cashier, name="Amy Wang", phone="0987654321", join=False)
    patched = cashier.patch(
        f"/api/v1/customers/{created['id']}/",
        {"name": "Amy W. Wang", "notes": "prefers mornings", "member_no": "HACK1", "phone": "0912 000 111"},
        format="json",
    )
    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert body["name"] == "Amy W. Wang" and body["notes"] == "prefers mornings"
    assert body["phone"] == "+886912000111"
    assert body["member_no"] is None  # not writable
    joined = post(cashier, f"/api/v1/customers/{created['id']}/join/")
    assert joined.status_code == 200
    member_no = joined.json()["member_no"]
    assert member_no and joined.json()["is_member"] is True
    again = post(cashier, f"/api/v1/customers/{created['id']}/join/")
    assert again.status_code == 200 and again.json()["member_no"] == member_no
    with schema_context(tenant_a.schema_name):
        assert AuditLog.objects.filter(action="member.join", target_id=str(created["id"])).count() == 1


def test_patch_with_a_bad_phone_changes_nothing(owner_a, tenant_a):
    created = create_customer(owner_a, name="王大明", phone="0912345678")
    response = owner_a.patch(
        f"/api/v1/customers/{created['id']}/", {"name": "Renamed", "phone": "123"}, format="json"
    )
    assert response.status_code == 400
    assert "phone" in response.json()["error"]["fields"]
    with schema_context(tenant_a.schema_name):
        customer = Customer.objects.get(pk=created["id"])
        assert (customer.name, customer.phone) == ("王大明", "+886912345678")


def test_a_customer_cannot_refer_themselves(owner_a):
    created = create_customer(owner_a)
    response = owner_a.patch(
        f"/api/v1/customers/{created['id']}/", {"referrer": created["id"]}, format="json"
    )
    assert response.status_code == 400
    assert "referrer" in response.json()["error"]["fields"]


def test_detail_lists_cards_with_balances(owner_a):
    customer, card = stored_value_card(owner_a, "500")
    detail = owner_a.get(f"/api/v1/customers/{customer['id']}/")
    assert detail.status_code == 200
    body = detail.json()
    assert set(body) == DETAIL_KEYS
    assert body["cards"] == [
        {
            "id": card["id"],
            "number": card["number"],
            "status": "active",
            "issued_at": card["issued_at"],
            "expires_at": None,
            "card_type": card["card_type"],
            "balances": {"principal": "500.00", "bonus": "0.00", "total": "500.00"},
            "replaced_by": None,
        }
    ]
    assert owner_a.get("/api/v1/customers/999999/").status_code == 404


def test_list_search_and_filters(owner_a, tenant_a):
    mei = create_customer(owner_a, name="林小美", phone="0912345678", tags=["vip"])
    amy = create_customer(owner_a, name="Amy Wang", phone="0987654321", join=False)
    create_customer(owner_a, name="陳大文", phone="0922333444", tags=["new"])
    card_type = create_card_type(owner_a)
    card = issue_card(owner_a, amy["id"], card_type["id"], number="VIPCARD7")

    def ids(**params):  # type: ignore[no-untyped-def]
        response = owner_a.get("/api/v1/customers/", params)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"count", "next", "previous", "results"}
        assert body["count"] == len(body["results"])
        return {c["id"] for c in body["results"]}

    assert ids() >= {mei["id"], amy["id"]}
    assert ids(q="0912345678") == {mei["id"]}  # whole national number
    assert ids(q="+886 912 345 678") == {mei["id"]}  # international, with spaces
    assert ids(q="0912") == {mei["id"]}  # prefix
    assert ids(q="5678") == {mei["id"]}  # last digits
    assert ids(q="小美") == {mei["id"]}  # part of a Chinese name
    assert ids(q="wang") == {amy["id"]}
    assert ids(q=mei["member_no"]) == {mei["id"]}
    assert ids(q=card["number"].lower()) == {amy["id"]}
    assert ids(q="nobody-like-this") == set()
    assert amy["id"] not in ids(is_member="true") and mei["id"] in ids(is_member="true")
    assert ids(is_member="false") == {amy["id"]}
    assert ids(tag="vip") == {mei["id"]}
    assert ids(tag="vip", q="0922") == set()
    bad = owner_a.get("/api/v1/customers/", {"is_member": "perhaps"})
    assert bad.status_code == 400 and "is_member" in bad.json()["error"]["fields"]
    page = owner_a.get("/api/v1/customers/", {"page_size": 1}).json()
    assert page["count"] == 3 and len(page["results"]) == 1 and page["next"]
    assert set(page["results"][0]) == SUMMARY_KEYS


def test_lookup_is_the_fast_counter_path(owner_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        for n in range(25):
            service_create_customer({"name": f"王小明{n}", "phone": f"09123450{n:02d}"})
    response = owner_a.get("/api/v1/customers/lookup/", {"q": "王小明"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"results"}
    assert len(body["results"]) == 20
    assert set(body["results"][0]) == SUMMARY_KEYS
    exact = owner_a.get("/api/v1/customers/lookup/", {"q": "0912345007"}).json()["results"]
    assert [c["name"] for c in exact] == ["王小明7"]
    assert owner_a.get("/api/v1/customers/lookup/", {"q": ""}).json() == {"results": []}


def test_lookup_runs_a_constant_number_of_queries(owner_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        for n in range(20):
            service_create_customer({"name": f"張{n}", "phone": f"09223450{n:02d}"})
    with CaptureQueriesContext(connection) as queries:
        response = owner_a.get("/api/v1/customers/lookup/", {"q": "張"})
    assert len(response.json()["results"]) == 20
    assert len(queries) <= 8, [q["sql"] for q in queries]


def test_duplicates_by_phone(owner_a):
    a = create_customer(owner_a, name="A", phone="0912345678")
    b = create_customer(owner_a, name="B", phone="+886912345678", join=False)
    create_customer(owner_a, name="C", phone="0912000000")
    response = owner_a.get("/api/v1/customers/duplicates/", {"phone": "0912-345-678"})
    assert response.status_code == 200
    assert {c["id"] for c in response.json()["results"]} == {a["id"], b["id"]}
    bad = owner_a.get("/api/v1/customers/duplicates/", {"phone": "12"})
    assert bad.status_code == 400 and "phone" in bad.json()["error"]["fields"]
    missing = owner_a.get("/api/v1/customers/duplicates/")
    assert missing.status_code == 400 and "phone" in missing.json()["error"]["fields"]


def test_ledger_statement_newest_first_with_filters(owner_a, tenant_a):
    customer, card = stored_value_card(owner_a, amount=None)
    rule = owner_a.post(
        "/api/v1/top-up-rules/",
        {"name": "1000送100", "min_amount": "1000", "bonus_amount": "100"},
        format="json",
    )
    assert rule.status_code == 201, rule.content
    topped = top_up(owner_a, card["id"], "1000")
    spent = owner_a.post(f"/api/v1/cards/{card['id']}/spend/", {"amount": "150"}, format="json", **key())
    assert spent.status_code == 201
    refunded = post(
        owner_a,
        f"/api/v1/ledger-transactions/{spent.json()['transaction']['id']}/refund/",
        {"reason": "wrong item"},
        idempotency_key="refund-1",
    )
    assert refunded.status_code == 201, refunded.content

    response = owner_a.get(f"/api/v1/customers/{customer['id']}/ledger/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["results"])
    entries = body["results"]
    assert [e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True)
    newest = entries[0]
    assert set(newest) == {"id", "created_at", "account", "amount", "balance_after", "transaction"}
    assert newest["account"]["card_number"] == card["number"]
    assert newest["transaction"]["kind"] == "reversal"
    assert newest["transaction"]["reverses"] == spent.json()["transaction"]["id"]
    assert newest["transaction"]["reason"] == "wrong item"
    with schema_context(tenant_a.schema_name):
        owner_name = User.objects.get(email="owner@alpha.test").get_full_name()
    assert newest["transaction"]["actor"] == owner_name
    assert body["count"] == 6  # top-up, spend and reversal, each on principal and bonus
    spend_rows = [e for e in entries if e["transaction"]["kind"] == "spend"]
    assert spend_rows and all(e["transaction"]["reversed"] is True for e in spend_rows)
    top_up_rows = [e for e in entries if e["transaction"]["kind"] == "top_up"]
    assert {(e["account"]["kind"], e["amount"]) for e in top_up_rows} == {
        ("principal", "1000.00"),
        ("bonus", "100.00"),
    }
    assert all(e["transaction"]["reversed"] is False for e in top_up_rows)
    assert top_up_rows[0]["transaction"]["id"] == topped["transaction"]["id"]
    assert top_up_rows[0]["transaction"]["amount_paid"] == "1000.00"

    def kinds(**params):  # type: ignore[no-untyped-def]
        found = owner_a.get(f"/api/v1/customers/{customer['id']}/ledger/", params)
        assert found.status_code == 200, found.content
        return [(e["account"]["kind"], e["transaction"]["kind"]) for e in found.json()["results"]]

    assert kinds(kind="bonus") == [("bonus", "reversal"), ("bonus", "spend"), ("bonus", "top_up")]
    assert {t for _, t in kinds(kind="top_up")} == {"top_up"}
    assert kinds(card=card["id"]) == kinds()
    assert kinds(card=card["id"] + 1000) == []
    bad = owner_a.get(f"/api/v1/customers/{customer['id']}/ledger/", {"kind": "bogus"})
    assert bad.status_code == 400 and "kind" in bad.json()["error"]["fields"]
    assert owner_a.get("/api/v1/customers/999999/ledger/").status_code == 404


def _fill_ledger(tenant, transactions: int) -> int:  # type: ignore[no-untyped-def]
    """A customer with a stored-value card and ``transactions`` top-ups by alternating staff,
    every other one reversed; returns the customer id."""
    with schema_context(tenant.schema_name):
        staff = [
            User.objects.create_user(f"s{n}-{transactions}@x.test", role="cashier", name=f"S{n}")
            for n in range(3)
        ]
        customer = service_create_customer({"name": "Ledger"}, join=True)
        card_type = CardType.objects.create(name="SV", kind=CardType.Kind.STORED_VALUE)
        card = cards.issue_card(customer, card_type, idempotency_key=f"issue-{transactions}")
        for n in range(transactions):
            txn = sv.top_up(card, 10 + n, idempotency_key=f"t-{transactions}-{n}", actor=staff[n % 3])
            if n % 2:
                sv.refund(txn, idempotency_key=f"r-{transactions}-{n}", actor=staff[0], reason="x")
        return customer.pk


def test_ledger_runs_a_constant_number_of_queries(owner_a, tenant_a, django_assert_max_num_queries):
    few, many = _fill_ledger(tenant_a, 2), _fill_ledger(tenant_a, 30)
    with CaptureQueriesContext(connection) as baseline:
        small = owner_a.get(f"/api/v1/customers/{few}/ledger/")
    assert small.json()["count"] == 3
    with django_assert_max_num_queries(len(baseline)):
        large = owner_a.get(f"/api/v1/customers/{many}/ledger/")
    assert large.json()["count"] == 45
    assert len(large.json()["results"]) == 45
    with schema_context(tenant_a.schema_name):
        assert LedgerTransaction.objects.filter(customer_id=many).count() == 1 + 30 + 15


def test_customer_list_runs_a_constant_number_of_queries(owner_a, tenant_a, django_assert_max_num_queries):
    with schema_context(tenant_a.schema_name):
        for n in range(3):
            service_create_customer({"name": f"Few {n}", "tags": ["t"]}, join=True)
    with CaptureQueriesContext(connection) as baseline:
        small = owner_a.get("/api/v1/customers/", {"page_size": 100})
    assert small.json()["count"] == 3
    with schema_context(tenant_a.schema_name):
        for n in range(27):
            service_create_customer({"name": f"Many {n}", "phone": f"09123456{n:02d}"}, join=n % 2 == 0)
    with django_assert_max_num_queries(len(baseline)):
        large = owner_a.get("/api/v1/customers/", {"page_size": 100})
    assert large.json()["count"] == 30 and len(large.json()["results"]) == 30


def test_customers_need_a_login(tenant_a):
    anonymous = make_client("alpha")
    assert anonymous.get("/api/v1/customers/").status_code in (401, 403)
    assert anonymous.post("/api/v1/customers/", {"name": "X"}, format="json").status_code in (401, 403)
