"""The shop's day at a glance: what the first screen after log-in shows.

Read-only figures from the other apps' tables, for the shop's own day (its time zone) and only for
the stores the person may see. A bounded number of aggregate queries, whatever the day's volume.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour

from accounts.models import User
from accounts.stores import allowed_store_ids
from expenses.models import Expense
from inventory import services as stock
from loyalty.models import LedgerTransaction
from members.models import Customer
from orders.localtime import shop_zone, today
from orders.models import Order, Payment, Refund

ZERO = Decimal("0.00")
RECENT = 5


@dataclass(frozen=True)
class Day:
    date: datetime.date
    start: datetime.datetime
    end: datetime.datetime

    @classmethod
    def of(cls, date: datetime.date) -> Day:
        zone = shop_zone()
        start = datetime.datetime.combine(date, datetime.time.min, tzinfo=zone)
        return cls(date, start, start + datetime.timedelta(days=1))


def _in_stores(queryset: QuerySet[Any], stores: set[int] | None, field: str = "store_id") -> QuerySet[Any]:
    return queryset if stores is None else queryset.filter(**{f"{field}__in": stores})


def summary(user: Any, date: datetime.date | None = None) -> dict[str, Any]:
    """Sales, payments, members, stored value, stock alerts and (for owners and managers) this
    month's expenses, for ``date`` (the shop's today by default)."""
    day = Day.of(date or today())
    stores = allowed_store_ids(user)
    orders = _in_stores(Order.objects.filter(created_at__gte=day.start, created_at__lt=day.end), stores)
    sold = orders.aggregate(count=Count("id"), total=Sum("total"))
    count, total = sold["count"] or 0, sold["total"] or ZERO
    refunded = (
        _in_stores(
            Refund.objects.filter(created_at__gte=day.start, created_at__lt=day.end),
            stores,
            "order__store_id",
        ).aggregate(s=Sum("amount"))["s"]
        or ZERO
    )
    payments = (
        Payment.objects.filter(order__in=orders)
        .values("method")
        .annotate(amount=Sum("amount"))
        .order_by("-amount")
    )
    by_hour = (
        orders.annotate(hour=ExtractHour("created_at", tzinfo=shop_zone()))
        .values("hour")
        .annotate(total=Sum("total"), orders=Count("id"))
        .order_by("hour")
    )
    members = Customer.objects.aggregate(
        total=Count("id", filter=Q(member_no__isnull=False)),
        new=Count("id", filter=Q(member_no__isnull=False, joined_at__gte=day.start, joined_at__lt=day.end)),
    )
    topped_up = (
        LedgerTransaction.objects.filter(
            kind=LedgerTransaction.Kind.TOP_UP, created_at__gte=day.start, created_at__lt=day.end
        ).aggregate(s=Sum("amount_paid"))["s"]
        or ZERO
    )
    low = _in_stores(stock.low_stock(), stores).count()
    recent = (
        orders.select_related("customer").order_by("-created_at", "-id")[:RECENT]
        if count
        else Order.objects.none()
    )
    return {
        "date": day.date,
        "sales": {
            "orders": count,
            "total": total,
            "refunds": refunded,
            "net": total - refunded,
            "average": (total / count).quantize(Decimal("0.01")) if count else ZERO,
        },
        "payments": [{"method": row["method"], "amount": row["amount"]} for row in payments],
        "by_hour": [{"hour": row["hour"], "total": row["total"], "orders": row["orders"]} for row in by_hour],
        "members": {"total": members["total"], "new_today": members["new"]},
        "stored_value_topped_up": topped_up,
        "low_stock": low,
        "expenses_month": _expenses_month(day.date, stores) if _sees_expenses(user) else None,
        "recent_orders": [
            {
                "id": order.pk,
                "number": order.number,
                "created_at": order.created_at,
                "customer_name": order.customer.name if order.customer_id else None,
                "total": order.total,
                "status": order.status,
            }
            for order in recent
        ],
    }


def _sees_expenses(user: Any) -> bool:
    return getattr(user, "role", None) in (User.Role.OWNER, User.Role.MANAGER)


def _expenses_month(date: datetime.date, stores: set[int] | None) -> Decimal:
    rows = _in_stores(
        Expense.objects.filter(voided=False, spent_on__gte=date.replace(day=1), spent_on__lte=date), stores
    )
    return rows.aggregate(s=Sum("amount"))["s"] or ZERO
