"""Subdomain routing with a friendly page for unknown, inactive or suspended hosts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django_tenants.middleware.main import TenantMainMiddleware

from tenants.models import Tenant


def suspended_response(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """A suspended shop keeps all its data but answers nothing else: a page in the shop's language
    (or the API's error shape), 403, until the vendor resumes it."""
    with translation.override(tenant.language or "en"):
        if request.path.startswith("/api/"):
            message = _("This shop is suspended. Its data is kept; please contact Huiyuan support.")
            body = {"error": {"code": "tenant_suspended", "message": message, "fields": {}}}
            return JsonResponse(body, status=403)
        return render(
            request,
            "tenants/suspended.html",
            {"shop_name": tenant.name, "LANGUAGE_CODE": translation.get_language()},
            status=403,
        )


class TenantMiddleware(TenantMainMiddleware):
    def no_tenant_found(self, request: HttpRequest, hostname: str) -> HttpResponse:  # type: ignore[override]
        return render(request, "tenants/unknown_host.html", {"hostname": hostname}, status=404)

    def process_request(self, request: HttpRequest) -> HttpResponse | None:  # type: ignore[override]
        response = super().process_request(request)
        if response is not None:
            return response
        tenant = request.tenant
        if tenant.state in (Tenant.State.POOLED, Tenant.State.TEMPLATE):
            return self.no_tenant_found(request, self.hostname_from_request(request))
        if tenant.state == Tenant.State.SUSPENDED:
            return suspended_response(request, tenant)
        return None
