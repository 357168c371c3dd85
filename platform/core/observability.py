"""Sentry: initialised only when SENTRY_DSN is set; no personal data; every event tagged with
the tenant so a reseller's support can find a shop's errors without seeing its customers."""

from __future__ import annotations

from typing import Any

import sentry_sdk
from django.db import connection
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration


def _add_tenant(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    schema = getattr(connection, "schema_name", None)
    if schema:
        event.setdefault("tags", {}).setdefault("tenant", schema)
    return event


def init_sentry(dsn: str, environment: str, **options: Any) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # No personal data: leaving send_default_pii/data_collection unset keeps the SDK's
        # no-PII defaults (explicit send_default_pii is deprecated in sentry-sdk 2.7x).
        traces_sample_rate=float(options.pop("traces_sample_rate", 0.0)),
        before_send=_add_tenant,
        **options,
    )


def tag_request(request: Any) -> None:
    tenant = getattr(request, "tenant", None)
    if tenant is not None:
        sentry_sdk.set_tag("tenant", tenant.schema_name)
        sentry_sdk.set_tag("tenant_id", str(tenant.pk))
