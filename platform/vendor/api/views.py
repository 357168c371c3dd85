"""The vendor console API (public host, /api/v1/vendor/): session auth with CSRF, two factors.

Views are thin: validate, call a vendor service, serialise. Reading needs any vendor staff
member; changing a tenant (suspend/resume, plugins, export, deletion) needs the *admin* role;
support access is open to every vendor staff member (it is itself audited and time-limited).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.http import FileResponse, Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import audit
from core.api.pagination import Pagination
from core.api.permissions import enforce_csrf
from core.errors import DomainError
from pluginhost.manager import plugin_infos
from tenants.models import Tenant
from tenants.services import lifecycle
from vendor import auth, conf, deletion, exports, metrics, plugins, selectors, support
from vendor.api.permissions import IsVendorAdmin, IsVendorStaff
from vendor.api.serializers import (
    CodeSerializer,
    DeletionSerializer,
    LoginSerializer,
    OptionalReasonSerializer,
    PluginToggleSerializer,
    ReasonSerializer,
    SupportGrantCreateSerializer,
    VerifySerializer,
)
from vendor.models import SupportGrant, TenantExport, VendorStaff


def _tag(**tags: Any) -> None:
    """Sentry tags of this request (the tenant tag itself is "public" on this host)."""
    if settings.SENTRY_DSN:
        import sentry_sdk

        for key, value in tags.items():
            sentry_sdk.set_tag(key, str(value))


def _user_payload(staff: VendorStaff) -> dict[str, Any]:
    return {
        "email": staff.user.email,
        "name": staff.user.name,
        "role": staff.role,
        "recovery_codes_left": staff.recovery_codes.filter(used_at__isnull=True).count(),
    }


def _stage_payload(request: Request) -> dict[str, Any]:
    staff = auth.verified_staff(request._request)
    if staff is not None:
        return {"stage": "verified", "user": _user_payload(staff)}
    pending = auth.pending_staff(request._request)
    if pending is not None:
        return {"stage": "verify" if pending.enrolled else "enroll", "user": None}
    return {"stage": "password", "user": None}


class _AuthView(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [AllowAny]


class SessionView(_AuthView):
    @extend_schema(responses={200: dict}, summary="Vendor console: log-in stage and who am I")
    def get(self, request: Request) -> Response:
        get_token(request._request)
        return Response(_stage_payload(request))


class LoginView(_AuthView):
    @extend_schema(
        request=LoginSerializer,
        responses={200: dict},
        summary="Vendor console: first factor (password)",
        description="Vendor staff only; anyone else gets invalid_credentials. Does not log in: the "
        "response says whether the second factor must be set up (enroll) or entered (verify).",
    )
    def post(self, request: Request) -> Response:
        enforce_csrf(request)
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        staff = auth.begin(
            request._request, serializer.validated_data["email"], serializer.validated_data["password"]
        )
        return Response({"stage": "verify" if staff.enrolled else "enroll", "user": None})


class EnrollmentView(_AuthView):
    @extend_schema(responses={200: dict}, summary="Vendor console: authenticator secret and otpauth URI")
    def get(self, request: Request) -> Response:
        secret, uri = auth.enrollment(request._request)
        return Response({"secret": secret, "otpauth_uri": uri})

    @extend_schema(
        request=CodeSerializer,
        responses={200: dict},
        summary="Vendor console: confirm the authenticator with a first code",
        description="Logs in and returns the recovery codes, once.",
    )
    def post(self, request: Request) -> Response:
        enforce_csrf(request)
        serializer = CodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        staff, codes = auth.confirm_enrollment(request._request, serializer.validated_data["code"])
        return Response({"stage": "verified", "user": _user_payload(staff), "recovery_codes": codes})


class VerifyView(_AuthView):
    @extend_schema(
        request=VerifySerializer,
        responses={200: dict},
        summary="Vendor console: second factor (TOTP code or recovery code)",
    )
    def post(self, request: Request) -> Response:
        enforce_csrf(request)
        serializer = VerifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        staff = auth.verify(
            request._request,
            code=serializer.validated_data.get("code", ""),
            recovery_code=serializer.validated_data.get("recovery_code", ""),
        )
        return Response({"stage": "verified", "user": _user_payload(staff)})


class LogoutView(_AuthView):
    @extend_schema(request=None, responses={204: None}, summary="Vendor console: log out")
    def post(self, request: Request) -> Response:
        enforce_csrf(request)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class VendorView(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsVendorStaff]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        _tag(vendor_staff=request.vendor_staff.pk)

    def get_tenant(self, pk: int) -> Tenant:
        tenant = get_object_or_404(selectors.tenant_queryset(), pk=pk)
        _tag(target_tenant=tenant.schema_name, target_tenant_id=tenant.pk)
        return tenant

    def detail(self, tenant: Tenant) -> Response:
        fresh = get_object_or_404(selectors.tenant_queryset(), pk=tenant.pk)
        return Response(selectors.tenant_detail(fresh))


class RecoveryCodesView(VendorView):
    @extend_schema(
        request=CodeSerializer, responses={200: dict}, summary="Vendor console: new recovery codes"
    )
    def post(self, request: Request) -> Response:
        serializer = CodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        codes = auth.regenerate_recovery_codes(request.vendor_staff, serializer.validated_data["code"])
        return Response({"recovery_codes": codes})


class OptionsView(VendorView):
    @extend_schema(responses={200: dict}, summary="Vendor console: filter choices")
    def get(self, request: Request) -> Response:
        from billing.models import Plan

        return Response(
            {
                "trades": [{"value": v, "label": str(label)} for v, label in settings.TRADES],
                "plans": [
                    {"value": p.code, "label": p.name, "currency": p.currency}
                    for p in Plan.objects.order_by("currency", "code")
                ],
                "statuses": list(selectors.STATUS_FILTERS),
                "billing_statuses": list(selectors.BILLING_FILTERS),
                "plugins": sorted(name for name, info in plugin_infos().items() if not info.default),
                "support_minutes": {
                    "default": conf.get("SUPPORT_DEFAULT_MINUTES"),
                    "min": conf.get("SUPPORT_MIN_MINUTES"),
                    "max": conf.get("SUPPORT_MAX_MINUTES"),
                },
                "deletion_grace_days": conf.get("DELETION_GRACE_DAYS"),
            }
        )


class MetricsView(VendorView):
    @extend_schema(
        parameters=[
            OpenApiParameter("months", int, description="Months of churn history (1–36, default 12).")
        ],
        responses={200: dict},
        summary="Vendor console: MRR, tenants, trials, seats, churn per month",
    )
    def get(self, request: Request) -> Response:
        try:
            months = min(36, max(1, int(request.query_params.get("months", 12))))
        except ValueError:
            months = 12
        return Response(metrics.overview(months=months))


class TenantListView(VendorView):
    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Name, subdomain or owner email contains; schema name."),
            OpenApiParameter("status", str, enum=list(selectors.STATUS_FILTERS)),
            OpenApiParameter("billing", str, enum=list(selectors.BILLING_FILTERS)),
            OpenApiParameter("trade", str),
            OpenApiParameter("plan", str, description="Plan code, or none."),
            OpenApiParameter("ordering", str, enum=list(selectors.ORDERINGS)),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: dict},
        summary="Vendor console: tenants with status, trade, plan, seats, MRR and last activity",
        operation_id="vendor_tenants_list",
    )
    def get(self, request: Request) -> Response:
        queryset = selectors.filter_tenants(selectors.tenant_queryset(), request.query_params)
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response([selectors.tenant_row(t) for t in page])


class TenantDetailView(VendorView):
    @extend_schema(responses={200: dict}, summary="Vendor console: one tenant with plugins, exports, grants")
    def get(self, request: Request, pk: int) -> Response:
        return self.detail(self.get_tenant(pk))


def _change_state(tenant: Tenant, change: Any, action: str, user: Any, data: dict[str, Any]) -> None:
    """Suspend or resume, noted in the vendor's audit log and in the shop's own (owner can see it)."""
    from django_tenants.utils import schema_context

    reason = data.get("reason", "")
    with transaction.atomic():
        before = tenant.state
        change(tenant)
        audit.record(
            action, tenant, actor=user, reason=reason, before={"state": before}, after={"state": tenant.state}
        )
        with schema_context(tenant.schema_name):
            audit.record(
                action, tenant, reason=reason, before={"state": before}, after={"state": tenant.state}
            )


class SuspendView(VendorView):
    permission_classes = [IsVendorAdmin]

    @extend_schema(
        request=ReasonSerializer, responses={200: dict}, summary="Vendor console: suspend a tenant"
    )
    def post(self, request: Request, pk: int) -> Response:
        tenant = self.get_tenant(pk)
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _change_state(
            tenant, lifecycle.suspend, "vendor.tenant_suspended", request.user, serializer.validated_data
        )
        return self.detail(tenant)


class ResumeView(VendorView):
    permission_classes = [IsVendorAdmin]

    @extend_schema(
        request=OptionalReasonSerializer, responses={200: dict}, summary="Vendor console: resume a tenant"
    )
    def post(self, request: Request, pk: int) -> Response:
        tenant = self.get_tenant(pk)
        serializer = OptionalReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _change_state(
            tenant, lifecycle.resume, "vendor.tenant_resumed", request.user, serializer.validated_data
        )
        return self.detail(tenant)


class PluginView(VendorView):
    permission_classes = [IsVendorAdmin]

    @extend_schema(
        request=PluginToggleSerializer,
        responses={200: dict},
        summary="Vendor console: enable/disable a plugin",
    )
    def post(self, request: Request, pk: int) -> Response:
        tenant = self.get_tenant(pk)
        serializer = PluginToggleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = plugins.set_plugin(
            tenant, serializer.validated_data["plugin"], serializer.validated_data["enabled"], request.user
        )
        return Response({"plugins": rows})


class TenantExportsView(VendorView):
    def get_permissions(self):  # type: ignore[no-untyped-def]
        return [IsVendorAdmin()] if self.request.method == "POST" else [IsVendorStaff()]

    @extend_schema(responses={200: dict}, summary="Vendor console: a tenant's data exports")
    def get(self, request: Request, pk: int) -> Response:
        tenant = self.get_tenant(pk)
        rows = tenant.vendor_exports.select_related("requested_by")[:20]
        return Response({"results": [selectors.export_row(e) for e in rows]})

    @extend_schema(
        request=None,
        responses={202: dict},
        summary="Vendor console: export all of a tenant's data (background job)",
        description="A zip with one JSON-lines file per table of the tenant's schema, its uploaded "
        "files and a manifest. Poll exports/{id}/ for progress; download when done.",
    )
    def post(self, request: Request, pk: int) -> Response:
        tenant = self.get_tenant(pk)
        running = tenant.vendor_exports.filter(
            status__in=[TenantExport.Status.QUEUED, TenantExport.Status.RUNNING]
        ).first()
        if running is not None:
            raise DomainError(
                _("An export of this shop is already running."), code="export_running", status=409
            )
        export = exports.request_export(tenant, request.user)
        return Response(selectors.export_row(export), status=status.HTTP_202_ACCEPTED)


class ExportDetailView(VendorView):
    @extend_schema(responses={200: dict}, summary="Vendor console: progress of an export")
    def get(self, request: Request, pk: int) -> Response:
        export = get_object_or_404(TenantExport.objects.select_related("requested_by"), pk=pk)
        return Response(selectors.export_row(export))


class ExportDownloadView(VendorView):
    permission_classes = [IsVendorAdmin]

    @extend_schema(responses={(200, "application/zip"): bytes}, summary="Vendor console: download an export")
    def get(self, request: Request, pk: int) -> FileResponse:
        export = get_object_or_404(
            TenantExport.objects.select_related("tenant"), pk=pk, status=TenantExport.Status.DONE
        )
        _tag(target_tenant=export.tenant.schema_name, target_tenant_id=export.tenant_id)
        path = exports.export_path(export)
        if not path.is_file():
            raise Http404
        audit.record(
            "vendor.export_downloaded", export.tenant, actor=request.user, after={"export": export.pk}
        )
        response = FileResponse(
            path.open("rb"), as_attachment=True, filename=path.name, content_type="application/zip"
        )
        response["Cache-Control"] = "private, no-store"
        return response


class DeletionView(VendorView):
    permission_classes = [IsVendorAdmin]

    @extend_schema(
        request=DeletionSerializer,
        responses={201: dict},
        summary="Vendor console: schedule the deletion of a cancelled tenant",
        description="confirm must repeat the tenant's subdomain. Due after the grace period; "
        "cancellable until the purge runs.",
    )
    def post(self, request: Request, pk: int) -> Response:
        tenant = self.get_tenant(pk)
        serializer = DeletionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        deletion.schedule(
            tenant,
            request.user,
            serializer.validated_data["confirm"],
            serializer.validated_data.get("reason", ""),
        )
        response = self.detail(tenant)
        response.status_code = status.HTTP_201_CREATED
        return response


class DeletionCancelView(VendorView):
    permission_classes = [IsVendorAdmin]

    @extend_schema(request=None, responses={200: dict}, summary="Vendor console: cancel a scheduled deletion")
    def post(self, request: Request, pk: int) -> Response:
        tenant = self.get_tenant(pk)
        deletion.cancel(tenant, request.user)
        return self.detail(tenant)


class SupportGrantCreateView(VendorView):
    @extend_schema(
        request=SupportGrantCreateSerializer,
        responses={201: dict},
        summary="Vendor console: open support access to a tenant",
        description="Creates a time-limited grant with a reason and returns a one-time link (valid "
        "two minutes) that signs the caller into the tenant as its support identity.",
    )
    def post(self, request: Request, pk: int) -> Response:
        tenant = self.get_tenant(pk)
        serializer = SupportGrantCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        grant = support.open_grant(
            tenant,
            request.user,
            serializer.validated_data["reason"],
            serializer.validated_data.get("minutes"),
        )
        return Response(
            {"grant": selectors.grant_row(grant), "enter_url": support.enter_url(grant)},
            status=status.HTTP_201_CREATED,
        )


class SupportGrantListView(VendorView):
    @extend_schema(
        parameters=[
            OpenApiParameter("tenant", int),
            OpenApiParameter("active", bool),
            OpenApiParameter("page", int),
        ],
        responses={200: dict},
        summary="Vendor console: support grants",
    )
    def get(self, request: Request) -> Response:
        from django.utils import timezone

        queryset = SupportGrant.objects.all()
        tenant = request.query_params.get("tenant", "")
        if tenant:
            queryset = queryset.filter(tenant_id=int(tenant) if tenant.isdigit() else None)
        if request.query_params.get("active") in ("1", "true"):
            queryset = queryset.filter(ended_at__isnull=True, expires_at__gt=timezone.now())
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response([selectors.grant_row(g) for g in page])


class _GrantView(VendorView):
    def get_grant(self, pk: int) -> SupportGrant:
        grant = get_object_or_404(SupportGrant.objects.select_related("tenant"), pk=pk)
        if grant.tenant is not None:
            _tag(target_tenant=grant.tenant.schema_name, target_tenant_id=grant.tenant_id)
        return grant


class SupportGrantEnterView(_GrantView):
    @extend_schema(
        request=None, responses={200: dict}, summary="Vendor console: a new entry link for a grant"
    )
    def post(self, request: Request, pk: int) -> Response:
        grant = self.get_grant(pk)
        if grant.vendor_user_id != request.user.pk:
            raise DomainError(
                _("Only the person who opened this access can use it."), code="permission_denied", status=403
            )
        return Response({"grant": selectors.grant_row(grant), "enter_url": support.enter_url(grant)})


class SupportGrantEndView(_GrantView):
    @extend_schema(request=None, responses={200: dict}, summary="Vendor console: end a support grant now")
    def post(self, request: Request, pk: int) -> Response:
        grant = support.end_grant(
            self.get_grant(pk), by=SupportGrant.EndedBy.VENDOR, email=request.user.email
        )
        return Response(selectors.grant_row(grant))
