"""Trial start, Stripe Customer, Checkout, Customer Portal, and what the owner's billing page shows."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import stripe
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import conf
from billing.access import access_for
from billing.client import StripeUnavailable, get_client, require_client
from billing.models import TenantBilling
from billing.money import from_minor
from billing.plans import ensure_portal_configuration, plan_for_currency
from billing.seats import count_seats_for, tenant_lock
from billing.util import from_ts, sget, sid
from core.errors import DomainError

log = logging.getLogger(__name__)

# Stripe Checkout wants a trial end at least two days ahead.
CHECKOUT_MIN_TRIAL = timedelta(hours=48, minutes=5)
STRIPE_LOCALES = {"zh-hant": "zh-TW", "zh-hans": "zh", "en": "en"}
LIVE_STATUSES = ("trialing", "active", "past_due", "unpaid", "incomplete")


def start_trial(tenant: Any) -> TenantBilling:
    """Called by sign-up (public schema, inside its transaction). Local only: no Stripe call, so
    sign-up works with billing unconfigured or Stripe down. Idempotent."""
    plan = plan_for_currency(tenant.currency)
    days = plan.trial_days if plan else conf.default_trial_days()
    seats = count_seats_for(tenant)
    tb, _created = TenantBilling.objects.get_or_create(
        tenant=tenant,
        defaults={
            "plan": plan,
            "status": TenantBilling.Status.TRIALING,
            "trial_ends_at": timezone.now() + timedelta(days=days),
            "seats_wanted": seats,
        },
    )
    return tb


def ensure_billing(tenant: Any) -> TenantBilling:
    """The shop's billing row; shops that predate billing get a trial starting now."""
    tb = TenantBilling.objects.select_related("plan").filter(tenant_id=tenant.pk).first()
    if tb is None:
        with transaction.atomic():
            start_trial(tenant)
        tb = TenantBilling.objects.select_related("plan").get(tenant_id=tenant.pk)
    if tb.plan is None:
        plan = plan_for_currency(tenant.currency)
        if plan is not None:
            TenantBilling.objects.filter(pk=tb.pk, plan__isnull=True).update(plan=plan)
            tb.plan = plan
    return tb


def _stripe_call(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    try:
        return fn(*args, **kwargs)
    except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError) as exc:
        log.warning("billing: Stripe unavailable: %s", exc)
        raise StripeUnavailable() from exc


def ensure_customer(client: stripe.StripeClient, tenant: Any) -> str:
    """The shop's Stripe Customer, created on first need. The idempotency key is per tenant, so a
    double click (or two owners at once) creates one customer, not two."""
    with transaction.atomic():
        tenant_lock(tenant.pk, "customer")  # not a row lock: staff changes never wait on Stripe
        tb = TenantBilling.objects.get(tenant_id=tenant.pk)
        if tb.stripe_customer_id:
            return tb.stripe_customer_id
        customer = _stripe_call(
            client.v1.customers.create,
            {
                "name": tenant.name or tenant.subdomain,
                "email": tenant.owner_email or None,
                "preferred_locales": [STRIPE_LOCALES.get(tenant.language, "en")],
                "metadata": {
                    "tenant_id": str(tenant.pk),
                    "subdomain": tenant.subdomain or "",
                    "schema": tenant.schema_name,
                },
            },
            {"idempotency_key": f"huiyuan:customer:tenant-{tenant.pk}"},
        )
        TenantBilling.objects.filter(pk=tb.pk).update(
            stripe_customer_id=customer.id, updated_at=timezone.now()
        )
        return customer.id


def create_checkout(tenant: Any, base_url: str) -> str:
    client = require_client()
    tb = ensure_billing(tenant)
    if tb.stripe_subscription_id and tb.status in LIVE_STATUSES and tb.status != "incomplete":
        raise DomainError(
            _("This shop already has a subscription. Manage it in the billing portal."),
            code="already_subscribed",
            status=409,
        )
    plan = tb.plan
    if plan is None or not plan.stripe_price_id:
        raise DomainError(
            _("No plan is available for this shop's currency yet. Please contact support."),
            code="no_plan",
            status=409,
        )
    customer_id = ensure_customer(client, tenant)
    seats = max(1, count_seats_for(tenant))
    subscription_data: dict[str, Any] = {"metadata": {"tenant_id": str(tenant.pk)}}
    if tb.trial_ends_at and tb.trial_ends_at - timezone.now() > CHECKOUT_MIN_TRIAL:
        # Subscribing early keeps the rest of the trial: the first charge is at its end.
        subscription_data["trial_end"] = int(tb.trial_ends_at.timestamp())
    session = _stripe_call(
        client.v1.checkout.sessions.create,
        {
            "mode": "subscription",
            "customer": customer_id,
            "client_reference_id": str(tenant.pk),
            "line_items": [{"price": plan.stripe_price_id, "quantity": seats}],
            "subscription_data": subscription_data,
            "metadata": {"tenant_id": str(tenant.pk)},
            "locale": STRIPE_LOCALES.get(tenant.language, "auto"),
            "success_url": f"{base_url}/app/billing?checkout=success",
            "cancel_url": f"{base_url}/app/billing?checkout=cancel",
        },
    )
    return session.url


def create_portal(tenant: Any, base_url: str) -> str:
    client = require_client()
    tb = ensure_billing(tenant)
    if not tb.stripe_customer_id:
        raise DomainError(
            _("Subscribe first: the billing portal opens once the shop has a subscription."),
            code="no_customer",
            status=409,
        )
    configuration = _stripe_call(ensure_portal_configuration, client)
    session = _stripe_call(
        client.v1.billing_portal.sessions.create,
        {
            "customer": tb.stripe_customer_id,
            "configuration": configuration,
            "locale": STRIPE_LOCALES.get(tenant.language, "auto"),
            "return_url": f"{base_url}/app/billing",
        },
    )
    return session.url


def _money(amount: int | None, currency: str) -> str | None:
    value = from_minor(amount, currency)
    return None if value is None else str(value)


def next_invoice(client: stripe.StripeClient, tb: TenantBilling) -> dict[str, Any] | None:
    if not tb.stripe_customer_id or not tb.stripe_subscription_id or tb.status == "canceled":
        return None
    try:
        preview = client.v1.invoices.create_preview(
            {"customer": tb.stripe_customer_id, "subscription": tb.stripe_subscription_id}
        )
    except stripe.StripeError as exc:
        log.warning("billing: invoice preview failed for tenant %s: %s", tb.tenant_id, exc)
        return {"error": True}
    currency = (sget(preview, "currency", "") or "").upper()
    return {
        "error": False,
        "amount_due": _money(sget(preview, "amount_due"), currency),
        "total": _money(sget(preview, "total"), currency),
        "currency": currency,
        "period_end": _iso(from_ts(sget(preview, "period_end"))),
        "next_payment_attempt": _iso(from_ts(sget(preview, "next_payment_attempt"))),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def summary(tenant: Any) -> dict[str, Any]:
    tb = ensure_billing(tenant)
    client = get_client()
    plan = tb.plan
    seats = count_seats_for(tenant)
    return {
        "configured": client is not None,
        "status": tb.status,
        "access": access_for(tb),
        "plan": (
            {
                "code": plan.code,
                "name": plan.name,
                "currency": plan.currency,
                "seat_price": str(plan.seat_price),
                "trial_days": plan.trial_days,
            }
            if plan
            else None
        ),
        "seats": seats,
        "seats_billed": tb.seats if tb.stripe_subscription_id else None,
        "seats_in_sync": not tb.stripe_subscription_id or tb.seats == seats,
        "monthly_estimate": str(plan.seat_price * seats) if plan else None,
        "trial_ends_at": _iso(tb.trial_ends_at),
        "grace_ends_at": _iso(tb.grace_ends_at),
        "current_period_end": _iso(tb.current_period_end),
        "canceled_at": _iso(tb.canceled_at),
        "has_subscription": bool(tb.stripe_subscription_id) and tb.status != "canceled",
        "has_customer": bool(tb.stripe_customer_id),
        "can_checkout": client is not None
        and bool(plan and plan.stripe_price_id)
        and not (tb.stripe_subscription_id and tb.status in LIVE_STATUSES and tb.status != "incomplete"),
        "next_invoice": next_invoice(client, tb) if client is not None else None,
    }


def invoices(tenant: Any, limit: int = 24) -> dict[str, Any]:
    client = get_client()
    tb = ensure_billing(tenant)
    if client is None or not tb.stripe_customer_id:
        return {"configured": client is not None, "results": [], "has_more": False}
    page = _stripe_call(client.v1.invoices.list, {"customer": tb.stripe_customer_id, "limit": limit})
    results = []
    for inv in page.data:
        currency = (sget(inv, "currency", "") or "").upper()
        results.append(
            {
                "id": sid(inv),
                "number": sget(inv, "number", ""),
                "status": sget(inv, "status", ""),
                "created": _iso(from_ts(sget(inv, "created"))),
                "period_start": _iso(from_ts(sget(inv, "period_start"))),
                "period_end": _iso(from_ts(sget(inv, "period_end"))),
                "currency": currency,
                "total": _money(sget(inv, "total"), currency),
                "amount_due": _money(sget(inv, "amount_due"), currency),
                "amount_paid": _money(sget(inv, "amount_paid"), currency),
                "hosted_invoice_url": sget(inv, "hosted_invoice_url", ""),
                "invoice_pdf": sget(inv, "invoice_pdf", ""),
            }
        )
    return {"configured": True, "results": results, "has_more": bool(sget(page, "has_more", False))}
