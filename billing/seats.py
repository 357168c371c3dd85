"""Seats: a seat is an active staff account of the shop that can sign in.

Counted in the tenant's schema as ``accounts.User`` rows with ``is_active`` and a usable password,
so an invitation becomes a seat when it is accepted (a pending invitation cannot be used yet).

Flow of a staff change
----------------------
1. The staff service calls :func:`queue_seat_sync` inside its transaction (tenant schema).
   That records the wanted count on ``TenantBilling`` (``seats_wanted``; ``seat_version`` + 1
   whenever the count changes) and queues :func:`billing.tasks.sync_tenant_seats` after commit
   with ``core.tasks.enqueue`` (tenant captured). No Stripe call happens in the request.
2. The task calls :func:`push_seats`: one ``subscriptions.update`` with the ABSOLUTE count and an
   idempotency key naming the target state (tenant, seat version, quantity), so a retried or
   duplicated attempt can never add seats twice. Increases: ``proration_behavior=always_invoice``
   (charged now, prorated); decreases: ``none`` (no refund or credit; the lower price applies from
   the next period).
3. If Stripe is down the staff change is already committed; the task retries with backoff (Celery
   with a broker) or, without a broker, leaves ``seats != seats_wanted`` for ``reconcile_seats``
   (daily beat job and management command), which re-reads every subscription and pushes again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import stripe
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import schema_context

from billing.client import get_client
from billing.models import TenantBilling
from billing.util import sget, sid

log = logging.getLogger(__name__)

# Transient failures: worth retrying later (network, rate limit, Stripe 5xx, lock conflicts).
TRANSIENT_ERRORS = (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)


def count_seats() -> int:
    """Active, usable staff accounts in the CURRENT tenant schema."""
    from accounts.models import User

    return (
        User.objects.filter(is_active=True)
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(password="")
        .count()
    )


def count_seats_for(tenant) -> int:  # type: ignore[no-untyped-def]
    with schema_context(tenant.schema_name):
        return count_seats()


def tenant_lock(tenant_id: int, purpose: str) -> None:
    """A transaction-scoped advisory lock per (shop, purpose). Serialises Stripe work for one shop
    WITHOUT locking its TenantBilling row, so staff changes and webhooks never wait on Stripe."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"billing:{purpose}:{tenant_id}"]
        )


def record_wanted(tenant_id: int, count: int) -> TenantBilling | None:
    """Store the wanted seat count; ``seat_version`` + 1 when it changed. One short UPDATE (no
    Stripe call ever holds this row, so it never waits long)."""
    TenantBilling.objects.filter(tenant_id=tenant_id).exclude(seats_wanted=count).update(
        seats_wanted=count, seat_version=F("seat_version") + 1, updated_at=timezone.now()
    )
    return TenantBilling.objects.filter(tenant_id=tenant_id).first()


def current_tenant_id() -> int | None:
    """The id of the tenant whose schema is active (``schema_context`` sets a FakeTenant: no pk)."""
    from django.conf import settings

    from tenants.models import Tenant

    schema = connection.schema_name
    if not schema or schema == settings.PUBLIC_SCHEMA_NAME:
        return None
    tenant = getattr(connection, "tenant", None)
    if getattr(tenant, "pk", None) and getattr(tenant, "schema_name", None) == schema:
        return tenant.pk
    return Tenant.objects.filter(schema_name=schema).values_list("id", flat=True).first()


def queue_seat_sync() -> None:
    """Call after any change to who is an active staff member, in the tenant's schema, inside the
    change's transaction. Cheap (two queries); never talks to Stripe in the request."""
    tenant_id = current_tenant_id()
    if tenant_id is None:
        return
    tb = record_wanted(tenant_id, count_seats())
    if tb is None or not tb.stripe_subscription_id or tb.seats == tb.seats_wanted:
        return
    if tb.status == TenantBilling.Status.CANCELED:
        return
    from billing.tasks import sync_tenant_seats
    from core.tasks import enqueue

    # slow=True: without a broker the attempt runs on a background thread, so even a Stripe
    # timeout never delays the staff change's response.
    enqueue(sync_tenant_seats, tenant_id, slow=True)


def idempotency_key(tb: TenantBilling, quantity: int) -> str:
    return f"huiyuan:seats:tenant-{tb.tenant_id}:v{tb.seat_version}:q{quantity}"


@dataclass(frozen=True)
class SeatSyncResult:
    outcome: str  # "updated" | "in_sync" | "no_subscription" | "no_billing"
    seats: int = 0


def _item(subscription) -> object | None:  # type: ignore[no-untyped-def]
    items = sget(subscription, "items")
    data = sget(items, "data", []) if items is not None else []
    return data[0] if data else None


def push_seats(tenant_id: int, *, refresh: bool = False) -> SeatSyncResult:
    """Bring the Stripe quantity to the shop's current staff count. Raises Stripe errors (the
    caller decides whether to retry). ``refresh``: first re-read the subscription from Stripe
    (reconciliation: someone may have changed it in the dashboard)."""
    from tenants.models import Tenant

    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        return SeatSyncResult("no_billing")
    count = count_seats_for(tenant)
    tb = record_wanted(tenant_id, count)
    if tb is None:
        return SeatSyncResult("no_billing")
    client = get_client()
    if client is None or not tb.stripe_subscription_id:
        return SeatSyncResult("no_subscription", tb.seats)
    if tb.status == TenantBilling.Status.CANCELED:
        return SeatSyncResult("no_subscription", tb.seats)

    # One sync per shop at a time (advisory lock): an older target never overwrites a newer one.
    # The TenantBilling row itself is only written in short UPDATEs after Stripe answered.
    with transaction.atomic():
        tenant_lock(tenant_id, "seats")
        tb = TenantBilling.objects.get(pk=tb.pk)
        if refresh or not tb.stripe_item_id:
            subscription = client.v1.subscriptions.retrieve(tb.stripe_subscription_id)
            item = _item(subscription)
            if sget(subscription, "status") in ("canceled", "incomplete_expired") or item is None:
                return SeatSyncResult("no_subscription", tb.seats)
            actual = int(sget(item, "quantity", 0))
            if actual != tb.seats or sid(item) != tb.stripe_item_id:
                tb.seats, tb.stripe_item_id = actual, sid(item)
                _store(tb, seats=actual, stripe_item_id=sid(item))
        if tb.seats == tb.seats_wanted:
            return SeatSyncResult("in_sync", tb.seats)
        target = tb.seats_wanted
        increase = target > tb.seats
        params = {
            "items": [{"id": tb.stripe_item_id, "quantity": target}],
            # Increase: invoice the prorated difference now. Decrease: no refund, no credit.
            "proration_behavior": "always_invoice" if increase else "none",
            # A failed proration payment must not undo the seat change: it goes through the normal
            # dunning (past_due → grace → read-only) instead.
            "payment_behavior": "allow_incomplete",
        }
        try:
            subscription = client.v1.subscriptions.update(
                tb.stripe_subscription_id, params, {"idempotency_key": idempotency_key(tb, target)}
            )
        except stripe.IdempotencyError:
            # The key was used with other parameters (the base quantity moved between two
            # attempts). Adopt Stripe's quantity and move to a fresh target version.
            subscription = client.v1.subscriptions.retrieve(tb.stripe_subscription_id)
            item = _item(subscription)
            seats = int(sget(item, "quantity", tb.seats)) if item is not None else tb.seats
            _store(tb, seats=seats, seat_version=F("seat_version") + 1)
            raise
        item = _item(subscription)
        seats = int(sget(item, "quantity", target)) if item is not None else target
        _store(tb, seats=seats, stripe_item_id=sid(item) if item is not None else tb.stripe_item_id)
        log.info("billing: tenant %s seats → %s", tenant_id, seats)
        return SeatSyncResult("updated", seats)


def _store(tb: TenantBilling, **fields) -> None:  # type: ignore[no-untyped-def]
    TenantBilling.objects.filter(pk=tb.pk).update(updated_at=timezone.now(), **fields)


def reconcile_all(*, progress=None) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Re-read every live subscription and push the current staff count. Failures are counted and
    logged, never raised, so one broken shop does not stop the others."""
    totals: dict[str, int] = {}
    rows = list(
        TenantBilling.objects.exclude(tenant__schema_name="public")
        .order_by("tenant_id")
        .values_list("tenant_id", flat=True)
    )
    for index, tenant_id in enumerate(rows, start=1):
        try:
            outcome = push_seats(tenant_id, refresh=True).outcome
        except stripe.StripeError as exc:
            log.warning("billing: seat reconcile failed for tenant %s: %s", tenant_id, exc)
            outcome = "failed"
        totals[outcome] = totals.get(outcome, 0) + 1
        if progress:
            progress(tenant_id, index, len(rows), outcome)
    return totals
