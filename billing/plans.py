"""Plans live in our database; ``sync_stripe_plans`` mirrors them to Stripe.

One Stripe Product per plan (metadata ``huiyuan_plan``) and one recurring monthly, licensed,
per-unit Price in the plan's currency. Stripe Prices are immutable: when ``seat_price`` or the
currency changes, a new Price is created and the old one is archived (existing subscriptions keep
their price until moved in the dashboard). Every create call carries a deterministic idempotency
key, and existing objects are found by id or metadata first, so running the sync twice changes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import stripe

from billing.models import Plan
from billing.money import to_minor

PORTAL_MARKER = "huiyuan-portal-v1"
_portal_configuration_id: str | None = None


def plan_for_currency(currency: str) -> Plan | None:
    """The plan new shops in ``currency`` get: the active plan of that currency (lowest code wins)."""
    return Plan.objects.filter(currency=currency.upper(), active=True).order_by("code").first()


@dataclass
class SyncReport:
    products_created: int = 0
    products_updated: int = 0
    prices_created: int = 0
    prices_archived: int = 0
    unchanged: int = 0


def _find_product(client: stripe.StripeClient, plan: Plan) -> stripe.Product | None:
    if plan.stripe_product_id:
        try:
            return client.v1.products.retrieve(plan.stripe_product_id)
        except stripe.InvalidRequestError:
            pass  # deleted in the dashboard, or another Stripe account: find or create again
    found = client.v1.products.search({"query": f"metadata['huiyuan_plan']:'{plan.code}'", "limit": 1})
    return found.data[0] if found.data else None


def sync_plan(client: stripe.StripeClient, plan: Plan, report: SyncReport) -> None:
    changed = False
    product = _find_product(client, plan)
    if product is None:
        product = client.v1.products.create(
            {
                "name": plan.name,
                "active": plan.active,
                "metadata": {"huiyuan_plan": plan.code},
                "unit_label": "seat",
            },
            {"idempotency_key": f"huiyuan:product:{plan.code}"},
        )
        report.products_created += 1
        changed = True
    elif product.name != plan.name or bool(product.active) != plan.active:
        product = client.v1.products.update(product.id, {"name": plan.name, "active": plan.active})
        report.products_updated += 1
        changed = True

    amount = to_minor(plan.seat_price, plan.currency)
    currency = plan.currency.lower()
    price_ok = False
    if plan.stripe_price_id:
        try:
            price = client.v1.prices.retrieve(plan.stripe_price_id)
            price_ok = (
                price.unit_amount == amount
                and price.currency == currency
                and price.product == product.id
                and bool(price.active)
            )
        except stripe.InvalidRequestError:
            price = None
        if not price_ok and price is not None and price.active:
            client.v1.prices.update(price.id, {"active": False})
            report.prices_archived += 1
    if not price_ok:
        price = client.v1.prices.create(
            {
                "product": product.id,
                "currency": currency,
                "unit_amount": amount,
                "recurring": {"interval": "month", "usage_type": "licensed"},
                "billing_scheme": "per_unit",
                "metadata": {"huiyuan_plan": plan.code},
            },
            {"idempotency_key": f"huiyuan:price:{plan.code}:{currency}:{amount}"},
        )
        report.prices_created += 1
        changed = True

    if not changed:
        report.unchanged += 1
    fields = {"stripe_product_id": product.id, "stripe_price_id": price.id, "stripe_price_amount": amount}
    if any(getattr(plan, k) != v for k, v in fields.items()):
        Plan.objects.filter(pk=plan.pk).update(**fields)
        for k, v in fields.items():
            setattr(plan, k, v)


def sync_plans(
    client: stripe.StripeClient, progress: Callable[[Plan, int, int], None] | None = None
) -> SyncReport:
    report = SyncReport()
    plans = list(Plan.objects.order_by("currency", "code"))
    for index, plan in enumerate(plans, start=1):
        sync_plan(client, plan, report)
        if progress:
            progress(plan, index, len(plans))
    ensure_portal_configuration(client)
    return report


def ensure_portal_configuration(client: stripe.StripeClient) -> str:
    """The Customer Portal configuration we send owners to: card, invoices and cancellation, but
    NO subscription updates, so the quantity cannot be changed there (staff count is the only
    source of seats). Found by metadata, created once."""
    global _portal_configuration_id
    if _portal_configuration_id:
        return _portal_configuration_id
    page = client.v1.billing_portal.configurations.list({"active": True, "limit": 100})
    for config in page.data:
        metadata = config.metadata or {}
        if PORTAL_MARKER in metadata and metadata[PORTAL_MARKER] == "1":
            _portal_configuration_id = config.id
            return config.id
    config = client.v1.billing_portal.configurations.create(
        {
            "business_profile": {"headline": "Huiyuan"},
            "features": {
                "customer_update": {"enabled": True, "allowed_updates": ["email", "address", "tax_id"]},
                "invoice_history": {"enabled": True},
                "payment_method_update": {"enabled": True},
                "subscription_cancel": {"enabled": True, "mode": "at_period_end"},
                "subscription_update": {"enabled": False},
            },
            "metadata": {PORTAL_MARKER: "1"},
        },
        {"idempotency_key": f"huiyuan:{PORTAL_MARKER}"},
    )
    _portal_configuration_id = config.id
    return config.id


def forget_portal_configuration() -> None:
    global _portal_configuration_id
    _portal_configuration_id = None
