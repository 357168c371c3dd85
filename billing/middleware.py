"""Read-only mode for shops whose subscription lapsed, enforced in ONE place.

Every unsafe request (POST/PUT/PATCH/DELETE) on a tenant host is refused with HTTP 402 and the
API error shape, code ``read_only``, unless its path is on the allow-list below. Reading and
exporting are GETs and always pass. Public hosts (sign-up, webhooks, vendor admin) are untouched.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from billing.access import READ_ONLY, access_for, billing_for

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# Unsafe requests a read-only shop may still make: sign in and out, switch the UI language (to
# read the message), everything billing (to pay), and exports (GETs today; listed so a future
# POST export stays allowed). Prefixes end with "/" so "billing" does not match "billingx".
ALLOWED_PREFIXES = (
    "/api/v1/auth/login/",
    "/api/v1/auth/logout/",
    "/api/v1/auth/csrf/",
    "/api/v1/auth/language/",
    "/api/v1/billing/",
    "/api/v1/customers/export/",
    # The owner can always revoke a vendor's support access (a security control, not a write).
    "/api/v1/support-access/",
)


def is_allowed(path: str) -> bool:
    return path.startswith(ALLOWED_PREFIXES)


def read_only_response() -> JsonResponse:
    message = _(
        "This shop is read-only because its subscription is not active. You can still sign in, "
        "view and export your data. The owner can restore full access on the Billing page."
    )
    return JsonResponse(
        {"error": {"code": "read_only", "message": str(message), "fields": {}}},
        status=402,
    )


class ReadOnlyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SAFE_METHODS and not is_allowed(request.path_info):
            tenant = getattr(request, "tenant", None)
            schema = getattr(tenant, "schema_name", settings.PUBLIC_SCHEMA_NAME)
            if schema != settings.PUBLIC_SCHEMA_NAME and access_for(billing_for(tenant)) == READ_ONLY:
                return read_only_response()
        return self.get_response(request)
