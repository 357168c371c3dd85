"""Revenue metrics, shared with the vendor console.

MRR policy: a tenant contributes ``seats × plan.seat_price`` (in the plan's currency) while its
subscription is **active** or **past_due** (Stripe still bills it; past_due is money we expect).
Trialing, incomplete, unpaid and canceled tenants contribute 0 — a trial is not revenue, and
unpaid/canceled subscriptions are no longer invoiced. ``seats`` is the quantity Stripe last
confirmed (what is actually invoiced), not the wanted count.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

MRR_STATUSES = ("active", "past_due")


def mrr(tenant_billing) -> Decimal:
    """Monthly recurring revenue of one tenant, in ``tenant_billing.plan.currency``."""
    if tenant_billing is None or tenant_billing.plan is None:
        return Decimal("0")
    if tenant_billing.status not in MRR_STATUSES:
        return Decimal("0")
    return Decimal(tenant_billing.seats) * tenant_billing.plan.seat_price


def mrr_by_currency(queryset=None) -> dict[str, Decimal]:
    """Total MRR per currency over ``queryset`` (default: every TenantBilling). Never mixes currencies."""
    from billing.models import TenantBilling

    if queryset is None:
        queryset = TenantBilling.objects.all()
    totals: dict[str, Decimal] = defaultdict(lambda: Decimal("0"))
    for tb in queryset.filter(status__in=MRR_STATUSES).select_related("plan"):
        if tb.plan is not None:
            totals[tb.plan.currency] += mrr(tb)
    return dict(totals)
