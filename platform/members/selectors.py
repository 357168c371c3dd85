"""Reads: counter lookup and list filters."""

from __future__ import annotations

from django.db.models import F, QuerySet

from members.models import Customer
from members.search import normalize_query


def lookup(query: str, limit: int = 20) -> QuerySet[Customer]:
    """Phone (whole, prefix or last digits), card number, member number or part of the name."""
    token = normalize_query(query)
    if not token:
        return Customer.objects.none()
    return (
        Customer.objects.filter(search_tokens__contains=[token], merged_into__isnull=True)
        .order_by(F("last_visit_at").desc(nulls_last=True), "-id")
        .only("id", "name", "phone", "member_no", "tags", "last_visit_at", "birthday")[:limit]
    )
