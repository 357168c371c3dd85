"""What the console reads from ``billing`` (plan, seats, status, MRR), in one place.

``billing.metrics.mrr`` is the one definition of MRR; the console only sums it per currency.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

MRR_STATUSES = ("active", "past_due")
SEAT_STATUSES = ("trialing", "active", "past_due")


def billing_of(tenant: Any) -> Any:
    """The tenant's TenantBilling row (select_related or fetched), or None."""
    try:
        return tenant.billing
    except (ObjectDoesNotExist, AttributeError):
        return None


def mrr(tenant_billing: Any) -> Decimal:
    from billing.metrics import mrr as billing_mrr

    return billing_mrr(tenant_billing)


def mrr_by_currency() -> dict[str, Decimal]:
    from billing.metrics import mrr_by_currency as totals

    return totals()


def summary(tenant: Any) -> dict[str, Any]:
    tb = billing_of(tenant)
    plan = getattr(tb, "plan", None)
    return {
        "billing_status": tb.status if tb else None,
        "plan": {"code": plan.code, "name": plan.name, "currency": plan.currency} if plan else None,
        "seats": tb.seats if tb else 0,
        "seats_wanted": tb.seats_wanted if tb else 0,
        "mrr": {"amount": str(mrr(tb)), "currency": plan.currency} if plan else None,
        "trial_ends_at": tb.trial_ends_at if tb else None,
        "canceled_at": tb.canceled_at if tb else None,
    }
