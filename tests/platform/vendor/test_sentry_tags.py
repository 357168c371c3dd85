"""Errors in the vendor console reach Sentry tagged with the public host's tenant, the vendor staff
member (id only) and the tenant being worked on; support sessions carry the grant id."""

from __future__ import annotations

import json
import time

import pytest
import sentry_sdk
from django.test import Client

from tests.platform.core.test_sentry import DSN, CapturingTransport, boom, error_events, wsgi_get


@pytest.fixture
def sentry_events(settings):  # type: ignore[no-untyped-def]
    """As in tests/platform/core/test_sentry.py: a real client whose transport keeps the events."""
    from core.observability import init_sentry

    transport = CapturingTransport()
    init_sentry(dsn=DSN, environment="test", transport=transport)
    settings.SENTRY_DSN = DSN
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()


def vendor_session_cookie(staff) -> str:  # type: ignore[no-untyped-def]
    """A public-schema session that passed both factors."""
    from vendor.auth import VERIFIED

    client = Client()
    client.force_login(staff.user)
    session = client.session
    session[VERIFIED] = time.time()
    session.save()
    return session.session_key


def test_vendor_error_is_tagged_with_vendor_and_target_tenant(
    sentry_events, monkeypatch, vendor_admin, tenant_a
):
    monkeypatch.setattr("vendor.selectors.tenant_detail", boom)
    cookie = vendor_session_cookie(vendor_admin)
    status, _ = wsgi_get("localhost", f"/api/v1/vendor/tenants/{tenant_a.pk}/", {"sessionid": cookie})
    assert status.startswith("500"), status
    [event] = error_events(sentry_events)
    tags = event["tags"]
    assert tags["tenant"] == "public"
    assert tags["vendor_staff"] == str(vendor_admin.pk)
    assert tags["target_tenant"] == tenant_a.schema_name and tags["target_tenant_id"] == str(tenant_a.pk)
    text = json.dumps(event, default=str)
    assert vendor_admin.user.email not in text and cookie not in text


def test_support_session_error_is_tagged_with_the_grant(sentry_events, monkeypatch, vendor_admin, tenant_a):
    from django_tenants.utils import schema_context

    from vendor.support import SESSION_GRANT, ensure_support_user, open_grant

    grant = open_grant(tenant_a, vendor_admin.user, "Checking an error for the owner", 30)
    with schema_context(tenant_a.schema_name):
        client = Client(HTTP_HOST="alpha.localhost")
        client.force_login(ensure_support_user())
        session = client.session
        session[SESSION_GRANT] = grant.pk
        session.save()
        cookie = session.session_key
    monkeypatch.setattr("accounts.api.views.session_payload", boom)
    status, _ = wsgi_get("alpha.localhost", "/api/v1/auth/session/", {"sessionid": cookie})
    assert status.startswith("500"), status
    [event] = error_events(sentry_events)
    assert event["tags"]["tenant"] == tenant_a.schema_name
    assert event["tags"]["support_grant"] == str(grant.pk)
