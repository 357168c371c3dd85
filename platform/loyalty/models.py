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

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import work

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
        """The shop's row (created on first use), read once per unit of work."""
        return work.memo("LoyaltySettings", lambda: cls.objects.get_or_create(pk=1)[0])


class CardType(models.Model):
    class Kind(models.TextChoices):
        STORED_VALUE = "stored_value", _("Stored-value card")
        DISCOUNT = "discount", _("Discount card")
        COUNT = "count", _("Count card")
        TIME = "time", _("Time card")

    name = models.CharField(pgettext_lazy("card type", "name"), max_length=100)
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
        # Points set aside for a pending reward or order: moved here by a ledger transaction so the
        # available balance (the POINTS account) excludes them, and moved back or consumed later.
        POINTS_HELD = "points_held", _("Points (reserved)")
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
        RESERVE = "reserve", _("Points reserved")
        RELEASE = "release", _("Points released")
        REFUND = "refund", _("Order refund")

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

    name = models.CharField(pgettext_lazy("top-up rule", "name"), max_length=100)
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


# --- Points ------------------------------------------------------------------------------------

POINTS = {"max_digits": 14, "decimal_places": 2}
RATE = {"max_digits": 8, "decimal_places": 3}


class PointsSettings(models.Model):
    """One row per tenant: how points are earned, what they are worth and when they expire.

    Earning is ``amount / spend_unit * points_per_unit`` (times product/category and tier
    multipliers), rounded once per order so many small lines do not each lose a fraction.
    """

    class Rounding(models.TextChoices):
        DOWN = "down", _("Round down")
        HALF_UP = "half_up", _("Round half up")
        UP = "up", _("Round up")

    enabled = models.BooleanField(_("points enabled"), default=True)
    spend_unit = models.DecimalField(_("spend unit"), default=Decimal("10.00"), **MONEY)
    points_per_unit = models.DecimalField(_("points per spend unit"), default=Decimal("1.00"), **POINTS)
    rounding = models.CharField(_("rounding"), max_length=10, choices=Rounding.choices, default=Rounding.DOWN)
    fractional = models.BooleanField(
        _("fractional points"),
        default=False,
        help_text=_("Allow points with two decimals; otherwise points are whole numbers."),
    )
    point_value = models.DecimalField(
        _("money value per point"), max_digits=12, decimal_places=4, default=Decimal("0.1000")
    )
    expiry_days = models.PositiveIntegerField(_("points expire after (days)"), null=True, blank=True)
    signup_bonus = models.DecimalField(_("sign-up bonus"), default=ZERO, **POINTS)
    referral_bonus = models.DecimalField(_("referral bonus"), default=ZERO, **POINTS)
    birthday_bonus = models.DecimalField(_("birthday bonus"), default=ZERO, **POINTS)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(spend_unit__gt=0, points_per_unit__gte=0, point_value__gte=0),
                name="points_settings_rates_valid",
            ),
            models.CheckConstraint(
                condition=Q(signup_bonus__gte=0, referral_bonus__gte=0, birthday_bonus__gte=0),
                name="points_settings_bonus_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return "points settings"

    @classmethod
    def current(cls) -> PointsSettings:
        """The shop's row (created on first use), read once per unit of work."""
        return work.memo("PointsSettings", lambda: cls.objects.get_or_create(pk=1)[0])


class PointsRule(models.Model):
    """A multiplier for lines of one product or one category (strings until the catalog exists).

    The most specific rule wins (product before category) and rules do not stack, so a shop can
    say "double points on shampoo, triple on this one shampoo" without surprising totals.
    """

    class Scope(models.TextChoices):
        PRODUCT = "product", _("Product")
        CATEGORY = "category", _("Category")

    scope = models.CharField(_("applies to"), max_length=10, choices=Scope.choices)
    value = models.CharField(_("product or category"), max_length=100)
    multiplier = models.DecimalField(_("multiplier"), **RATE)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scope", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "value"], name="uniq_points_rule"),
            models.CheckConstraint(
                condition=Q(multiplier__gte=0), name="points_rule_multiplier_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.value}×{self.multiplier}"


class PointsLot(models.Model):
    """Points from one earning, with their own expiry.

    ``remaining`` only changes together with a ``PointsLotEntry`` inside a ledger transaction that
    moves the points account by the same amount, so the lots of an account always add up to its
    balance. Spending draws first-to-expire-first.
    """

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lots")
    earned_by = models.OneToOneField(LedgerTransaction, on_delete=models.PROTECT, related_name="points_lot")
    points = models.DecimalField(**POINTS)
    remaining = models.DecimalField(**POINTS)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [models.F("expires_at").asc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(remaining__gte=0, remaining__lte=models.F("points")),
                name="points_lot_remaining_range",
            ),
        ]

    def __str__(self) -> str:
        return f"lot#{self.pk} {self.remaining}/{self.points}"


class PointsLotEntry(models.Model):
    """How much one ledger transaction took from (negative) or put back into (positive) a lot, so a
    release or a reversal can return points to exactly the lots they came from."""

    lot = models.ForeignKey(PointsLot, on_delete=models.PROTECT, related_name="entries")
    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="lot_entries")
    amount = models.DecimalField(**POINTS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"lot#{self.lot_id}{self.amount:+}"


class PointsReservation(models.Model):
    """Points held for a reward or a pending order: released back, or confirmed (consumed)."""

    class Status(models.TextChoices):
        HELD = "held", _("Held")
        RELEASED = "released", _("Released")
        CONFIRMED = "confirmed", _("Confirmed")

    customer = models.ForeignKey("members.Customer", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(**POINTS)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    reserved_by = models.OneToOneField(
        LedgerTransaction, on_delete=models.PROTECT, related_name="reservation"
    )
    settled_by = models.OneToOneField(
        LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="settled_reservation"
    )
    source_type = models.CharField(max_length=32, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(points__gt=0), name="points_reservation_positive")]

    def __str__(self) -> str:
        return f"reservation#{self.pk} {self.points} {self.status}"


class PointsRedemption(models.Model):
    """The money value a redemption was worth at the rate of the day, kept so a retry or a
    receipt reprint shows the same value after the shop changes its rate."""

    transaction = models.OneToOneField(
        LedgerTransaction, on_delete=models.PROTECT, related_name="points_redemption"
    )
    points = models.DecimalField(**POINTS)
    point_value = models.DecimalField(max_digits=12, decimal_places=4)
    value = models.DecimalField(**MONEY)

    def __str__(self) -> str:
        return f"{self.points} pts = {self.value}"


# --- Tiers -------------------------------------------------------------------------------------


class TierSettings(models.Model):
    """One row per tenant: the qualification window and whether tiers may go down."""

    window_days = models.PositiveIntegerField(_("qualification window (days)"), default=365)
    allow_downgrade = models.BooleanField(_("allow automatic downgrade"), default=False)

    def __str__(self) -> str:
        return "tier settings"

    @classmethod
    def current(cls) -> TierSettings:
        """The shop's row (created on first use), read once per unit of work."""
        return work.memo("TierSettings", lambda: cls.objects.get_or_create(pk=1)[0])


class Tier(models.Model):
    """A membership level. A customer qualifies when any threshold that is set is met within the
    window; a tier with no thresholds is the entry level everyone qualifies for."""

    name = models.CharField(pgettext_lazy("tier", "name"), max_length=100)
    rank = models.PositiveIntegerField(_("rank"), unique=True, help_text=_("Higher is better."))
    min_spend = models.DecimalField(_("minimum spend"), null=True, blank=True, **MONEY)
    min_points = models.DecimalField(_("minimum points"), null=True, blank=True, **POINTS)
    discount_rate = models.DecimalField(
        _("discount rate"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Price multiplier, e.g. 0.900 for 10% off."),
    )
    points_multiplier = models.DecimalField(_("points multiplier"), default=Decimal("1.000"), **RATE)
    birthday_gift = models.CharField(_("birthday gift"), max_length=255, blank=True)
    birthday_points = models.DecimalField(_("birthday points"), default=ZERO, **POINTS)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discount_rate__isnull=True) | Q(discount_rate__gt=0, discount_rate__lte=1),
                name="tier_discount_rate_range",
            ),
            models.CheckConstraint(
                condition=Q(points_multiplier__gte=0, birthday_points__gte=0), name="tier_points_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CustomerTier(models.Model):
    """The customer's current tier. ``manual`` marks a staff override that automatic evaluation
    may raise but never lower."""

    customer = models.OneToOneField("members.Customer", on_delete=models.CASCADE, related_name="tier_state")
    tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    manual = models.BooleanField(default=False)
    since = models.DateTimeField(null=True, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.customer_id}:{self.tier_id}"


class TierChange(models.Model):
    class Kind(models.TextChoices):
        AUTO = "auto", _("Automatic")
        MANUAL = "manual", _("Manual override")

    customer = models.ForeignKey("members.Customer", on_delete=models.CASCADE, related_name="tier_changes")
    from_tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.from_tier_id}→{self.to_tier_id}"


class CustomerSpend(models.Model):
    """What a customer spent (negative for a refund), the basis of spend-based tiers. One row per
    source document, so recording the same sale twice has one effect."""

    customer = models.ForeignKey("members.Customer", on_delete=models.PROTECT, related_name="spend_records")
    amount = models.DecimalField(**MONEY)
    at = models.DateTimeField(db_index=True)
    source_type = models.CharField(max_length=32)
    source_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source_type", "source_id"], name="uniq_customer_spend_source"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}:{self.amount}"


# --- Coupons -----------------------------------------------------------------------------------


class CouponTemplate(models.Model):
    class Kind(models.TextChoices):
        AMOUNT = "amount", _("Amount off")
        PERCENT = "percent", _("Percent off")

    name = models.CharField(pgettext_lazy("coupon template", "name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.DecimalField(_("value"), **MONEY)
    max_discount = models.DecimalField(_("maximum discount"), null=True, blank=True, **MONEY)
    threshold = models.DecimalField(_("minimum spend"), default=ZERO, **MONEY)
    products = ArrayField(
        models.CharField(max_length=100), default=list, blank=True, verbose_name=_("products")
    )
    categories = ArrayField(
        models.CharField(max_length=100), default=list, blank=True, verbose_name=_("categories")
    )
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    valid_days = models.PositiveIntegerField(_("valid for (days after issue)"), null=True, blank=True)
    per_member_limit = models.PositiveIntegerField(_("limit per member"), null=True, blank=True)
    points_cost = models.DecimalField(_("points cost"), default=ZERO, **POINTS)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="coupon_template_value_positive"),
            models.CheckConstraint(
                condition=~Q(kind="percent") | Q(value__lte=100), name="coupon_template_percent_range"
            ),
            models.CheckConstraint(
                condition=Q(threshold__gte=0, points_cost__gte=0), name="coupon_template_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Coupon(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        USED = "used", _("Used")
        VOID = "void", _("Void")
        EXPIRED = "expired", _("Expired")

    class Reason(models.TextChoices):
        MANUAL = "manual", _("Manual")
        CAMPAIGN = "campaign", _("Campaign")
        REWARD = "reward", _("Reward")

    code = models.CharField(pgettext_lazy("coupon", "code"), max_length=32, unique=True)
    template = models.ForeignKey(CouponTemplate, on_delete=models.PROTECT, related_name="coupons")
    customer = models.ForeignKey("members.Customer", on_delete=models.PROTECT, related_name="coupons")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    issue_reason = models.CharField(_("issued for"), max_length=10, choices=Reason.choices)
    issued_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issue_key = models.CharField(max_length=128, unique=True, null=True, blank=True)
    note = models.TextField(blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    reservation = models.OneToOneField(
        PointsReservation, null=True, blank=True, on_delete=models.PROTECT, related_name="coupon"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["customer", "template"], name="coupon_customer_template")]

    def __str__(self) -> str:
        return self.code


class CouponRedemption(models.Model):
    """One use of a coupon at checkout, keyed by the request's idempotency key so a retry returns
    the same discount instead of failing or using another coupon. ``restored_at`` is set when a
    refund gives the coupon back."""

    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    idempotency_key = models.CharField(max_length=128, unique=True)
    order_amount = models.DecimalField(**MONEY)
    discount = models.DecimalField(**MONEY)
    source_type = models.CharField(max_length=32, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    restored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.coupon_id}-{self.discount}"
