"""Extra customer fields: the shop's own (CustomFieldDefinition rows) and plugins' (FieldSet hook).

Values live in ``Customer.extra``: ``extra["custom"][key]`` for the shop's fields and
``extra[namespace]`` for each plugin. Both are validated with JSON Schema, built from the
definitions and the ``register_fields`` hook for the tenant's enabled plugins, so the UI can render
forms from the same schema it is validated against.
"""

from __future__ import annotations

from typing import Any

import jsonschema
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.errors import DomainError
from members.models import Customer, CustomFieldDefinition
from pluginhost.calls import field_sets

_KIND_SCHEMA: dict[str, dict[str, Any]] = {
    CustomFieldDefinition.Kind.TEXT: {"type": "string", "maxLength": 500},
    CustomFieldDefinition.Kind.NUMBER: {"type": "number"},
    CustomFieldDefinition.Kind.DATE: {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    CustomFieldDefinition.Kind.BOOLEAN: {"type": "boolean"},
}


def definition_schema(definition: CustomFieldDefinition) -> dict[str, Any]:
    if definition.kind == CustomFieldDefinition.Kind.CHOICE:
        schema: dict[str, Any] = {"type": "string", "enum": list(definition.choices)}
    elif definition.kind == CustomFieldDefinition.Kind.MULTI_CHOICE:
        schema = {
            "type": "array",
            "items": {"type": "string", "enum": list(definition.choices)},
            "uniqueItems": True,
        }
    else:
        schema = dict(_KIND_SCHEMA[definition.kind])
    schema["title"] = definition.label
    if not definition.active:
        schema["deprecated"] = True  # retired: not shown in forms, stored values stay valid
    return schema


def customer_schema(tenant: Any = None) -> dict[str, Any]:
    """The JSON Schema of ``Customer.extra`` for this tenant."""
    # Retired fields stay in the schema (not required): values stored while they were active remain
    # valid, so editing a customer never silently drops them.
    definitions = list(CustomFieldDefinition.objects.all())
    custom = {
        "type": "object",
        "properties": {d.key: definition_schema(d) for d in definitions},
        "required": [d.key for d in definitions if d.required and d.active],
        "additionalProperties": False,
    }
    # "import" is written by the importer (batch and row of origin), never by a form.
    properties: dict[str, Any] = {"custom": custom, "import": {"type": "object"}}
    for field_set in field_sets(
        tenant if tenant is not None else getattr(connection, "tenant", None), "member"
    ):
        properties[field_set.namespace] = field_set.schema
    return {"type": "object", "properties": properties, "additionalProperties": False}


def validate_extra(extra: Any, tenant: Any = None) -> dict[str, Any]:
    """Return ``extra`` if valid; otherwise a DomainError with one message per bad field."""
    extra = extra if extra is not None else {}
    schema = customer_schema(tenant)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(extra), key=lambda e: list(e.absolute_path))
    # The shop's required fields are only enforced when the "custom" object is present at all.
    if not errors:
        return extra
    fields: dict[str, list[str]] = {}
    for error in errors:
        path = ".".join(str(p) for p in error.absolute_path) or "extra"
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            path = f"{path}.{missing}" if path != "extra" else missing
            message = _("This field is required.")
        elif error.validator == "additionalProperties":
            message = _("Unknown field.")
        elif error.validator == "enum":
            message = _("Choose one of the offered options.")
        else:
            message = _("Enter a valid value.")
        fields.setdefault(f"extra.{path}" if not path.startswith("extra") else path, []).append(message)
    raise DomainError(_("Some custom fields are not valid."), fields=fields)


def filter_by_custom_field(queryset: QuerySet[Customer], key: str, value: Any) -> QuerySet[Customer]:
    """Customers whose shop field ``key`` equals (or, for multi-choice, contains) ``value``; uses the
    GIN index on ``extra`` through JSON containment."""
    definition = CustomFieldDefinition.objects.filter(key=key).first()
    if definition is None:
        return queryset.none()
    if definition.kind == CustomFieldDefinition.Kind.MULTI_CHOICE:
        return queryset.filter(extra__contains={"custom": {key: [value]}})
    if definition.kind == CustomFieldDefinition.Kind.NUMBER:
        try:
            value = float(value) if "." in str(value) else int(value)
        except ValueError:
            return queryset.none()
    if definition.kind == CustomFieldDefinition.Kind.BOOLEAN:
        value = str(value).lower() in {"1", "true", "yes"}
    return queryset.filter(extra__contains={"custom": {key: value}})
