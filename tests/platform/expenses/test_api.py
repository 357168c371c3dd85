"""The expense API: categories (built-in ones named in the reader's language), recording,
validation, filters, totals, corrections and voids (both audited, nothing deleted), roles, and
managers limited to some stores."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from django_tenants.utils import schema_context

from core.models import AuditLog
from expenses.models import Expense, ExpenseCategory
from tests.conftest import make_client
from tests.platform.expenses.support import category_id, create_expense, stores
from tests.platform.loyalty.test_api_support import count_rows, staff_client


@pytest.fixture
def shop(owner_a) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = stores(owner_a)
    ids.update(rent=category_id(owner_a, "rent"), wages=category_id(owner_a, "wages"))
    return ids


# --- categories -------------------------------------------------------------------------------------


def test_every_shop_starts_with_the_default_categories(owner_a, owner_b):
    for client in (owner_a, owner_b):
        rows = client.get("/api/v1/expense-categories/").json()["results"]
        assert [(r["code"], r["name"], r["is_default"], r["active"]) for r in rows] == [
            ("rent", "Rent", True, True),
            ("utilities", "Utilities", True, True),
            ("wages", "Wages", True, True),
            ("supplies", "Supplies", True, True),
            ("marketing", "Marketing", True, True),
            ("other", "Other", True, True),
        ]


def test_built_in_names_follow_the_language_until_renamed(owner_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        rent = ExpenseCategory.objects.get(code="rent")
        assert rent.name == ""  # not stored: translated when shown
        with translation.override("zh-hant"):
            shown = rent.display_name
        with translation.override("zh-hant"):
            assert shown == translation.gettext("Rent")
    renamed = owner_a.patch(f"/api/v1/expense-categories/{rent.pk}/", {"name": "店租"}, format="json")
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["name"] == "店租"
    restored = owner_a.patch(f"/api/v1/expense-categories/{rent.pk}/", {"name": ""}, format="json")
    assert restored.status_code == 200 and restored.json()["name"] == "Rent"


def test_category_crud_and_validation(owner_a, shop):
    created = owner_a.post("/api/v1/expense-categories/", {"name": " Repairs ", "order": 70}, format="json")
    assert created.status_code == 201, created.content
    repairs = created.json()
    assert (repairs["name"], repairs["code"], repairs["is_default"], repairs["active"]) == (
        "Repairs",
        "",
        False,
        True,
    )
    for bad in ({"name": ""}, {}, {"name": "repairs"}):
        response = owner_a.post("/api/v1/expense-categories/", bad, format="json")
        assert response.status_code == 400, (bad, response.content)
        assert "name" in response.json()["error"]["fields"]
    blank = owner_a.patch(f"/api/v1/expense-categories/{repairs['id']}/", {"name": " "}, format="json")
    assert blank.status_code == 400  # only a built-in category falls back to its translated name
    off = owner_a.patch(f"/api/v1/expense-categories/{repairs['id']}/", {"active": False}, format="json")
    assert off.status_code == 200 and off.json()["active"] is False
    assert owner_a.delete(f"/api/v1/expense-categories/{repairs['id']}/").status_code == 204

    create_expense(owner_a, shop["main"], shop["rent"])
    in_use = owner_a.delete(f"/api/v1/expense-categories/{shop['rent']}/")
    assert in_use.status_code == 409 and in_use.json()["error"]["code"] == "in_use"


# --- expenses ---------------------------------------------------------------------------------------


def test_record_read_and_list_an_expense(owner_a, shop, tenant_a):
    expense = create_expense(
        owner_a, shop["main"], shop["rent"], amount="25000", payee=" Landlord Lin ", note="March rent"
    )
    assert expense["amount"] == "25000.00"
    assert (expense["store_name"], expense["category_name"]) == ("Alpha Beauty", "Rent")
    assert (expense["payee"], expense["note"], expense["spent_on"]) == (
        "Landlord Lin",
        "March rent",
        "2026-03-01",
    )
    assert expense["voided"] is False and expense["attachments"] == []
    assert expense["created_by_name"]
    assert owner_a.get(f"/api/v1/expenses/{expense['id']}/").json() == expense
    listing = owner_a.get("/api/v1/expenses/").json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == expense["id"]
    with schema_context(tenant_a.schema_name):
        log = AuditLog.objects.get(action="expense.create")
        assert log.target_id == str(expense["id"]) and log.after["amount"] == "25000.00"
        assert log.actor is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "1.005"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"amount": None}, "amount"),
        ({"spent_on": "2026-02-30"}, "spent_on"),
        ({"spent_on": None}, "spent_on"),
        ({"store": 999999}, "store"),
        ({"store": None}, "store"),
        ({"category": 999999}, "category"),
        ({"payee": "x" * 201}, "payee"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_invalid_expenses_are_400_and_write_nothing(owner_a, shop, tenant_a, change, field):
    body = {
        "store": shop["main"],
        "category": shop["rent"],
        "amount": "10",
        "spent_on": "2026-03-01",
        **change,
    }
    body = {k: v for k, v in body.items() if v is not None}
    before = count_rows(tenant_a, Expense, AuditLog)
    response = owner_a.post("/api/v1/expenses/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"], response.json()
    assert count_rows(tenant_a, Expense, AuditLog) == before


def test_an_inactive_category_takes_no_new_expenses(owner_a, shop):
    kept = create_expense(owner_a, shop["main"], shop["wages"])
    owner_a.patch(f"/api/v1/expense-categories/{shop['wages']}/", {"active": False}, format="json")
    body = {"store": shop["main"], "category": shop["wages"], "amount": "10", "spent_on": "2026-03-01"}
    refused = owner_a.post("/api/v1/expenses/", body, format="json")
    assert refused.status_code == 400 and "category" in refused.json()["error"]["fields"]
    # An expense already filed there can still be corrected without moving it.
    fixed = owner_a.patch(f"/api/v1/expenses/{kept['id']}/", {"amount": "11"}, format="json")
    assert fixed.status_code == 200 and fixed.json()["category"] == shop["wages"]


def test_filters(owner_a, shop):
    a = create_expense(owner_a, shop["main"], shop["rent"], spent_on="2026-03-01", payee="Landlord")
    b = create_expense(owner_a, shop["east"], shop["rent"], spent_on="2026-03-05", note="east rent")
    c = create_expense(owner_a, shop["main"], shop["wages"], spent_on="2026-03-10", payee="Mei")

    def ids(**query: object) -> list[int]:
        response = owner_a.get("/api/v1/expenses/", query)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [c["id"], b["id"], a["id"]]  # newest first
    assert ids(store=shop["east"]) == [b["id"]]
    assert ids(category=shop["wages"]) == [c["id"]]
    assert ids(date_from="2026-03-05") == [c["id"], b["id"]]
    assert ids(date_to="2026-03-05") == [b["id"], a["id"]]
    assert ids(date_from="2026-03-02", date_to="2026-03-09") == [b["id"]]
    assert ids(q="landlord") == [a["id"]]
    assert ids(q="EAST") == [b["id"]]
    assert ids(store=shop["main"], category=shop["rent"]) == [a["id"]]
    backwards = owner_a.get("/api/v1/expenses/", {"date_from": "2026-03-09", "date_to": "2026-03-01"})
    assert backwards.status_code == 400 and "date_to" in backwards.json()["error"]["fields"]
    assert owner_a.get("/api/v1/expenses/", {"date_from": "someday"}).status_code == 400
    assert owner_a.get("/api/v1/expenses/", {"status": "gone"}).status_code == 400


def test_totals(owner_a, shop):
    create_expense(owner_a, shop["main"], shop["rent"], amount="1000", spent_on="2026-03-01")
    create_expense(owner_a, shop["east"], shop["rent"], amount="500.50", spent_on="2026-03-01")
    create_expense(owner_a, shop["main"], shop["wages"], amount="2000", spent_on="2026-03-02")
    voided = create_expense(owner_a, shop["main"], shop["wages"], amount="99999", spent_on="2026-03-02")
    owner_a.post(f"/api/v1/expenses/{voided['id']}/void/", {"reason": "typo"}, format="json")

    totals = owner_a.get("/api/v1/expenses/totals/").json()
    assert totals == {
        "total": "3500.50",
        "count": 3,
        "by_category": [
            {"category": shop["wages"], "name": "Wages", "total": "2000.00", "count": 1},
            {"category": shop["rent"], "name": "Rent", "total": "1500.50", "count": 2},
        ],
        "by_store": [
            {"store": shop["main"], "name": "Alpha Beauty", "total": "3000.00", "count": 2},
            {"store": shop["east"], "name": "East", "total": "500.50", "count": 1},
        ],
        "by_day": [
            {"date": "2026-03-01", "total": "1500.50", "count": 2},
            {"date": "2026-03-02", "total": "2000.00", "count": 1},
        ],
    }
    east = owner_a.get("/api/v1/expenses/totals/", {"store": shop["east"]}).json()
    assert (east["total"], east["count"], len(east["by_day"])) == ("500.50", 1, 1)
    day = owner_a.get("/api/v1/expenses/totals/", {"date_from": "2026-03-02", "category": shop["rent"]})
    assert day.json() == {"total": "0.00", "count": 0, "by_category": [], "by_store": [], "by_day": []}
    bad = owner_a.get("/api/v1/expenses/totals/", {"date_from": "2026-03-09", "date_to": "2026-03-01"})
    assert bad.status_code == 400


def test_corrections_are_audited_with_before_and_after(owner_a, shop, tenant_a):
    expense = create_expense(owner_a, shop["main"], shop["rent"], amount="100", payee="A")
    unchanged = owner_a.patch(f"/api/v1/expenses/{expense['id']}/", {"amount": "100.00"}, format="json")
    assert unchanged.status_code == 200
    changed = owner_a.patch(
        f"/api/v1/expenses/{expense['id']}/",
        {"amount": "120", "store": shop["east"], "spent_on": "2026-03-03", "payee": "A"},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["amount"], changed.json()["store"]) == ("120.00", shop["east"])
    bad = owner_a.patch(f"/api/v1/expenses/{expense['id']}/", {"amount": "0"}, format="json")
    assert bad.status_code == 400
    with schema_context(tenant_a.schema_name):
        logs = list(AuditLog.objects.filter(action="expense.update"))
        assert len(logs) == 1
        assert logs[0].before == {"store": shop["main"], "amount": "100.00", "spent_on": "2026-03-01"}
        assert logs[0].after == {"store": shop["east"], "amount": "120.00", "spent_on": "2026-03-03"}
        assert Expense.objects.get(pk=expense["id"]).amount == Decimal("120.00")


def test_void_keeps_the_expense_out_of_the_books(owner_a, shop, tenant_a):
    expense = create_expense(owner_a, shop["main"], shop["rent"], amount="300")
    url = f"/api/v1/expenses/{expense['id']}/"
    for body in ({}, {"reason": "  "}):
        missing = owner_a.post(f"{url}void/", body, format="json")
        assert missing.status_code == 400 and "reason" in missing.json()["error"]["fields"]
    voided = owner_a.post(f"{url}void/", {"reason": "Entered twice"}, format="json")
    assert voided.status_code == 200, voided.content
    data = voided.json()
    assert data["voided"] is True and data["void_reason"] == "Entered twice"
    assert data["voided_at"] and data["voided_by_name"]
    assert owner_a.get("/api/v1/expenses/").json()["count"] == 0
    assert [r["id"] for r in owner_a.get("/api/v1/expenses/", {"status": "voided"}).json()["results"]] == [
        expense["id"]
    ]
    assert owner_a.get("/api/v1/expenses/", {"status": "all"}).json()["count"] == 1
    assert owner_a.get(url).status_code == 200  # still readable
    again = owner_a.post(f"{url}void/", {"reason": "again"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "voided"
    edit = owner_a.patch(url, {"amount": "1"}, format="json")
    assert edit.status_code == 409
    assert owner_a.delete(url).status_code == 405  # never deleted
    with schema_context(tenant_a.schema_name):
        assert Expense.objects.filter(pk=expense["id"], amount=Decimal("300")).exists()
        log = AuditLog.objects.get(action="expense.void")
        assert log.reason == "Entered twice" and log.before["amount"] == "300.00"


# --- roles ------------------------------------------------------------------------------------------


def test_cashiers_have_no_access_managers_do(owner_a, shop, tenant_a):
    expense = create_expense(owner_a, shop["main"], shop["rent"])
    cashier = staff_client(tenant_a, "cashier")
    base = f"/api/v1/expenses/{expense['id']}/"
    denied = [
        cashier.get("/api/v1/expenses/"),
        cashier.get("/api/v1/expenses/totals/"),
        cashier.get(base),
        cashier.patch(base, {"amount": "1"}, format="json"),
        cashier.post(f"{base}void/", {"reason": "x"}, format="json"),
        cashier.post(f"{base}attachments/", {}, format="multipart"),
        cashier.post(
            "/api/v1/expenses/",
            {"store": shop["main"], "category": shop["rent"], "amount": "1", "spent_on": "2026-03-01"},
            format="json",
        ),
        cashier.get("/api/v1/expense-categories/"),
        cashier.post("/api/v1/expense-categories/", {"name": "Mine"}, format="json"),
        cashier.patch(f"/api/v1/expense-categories/{shop['rent']}/", {"name": "x"}, format="json"),
        cashier.delete(f"/api/v1/expense-categories/{shop['rent']}/"),
    ]
    assert [r.status_code for r in denied] == [403] * len(denied)
    anonymous = make_client("alpha")
    assert anonymous.get("/api/v1/expenses/").status_code in (401, 403)
    assert anonymous.get("/api/v1/expense-categories/").status_code in (401, 403)

    manager = staff_client(tenant_a, "manager")
    assert manager.get(base).status_code == 200
    assert manager.patch(base, {"amount": "2"}, format="json").status_code == 200
    assert manager.post("/api/v1/expense-categories/", {"name": "Fees"}, format="json").status_code == 201
    create_expense(manager, shop["east"], shop["rent"])


def limited_manager(owner, tenant, store: int):  # type: ignore[no-untyped-def]
    client = staff_client(tenant, "manager", email=f"limited-{store}@alpha.test")
    staff = owner.get("/api/v1/staff/").json()["results"]
    user = next(s for s in staff if s["email"] == f"limited-{store}@alpha.test")
    response = owner.patch(f"/api/v1/staff/{user['id']}/", {"stores": [store]}, format="json")
    assert response.status_code == 200, response.content
    return client


def test_a_manager_limited_to_a_store_works_with_that_store_only(owner_a, shop, tenant_a):
    at_main = create_expense(owner_a, shop["main"], shop["rent"], amount="10")
    at_east = create_expense(owner_a, shop["east"], shop["rent"], amount="20")
    manager = limited_manager(owner_a, tenant_a, shop["main"])

    assert [r["id"] for r in manager.get("/api/v1/expenses/").json()["results"]] == [at_main["id"]]
    assert manager.get("/api/v1/expenses/", {"store": shop["east"]}).json()["count"] == 0
    totals = manager.get("/api/v1/expenses/totals/").json()
    assert (totals["total"], [s["store"] for s in totals["by_store"]]) == ("10.00", [shop["main"]])
    east_url = f"/api/v1/expenses/{at_east['id']}/"
    assert manager.get(east_url).status_code == 404
    assert manager.patch(east_url, {"amount": "1"}, format="json").status_code == 404
    assert manager.post(f"{east_url}void/", {"reason": "x"}, format="json").status_code == 404

    body = {"store": shop["east"], "category": shop["rent"], "amount": "5", "spent_on": "2026-03-01"}
    refused = manager.post("/api/v1/expenses/", body, format="json")
    assert refused.status_code == 403, refused.content
    error = refused.json()["error"]
    assert error["code"] == "store_not_allowed"
    assert error["message"] == "You can only work with the stores you are assigned to."
    assert "store" in error["fields"]
    moved = manager.patch(f"/api/v1/expenses/{at_main['id']}/", {"store": shop["east"]}, format="json")
    assert moved.status_code == 403
    create_expense(manager, shop["main"], shop["rent"])
    with schema_context(tenant_a.schema_name):
        assert Expense.objects.get(pk=at_main["id"]).store_id == shop["main"]
        assert Expense.objects.filter(store_id=shop["east"]).count() == 1
