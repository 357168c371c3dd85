"""Plugins' extra product fields: ``Product.extra[namespace]``, validated with JSON Schema built from
the ``register_fields`` hook (target "product") for the tenant's enabled plugins, as for members."""

from __future__ import annotations

from typing import Any

import jsonschema
from django.db import connection
from django.utils.translation import gettext as _

from core.errors import DomainError
from pluginhost.calls import field_sets


def product_schema(tenant: Any = None) -> dict[str, Any]:
    """The JSON Schema of ``Product.extra`` for this tenant: one object per plugin namespace."""
    tenant = tenant if tenant is not None else getattr(connection, "tenant", None)
    properties = {field_set.namespace: field_set.schema for field_set in field_sets(tenant, "product")}
    return {"type": "object", "properties": properties, "additionalProperties": False}


def validate_extra(extra: Any, tenant: Any = None) -> dict[str, Any]:
    """Return ``extra`` if valid; otherwise a DomainError with one message per bad field."""
    extra = extra if extra is not None else {}
    validator = jsonschema.Draft202012Validator(
        product_schema(tenant), format_checker=jsonschema.FormatChecker()
    )
    errors = sorted(validator.iter_errors(extra), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return extra
    fields: dict[str, list[str]] = {}
    for error in errors:
        path = ".".join(str(p) for p in error.absolute_path)
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            path = f"{path}.{missing}" if path else missing
            message = _("This field is required.")
        elif error.validator == "additionalProperties":
            message = _("Unknown field.")
            known = set(error.schema.get("properties", {}))
            for key in sorted(str(k) for k in error.instance if k not in known):
                name = f"{path}.{key}" if path else key
                fields.setdefault(f"extra.{name}", []).append(message)
            continue
        elif error.validator == "enum":
            message = _("Choose one of the offered options.")
        else:
            message = _("Enter a valid value.")
        fields.setdefault(f"extra.{path}" if path else "extra", []).append(message)
    raise DomainError(_("Some custom fields are not valid."), fields=fields)
