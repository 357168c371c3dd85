"""Console dashboard numbers, each a handful of aggregate queries whatever the number of tenants.

* **MRR**: ``billing.metrics.mrr_by_currency`` (seats × seat price of active and past-due
  subscriptions), per currency, never summed across currencies.
* **Active tenants**: shops in state *active* (not suspended; the public, template and pool rows
  are not shops). **Trials**: subscriptions in *trialing*; **paying**: *active* or *past_due*.
* **Seats**: seats last confirmed by Stripe over trialing, active and past-due subscriptions.
* **Churn of a month** = shops whose subscription was cancelled during the month ÷ shops active at
  the start of the month (activated before it and not cancelled before it). Purged shops still
  count, from the snapshot their deletion record keeps.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from tenants.models import Tenant
from vendor.billing_info import MRR_STATUSES, SEAT_STATUSES, mrr_by_currency
from vendor.models import TenantDeletion
from vendor.selectors import shops


def month_starts(months: int, now: datetime | None = None) -> list[datetime]:
    """The first instant (UTC) of each of the last ``months`` months, oldest first, this month last."""
    now = (now or timezone.now()).astimezone(UTC)
    year, month = now.year, now.month
    starts = []
    for _ in range(months):
        starts.append(datetime(year, month, 1, tzinfo=UTC))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def _next_month(start: datetime) -> datetime:
    return (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )


def _monthly_counts(queryset: Any, since: str, cancelled: str, starts: list[datetime]) -> dict[str, int]:
    aggregates = {}
    for i, start in enumerate(starts):
        end = _next_month(start)
        aggregates[f"a{i}"] = Count(
            "id",
            filter=Q(**{f"{since}__lt": start})
            & (Q(**{f"{cancelled}__isnull": True}) | Q(**{f"{cancelled}__gte": start})),
        )
        aggregates[f"c{i}"] = Count("id", filter=Q(**{f"{cancelled}__gte": start, f"{cancelled}__lt": end}))
        aggregates[f"n{i}"] = Count("id", filter=Q(**{f"{since}__gte": start, f"{since}__lt": end}))
    return queryset.aggregate(**aggregates)


def churn(months: int = 12, now: datetime | None = None) -> list[dict[str, Any]]:
    starts = month_starts(months, now)
    live = _monthly_counts(
        shops().annotate(since=Coalesce("activated_on", "created_on")),
        "since",
        "billing__canceled_at",
        starts,
    )
    purged = _monthly_counts(
        TenantDeletion.objects.filter(status=TenantDeletion.Status.DONE, activated_on__isnull=False),
        "activated_on",
        "canceled_at",
        starts,
    )
    rows = []
    for i, start in enumerate(starts):
        active_at_start = live[f"a{i}"] + purged[f"a{i}"]
        cancelled = live[f"c{i}"] + purged[f"c{i}"]
        rows.append(
            {
                "month": start.strftime("%Y-%m"),
                "active_at_start": active_at_start,
                "cancelled": cancelled,
                "new": live[f"n{i}"] + purged[f"n{i}"],
                "churn_rate": round(cancelled / active_at_start, 4) if active_at_start else None,
            }
        )
    return rows


def overview(now: datetime | None = None, months: int = 12) -> dict[str, Any]:
    counts = shops().aggregate(
        active=Count("id", filter=Q(state=Tenant.State.ACTIVE)),
        suspended=Count("id", filter=Q(state=Tenant.State.SUSPENDED)),
        trials=Count("id", filter=Q(billing__status="trialing")),
        paying=Count("id", filter=Q(billing__status__in=MRR_STATUSES)),
        seats=Coalesce(Sum("billing__seats", filter=Q(billing__status__in=SEAT_STATUSES)), 0),
    )
    scheduled = TenantDeletion.objects.filter(status=TenantDeletion.Status.SCHEDULED).count()
    mrr = mrr_by_currency()
    return {
        "mrr": [{"currency": c, "amount": str(a)} for c, a in sorted(mrr.items()) if a != Decimal("0")],
        "active_tenants": counts["active"],
        "suspended_tenants": counts["suspended"],
        "trials": counts["trials"],
        "paying_tenants": counts["paying"],
        "seats": counts["seats"],
        "deletions_scheduled": scheduled,
        "churn": churn(months, now),
    }
