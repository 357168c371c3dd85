"""The shop's custom customer fields over HTTP: definitions (CRUD, roles, validation, retiring),
the JSON Schema the UI renders forms from, customer writes validated against it, the cf_<key>
list filter and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from members.custom_fields import customer_schema
from members.models import Customer, CustomFieldDefinition
from tests.platform.loyalty.test_api_support import count_rows, create_customer, staff_client

FIELD_KEYS = {"id", "key", "label", "kind", "choices", "required", "order", "active"}
URL = "/api/v1/custom-fields/"


def define(client, **data: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client.post(URL, data, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def skin_type(client) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return define(client, key="skin_type", label="膚質", kind="choice", choices=["dry", "oily"])


def test_owner_defines_fields_and_any_staff_reads_them(owner_a, tenant_a):
    created = skin_type(owner_a)
    assert set(created) == FIELD_KEYS
    assert created == {
        "id": created["id"],
        "key": "skin_type",
        "label": "膚質",
        "kind": "choice",
        "choices": ["dry", "oily"],
        "required": False,
        "order": 100,
        "active": True,
    }
    manager = staff_client(tenant_a, "manager")
    interests = define(
        manager, key="interests", label="Interests", kind="multi_choice", choices=[" nails ", "hair", "nails"]
    )
    assert interests["choices"] == ["nails", "hair"]  # trimmed, duplicates dropped
    define(manager, key="vip", label="VIP", kind="boolean", required=True, order=1)

    cashier = staff_client(tenant_a, "cashier")
    listed = cashier.get(URL)
    assert listed.status_code == 200
    assert [f["key"] for f in listed.json()["results"]] == ["vip", "skin_type", "interests"]  # by order
    assert cashier.get(f"{URL}{created['id']}/").json() == created


def test_cashiers_cannot_write_definitions(owner_a, tenant_a):
    created = skin_type(owner_a)
    cashier = staff_client(tenant_a, "cashier")
    before = count_rows(tenant_a, CustomFieldDefinition)
    assert cashier.post(URL, {"key": "x", "label": "X", "kind": "text"}, format="json").status_code == 403
    assert cashier.patch(f"{URL}{created['id']}/", {"label": "X"}, format="json").status_code == 403
    assert cashier.delete(f"{URL}{created['id']}/").status_code == 403
    assert count_rows(tenant_a, CustomFieldDefinition) == before
    with schema_context(tenant_a.schema_name):
        assert CustomFieldDefinition.objects.get(pk=created["id"]).label == "膚質"
        assert CustomFieldDefinition.objects.get(pk=created["id"]).active


def test_definitions_need_a_login(tenant_a):
    from tests.conftest import make_client

    anonymous = make_client("alpha")
    assert anonymous.get(URL).status_code in (401, 403)
    assert anonymous.get("/api/v1/customers/schema/").status_code in (401, 403)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"key": "skin type", "label": "X", "kind": "text"}, "key"),
        ({"key": "", "label": "X", "kind": "text"}, "key"),
        ({"key": "k" * 41, "label": "X", "kind": "text"}, "key"),
        ({"key": "skin_type", "label": "X", "kind": "text"}, "key"),  # taken
        ({"key": "k", "label": "", "kind": "text"}, "label"),
        ({"key": "k", "label": "X", "kind": "colour"}, "kind"),
        ({"key": "k", "label": "X", "kind": "choice"}, "choices"),
        ({"key": "k", "label": "X", "kind": "multi_choice", "choices": [" ", ""]}, "choices"),
        ({"key": "k", "label": "X", "kind": "text", "choices": ["a"]}, "choices"),
        ({"key": "k", "label": "X", "kind": "choice", "choices": ["x" * 61]}, "choices"),
        ({"key": "k", "label": "X", "kind": "text", "order": -1}, "order"),
    ],
)
def test_invalid_definitions_are_400_and_write_nothing(owner_a, tenant_a, payload, field):
    skin_type(owner_a)
    before = count_rows(tenant_a, CustomFieldDefinition)
    response = owner_a.post(URL, payload, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert count_rows(tenant_a, CustomFieldDefinition) == before


def test_key_is_immutable_and_other_attributes_change(owner_a, tenant_a):
    created = skin_type(owner_a)
    url = f"{URL}{created['id']}/"
    renamed = owner_a.patch(url, {"key": "skin", "label": "Skin"}, format="json")
    assert renamed.status_code == 400 and "key" in renamed.json()["error"]["fields"]
    with schema_context(tenant_a.schema_name):
        assert CustomFieldDefinition.objects.get(pk=created["id"]).label == "膚質"  # nothing written
    same_key = owner_a.patch(url, {"key": "skin_type", "label": "Skin"}, format="json")
    assert same_key.status_code == 200 and same_key.json()["label"] == "Skin"
    no_choices = owner_a.patch(url, {"choices": []}, format="json")
    assert no_choices.status_code == 400 and "choices" in no_choices.json()["error"]["fields"]
    changed = owner_a.patch(url, {"choices": ["dry", "oily", "mixed"], "required": True}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["choices"] == ["dry", "oily", "mixed"] and changed.json()["required"]
    replaced = owner_a.put(
        url, {"key": "skin_type", "label": "膚質", "kind": "text", "choices": []}, format="json"
    )
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["kind"] == "text" and replaced.json()["choices"] == []


def test_delete_deactivates_and_keeps_stored_values(owner_a, tenant_a):
    created = skin_type(owner_a)
    customer = create_customer(owner_a, extra={"custom": {"skin_type": "dry"}})
    retired = owner_a.delete(f"{URL}{created['id']}/")
    assert retired.status_code == 200, retired.content
    assert retired.json() == {**created, "active": False}
    with schema_context(tenant_a.schema_name):
        assert CustomFieldDefinition.objects.filter(pk=created["id"], active=False).exists()
        assert Customer.objects.get(pk=customer["id"]).extra == {"custom": {"skin_type": "dry"}}
    schema = owner_a.get("/api/v1/customers/schema/").json()["schema"]
    # Retired: kept in the schema (stored values stay valid) but marked so forms hide it.
    assert schema["properties"]["custom"]["properties"]["skin_type"]["deprecated"] is True
    assert owner_a.get(URL).json()["results"][0]["active"] is False  # still listed, as retired
    back = owner_a.patch(f"{URL}{created['id']}/", {"active": True}, format="json")
    assert back.status_code == 200 and back.json()["active"] is True


def test_schema_is_the_one_the_server_validates_against(owner_a, tenant_a):
    skin_type(owner_a)
    define(owner_a, key="anniversary", label="紀念日", kind="date", required=True)
    response = owner_a.get("/api/v1/customers/schema/")
    assert response.status_code == 200, response.content
    schema = response.json()["schema"]
    with schema_context(tenant_a.schema_name):
        assert schema == customer_schema(tenant_a)
    custom = schema["properties"]["custom"]
    assert custom["properties"]["skin_type"] == {"type": "string", "enum": ["dry", "oily"], "title": "膚質"}
    assert custom["required"] == ["anniversary"]
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"custom": {"skin_type": "greasy"}}, "extra.custom.skin_type"),
        ({"custom": {"skin_type": 3}}, "extra.custom.skin_type"),
        ({"custom": {"nope": "x"}}, "extra.custom"),
        ({"nope": {}}, "extra"),
        ([1, 2], "extra"),
    ],
)
def test_customer_extra_is_validated_on_create_and_update(owner_a, tenant_a, extra, field):
    skin_type(owner_a)
    customer = create_customer(owner_a, extra={"custom": {"skin_type": "dry"}})
    before = count_rows(tenant_a, Customer)
    created = owner_a.post("/api/v1/customers/", {"name": "X", "extra": extra}, format="json")
    assert created.status_code == 400, created.content
    assert field in created.json()["error"]["fields"], created.json()
    assert count_rows(tenant_a, Customer) == before
    updated = owner_a.patch(f"/api/v1/customers/{customer['id']}/", {"extra": extra}, format="json")
    assert updated.status_code == 400, updated.content
    assert field in updated.json()["error"]["fields"], updated.json()
    with schema_context(tenant_a.schema_name):
        assert Customer.objects.get(pk=customer["id"]).extra == {"custom": {"skin_type": "dry"}}


def test_required_custom_field_error_names_the_field(owner_a):
    define(owner_a, key="anniversary", label="紀念日", kind="date", required=True)
    response = owner_a.post("/api/v1/customers/", {"name": "X", "extra": {"custom": {}}}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"extra.custom.anniversary": ["This field is required."]}
    ok = owner_a.post(
        "/api/v1/customers/", {"name": "X", "extra": {"custom": {"anniversary": "2020-02-29"}}}, format="json"
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["extra"] == {"custom": {"anniversary": "2020-02-29"}}


def test_list_filters_by_custom_fields(owner_a):
    skin_type(owner_a)
    define(owner_a, key="interests", label="Interests", kind="multi_choice", choices=["nails", "hair"])
    define(owner_a, key="visits", label="Visits", kind="number")
    define(owner_a, key="vip", label="VIP", kind="boolean")
    dry = create_customer(
        owner_a, name="甲", extra={"custom": {"skin_type": "dry", "interests": ["nails"], "visits": 3}}
    )
    dry_hair = create_customer(
        owner_a, name="乙", extra={"custom": {"skin_type": "dry", "interests": ["hair"], "vip": True}}
    )
    oily = create_customer(
        owner_a, name="丙", extra={"custom": {"skin_type": "oily", "interests": ["nails", "hair"]}}
    )
    create_customer(owner_a, name="丁")

    def ids(query: str) -> set[int]:
        response = owner_a.get(f"/api/v1/customers/?{query}")
        assert response.status_code == 200, response.content
        return {c["id"] for c in response.json()["results"]}

    assert ids("cf_skin_type=dry") == {dry["id"], dry_hair["id"]}
    assert ids("cf_interests=nails") == {dry["id"], oily["id"]}
    assert ids("cf_skin_type=dry&cf_interests=nails") == {dry["id"]}
    assert ids("cf_interests=nails&cf_interests=hair") == {oily["id"]}  # repeated: all must match
    assert ids("cf_visits=3") == {dry["id"]}
    assert ids("cf_vip=true") == {dry_hair["id"]}
    assert ids("cf_skin_type=dry&q=乙") == {dry_hair["id"]}
    assert ids("cf_unknown_key=dry") == set()  # not an error
    assert ids("cf_visits=many") == set()
    assert len(ids("")) == 4


@pytest.fixture
def field_of_a(owner_a, owner_b) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    created = skin_type(owner_a)
    create_customer(owner_a, extra={"custom": {"skin_type": "dry"}})
    return created


@pytest.mark.parametrize(
    ("method", "body", "control"),
    [
        ("get", None, 200),
        ("patch", {"label": "pwned"}, 200),
        ("put", {"key": "skin_type", "label": "pwned", "kind": "text", "choices": []}, 200),
        ("delete", None, 200),
    ],
)
def test_b_cannot_reach_a_definitions(field_of_a, owner_a, owner_b, tenant_a, method, body, control):
    url = f"{URL}{field_of_a['id']}/"
    denied = getattr(owner_b, method)(url, body, format="json")
    assert denied.status_code == 404, denied.content
    assert denied.json()["error"]["code"] == "not_found"
    with schema_context(tenant_a.schema_name):
        definition = CustomFieldDefinition.objects.get(pk=field_of_a["id"])
        assert (definition.label, definition.kind, definition.active) == ("膚質", "choice", True)
    assert getattr(owner_a, method)(url, body, format="json").status_code == control


def test_b_lists_schema_and_filters_do_not_show_a_fields(field_of_a, owner_b):
    assert "skin_type" not in {f["key"] for f in owner_b.get(URL).json()["results"]}
    schema = owner_b.get("/api/v1/customers/schema/").json()["schema"]
    assert "skin_type" not in schema["properties"]["custom"]["properties"]
    assert owner_b.get("/api/v1/customers/?cf_skin_type=dry").json()["count"] == 0
    # B may define the same key: each shop has its own fields.
    assert skin_type(owner_b)["key"] == "skin_type"
