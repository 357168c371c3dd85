"""Background work of billing. Queued with ``core.tasks.enqueue`` (tenant captured)."""

from __future__ import annotations

import logging
import random

import stripe
from celery import shared_task

log = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600


def retry_countdown(retries: int) -> int:
    """30 s, 60 s, 2 min … capped at an hour, with jitter so a recovering Stripe is not stampeded."""
    base = min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2**retries)
    return int(base / 2 + random.uniform(0, base / 2))


@shared_task(bind=True, name="billing.tasks.sync_tenant_seats", max_retries=None, acks_late=True)
def sync_tenant_seats(self, tenant_id: int) -> str:  # type: ignore[no-untyped-def]
    """Push the shop's staff count to its Stripe subscription.

    With a broker, transient failures retry with exponential backoff until they succeed. Without
    one (eager, in-process) there is exactly one attempt and nothing is raised: the staff change
    is committed already, and ``reconcile_seats`` (daily) catches up.
    """
    from billing.seats import TRANSIENT_ERRORS, push_seats

    try:
        return push_seats(tenant_id).outcome
    except (*TRANSIENT_ERRORS, stripe.IdempotencyError) as exc:
        if self.request.is_eager:
            log.warning("billing: seat sync for tenant %s deferred to reconcile: %s", tenant_id, exc)
            return "deferred"
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc
    except stripe.StripeError as exc:
        # Not transient (bad request, auth, card): retrying the same call cannot help. Logged
        # loudly; the daily reconcile re-reads the subscription and tries again.
        log.error("billing: seat sync for tenant %s failed: %s", tenant_id, exc)
        return "failed"


@shared_task(name="billing.tasks.reconcile_seats")
def reconcile_seats() -> dict[str, int]:
    """Daily safety net (beat): every shop's Stripe quantity = its staff count."""
    from django.db import connection

    from billing.seats import reconcile_all

    connection.set_schema_to_public()
    return reconcile_all()


@shared_task(name="billing.tasks.prune_stripe_events")
def prune_stripe_events() -> int:
    """Daily (beat): processed webhook events past their retention are deleted."""
    from django.db import connection

    from billing.webhooks import prune_events

    connection.set_schema_to_public()
    return prune_events()


@shared_task(name="billing.tasks.sync_current_tenant_seats")
def sync_current_tenant_seats() -> str:
    """The daily per-shop safety net run by the tenant scheduler (``run_scheduler`` without a
    broker, Celery beat with one): push this shop's staff count if Stripe disagrees."""
    from billing.seats import current_tenant_id

    tenant_id = current_tenant_id()
    if tenant_id is None:
        return "no_tenant"
    return sync_tenant_seats.run(tenant_id)
