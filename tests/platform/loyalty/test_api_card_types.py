"""Card types and top-up rules over HTTP: validation, roles, retiring a type in use, bonus preview."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from loyalty.models import CardType, CardTypeService, TopUpRule
from tests.platform.loyalty.test_api_support import (
    count_rows,
    create_card_type,
    create_customer,
    issue_card,
    staff_client,
)

CARD_TYPE_KEYS = {
    "id",
    "name",
    "kind",
    "price",
    "discount_rate",
    "minutes",
    "validity_days",
    "earns_points",
    "active",
    "services",
}


def test_owner_creates_a_count_card_type_with_services(owner_a, tenant_a):
    created = create_card_type(
        owner_a,
        name="剪髮10次",
        kind="count",
        price="3000",
        validity_days=365,
        services=[{"service": "haircut", "sessions": 10}, {"service": "wash", "sessions": 5}],
    )
    assert set(created) == CARD_TYPE_KEYS
    assert created["price"] == "3000.00"
    assert created["active"] is True and created["earns_points"] is True
    assert created["services"] == [{"service": "haircut", "sessions": 10}, {"service": "wash", "sessions": 5}]
    changed = owner_a.patch(
        f"/api/v1/card-types/{created['id']}/",
        {"services": [{"service": "haircut", "sessions": 12}]},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["services"] == [{"service": "haircut", "sessions": 12}]
    renamed = owner_a.patch(f"/api/v1/card-types/{created['id']}/", {"name": "剪髮12次"}, format="json")
    assert renamed.json()["services"] == [{"service": "haircut", "sessions": 12}]
    with schema_context(tenant_a.schema_name):
        assert CardTypeService.objects.filter(card_type_id=created["id"]).count() == 1
    listed = owner_a.get("/api/v1/card-types/").json()
    assert [t["name"] for t in listed["results"]] == ["剪髮12次"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "C", "kind": "count"}, "services"),
        ({"name": "C", "kind": "count", "services": []}, "services"),
        ({"name": "C", "kind": "count", "services": [{"service": "a", "sessions": 0}]}, "services"),
        (
            {
                "name": "C",
                "kind": "count",
                "services": [{"service": "a", "sessions": 1}, {"service": "a", "sessions": 2}],
            },
            "services",
        ),
        ({"name": "S", "kind": "stored_value", "services": [{"service": "a", "sessions": 1}]}, "services"),
        ({"name": "D", "kind": "discount"}, "discount_rate"),
        ({"name": "D", "kind": "discount", "discount_rate": "0"}, "discount_rate"),
        ({"name": "D", "kind": "discount", "discount_rate": "1.2"}, "discount_rate"),
        ({"name": "T", "kind": "time"}, "minutes"),
        ({"name": "X", "kind": "magic"}, "kind"),
        ({"kind": "stored_value"}, "name"),
        ({"name": "P", "kind": "stored_value", "price": "-1"}, "price"),
    ],
)
def test_invalid_card_types_are_400_and_write_nothing(owner_a, tenant_a, payload, field):
    before = count_rows(tenant_a, CardType, CardTypeService)
    response = owner_a.post("/api/v1/card-types/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"], response.json()
    assert count_rows(tenant_a, CardType, CardTypeService) == before


def test_valid_discount_and_time_types(owner_a):
    discount = create_card_type(owner_a, name="9折卡", kind="discount", discount_rate="0.9")
    assert discount["discount_rate"] == "0.900"
    assert create_card_type(owner_a, name="月卡", kind="time", validity_days=30)["validity_days"] == 30
    clear = owner_a.patch(f"/api/v1/card-types/{discount['id']}/", {"discount_rate": None}, format="json")
    assert clear.status_code == 400 and "discount_rate" in clear.json()["error"]["fields"]


def test_cashier_reads_but_cannot_write_card_types_or_rules(owner_a, tenant_a):
    cashier = staff_client(tenant_a, "cashier")
    card_type = create_card_type(owner_a)
    rule = owner_a.post("/api/v1/top-up-rules/", {"name": "r", "min_amount": "100"}, format="json").json()
    assert cashier.get("/api/v1/card-types/").status_code == 200
    assert cashier.get(f"/api/v1/card-types/{card_type['id']}/").status_code == 200
    assert cashier.get("/api/v1/top-up-rules/").status_code == 200
    before = count_rows(tenant_a, CardType, TopUpRule)
    for method, url, data in [
        ("post", "/api/v1/card-types/", {"name": "x", "kind": "stored_value"}),
        ("patch", f"/api/v1/card-types/{card_type['id']}/", {"name": "x"}),
        ("put", f"/api/v1/card-types/{card_type['id']}/", {"name": "x", "kind": "stored_value"}),
        ("delete", f"/api/v1/card-types/{card_type['id']}/", None),
        ("post", "/api/v1/top-up-rules/", {"name": "x", "min_amount": "1"}),
        ("patch", f"/api/v1/top-up-rules/{rule['id']}/", {"name": "x"}),
        ("delete", f"/api/v1/top-up-rules/{rule['id']}/", None),
    ]:
        response = getattr(cashier, method)(url, data, format="json")
        assert response.status_code == 403, (method, url)
        assert response.json()["error"]["code"] == "permission_denied"
    assert count_rows(tenant_a, CardType, TopUpRule) == before
    with schema_context(tenant_a.schema_name):
        assert CardType.objects.get(pk=card_type["id"]).name == card_type["name"]


def test_manager_can_write_card_types(tenant_a):
    manager = staff_client(tenant_a, "manager")
    created = create_card_type(manager, name="Manager's")
    assert manager.patch(f"/api/v1/card-types/{created['id']}/", {"price": "99"}, format="json").json()[
        "price"
    ] == ("99.00")


def test_deleting_a_type_in_use_retires_it(owner_a, tenant_a):
    used = create_card_type(owner_a, name="used")
    unused = create_card_type(owner_a, name="unused")
    customer = create_customer(owner_a)
    issue_card(owner_a, customer["id"], used["id"])
    retired = owner_a.delete(f"/api/v1/card-types/{used['id']}/")
    assert retired.status_code == 200
    assert retired.json()["active"] is False
    gone = owner_a.delete(f"/api/v1/card-types/{unused['id']}/")
    assert gone.status_code == 204
    with schema_context(tenant_a.schema_name):
        assert CardType.objects.filter(pk=used["id"], active=False).exists()
        assert not CardType.objects.filter(pk=unused["id"]).exists()
    again = owner_a.post(
        "/api/v1/cards/", {"customer": customer["id"], "card_type": used["id"]}, format="json"
    )
    assert again.status_code == 400 and "card_type" in again.json()["error"]["fields"]
    kind_change = owner_a.patch(
        f"/api/v1/card-types/{used['id']}/", {"kind": "time", "minutes": 5}, format="json"
    )
    assert kind_change.status_code == 400 and "kind" in kind_change.json()["error"]["fields"]


def test_top_up_rules_crud_and_validation(owner_a, tenant_a):
    sv = create_card_type(owner_a)
    count = create_card_type(owner_a, kind="count", name="c", services=[{"service": "a", "sessions": 1}])
    response = owner_a.post(
        "/api/v1/top-up-rules/",
        {
            "name": "3000送500",
            "card_type": sv["id"],
            "min_amount": "3000",
            "bonus_amount": "500",
            "starts_at": "2026-01-01T00:00:00Z",
            "ends_at": "2099-01-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    rule = response.json()
    assert set(rule) == {
        "id",
        "name",
        "card_type",
        "min_amount",
        "bonus_amount",
        "bonus_percent",
        "starts_at",
        "ends_at",
        "active",
    }
    assert (rule["card_type"], rule["min_amount"], rule["bonus_amount"], rule["bonus_percent"]) == (
        sv["id"],
        "3000.00",
        "500.00",
        "0.00",
    )
    assert owner_a.get(f"/api/v1/top-up-rules/{rule['id']}/").json() == rule
    before = count_rows(tenant_a, TopUpRule)
    for payload, field in [
        ({"name": "x", "min_amount": "0"}, "min_amount"),
        ({"name": "x"}, "min_amount"),
        ({"name": "x", "min_amount": "1", "bonus_amount": "-1"}, "bonus_amount"),
        ({"name": "x", "min_amount": "1", "bonus_percent": "-5"}, "bonus_percent"),
        ({"name": "x", "min_amount": "1", "card_type": count["id"]}, "card_type"),
        ({"name": "x", "min_amount": "1", "card_type": 999999}, "card_type"),
        (
            {
                "name": "x",
                "min_amount": "1",
                "starts_at": "2026-02-01T00:00:00Z",
                "ends_at": "2026-01-01T00:00:00Z",
            },
            "ends_at",
        ),
    ]:
        bad = owner_a.post("/api/v1/top-up-rules/", payload, format="json")
        assert bad.status_code == 400, payload
        assert field in bad.json()["error"]["fields"], bad.json()
    assert count_rows(tenant_a, TopUpRule) == before
    changed = owner_a.patch(f"/api/v1/top-up-rules/{rule['id']}/", {"active": False}, format="json")
    assert changed.status_code == 200 and changed.json()["active"] is False
    assert owner_a.delete(f"/api/v1/top-up-rules/{rule['id']}/").status_code == 204
    assert count_rows(tenant_a, TopUpRule) == (before[0] - 1,)


def test_bonus_preview(owner_a, tenant_a):
    cashier = staff_client(tenant_a, "cashier")
    sv = create_card_type(owner_a)
    other = create_card_type(owner_a, name="other")
    owner_a.post(
        "/api/v1/top-up-rules/",
        {"name": "1000送100", "min_amount": "1000", "bonus_amount": "100"},
        format="json",
    )
    owner_a.post(
        "/api/v1/top-up-rules/",
        {"name": "VIP 20%", "min_amount": "1000", "bonus_percent": "20", "card_type": sv["id"]},
        format="json",
    )

    def preview(**params):  # type: ignore[no-untyped-def]
        response = cashier.get("/api/v1/top-up-rules/preview/", params)
        assert response.status_code == 200, response.content
        return response.json()

    vip = preview(card_type=sv["id"], amount="1000")
    assert vip["amount"] == "1000.00" and vip["bonus"] == "200.00" and vip["total"] == "1200.00"
    assert vip["rule"]["name"] == "VIP 20%" and set(vip["rule"]) == {"id", "name"}
    assert preview(card_type=other["id"], amount="1000")["rule"]["name"] == "1000送100"
    assert preview(amount="1000")["bonus"] == "100.00"
    assert preview(card_type=sv["id"], amount="999.99") == {
        "amount": "999.99",
        "bonus": "0.00",
        "total": "999.99",
        "rule": None,
    }
    for params, field in [
        ({"card_type": sv["id"]}, "amount"),
        ({"amount": "-1"}, "amount"),
        ({"card_type": 999999, "amount": "1"}, "card_type"),
    ]:
        bad = cashier.get("/api/v1/top-up-rules/preview/", params)
        assert bad.status_code == 400 and field in bad.json()["error"]["fields"], bad.json()
