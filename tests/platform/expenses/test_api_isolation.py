"""Tenant isolation of the expense API: shop B's owner, using shop A's ids on B's host, gets 404 for
every object endpoint (A's owner, as a control, reaches the same object); B's lists and totals never
show A's expenses; A's ids in B's request bodies are invalid; A's files never reach B."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from expenses.models import Expense, ExpenseAttachment, ExpenseCategory
from tests.platform.expenses.support import JPEG, category_id, create_expense, stores, upload
from tests.platform.loyalty.test_api_support import count_rows

MODELS = (Expense, ExpenseAttachment, ExpenseCategory)


@pytest.fixture
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def shop_a(media_root, owner_a, owner_b, tenant_b) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A's second store, own category, one expense with an attachment; B has no expenses."""
    ids = stores(owner_a)
    category = owner_a.post("/api/v1/expense-categories/", {"name": "Alpha only"}, format="json").json()
    expense = create_expense(owner_a, ids["east"], category["id"], amount="777", payee="Alpha payee")
    attachment = upload(owner_a, expense["id"], ("a.jpg", JPEG)).json()["attachments"][0]
    with schema_context(tenant_b.schema_name):
        assert not Expense.objects.exists()
        assert not ExpenseCategory.objects.filter(pk=category["id"]).exists()
    return {
        "store": ids["east"],
        "main": ids["main"],
        "category": category["id"],
        "expense": expense["id"],
        "attachment": attachment["id"],
        "rent": category_id(owner_a),
    }


# (method, url, body, status A's owner gets for the same request)
OBJECT_ENDPOINTS = [
    ("get", "/api/v1/expense-categories/{category}/", None, 200),
    ("patch", "/api/v1/expense-categories/{category}/", {"name": "pwned"}, 200),
    ("delete", "/api/v1/expense-categories/{category}/", None, 409),
    ("get", "/api/v1/expenses/{expense}/", None, 200),
    ("patch", "/api/v1/expenses/{expense}/", {"amount": "1"}, 200),
    ("post", "/api/v1/expenses/{expense}/void/", {"reason": "pwned"}, 200),
    ("get", "/api/v1/expenses/{expense}/attachments/{attachment}/", None, 200),
    ("delete", "/api/v1/expenses/{expense}/attachments/{attachment}/", None, 200),
]


@pytest.mark.parametrize(
    ("method", "url", "body", "control"), OBJECT_ENDPOINTS, ids=[f"{m} {u}" for m, u, *_ in OBJECT_ENDPOINTS]
)
def test_b_cannot_reach_a_objects_by_id(shop_a, owner_a, owner_b, tenant_a, method, url, body, control):
    path = url.format(**shop_a)
    before = count_rows(tenant_a, *MODELS)
    denied = getattr(owner_b, method)(path, body, format="json")
    assert denied.status_code == 404, denied.content
    assert denied.json()["error"]["code"] == "not_found"
    assert count_rows(tenant_a, *MODELS) == before
    with schema_context(tenant_a.schema_name):
        expense = Expense.objects.get(pk=shop_a["expense"])
        assert str(expense.amount) == "777.00" and not expense.voided
        assert ExpenseCategory.objects.get(pk=shop_a["category"]).name == "Alpha only"
        assert ExpenseAttachment.objects.get(pk=shop_a["attachment"]).removed_at is None
    allowed = getattr(owner_a, method)(path, body, format="json")
    assert allowed.status_code == control, allowed.content


def test_b_cannot_attach_files_to_a_expense(shop_a, owner_b, tenant_a):
    before = count_rows(tenant_a, *MODELS)
    response = upload(owner_b, shop_a["expense"], ("b.jpg", JPEG))
    assert response.status_code == 404
    assert count_rows(tenant_a, *MODELS) == before


def test_b_lists_and_totals_never_show_a(shop_a, owner_b):
    assert owner_b.get("/api/v1/expenses/").json()["count"] == 0
    assert owner_b.get("/api/v1/expenses/", {"status": "all", "q": "Alpha"}).json()["count"] == 0
    assert owner_b.get("/api/v1/expenses/", {"store": shop_a["store"]}).json()["count"] == 0
    totals = owner_b.get("/api/v1/expenses/totals/").json()
    assert (totals["total"], totals["count"], totals["by_store"]) == ("0.00", 0, [])
    names = [c["name"] for c in owner_b.get("/api/v1/expense-categories/").json()["results"]]
    assert "Alpha only" not in names


def test_a_ids_in_b_bodies_are_invalid(shop_a, owner_b, tenant_b):
    b_stores = [row["id"] for row in owner_b.get("/api/v1/stores/").json()["results"]]
    b_store = b_stores[0]
    a_store = next(pk for pk in (shop_a["store"], shop_a["main"]) if pk not in b_stores)
    b_rent = category_id(owner_b)
    for body, field in (
        ({"store": a_store, "category": b_rent}, "store"),
        ({"store": b_store, "category": shop_a["category"]}, "category"),
    ):
        response = owner_b.post(
            "/api/v1/expenses/", {**body, "amount": "5", "spent_on": "2026-03-01"}, format="json"
        )
        assert response.status_code == 400, response.content
        assert field in response.json()["error"]["fields"]
    with schema_context(tenant_b.schema_name):
        assert not Expense.objects.exists()


def test_a_files_never_reach_b(shop_a, owner_a, owner_b, tenant_a, tenant_b, media_root):
    with schema_context(tenant_a.schema_name):
        name = ExpenseAttachment.objects.get(pk=shop_a["attachment"]).file.name
    a, b = tenant_a.schema_name, tenant_b.schema_name
    for path in (f"/media/{a}/{name}", f"/media/{b}/{name}", f"/media/{b}/../{a}/{name}"):
        assert owner_b.get(path).status_code == 404, path
    # B's own expense cannot point at A's attachment id either.
    b_store = owner_b.get("/api/v1/stores/").json()["results"][0]["id"]
    b_expense = create_expense(owner_b, b_store, category_id(owner_b))
    assert (
        owner_b.get(f"/api/v1/expenses/{b_expense['id']}/attachments/{shop_a['attachment']}/").status_code
        == 404
    )
    photo = SimpleUploadedFile("x.jpg", JPEG)
    assert (
        owner_b.post(
            f"/api/v1/expenses/{shop_a['expense']}/attachments/", {"files": [photo]}, format="multipart"
        ).status_code
        == 404
    )
