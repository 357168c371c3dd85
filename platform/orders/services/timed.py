"""Time-based consumption: check in, check out, bill the time rounded to the shop's step.

The price of a timed service is for ``duration_minutes`` of the product (e.g. 200 per 60
minutes); the time is billed in steps of ``timed_step_minutes`` after a grace period, at least
one step. A member's time card pays in minutes instead (the checkout consumes them).
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product, Store
from catalog.services import is_service
from core.errors import DomainError
from loyalty.models import Card, CardType
from members.models import Customer
from orders import pricing
from orders.models import CheckoutSettings, TimedSession
from orders.services.checkout import settings_row


def billed_minutes(minutes: int, settings: CheckoutSettings) -> int:
    step = max(settings.timed_step_minutes, 1)
    chargeable = max(minutes - settings.timed_grace_minutes, 0)
    return max(math.ceil(chargeable / step), 1) * step


def amount_for(product: Product, billed: int) -> Decimal:
    block = product.duration_minutes or 60
    return pricing.cents(product.price * Decimal(billed) / Decimal(block))


def check_in(
    *,
    store: Store,
    product: Product,
    customer: Customer | None = None,
    card: Card | None = None,
    label: str = "",
    actor: Any = None,
) -> TimedSession:
    if not is_service(product) or not product.active:  # any service-like kind, a plugin's too
        message = _("Choose an active service.")
        raise DomainError(message, fields={"product": [message]})
    if card is not None and (
        customer is None or card.customer_id != customer.pk or card.card_type.kind != CardType.Kind.TIME
    ):
        message = _("Choose one of the member's time cards.")
        raise DomainError(message, fields={"card": [message]})
    return TimedSession.objects.create(
        store=store,
        product=product,
        customer=customer,
        card=card,
        label=(label or "").strip()[:100],
        started_at=timezone.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def check_out(session: TimedSession, *, now: Any = None) -> TimedSession:
    """Stop the clock; checking out twice returns the first result."""
    with transaction.atomic():
        session = TimedSession.objects.select_for_update().select_related("product").get(pk=session.pk)
        if session.status != TimedSession.Status.OPEN:
            if session.status == TimedSession.Status.CANCELLED:
                raise DomainError(_("This session was cancelled."), code="cancelled", status=409)
            return session
        ended = now or timezone.now()
        minutes = max(int((ended - session.started_at).total_seconds() // 60), 0)
        billed = billed_minutes(minutes, settings_row())
        session.ended_at = ended
        session.minutes = minutes
        session.billed_minutes = billed
        session.amount = pricing.ZERO if session.card_id else amount_for(session.product, billed)
        session.status = TimedSession.Status.CLOSED
        session.save(update_fields=["ended_at", "minutes", "billed_minutes", "amount", "status"])
        return session


def cancel(session: TimedSession) -> TimedSession:
    updated = TimedSession.objects.filter(
        pk=session.pk, status__in=[TimedSession.Status.OPEN, TimedSession.Status.CLOSED]
    ).update(status=TimedSession.Status.CANCELLED)
    if not updated:
        raise DomainError(_("A billed session cannot be cancelled."), code="not_cancellable", status=409)
    session.refresh_from_db()
    return session
