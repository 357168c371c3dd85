"""Scheduled deletion of a cancelled shop, after a grace period, cancellable until it runs.

* Only a shop whose subscription is cancelled, or that the vendor has suspended, can be scheduled;
  the vendor confirms by typing the shop's subdomain. The purge is due ``VENDOR_DELETION_GRACE_DAYS``
  (default 30) later; until then the shop keeps whatever access billing gives it (a cancelled
  subscription is read-only: the owner can still export).
* ``purge_due`` (daily Celery beat task and ``manage.py purge_tenants``) drops exactly the shops
  whose deletion is *scheduled* and *due*, each in its own transaction under row locks, so a
  cancellation that commits first always wins. The public, template and pooled rows are never
  touched. The deletion row survives with a snapshot (name, subdomain, dates) for the record and
  for churn history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError
from tenants.models import Tenant
from vendor import conf
from vendor.billing_info import billing_of
from vendor.models import TenantDeletion


def _not_deletable(tenant: Tenant) -> DomainError | None:
    """Why this shop cannot be deleted now (checked when scheduling and again at the purge), or None.

    A shop must be cancelled (subscription ``canceled``) or suspended, and must not have a live
    Stripe subscription: deleting the shop would not stop Stripe from billing it.
    """
    tb = billing_of(tenant)
    if tb is not None and tb.status != "canceled" and tb.stripe_subscription_id:
        return DomainError(
            _("This shop still has a subscription: cancel it first."), code="subscription_active", status=409
        )
    cancelled = tb is not None and tb.status == "canceled"
    if not cancelled and tenant.state != Tenant.State.SUSPENDED:
        return DomainError(
            _("Only a shop whose subscription is cancelled, or a suspended shop, can be deleted."),
            code="not_cancelled",
            status=409,
        )
    return None


def scheduled_for(tenant: Tenant) -> TenantDeletion | None:
    return TenantDeletion.objects.filter(tenant=tenant, status=TenantDeletion.Status.SCHEDULED).first()


def schedule(tenant: Tenant, user: Any, confirm: str, reason: str = "") -> TenantDeletion:
    if (confirm or "").strip().lower() != (tenant.subdomain or "").lower() or not tenant.subdomain:
        message = _("Type the shop's subdomain to confirm.")
        raise DomainError(message, code="confirmation_required", fields={"confirm": [message]})
    with transaction.atomic():
        locked = Tenant.objects.select_for_update().get(pk=tenant.pk)
        if locked.state not in (Tenant.State.ACTIVE, Tenant.State.SUSPENDED):
            raise DomainError(_("This shop cannot be deleted."), code="invalid_state", status=409)
        problem = _not_deletable(locked)
        if problem is not None:
            raise problem
        if scheduled_for(locked) is not None:
            raise DomainError(_("A deletion is already scheduled."), code="already_scheduled", status=409)
        now = timezone.now()
        deletion = TenantDeletion.objects.create(
            tenant=locked,
            schema_name=locked.schema_name,
            subdomain=locked.subdomain or "",
            tenant_name=locked.name,
            activated_on=locked.activated_on,
            status=TenantDeletion.Status.SCHEDULED,
            reason=(reason or "").strip(),
            requested_by_email=user.email,
            requested_at=now,
            due_at=now + timedelta(days=conf.get("DELETION_GRACE_DAYS")),
        )
        audit.record(
            "vendor.deletion_scheduled",
            locked,
            actor=user,
            reason=deletion.reason,
            after={"deletion": deletion.pk, "due_at": deletion.due_at.isoformat()},
        )
    return deletion


def cancel(tenant: Tenant, user: Any) -> TenantDeletion:
    with transaction.atomic():
        deletion = (
            TenantDeletion.objects.select_for_update()
            .filter(tenant=tenant, status=TenantDeletion.Status.SCHEDULED)
            .first()
        )
        if deletion is None:
            raise DomainError(_("No deletion is scheduled for this shop."), code="not_scheduled", status=409)
        deletion.status = TenantDeletion.Status.CANCELLED
        deletion.cancelled_at = timezone.now()
        deletion.cancelled_by_email = user.email
        deletion.save(update_fields=["status", "cancelled_at", "cancelled_by_email"])
        audit.record("vendor.deletion_cancelled", tenant, actor=user, after={"deletion": deletion.pk})
    return deletion


def due(now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        TenantDeletion.objects.filter(
            status=TenantDeletion.Status.SCHEDULED, due_at__lte=now, tenant__isnull=False
        )
        .order_by("due_at", "id")
        .values_list("id", flat=True)
    )


@dataclass(frozen=True)
class PurgeOutcome:
    deletion_id: int
    label: str
    status: str  # "deleted" | "skipped" | "failed"
    error: str = ""


def _protected(tenant: Tenant) -> bool:
    return (
        tenant.schema_name in (settings.PUBLIC_SCHEMA_NAME, settings.TEMPLATE_SCHEMA_NAME)
        or tenant.state in (Tenant.State.POOLED, Tenant.State.TEMPLATE)
        or not tenant.subdomain
    )


def purge_one(deletion_id: int, now: datetime | None = None) -> PurgeOutcome:
    """Drop one shop if its deletion is still scheduled and due (re-checked under lock)."""
    from vendor.exports import remove_tenant_media

    now = now or timezone.now()
    connection.set_schema_to_public()
    with transaction.atomic():
        deletion = (
            TenantDeletion.objects.select_for_update()
            .filter(pk=deletion_id, status=TenantDeletion.Status.SCHEDULED, due_at__lte=now)
            .first()
        )
        if deletion is None or deletion.tenant_id is None:
            return PurgeOutcome(deletion_id, str(deletion_id), "skipped")
        tenant = Tenant.objects.select_for_update().get(pk=deletion.tenant_id)
        label = f"{tenant.subdomain} ({tenant.schema_name})"
        if _protected(tenant) or tenant.schema_name != deletion.schema_name:
            return PurgeOutcome(deletion_id, label, "skipped", "protected or changed schema")
        problem = _not_deletable(tenant)  # e.g. resumed and paying again since it was scheduled
        if problem is not None:
            return PurgeOutcome(deletion_id, label, "skipped", problem.code)
        tb = billing_of(tenant)
        schema = tenant.schema_name
        deletion.canceled_at = getattr(tb, "canceled_at", None)
        deletion.activated_on = tenant.activated_on or tenant.created_on
        with connection.cursor() as cursor:
            # Inside a caller's transaction, rows written earlier may still have deferred FK checks
            # pending, and PostgreSQL refuses to drop their tables; run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        tenant.delete(force_drop=True)  # DROP SCHEMA … CASCADE, then the rows (domains, plugins, billing…)
        deletion.tenant = None
        deletion.status = TenantDeletion.Status.DONE
        deletion.executed_at = timezone.now()
        deletion.save(update_fields=["tenant", "status", "executed_at", "canceled_at", "activated_on"])
        audit.record(
            "vendor.tenant_purged", deletion, after={"schema": schema, "subdomain": deletion.subdomain}
        )
        transaction.on_commit(lambda: remove_tenant_media(schema))
    return PurgeOutcome(deletion_id, label, "deleted")


def purge_due(
    now: datetime | None = None, progress: Callable[[int, int, PurgeOutcome], None] | None = None
) -> list[PurgeOutcome]:
    ids = due(now)
    outcomes = []
    for index, deletion_id in enumerate(ids, start=1):
        try:
            outcome = purge_one(deletion_id, now)
        except Exception as exc:  # one shop must not stop the others
            outcome = PurgeOutcome(
                deletion_id, str(deletion_id), "failed", f"{exc.__class__.__name__}: {exc}"
            )
        outcomes.append(outcome)
        if progress:
            progress(index, len(ids), outcome)
    return outcomes
