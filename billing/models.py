"""Per-seat Stripe billing, kept in the public schema (``billing`` is a SHARED app).

* :class:`Plan` — a per-seat monthly price in one currency, with a trial length. The database is
  the source of truth; ``manage.py sync_stripe_plans`` mirrors it to Stripe Products/Prices.
* :class:`TenantBilling` — one row per tenant: its plan, subscription status and the Stripe ids.
  ``seats`` is the quantity last confirmed by Stripe; ``seats_wanted``/``seat_version`` is the
  target the seat sync is working towards (see ``billing.seats``).
* :class:`StripeEvent` — one row per processed webhook event id (exactly-once processing).

The vendor console reads these models for MRR/plan/seats; ``billing.metrics.mrr`` is the one place
MRR is computed.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Plan(models.Model):
    code = models.SlugField(pgettext_lazy("plan", "code"), max_length=50, unique=True)
    name = models.CharField(pgettext_lazy("plan", "name"), max_length=100)
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217, upper case, e.g. TWD"))
    seat_price = models.DecimalField(
        _("price per seat per month"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    trial_days = models.PositiveIntegerField(_("trial days"), default=14)
    active = models.BooleanField(_("active"), default=True)
    stripe_product_id = models.CharField(max_length=255, blank=True)
    stripe_price_id = models.CharField(max_length=255, blank=True)
    # The (currency, unit amount) the Stripe price was created for: Stripe prices are immutable, so a
    # changed seat_price makes sync_stripe_plans create a new Price and archive the old one.
    stripe_price_amount = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["currency", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.seat_price} {self.currency}/seat/month)"


class TenantBilling(models.Model):
    class Status(models.TextChoices):
        TRIALING = "trialing", _("Trial")
        ACTIVE = "active", _("Active")
        PAST_DUE = "past_due", _("Past due")
        UNPAID = "unpaid", _("Unpaid")
        CANCELED = "canceled", _("Canceled")
        INCOMPLETE = "incomplete", _("Incomplete")

    tenant = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="billing")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="tenants")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.TRIALING, db_index=True)
    trial_ends_at = models.DateTimeField(null=True, blank=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_subscription_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_item_id = models.CharField(max_length=255, blank=True)
    seats = models.PositiveIntegerField(_("seats (last synced to Stripe)"), default=0)
    seats_wanted = models.PositiveIntegerField(_("seats (current staff count)"), default=0)
    seat_version = models.PositiveIntegerField(default=0)
    past_due_since = models.DateTimeField(null=True, blank=True)
    grace_ends_at = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    # `created` (unix seconds) of the newest Stripe event applied to this row: older events are ignored.
    last_event_created = models.BigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tenant billing")

    def __str__(self) -> str:
        return f"{self.tenant_id}:{self.status}"

    @property
    def seats_in_sync(self) -> bool:
        return not self.stripe_subscription_id or self.seats == self.seats_wanted

    @property
    def trial_expired(self) -> bool:
        return (
            self.status == self.Status.TRIALING
            and self.trial_ends_at is not None
            and self.trial_ends_at <= timezone.now()
        )


class StripeEvent(models.Model):
    """A processed webhook event. Inserted in the same transaction as the event's effects."""

    id = models.CharField(primary_key=True, max_length=255)
    type = models.CharField(max_length=100)
    created = models.BigIntegerField(help_text="Stripe's event.created (unix seconds)")
    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=32, default="processed")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.id} {self.type}"
