"""Sentry events carry the tenant, never personal data, and tags do not leak between requests.

Requests go through Django's real WSGI handler (the entry point gunicorn uses and that the Sentry
Django integration wraps with a per-request scope); events are captured by a Transport subclass.
"""

from __future__ import annotations

import io
import json
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
import sentry_sdk
from django.test import Client
from django_tenants.utils import schema_context
from sentry_sdk.transport import Transport

from tests.conftest import SHOPS

DSN = "http://public@127.0.0.1:9/1"
CLIENT_IP = "203.0.113.77"
CSRF_COOKIE = "csrf-cookie-value-that-must-not-leak-0123456789"
BOOM = "boom from the sentry test"


class CapturingTransport(Transport):
    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self.events: list[dict[str, Any]] = []

    def capture_envelope(self, envelope: Any) -> None:
        event = envelope.get_event()
        if event is not None:
            self.events.append(event)

    def flush(self, timeout: float, callback: Any = None) -> None:
        return None

    def kill(self) -> None:
        return None


@pytest.fixture
def sentry_events(settings):  # type: ignore[no-untyped-def]
    from core.observability import init_sentry

    transport = CapturingTransport()
    init_sentry(dsn=DSN, environment="test", transport=transport)
    settings.SENTRY_DSN = DSN
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: a disabled client for whatever runs next


def session_cookie_for(tenant, email: str) -> str:  # type: ignore[no-untyped-def]
    """A real logged-in session of the shop owner, stored in the tenant's schema."""
    from accounts.models import User

    with schema_context(tenant.schema_name):
        client = Client()
        client.force_login(User.objects.get(email=email))
        return client.cookies["sessionid"].value


def wsgi_get(host: str, path: str, cookies: dict[str, str]) -> tuple[str, bytes]:
    """One request through the production WSGI handler, like the test client keeping the test's
    database connection (no close_old_connections around the request)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "HTTP_HOST": host,
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "REMOTE_ADDR": CLIENT_IP,
        "HTTP_X_FORWARDED_FOR": CLIENT_IP,
        "HTTP_ACCEPT_LANGUAGE": "en",
        "HTTP_USER_AGENT": "sentry-test-agent",
        "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "wsgi.input": io.BytesIO(b""),
    }
    setup_testing_defaults(environ)
    status: list[str] = []

    def start_response(status_line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        status.append(status_line)

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = WSGIHandler()(environ, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return status[0], body


def boom(request: Any) -> Any:
    raise RuntimeError(BOOM)


def error_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        e for e in events if any(v.get("value") == BOOM for v in (e.get("exception") or {}).get("values", []))
    ]


def crash_on(tenant, subdomain: str, events: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:  # type: ignore[no-untyped-def]
    session_key = session_cookie_for(tenant, SHOPS[subdomain]["email"])
    before = len(error_events(events))
    status, _ = wsgi_get(
        f"{subdomain}.localhost",
        "/api/v1/auth/session/",
        {"sessionid": session_key, "csrftoken": CSRF_COOKIE},
    )
    assert status.startswith("500"), status
    new = error_events(events)[before:]
    assert len(new) == 1, [e.get("exception") for e in events]
    return new[0], session_key


def assert_no_personal_data(event: dict[str, Any], email: str, session_key: str) -> None:
    text = json.dumps(event, default=str)
    assert email not in text
    assert session_key not in text
    assert CSRF_COOKIE not in text
    assert CLIENT_IP not in text
    assert "ip_address" not in json.dumps(event.get("user") or {})
    request = event.get("request") or {}
    assert not request.get("cookies")
    assert (request.get("headers") or {}).get("Cookie") in (None, "", "[Filtered]")
    assert "REMOTE_ADDR" not in (request.get("env") or {})


def test_error_event_is_tagged_with_tenant_and_has_no_personal_data(
    sentry_events, monkeypatch, tenant_a, tenant_b
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("accounts.api.views.session_payload", boom)

    event_a, session_a = crash_on(tenant_a, "alpha", sentry_events)
    assert event_a["tags"]["tenant"] == tenant_a.schema_name
    assert event_a["tags"]["tenant_id"] == str(tenant_a.pk)
    assert event_a["environment"] == "test"
    assert event_a["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event_a["request"]["url"].endswith("/api/v1/auth/session/")  # the request context is there
    assert_no_personal_data(event_a, SHOPS["alpha"]["email"], session_a)

    event_b, session_b = crash_on(tenant_b, "beta", sentry_events)
    assert event_b["tags"]["tenant"] == tenant_b.schema_name
    assert event_b["tags"]["tenant_id"] == str(tenant_b.pk)
    assert tenant_a.schema_name not in json.dumps(event_b, default=str)
    assert_no_personal_data(event_b, SHOPS["beta"]["email"], session_b)

    # Tags were set on the request's own scope: nothing of the last request sticks around.
    sentry_sdk.capture_message("outside any request")
    outside = [e for e in sentry_events if e.get("message") == "outside any request"]
    assert len(outside) == 1
    assert "tenant_id" not in (outside[0].get("tags") or {})


def test_no_tenant_tags_without_sentry_dsn(sentry_events, settings, monkeypatch, tenant_a) -> None:  # type: ignore[no-untyped-def]
    """RequestContextMiddleware only tags when Sentry is configured (SENTRY_DSN)."""
    settings.SENTRY_DSN = ""
    monkeypatch.setattr("accounts.api.views.session_payload", boom)
    event, _ = crash_on(tenant_a, "alpha", sentry_events)
    assert "tenant_id" not in event.get("tags", {})
    # before_send still names the schema the connection was on when the error happened.
    assert event["tags"]["tenant"] == tenant_a.schema_name


def test_slow_requests_become_tagged_warnings_without_personal_data(tenant_a, sentry_events, settings):
    settings.SLOW_REQUEST_MS = 0.001  # every request is "slow" for this test
    session_key = session_cookie_for(tenant_a, SHOPS["alpha"]["email"])
    status, _ = wsgi_get("alpha.localhost", "/api/v1/auth/session/", {"sessionid": session_key})
    assert status.startswith("200"), status
    slow = [e for e in sentry_events if (e.get("tags") or {}).get("slow_request") == "true"]
    assert len(slow) == 1, sentry_events
    assert slow[0]["level"] == "warning"
    assert slow[0]["tags"]["tenant"] == tenant_a.schema_name
    assert_no_personal_data(slow[0], SHOPS["alpha"]["email"], session_key)
    settings.SLOW_REQUEST_MS = 0
    wsgi_get("alpha.localhost", "/api/v1/auth/session/", {"sessionid": session_key})
    assert len([e for e in sentry_events if (e.get("tags") or {}).get("slow_request")]) == 1
