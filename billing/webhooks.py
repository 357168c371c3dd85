"""Stripe webhooks: verified, processed exactly once, robust to out-of-order delivery.

* The signature is checked with ``stripe.Webhook.construct_event`` (tolerance 300 s): tampered
  bodies, wrong secrets and stale (replayed) deliveries are refused with 400.
* A :class:`StripeEvent` row (primary key = event id) is inserted in the SAME transaction as the
  event's effects. A redelivery finds the row and is answered 200 without doing anything; a
  failure rolls both back, we answer 500, and Stripe delivers again later.
* Ordering: Stripe does not guarantee it. Events older than the newest one already applied to the
  shop (``event.created < last_event_created``) are recorded and skipped; the others never trust
  the (possibly stale) snapshot in the payload but re-read the subscription from Stripe and apply
  its current state. Applying the current state twice is harmless.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import stripe
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from billing import conf
from billing.client import get_client
from billing.models import Plan, StripeEvent, TenantBilling
from billing.util import from_ts, sget, sid

log = logging.getLogger(__name__)

SUBSCRIPTION_EVENTS = {
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "customer.subscription.trial_will_end",
}
INVOICE_EVENTS = {"invoice.paid", "invoice.payment_failed", "invoice.payment_action_required"}
HANDLED_EVENTS = {"checkout.session.completed", *SUBSCRIPTION_EVENTS, *INVOICE_EVENTS}

STATUS_MAP = {
    "trialing": TenantBilling.Status.TRIALING,
    "active": TenantBilling.Status.ACTIVE,
    "past_due": TenantBilling.Status.PAST_DUE,
    "unpaid": TenantBilling.Status.UNPAID,
    "canceled": TenantBilling.Status.CANCELED,
    "incomplete": TenantBilling.Status.INCOMPLETE,
    "incomplete_expired": TenantBilling.Status.CANCELED,
    "paused": TenantBilling.Status.UNPAID,  # trial ended without a payment method: read-only
}


class WebhookRejected(Exception):
    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code


def verify(payload: bytes, signature: str | None) -> stripe.Event:
    secret = conf.webhook_secret()
    if not secret:
        raise WebhookRejected(503, "billing_not_configured")
    try:
        return stripe.Webhook.construct_event(
            payload, signature, secret, tolerance=conf.WEBHOOK_TOLERANCE_SECONDS
        )
    except stripe.SignatureVerificationError as exc:
        raise WebhookRejected(400, "invalid_signature") from exc
    except ValueError as exc:
        raise WebhookRejected(400, "invalid_payload") from exc


def process(event: stripe.Event) -> str:
    """Apply one verified event; returns the outcome recorded on its StripeEvent row."""
    event_type = str(event.type)
    created = int(event.created)
    with transaction.atomic():
        try:
            with transaction.atomic():
                StripeEvent.objects.create(id=event.id, type=event_type, created=created)
        except IntegrityError:
            return "duplicate"
        tenant_id, outcome = dispatch(event_type, event.data.object, created)
        StripeEvent.objects.filter(pk=event.id).update(outcome=outcome, tenant_id=tenant_id)
    return outcome


def dispatch(event_type: str, obj: Any, created: int) -> tuple[int | None, str]:
    if event_type not in HANDLED_EVENTS:
        return None, "ignored"
    if event_type == "checkout.session.completed":
        if sget(obj, "mode") != "subscription" or not sget(obj, "subscription"):
            return None, "ignored"
        customer_id, tenant_ref = sid(sget(obj, "customer")), sget(obj, "client_reference_id")
        subscription_id = sid(sget(obj, "subscription"))
    elif event_type in SUBSCRIPTION_EVENTS:
        customer_id, tenant_ref = sid(sget(obj, "customer")), sget(sget(obj, "metadata"), "tenant_id")
        subscription_id = sid(obj)
    else:
        subscription_id = _invoice_subscription(obj)
        if not subscription_id:
            return None, "ignored"  # a one-off invoice, not ours to act on
        customer_id, tenant_ref = sid(sget(obj, "customer")), None
    tb = _find_billing(customer_id, tenant_ref)
    if tb is None:
        log.warning("billing: %s for an unknown customer/tenant", event_type)
        return None, "unknown_tenant"
    skip = _skip_reason(tb, subscription_id, created)
    if skip:
        return tb.tenant_id, skip
    # Read the CURRENT subscription before locking the shop's row: a slow Stripe never holds it.
    client = get_client()
    if client is not None:
        subscription = client.v1.subscriptions.retrieve(subscription_id)  # errors → 500 → redelivery
    elif event_type in SUBSCRIPTION_EVENTS:
        subscription = obj  # no API key here: the signed snapshot is the best we have
    else:
        return tb.tenant_id, "ignored"
    tb = TenantBilling.objects.select_for_update(of=("self",)).select_related("tenant").get(pk=tb.pk)
    skip = _skip_reason(tb, subscription_id, created)  # re-check under the lock
    if skip:
        return tb.tenant_id, skip
    if customer_id and not tb.stripe_customer_id:
        tb.stripe_customer_id = customer_id
    apply_subscription(tb, subscription_id, subscription, created)
    _notify(tb, event_type, obj)
    return tb.tenant_id, "applied"


def _invoice_subscription(invoice: Any) -> str:
    # Since API "basil" the subscription sits under parent.subscription_details.
    details = sget(sget(invoice, "parent"), "subscription_details")
    return sid(sget(details, "subscription")) or sid(sget(invoice, "subscription"))


def _find_billing(customer_id: str, tenant_ref: Any) -> TenantBilling | None:
    rows = TenantBilling.objects.select_related("tenant")
    if customer_id:
        tb = rows.filter(stripe_customer_id=customer_id).first()
        if tb is not None:
            return tb
    if tenant_ref and str(tenant_ref).isdigit():
        tb = rows.filter(tenant_id=int(tenant_ref)).first()
        if tb is not None and customer_id and tb.stripe_customer_id and tb.stripe_customer_id != customer_id:
            return None  # the reference names a shop that has another customer: do not cross wires
        return tb
    return None


def _skip_reason(tb: TenantBilling, subscription_id: str, created: int) -> str | None:
    if tb.last_event_created is not None and created < tb.last_event_created:
        return "stale"
    if (
        tb.stripe_subscription_id
        and tb.stripe_subscription_id != subscription_id
        and tb.status not in (TenantBilling.Status.CANCELED, TenantBilling.Status.INCOMPLETE)
    ):
        log.warning(
            "billing: tenant %s: event for subscription %s, but %s is live; ignored",
            tb.tenant_id,
            subscription_id,
            tb.stripe_subscription_id,
        )
        return "other_subscription"
    return None


def _first_item(subscription: Any) -> Any:
    data = sget(sget(subscription, "items"), "data", [])
    return data[0] if data else None


def apply_subscription(tb: TenantBilling, subscription_id: str, subscription: Any, created: int) -> None:
    """Copy the subscription's current state onto the shop's (locked) row."""
    status = STATUS_MAP.get(str(sget(subscription, "status", "")), TenantBilling.Status.INCOMPLETE)
    item = _first_item(subscription)
    now = timezone.now()
    tb.stripe_subscription_id = subscription_id
    tb.stripe_customer_id = tb.stripe_customer_id or sid(sget(subscription, "customer"))
    if item is not None:
        tb.stripe_item_id = sid(item)
        tb.seats = int(sget(item, "quantity", tb.seats))
        price_id = sid(sget(item, "price"))
        plan = Plan.objects.filter(stripe_price_id=price_id).first() if price_id else None
        if plan is not None:
            tb.plan = plan
    period_end = sget(item, "current_period_end") or sget(subscription, "current_period_end")
    tb.current_period_end = from_ts(period_end) or tb.current_period_end
    if sget(subscription, "trial_end"):
        tb.trial_ends_at = from_ts(sget(subscription, "trial_end"))
    tb.canceled_at = from_ts(sget(subscription, "canceled_at") or sget(subscription, "ended_at"))
    if status == TenantBilling.Status.CANCELED and tb.canceled_at is None:
        tb.canceled_at = now
    if status == TenantBilling.Status.PAST_DUE:
        if tb.status != TenantBilling.Status.PAST_DUE or tb.past_due_since is None:
            tb.past_due_since = min(now, from_ts(created) or now)
            tb.grace_ends_at = tb.past_due_since + timedelta(days=conf.grace_days())
    elif status in (TenantBilling.Status.ACTIVE, TenantBilling.Status.TRIALING):
        tb.past_due_since = None
        tb.grace_ends_at = None
    tb.status = status
    tb.last_event_created = max(created, tb.last_event_created or 0)
    tb.save()
    if status != TenantBilling.Status.CANCELED and tb.seats != tb.seats_wanted and tb.stripe_item_id:
        # Staff changed while Checkout was open (or while we were out of sync): push the count.
        from billing.tasks import sync_tenant_seats
        from core.tasks import enqueue

        enqueue(sync_tenant_seats, tb.tenant_id, slow=True)


def _notify(tb: TenantBilling, event_type: str, obj: Any) -> None:
    """E-mail the owner when they must act (after commit; a mail failure never fails the hook)."""
    tenant = tb.tenant
    if not tenant.owner_email:
        return
    with translation.override(tenant.language or "en"):
        shop = tenant.name or tenant.subdomain
        if event_type == "customer.subscription.trial_will_end" and tb.trial_ends_at:
            subject = _("Your Huiyuan trial for %(shop)s ends soon") % {"shop": shop}
            body = _("The trial ends on %(date)s. Check your payment details on the Billing page.") % {
                "date": timezone.localtime(tb.trial_ends_at).date().isoformat()
            }
        elif event_type in ("invoice.payment_failed", "invoice.payment_action_required"):
            subject = _("Payment for %(shop)s needs your attention") % {"shop": shop}
            body = _(
                "We could not collect the payment for your Huiyuan subscription. Please update "
                "your card or confirm the payment: %(url)s"
            ) % {"url": sget(obj, "hosted_invoice_url", "")}
        else:
            return
    recipient = tenant.owner_email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient], fail_silently=True))


def prune_events(now: Any = None) -> int:
    """Delete processed events older than the retention (``event_retention_days``); how many.
    Never within Stripe's 3-day redelivery window: the retention is at least 7 days."""
    cutoff = (now or timezone.now()) - timedelta(days=conf.event_retention_days())
    deleted, _by_model = StripeEvent.objects.filter(received_at__lt=cutoff).delete()
    return deleted
