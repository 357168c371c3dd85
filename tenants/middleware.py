"""Subdomain routing with a friendly page for unknown or inactive hosts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware

from tenants.models import Tenant


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
        return None
