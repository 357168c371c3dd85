"""Tenant isolation of the members and cards API: shop B's owner, using shop A's ids on B's host,
gets 404 for every object endpoint (and A's owner, as a control, reaches the same object), and B's
lists and lookups never show A's customers, cards, rules or audit entries."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from core.models import AuditLog
from loyalty.models import Card, LedgerEntry, LedgerTransaction
from members.models import Customer
from tests.platform.loyalty.test_api_support import (
    count_rows,
    create_card_type,
    create_customer,
    issue_card,
    top_up,
)


@pytest.fixture
def shop_a(owner_a, owner_b, tenant_a, tenant_b) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A's customer (phone 0912 345 678), stored-value card with a 300 top-up, card type and rule.
    B holds no customers, cards, card types or rules, so any id B resolves would be A's."""
    customer = create_customer(owner_a, name="林小美", phone="0912 345 678")
    card_type = create_card_type(owner_a)
    card = issue_card(owner_a, customer["id"], card_type["id"], number="ALPHA-0001")
    txn = top_up(owner_a, card["id"], "300")["transaction"]
    rule = owner_a.post("/api/v1/top-up-rules/", {"name": "r", "min_amount": "1000"}, format="json").json()
    with schema_context(tenant_b.schema_name):
        assert not Customer.objects.exists() and not Card.objects.exists()
    return {
        "customer": customer["id"],
        "card": card["id"],
        "card_number": card["number"],
        "txn": txn["id"],
        "card_type": card_type["id"],
        "rule": rule["id"],
        "phone": "0912345678",
    }


# (method, url, body, needs an Idempotency-Key, status A's owner gets for the same request)
OBJECT_ENDPOINTS = [
    ("get", "/api/v1/customers/{customer}/", None, False, 200),
    ("patch", "/api/v1/customers/{customer}/", {"name": "pwned"}, False, 200),
    ("post", "/api/v1/customers/{customer}/join/", {}, False, 200),
    ("get", "/api/v1/customers/{customer}/ledger/", None, False, 200),
    ("get", "/api/v1/cards/{card}/", None, False, 200),
    ("post", "/api/v1/cards/{card}/top-up/", {"amount": "10"}, True, 201),
    ("post", "/api/v1/cards/{card}/spend/", {"amount": "10"}, True, 201),
    ("post", "/api/v1/cards/{card}/adjust/", {"principal_delta": "-10", "reason": "x"}, True, 201),
    ("post", "/api/v1/cards/{card}/freeze/", {}, False, 200),
    ("post", "/api/v1/cards/{card}/unfreeze/", {}, False, 200),
    ("post", "/api/v1/cards/{card}/report-loss/", {}, False, 200),
    ("post", "/api/v1/cards/{card}/replace/", {"reason": "x"}, False, 201),
    ("post", "/api/v1/ledger-transactions/{txn}/refund/", {"reason": "x"}, True, 201),
    ("get", "/api/v1/card-types/{card_type}/", None, False, 200),
    ("patch", "/api/v1/card-types/{card_type}/", {"name": "pwned"}, False, 200),
    ("delete", "/api/v1/card-types/{card_type}/", None, False, 200),
    ("get", "/api/v1/top-up-rules/{rule}/", None, False, 200),
    ("patch", "/api/v1/top-up-rules/{rule}/", {"name": "pwned"}, False, 200),
    ("delete", "/api/v1/top-up-rules/{rule}/", None, False, 204),
]


@pytest.mark.parametrize(
    ("method", "url", "body", "needs_key", "control"),
    OBJECT_ENDPOINTS,
    ids=[f"{m} {u}" for m, u, *_ in OBJECT_ENDPOINTS],
)
def test_b_cannot_reach_a_objects_by_id(
    shop_a, owner_a, owner_b, tenant_a, method, url, body, needs_key, control
):
    path = url.format(**shop_a)
    extra = {"HTTP_IDEMPOTENCY_KEY": f"iso-{method}-{url}"} if needs_key else {}
    before = count_rows(tenant_a, Customer, Card, LedgerTransaction, LedgerEntry, AuditLog)
    denied = getattr(owner_b, method)(path, body, format="json", **extra)
    assert denied.status_code == 404, denied.content
    assert denied.json()["error"]["code"] == "not_found"
    assert count_rows(tenant_a, Customer, Card, LedgerTransaction, LedgerEntry, AuditLog) == before
    with schema_context(tenant_a.schema_name):
        assert Customer.objects.get(pk=shop_a["customer"]).name == "林小美"
    # Control: the same request on A's own host reaches the object.
    allowed = getattr(owner_a, method)(path, body, format="json", **extra)
    assert allowed.status_code == control, allowed.content


def test_b_lists_and_lookups_do_not_show_a_data(shop_a, owner_b):
    empty_pages = [
        ("/api/v1/customers/", {}),
        ("/api/v1/customers/", {"q": shop_a["phone"]}),
        ("/api/v1/customers/", {"q": shop_a["card_number"]}),
        ("/api/v1/cards/", {}),
        ("/api/v1/cards/", {"number": shop_a["card_number"]}),
        ("/api/v1/cards/", {"customer": shop_a["customer"]}),
        ("/api/v1/card-types/", {}),
        ("/api/v1/top-up-rules/", {}),
        ("/api/v1/audit-log/", {"target_type": "loyalty.card", "target_id": shop_a["card"]}),
        ("/api/v1/audit-log/", {"target_type": "members.customer", "target_id": shop_a["customer"]}),
    ]
    for url, params in empty_pages:
        response = owner_b.get(url, params)
        assert response.status_code == 200, (url, response.content)
        assert response.json()["count"] == 0, (url, params, response.json())
    for q in (shop_a["phone"], "5678", "小美", shop_a["card_number"]):
        assert owner_b.get("/api/v1/customers/lookup/", {"q": q}).json() == {"results": []}
    assert owner_b.get("/api/v1/customers/duplicates/", {"phone": "+886912345678"}).json() == {"results": []}


def test_b_cannot_use_a_ids_in_request_bodies(shop_a, owner_b, tenant_b):
    before = count_rows(tenant_b, Card, Customer, LedgerTransaction)
    issued = owner_b.post(
        "/api/v1/cards/", {"customer": shop_a["customer"], "card_type": shop_a["card_type"]}, format="json"
    )
    assert issued.status_code == 400
    assert {"customer", "card_type"} <= set(issued.json()["error"]["fields"])
    referred = owner_b.post(
        "/api/v1/customers/", {"name": "B", "referrer": shop_a["customer"]}, format="json"
    )
    assert referred.status_code == 400 and "referrer" in referred.json()["error"]["fields"]
    rule = owner_b.post(
        "/api/v1/top-up-rules/",
        {"name": "r", "min_amount": "1", "card_type": shop_a["card_type"]},
        format="json",
    )
    assert rule.status_code == 400 and "card_type" in rule.json()["error"]["fields"]
    preview = owner_b.get("/api/v1/top-up-rules/preview/", {"card_type": shop_a["card_type"], "amount": "1"})
    assert preview.status_code == 400
    assert count_rows(tenant_b, Card, Customer, LedgerTransaction) == before


def test_idempotency_keys_are_per_shop(shop_a, owner_a, owner_b):
    """The same key at two shops is two operations (each shop has its own ledger)."""
    customer = create_customer(owner_b, name="Bob", phone="+1 212 555 0100")
    card = issue_card(owner_b, customer["id"], create_card_type(owner_b)["id"])
    for client, card_id in ((owner_a, shop_a["card"]), (owner_b, card["id"])):
        response = client.post(
            f"/api/v1/cards/{card_id}/top-up/",
            {"amount": "5"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="shared-key",
        )
        assert response.status_code == 201, response.content
    assert owner_b.get(f"/api/v1/cards/{card['id']}/").json()["balances"]["total"] == "5.00"
