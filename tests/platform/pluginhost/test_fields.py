"""register_fields: JSON Schema field sets per target, only for tenants with the plugin enabled."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from huiyuan import hookimpl
from pluginhost import calls, manager
from pluginhost.types import FIELD_TARGETS, FieldSet
from tenants.models import TenantPlugin

PET_SCHEMA = {
    "type": "object",
    "properties": {"pet_name": {"type": "string", "maxLength": 50}, "species": {"enum": ["dog", "cat"]}},
    "required": ["pet_name"],
}
GROOMING_SCHEMA = {"type": "object", "properties": {"minutes": {"type": "integer", "minimum": 0}}}


class PetFields:
    @hookimpl
    def register_fields(self) -> list[FieldSet]:
        return [FieldSet("member", "testpets", PET_SCHEMA), FieldSet("product", "testpets", GROOMING_SCHEMA)]


@pytest.fixture
def pet_fields():  # type: ignore[no-untyped-def]
    manager.register_plugin(PetFields(), "testpets")
    yield
    manager.unregister_plugin("testpets")


def test_core_registers_no_extra_fields(tenant_a):
    assert all(calls.field_sets(tenant_a, target) == [] for target in FIELD_TARGETS)


def test_field_sets_are_returned_per_target(tenant_a, pet_fields):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testpets", enabled=True)
    assert calls.field_sets(tenant_a, "member") == [FieldSet("member", "testpets", PET_SCHEMA)]
    assert calls.field_sets(tenant_a, "product") == [FieldSet("product", "testpets", GROOMING_SCHEMA)]
    assert calls.field_sets(tenant_a, "order") == []
    member = calls.field_sets(tenant_a, "member")[0]
    assert member.schema["type"] == "object" and member.schema["required"] == ["pet_name"]


def test_field_sets_are_filtered_per_tenant(tenant_a, tenant_b, pet_fields):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testpets", enabled=True)
    TenantPlugin.objects.create(tenant=tenant_b, plugin="testpets", enabled=False)
    assert [f.namespace for f in calls.field_sets(tenant_a, "member")] == ["testpets"]
    assert calls.field_sets(tenant_b, "member") == []
    assert calls.field_sets(tenant_b, "product") == []


def test_same_namespace_on_another_target_is_allowed_but_not_twice_on_one(pet_fields):
    class OrderFields:
        @hookimpl
        def register_fields(self) -> list[FieldSet]:
            return [FieldSet("order", "testpets", {"type": "object"})]

    class MemberClash:
        @hookimpl
        def register_fields(self) -> list[FieldSet]:
            return [FieldSet("member", "testpets", {"type": "object"})]

    manager.register_plugin(OrderFields(), "testorderfields")
    try:
        with pytest.raises(ImproperlyConfigured, match=r"register_fields: key \('member', 'testpets'\)"):
            manager.register_plugin(MemberClash(), "testmemberclash")
        assert manager.get_plugin_manager().get_plugin("testmemberclash") is None
    finally:
        manager.unregister_plugin("testorderfields")
