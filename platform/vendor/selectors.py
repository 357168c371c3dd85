"""Read side of the console: the tenant list (one query per page plus a count) and a tenant's detail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django_tenants.utils import schema_context

from tenants.models import Tenant
from vendor.billing_info import summary
from vendor.models import SupportGrant, TenantDeletion, TenantExport

SHOP_STATES = (Tenant.State.ACTIVE, Tenant.State.SUSPENDED)
ORDERINGS = {
    "created": ("-created_on", "-id"),
    "-created": ("created_on", "id"),
    "name": ("name", "id"),
    "subdomain": ("subdomain", "id"),
    "activity": ("-last_activity", "id"),
}
STATUS_FILTERS = ("active", "suspended", "deletion_scheduled")
BILLING_FILTERS = ("trialing", "active", "past_due", "unpaid", "canceled", "incomplete", "none")


def shops() -> QuerySet[Tenant]:
    """Merchants' tenants: active or suspended, never the public row (which is "active" too)."""
    return Tenant.objects.filter(state__in=SHOP_STATES).exclude(schema_name=settings.PUBLIC_SCHEMA_NAME)


def tenant_queryset() -> QuerySet[Tenant]:
    scheduled = TenantDeletion.objects.filter(tenant=OuterRef("pk"), status=TenantDeletion.Status.SCHEDULED)
    return (
        shops()
        .select_related("billing__plan", "vendor_activity")
        .annotate(
            deletion_due_at=Subquery(scheduled.values("due_at")[:1]),
            last_activity=Coalesce("vendor_activity__last_activity_at", "activated_on", "created_on"),
        )
    )


def filter_tenants(queryset: QuerySet[Tenant], params: Any) -> QuerySet[Tenant]:
    q = (params.get("q") or "").strip()
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q)
            | Q(subdomain__icontains=q)
            | Q(owner_email__icontains=q)
            | Q(schema_name__iexact=q)
        )
    status = params.get("status") or ""
    if status == "deletion_scheduled":
        queryset = queryset.filter(deletion_due_at__isnull=False)
    elif status in ("active", "suspended"):
        queryset = queryset.filter(state=status)
    billing = params.get("billing") or ""
    if billing == "none":
        queryset = queryset.filter(billing__isnull=True)
    elif billing in BILLING_FILTERS:
        queryset = queryset.filter(billing__status=billing)
    trade = params.get("trade") or ""
    if trade:
        queryset = queryset.filter(trade=trade)
    plan = params.get("plan") or ""
    if plan == "none":
        queryset = queryset.filter(Q(billing__isnull=True) | Q(billing__plan__isnull=True))
    elif plan:
        queryset = queryset.filter(billing__plan__code=plan)
    ordering = ORDERINGS.get(params.get("ordering") or "created", ORDERINGS["created"])
    return queryset.order_by(*ordering)


def tenant_row(tenant: Tenant) -> dict[str, Any]:
    from tenants.services.signup import tenant_base_url

    activity = getattr(tenant, "vendor_activity", None)  # reverse one-to-one: None when missing
    return {
        "id": tenant.pk,
        "name": tenant.name,
        "subdomain": tenant.subdomain,
        "schema_name": tenant.schema_name,
        "state": tenant.state,
        "trade": tenant.trade,
        "owner_email": tenant.owner_email,
        "language": tenant.language,
        "currency": tenant.currency,
        "created_on": tenant.created_on,
        "activated_on": tenant.activated_on,
        "last_activity_at": activity.last_activity_at if activity else None,
        "deletion_due_at": getattr(tenant, "deletion_due_at", None),
        "url": tenant_base_url(tenant.subdomain) if tenant.subdomain else None,
        **summary(tenant),
    }


def staff_counts(tenant: Tenant) -> dict[str, int]:
    from accounts.models import User
    from vendor.support import SUPPORT_EMAIL

    with schema_context(tenant.schema_name):
        users = User.objects.exclude(email=SUPPORT_EMAIL)
        return {"staff": users.filter(is_active=True).count(), "staff_total": users.count()}


def grant_row(grant: SupportGrant) -> dict[str, Any]:
    return {
        "id": grant.pk,
        "tenant": grant.tenant_id,
        "tenant_label": grant.tenant_label,
        "vendor_email": grant.vendor_email,
        "vendor_name": grant.vendor_name,
        "reason": grant.reason,
        "started_at": grant.started_at,
        "expires_at": grant.expires_at,
        "ended_at": grant.ended_at,
        "ended_by": grant.ended_by,
        "ended_by_email": grant.ended_by_email,
        "active": grant.is_active(),
    }


def export_row(export: TenantExport) -> dict[str, Any]:
    return {
        "id": export.pk,
        "tenant": export.tenant_id,
        "status": export.status,
        "progress": export.progress,
        "tables_total": export.tables_total,
        "tables_done": export.tables_done,
        "rows": export.rows,
        "size": export.size,
        "error": export.error,
        "created_at": export.created_at,
        "finished_at": export.finished_at,
        "requested_by": getattr(export.requested_by, "email", None),
        "download": f"/api/v1/vendor/exports/{export.pk}/download/"
        if export.status == TenantExport.Status.DONE
        else None,
    }


def deletion_row(deletion: TenantDeletion | None) -> dict[str, Any] | None:
    if deletion is None:
        return None
    return {
        "id": deletion.pk,
        "status": deletion.status,
        "reason": deletion.reason,
        "requested_by_email": deletion.requested_by_email,
        "requested_at": deletion.requested_at,
        "due_at": deletion.due_at,
        "cancelled_at": deletion.cancelled_at,
        "cancelled_by_email": deletion.cancelled_by_email,
        "executed_at": deletion.executed_at,
    }


def tenant_detail(tenant: Tenant) -> dict[str, Any]:
    from core.models import AuditLog
    from vendor.plugins import plugin_rows

    latest_deletion = TenantDeletion.objects.filter(tenant=tenant).order_by("-requested_at", "-id").first()
    history = AuditLog.objects.filter(target_type="tenants.tenant", target_id=str(tenant.pk)).select_related(
        "actor"
    )[:30]
    return {
        **tenant_row(tenant),
        "time_zone": tenant.time_zone,
        "domains": list(tenant.domains.order_by("-is_primary", "domain").values_list("domain", flat=True)),
        **staff_counts(tenant),
        "plugins": plugin_rows(tenant),
        "deletion": deletion_row(latest_deletion),
        "exports": [export_row(e) for e in tenant.vendor_exports.select_related("requested_by")[:10]],
        "support_grants": [grant_row(g) for g in tenant.support_grants.all()[:20]],
        "history": [
            {
                "at": entry.created_at,
                "action": entry.action,
                "actor": getattr(entry.actor, "email", None),
                "reason": entry.reason,
                "after": entry.after,
            }
            for entry in history
        ],
    }
