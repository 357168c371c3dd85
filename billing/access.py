"""What a shop may do, given its subscription. The ONE source of truth for the middleware, the
session payload and the billing page.

=========================================  ===========  =========================================
State                                      access       meaning
=========================================  ===========  =========================================
trialing (trial not over), active          full
past_due, until ``grace_ends_at``          warning      full access, banner asks to fix payment
incomplete, while the local trial runs     warning      checkout started but first payment open
unpaid, canceled                           read_only    sign in, view, export, billing pages only
trial over without a subscription          read_only
past_due after the grace period            read_only
no TenantBilling row (shop predates it)    full         never billed; the billing page creates it
=========================================  ===========  =========================================

Read-only never deletes anything: paying (Checkout or Portal) brings full access straight back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from billing.models import TenantBilling

FULL = "full"
WARNING = "warning"
READ_ONLY = "read_only"

S = TenantBilling.Status


def access_for(tb: TenantBilling | None, now: datetime | None = None) -> str:
    if tb is None:
        return FULL
    now = now or timezone.now()
    trial_running = tb.trial_ends_at is None or tb.trial_ends_at > now
    if tb.status == S.ACTIVE:
        return FULL
    if tb.status == S.TRIALING:
        # A Stripe-side trial ends by webhook (active/past_due/canceled); a local one by the clock.
        return FULL if trial_running or tb.stripe_subscription_id else READ_ONLY
    if tb.status == S.PAST_DUE:
        return WARNING if tb.grace_ends_at is None or tb.grace_ends_at > now else READ_ONLY
    if tb.status == S.INCOMPLETE:
        return WARNING if trial_running else READ_ONLY
    return READ_ONLY  # unpaid, canceled


def billing_for(tenant: Any) -> TenantBilling | None:
    if tenant is None or not getattr(tenant, "pk", None):
        return None
    return TenantBilling.objects.select_related("plan").filter(tenant_id=tenant.pk).first()


def session_billing(tenant: Any) -> dict[str, Any]:
    """The ``billing`` part of ``/api/v1/auth/session/`` (drives the banner in the app shell)."""
    tb = billing_for(tenant)
    return {
        "status": tb.status if tb else None,
        "access": access_for(tb),
        "grace_ends_at": tb.grace_ends_at.isoformat() if tb and tb.grace_ends_at else None,
        "trial_ends_at": tb.trial_ends_at.isoformat() if tb and tb.trial_ends_at else None,
    }
