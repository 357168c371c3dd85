"""Tenant-host middleware (after authentication): support sessions and last activity.

* A session bound to a support grant is checked on **every** request: when the grant has expired
  or was revoked, the session is logged out before the view runs (the request continues anonymous,
  so the API answers 401/403 and the app shows its log-in page). While the grant is valid, each
  request is written to the shop's own audit log (``support.request``, target the grant, with
  method, path and status) after the response is produced, whatever the view did.
* The support identity is only ever valid together with a live grant: a session of that account
  without one is logged out too.
* Requests of the shop's own signed-in staff (the log-in itself included) stamp
  ``TenantActivity.last_activity_at``, at most once per tenant per
  ``VENDOR_ACTIVITY_INTERVAL_SECONDS`` per process (a cache ``add`` gate), so the vendor's tenant
  list can show last activity without scanning every schema.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from core import audit
from vendor import conf
from vendor.models import SupportGrant, TenantActivity
from vendor.support import SESSION_GRANT, is_support_user


def touch_activity(tenant_id: int) -> bool:
    """Stamp the tenant's last activity unless it was stamped in the last interval (this process)."""
    if not cache.add(f"vendor-activity:{tenant_id}", 1, conf.get("ACTIVITY_INTERVAL_SECONDS")):
        return False
    table = f'"{settings.PUBLIC_SCHEMA_NAME}"."{TenantActivity._meta.db_table}"'
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (tenant_id, last_activity_at) VALUES (%s, %s) "  # noqa: S608 (our names)
            "ON CONFLICT (tenant_id) DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at",
            [tenant_id, timezone.now()],
        )
    return True


class SupportSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        session = getattr(request, "session", None)
        if tenant is None or session is None or tenant.schema_name == settings.PUBLIC_SCHEMA_NAME:
            return self.get_response(request)
        grant_id = session.get(SESSION_GRANT)
        user = request.user
        support = is_support_user(user) and user.is_authenticated
        if grant_id is None and not support:
            response = self.get_response(request)
            # After the view, so a log-in request counts (and stamps before the next requests).
            staff = getattr(request, "user", None)
            if staff is not None and staff.is_authenticated and not is_support_user(staff):
                touch_activity(tenant.pk)
            return response

        grant = SupportGrant.objects.filter(pk=grant_id, tenant_id=tenant.pk).first() if grant_id else None
        if grant is None or not support or not grant.is_active():
            self._end_session(request, grant, support)
            return self.get_response(request)

        if settings.SENTRY_DSN:
            import sentry_sdk

            sentry_sdk.set_tag("support_grant", str(grant.pk))
        response = self.get_response(request)
        audit.record(
            "support.request",
            grant,
            actor=user,  # the support identity, even if the view logged it out
            after={
                "grant": grant.pk,
                "method": request.method,
                "path": request.path[:300],
                "status": response.status_code,
            },
        )
        return response

    @staticmethod
    def _end_session(request: HttpRequest, grant: SupportGrant | None, support: bool) -> None:
        if grant is not None and support:
            why = "revoked" if grant.ended_at else "expired"
            audit.record(
                "support.session_ended", grant, actor=request.user, after={"grant": grant.pk, "why": why}
            )
        logout(request)
