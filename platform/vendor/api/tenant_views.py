"""Support access as the shop sees it (tenant host): the owner lists and revokes grants; every
signed-in staff member can see whether support is in the shop right now (banner)."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.api.pagination import Pagination
from core.api.permissions import role_required
from core.models import AuditLog
from vendor import support
from vendor.models import SupportGrant


class SupportGrantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    vendor_name = serializers.CharField()
    vendor_email = serializers.EmailField()
    reason = serializers.CharField()
    started_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    ended_by = serializers.CharField(help_text="vendor or owner; empty while running or when it expired")
    active = serializers.BooleanField()
    requests = serializers.IntegerField(help_text="Requests made under this grant (from the audit log).")


def _rows(grants: list[SupportGrant]) -> list[dict]:
    counts = dict(
        AuditLog.objects.filter(
            action="support.request",
            target_type="vendor.supportgrant",
            target_id__in=[str(g.pk) for g in grants],
        )
        .values_list("target_id")
        .annotate(n=Count("id"))
    )
    return [
        {
            "id": g.pk,
            "vendor_name": g.vendor_name,
            "vendor_email": g.vendor_email,
            "reason": g.reason,
            "started_at": g.started_at,
            "expires_at": g.expires_at,
            "ended_at": g.ended_at,
            "ended_by": g.ended_by,
            "active": g.is_active(),
            "requests": counts.get(str(g.pk), 0),
        }
        for g in grants
    ]


class SupportAccessListView(APIView):
    permission_classes = [role_required(User.Role.OWNER)]

    @extend_schema(
        responses={200: SupportGrantSerializer(many=True)},
        summary="Support access to this shop, current and past (owner)",
        description="Every time Huiyuan staff entered this shop: who, why, when, until when, how many "
        "requests. Paginated, newest first.",
    )
    def get(self, request: Request) -> Response:
        queryset = SupportGrant.objects.filter(tenant_id=request.tenant.pk).order_by("-started_at", "-id")
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(SupportGrantSerializer(_rows(page), many=True).data)


class SupportAccessActiveView(APIView):
    @extend_schema(
        responses={200: SupportGrantSerializer(many=True)},
        summary="Support access running right now (any staff; for the banner)",
    )
    def get(self, request: Request) -> Response:
        grants = support.active_grants(request.tenant)
        return Response(SupportGrantSerializer(_rows(grants), many=True).data)


class SupportAccessRevokeView(APIView):
    permission_classes = [role_required(User.Role.OWNER)]

    @extend_schema(
        request=None,
        responses={200: SupportGrantSerializer},
        summary="Revoke a support access now (owner)",
        description="The support session ends on its next request. 409 grant_ended when already over.",
    )
    def post(self, request: Request, pk: int) -> Response:
        grant = get_object_or_404(SupportGrant, pk=pk, tenant_id=request.tenant.pk)
        grant = support.end_grant(
            grant, by=SupportGrant.EndedBy.OWNER, email=request.user.email, tenant_actor=request.user
        )
        return Response(SupportGrantSerializer(_rows([grant])[0]).data)


@never_cache
def enter(request: HttpRequest) -> HttpResponseRedirect:
    """The vendor's one-time support link lands here, on the shop's host."""
    grant = support.enter(request, request.GET.get("token", ""))
    return HttpResponseRedirect("/" if grant is not None else "/login")
