"""Cards, accounts and the ledger.

Money and points are ``Decimal`` in ``NUMERIC(14, 2)``. An ``Account`` holds one cached balance
(principal, bonus, points, sessions of one service, minutes); it only changes together with a
``LedgerEntry`` of the same amount, inside one ``LedgerTransaction`` that carries the idempotency
key, the actor, the reason and the source document. Entries are never updated or deleted (a
database trigger refuses it); a refund is a new transaction that ``reverses`` the original, and the
one-to-one link makes a second reversal impossible.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class LoyaltySettings(models.Model):
    """One row per tenant: the shop's loyalty rules."""

    class SpendOrder(models.TextChoices):
        BONUS_FIRST = "bonus_first", _("Bonus first")
        PRINCIPAL_FIRST = "principal_first", _("Principal first")

    member_no_prefix = models.CharField(_("member number prefix"), max_length=8, default="M", blank=True)
    spend_order = models.CharField(
        _("stored value spending order"),
        max_length=20,
        choices=SpendOrder.choices,
        default=SpendOrder.BONUS_FIRST,
    )

    def __str__(self) -> str:
        return "loyalty settings"

    @classmethod
    def current(cls) -> LoyaltySettings:
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings


class CardType(models.Model):
    class Kind(models.TextChoices):
        STORED_VALUE = "stored_value", _("Stored-value card")
        DISCOUNT = "discount", _("Discount card")
        COUNT = "count", _("Count card")
        TIME = "time", _("Time card")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    price = models.DecimalField(_("price"), default=ZERO, **MONEY)
    discount_rate = models.DecimalField(
        _("discount rate"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Price multiplier, e.g. 0.900 for 10% off."),
    )
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    validity_days = models.PositiveIntegerField(_("valid for (days)"), null=True, blank=True)
    earns_points = models.BooleanField(_("earns points"), default=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discount_rate__isnull=True) | Q(discount_rate__gt=0, discount_rate__lte=1),
                name="cardtype_discount_rate_range",
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="cardtype_price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class CardTypeService(models.Model):
    """Sessions a count card includes, per named service."""

    card_type = models.ForeignKey(CardType, on_delete=models.CASCADE, related_name="services")
    service = models.CharField(_("service"), max_length=100)
    sessions = models.PositiveIntegerField(_("sessions"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["card_type", "service"], name="uniq_cardtype_service")]

    def __str__(self) -> str:
        return f"{self.service} × {self.sessions}"


class Card(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        FROZEN = "frozen", _("Frozen")
        LOST = "lost", _("Reported lost")
        REPLACED = "replaced", _("Replaced")
        EXPIRED = "expired", _("Expired")

    number = models.CharField(_("card number"), max_length=32, unique=True)
    customer = models.ForeignKey("members.Customer", on_delete=models.PROTECT, related_name="cards")
    card_type = models.ForeignKey(CardType, on_delete=models.PROTECT, related_name="cards")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.number


class Account(models.Model):
    class Kind(models.TextChoices):
        PRINCIPAL = "principal", _("Stored value (paid)")
        BONUS = "bonus", _("Stored value (bonus)")
        POINTS = "points", _("Points")
        SESSIONS = "sessions", _("Sessions")
        MINUTES = "minutes", _("Minutes")

    customer = models.ForeignKey("members.Customer", on_delete=models.PROTECT, related_name="accounts")
    card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    service = models.CharField(max_length=100, blank=True)
    balance = models.DecimalField(default=ZERO, **MONEY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="account_balance_not_negative"),
            models.UniqueConstraint(
                fields=["card", "kind", "service"], condition=Q(card__isnull=False), name="uniq_card_account"
            ),
            models.UniqueConstraint(
                fields=["customer", "kind"], condition=Q(card__isnull=True), name="uniq_customer_account"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.pk}={self.balance}"


class LedgerTransaction(models.Model):
    class Kind(models.TextChoices):
        ISSUE = "issue", _("Card issued")
        TOP_UP = "top_up", _("Top-up")
        SPEND = "spend", _("Spend")
        EARN = "earn", _("Points earned")
        REDEEM = "redeem", _("Points redeemed")
        CONSUME = "consume", _("Consumption")
        ADJUSTMENT = "adjustment", _("Manual adjustment")
        IMPORT = "import", _("Import")
        EXPIRY = "expiry", _("Expiry")
        REVERSAL = "reversal", _("Reversal")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    idempotency_key = models.CharField(max_length=128, unique=True)
    fingerprint = models.CharField(max_length=64)
    customer = models.ForeignKey(
        "members.Customer", on_delete=models.PROTECT, related_name="ledger_transactions"
    )
    card = models.ForeignKey(
        Card, null=True, blank=True, on_delete=models.PROTECT, related_name="transactions"
    )
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    source_type = models.CharField(max_length=32, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    amount_paid = models.DecimalField(null=True, blank=True, **MONEY)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind}#{self.pk}"


class LedgerEntry(models.Model):
    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.DecimalField(**MONEY)
    balance_after = models.DecimalField(**MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["account", "id"], name="entry_account_id")]

    def __str__(self) -> str:
        return f"{self.account_id}{self.amount:+}"


class TopUpRule(models.Model):
    """Pay at least ``min_amount``, get ``bonus_amount`` plus ``bonus_percent``% on top.

    The best single rule that applies wins (rules do not stack), so "pay 1,000 get 1,100" and
    "pay 3,000 get 3,500" can live side by side as tiers.
    """

    name = models.CharField(_("name"), max_length=100)
    card_type = models.ForeignKey(
        CardType, null=True, blank=True, on_delete=models.CASCADE, related_name="top_up_rules"
    )
    min_amount = models.DecimalField(_("minimum top-up"), **MONEY)
    bonus_amount = models.DecimalField(_("bonus amount"), default=ZERO, **MONEY)
    bonus_percent = models.DecimalField(_("bonus percent"), max_digits=5, decimal_places=2, default=ZERO)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["min_amount", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(min_amount__gt=0), name="topup_rule_min_positive"),
            models.CheckConstraint(
                condition=Q(bonus_amount__gte=0, bonus_percent__gte=0), name="topup_rule_bonus_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name
