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


def report_if_slow(request: Any, response: Any, elapsed_ms: float) -> None:
    """A request slower than ``SLOW_REQUEST_MS`` becomes a Sentry warning, tagged like errors are
    (tenant, never personal data), with the route rather than the raw path (ids, tokens)."""
    from django.conf import settings

    threshold = getattr(settings, "SLOW_REQUEST_MS", 0)
    if not threshold or elapsed_ms < threshold:
        return
    match = getattr(request, "resolver_match", None)
    route = getattr(match, "route", "") or getattr(match, "view_name", "") or "unresolved"
    with sentry_sdk.new_scope() as scope:
        scope.set_tag("slow_request", "true")
        scope.set_tag("route", route[:200])
        scope.set_extra("elapsed_ms", round(elapsed_ms, 1))
        scope.set_extra("status", getattr(response, "status_code", None))
        scope.fingerprint = ["slow-request", request.method, route]
        sentry_sdk.capture_message(f"Slow request: {request.method} {route}", level="warning")
