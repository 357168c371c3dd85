"""Tenant-defined and plugin-registered custom fields, phone validation and counter lookup."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from core.errors import DomainError
from huiyuan import hookimpl
from members.custom_fields import customer_schema, filter_by_custom_field
from members.models import Customer, CustomFieldDefinition
from members.selectors import lookup
from members.services import create_customer, duplicates_by_phone, join_membership, update_customer
from pluginhost.manager import register_plugin, unregister_plugin
from pluginhost.types import FieldSet
from tenants.models import TenantPlugin


@pytest.fixture
def shop(tenant_a):  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        yield tenant_a


@pytest.fixture
def fields(shop):  # type: ignore[no-untyped-def]
    CustomFieldDefinition.objects.create(
        key="skin_type", label="膚質", kind="choice", choices=["dry", "oily"]
    )
    CustomFieldDefinition.objects.create(
        key="allergies", label="過敏", kind="multi_choice", choices=["nuts", "latex"]
    )
    CustomFieldDefinition.objects.create(key="visits_per_month", label="Visits", kind="number")
    CustomFieldDefinition.objects.create(key="vip", label="VIP", kind="boolean")
    CustomFieldDefinition.objects.create(key="anniversary", label="紀念日", kind="date")


def test_valid_custom_fields_are_stored_and_filterable(fields):
    a = create_customer(
        {"name": "甲", "extra": {"custom": {"skin_type": "dry", "allergies": ["nuts"], "vip": True}}}
    )
    create_customer({"name": "乙", "extra": {"custom": {"skin_type": "oily", "visits_per_month": 3}}})
    qs = Customer.objects.all()
    assert list(filter_by_custom_field(qs, "skin_type", "dry")) == [a]
    assert list(filter_by_custom_field(qs, "allergies", "nuts")) == [a]
    assert list(filter_by_custom_field(qs, "vip", "true")) == [a]
    assert filter_by_custom_field(qs, "visits_per_month", "3").count() == 1
    assert filter_by_custom_field(qs, "no_such_field", "x").count() == 0


@pytest.mark.parametrize(
    ("custom", "bad_field"),
    [
        ({"skin_type": "wet"}, "extra.custom.skin_type"),
        ({"allergies": ["cats"]}, "extra.custom.allergies.0"),
        ({"visits_per_month": "many"}, "extra.custom.visits_per_month"),
        ({"vip": "yes"}, "extra.custom.vip"),
        ({"anniversary": "31/01/2024"}, "extra.custom.anniversary"),
        ({"unknown": 1}, "extra.custom"),
    ],
)
def test_invalid_custom_fields_are_field_errors_and_write_nothing(fields, custom, bad_field):
    before = Customer.objects.count()
    with pytest.raises(DomainError) as err:
        create_customer({"name": "丙", "extra": {"custom": custom}})
    assert bad_field in err.value.fields, err.value.fields
    assert Customer.objects.count() == before


def test_required_custom_field(shop):
    CustomFieldDefinition.objects.create(key="source", label="來源", kind="text", required=True)
    with pytest.raises(DomainError) as err:
        create_customer({"name": "丁", "extra": {"custom": {}}})
    assert "extra.custom.source" in err.value.fields


class PetFields:
    @hookimpl
    def register_fields(self):  # type: ignore[no-untyped-def]
        return [
            FieldSet(
                "member",
                "pets",
                {
                    "type": "object",
                    "properties": {"pet_count": {"type": "integer", "minimum": 0}},
                    "additionalProperties": False,
                },
            )
        ]


@pytest.fixture
def pet_plugin():  # type: ignore[no-untyped-def]
    register_plugin(PetFields(), "testpets")
    yield
    unregister_plugin("testpets")


def test_plugin_fields_are_validated_only_where_enabled(shop, pet_plugin):
    from pluginhost.calls import forget_enabled_plugins

    with pytest.raises(DomainError):
        create_customer({"name": "戊", "extra": {"pets": {"pet_count": 2}}})  # not enabled: unknown
    TenantPlugin.objects.create(tenant=shop, plugin="testpets", enabled=True)
    forget_enabled_plugins(shop)
    from django.db import connection

    forget_enabled_plugins(connection.tenant)
    assert "pets" in customer_schema(shop)["properties"]
    created = create_customer({"name": "戊", "extra": {"pets": {"pet_count": 2}}})
    assert created.extra == {"pets": {"pet_count": 2}}
    with pytest.raises(DomainError) as err:
        update_customer(created, {"extra": {"pets": {"pet_count": -1}}})
    assert "extra.pets.pet_count" in err.value.fields


def test_phone_is_stored_in_international_form_and_validated(shop):
    c = create_customer({"name": "Amy", "phone": "0912-345-678"})
    assert c.phone == "+886912345678"
    us = create_customer({"name": "Bob", "phone": "+1 (415) 555-0132"})
    assert us.phone == "+14155550132"
    with pytest.raises(DomainError) as err:
        create_customer({"name": "Bad", "phone": "12345"})
    assert "phone" in err.value.fields
    assert [d.pk for d in duplicates_by_phone("0912 345 678")] == [c.pk]


def test_lookup_by_phone_card_member_number_and_name(shop):
    from loyalty.models import CardType
    from loyalty.services.cards import issue_card

    mei = create_customer({"name": "王美麗", "phone": "0912345678"}, join=True)
    create_customer({"name": "Alice Chen", "phone": "0987654321"}, join=True)
    card = issue_card(mei, CardType.objects.create(name="SV", kind="stored_value"), idempotency_key="i")
    for q in [
        "0912345678",
        "+886 912 345 678",
        "0912",
        "5678",
        "美麗",
        "王美",
        "麗",
        mei.member_no,
        card.number,
    ]:
        assert [c.name for c in lookup(q)] == ["王美麗"], q
    assert [c.name for c in lookup("alice")] == ["Alice Chen"]
    assert [c.name for c in lookup("ali")] == ["Alice Chen"]
    assert list(lookup("")) == [] and list(lookup("zzz")) == []


def test_lookup_never_crosses_tenants(tenant_a, tenant_b):
    with schema_context(tenant_a.schema_name):
        create_customer({"name": "只在甲店", "phone": "0911111111"}, join=True)
    with schema_context(tenant_b.schema_name):
        assert list(lookup("只在甲店")) == [] and list(lookup("0911111111")) == []


def test_member_numbers_use_the_prefix_and_are_unique(shop):
    from loyalty.models import LoyaltySettings

    settings_row = LoyaltySettings.current()
    settings_row.member_no_prefix = "VIP"
    settings_row.save()
    a = create_customer({"name": "A"}, join=True)
    b = create_customer({"name": "B"})
    assert b.member_no is None
    b = join_membership(b)
    assert a.member_no.startswith("VIP") and b.member_no.startswith("VIP") and a.member_no != b.member_no
    assert join_membership(b).member_no == b.member_no  # joining twice changes nothing


def test_retired_field_values_stay_valid_and_are_marked_deprecated(fields):
    customer = create_customer({"name": "庚", "extra": {"custom": {"skin_type": "dry"}}})
    CustomFieldDefinition.objects.filter(key="skin_type").update(active=False)
    schema = customer_schema()["properties"]["custom"]["properties"]["skin_type"]
    assert schema["deprecated"] is True
    update_customer(customer, {"extra": {"custom": {"skin_type": "dry", "vip": True}}})
    customer.refresh_from_db()
    assert customer.extra["custom"] == {"skin_type": "dry", "vip": True}
    with pytest.raises(DomainError):  # still validated: a retired choice field keeps its choices
        update_customer(customer, {"extra": {"custom": {"skin_type": "wet"}}})
