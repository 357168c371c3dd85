"""Sales: orders with their lines, payments, refunds, staff commission and timed sessions.

An order is written once, when it is paid, in the same transaction as every balance it moves
(stock, stored value, points, coupon, count-card sessions). It is never edited afterwards except
for its refund counters; a refund is a new ``Refund`` row with its own lines and payments, and
commission is an append-only list of entries (a refund adds negative ones).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}
QUANTITY = {"max_digits": 14, "decimal_places": 3}
ZERO = Decimal("0.00")


class CheckoutSettings(models.Model):
    """One row per shop: how the till prices, rounds and who may discount or refund."""

    prices_include_tax = models.BooleanField(_("prices include tax"), default=True)
    cash_rounding = models.DecimalField(
        _("cash rounding"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0.01"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Totals are rounded to a multiple of this amount, e.g. 1 for TWD, 0.10 for HKD."),
    )
    cashier_can_discount = models.BooleanField(_("cashiers may give manual discounts"), default=False)
    max_manual_discount_percent = models.DecimalField(
        _("maximum manual discount (%)"), max_digits=5, decimal_places=2, default=Decimal("100")
    )
    cashier_can_refund = models.BooleanField(_("cashiers may refund"), default=False)
    timed_step_minutes = models.PositiveIntegerField(
        _("timed billing step (minutes)"), default=15, validators=[MinValueValidator(1)]
    )
    timed_grace_minutes = models.PositiveIntegerField(_("timed grace period (minutes)"), default=5)
    receipt_header = models.CharField(_("receipt header"), max_length=200, blank=True)
    receipt_footer = models.CharField(_("receipt footer"), max_length=200, blank=True)

    def __str__(self) -> str:
        return "checkout settings"


class Order(models.Model):
    class Status(models.TextChoices):
        PAID = "paid", _("Paid")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
        REFUNDED = "refunded", _("Refunded")
        VOIDED = "voided", _("Voided")

    client_id = models.UUIDField(unique=True, default=uuid.uuid4)
    fingerprint = models.CharField(max_length=64)
    number = models.CharField(_("receipt number"), max_length=40)
    store = models.ForeignKey("catalog.Store", on_delete=models.PROTECT, related_name="orders")
    customer = models.ForeignKey(
        "members.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    cashier = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="orders_rung"
    )
    mode = models.CharField(_("mode"), max_length=40, default="sale")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PAID)
    subtotal = models.DecimalField(_("subtotal"), **MONEY)
    tier_discount = models.DecimalField(_("member discount"), default=ZERO, **MONEY)
    coupon_discount = models.DecimalField(_("coupon discount"), default=ZERO, **MONEY)
    manual_discount = models.DecimalField(_("manual discount"), default=ZERO, **MONEY)
    manual_discount_reason = models.CharField(_("discount reason"), max_length=200, blank=True)
    tax_total = models.DecimalField(_("tax"), default=ZERO, **MONEY)
    rounding = models.DecimalField(_("rounding"), default=ZERO, **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    change = models.DecimalField(_("change"), default=ZERO, **MONEY)
    refunded_total = models.DecimalField(_("refunded"), default=ZERO, **MONEY)
    prices_include_tax = models.BooleanField(default=True)
    coupon = models.ForeignKey(
        "loyalty.Coupon", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    points_earned = models.DecimalField(_("points earned"), default=ZERO, **MONEY)
    points_earn_txn = models.ForeignKey(
        "loyalty.LedgerTransaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    balances_after = models.JSONField(default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    offline_created_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["store", "number"], name="order_store_number_unique"),
        ]
        indexes = [
            models.Index(fields=["customer", "-id"], name="order_customer_recent"),
            models.Index(fields=["store", "-created_at"], name="order_store_recent"),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    class Kind(models.TextChoices):
        PRODUCT = "product", _("Product")
        SERVICE = "service", _("Service")
        QUICK = "quick", _("Quick amount")
        COUNT_CARD = "count_card", _("Count card")
        TIMED = "timed", _("Timed service")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="order_lines"
    )
    name = models.CharField(max_length=200)
    quantity = models.DecimalField(**QUANTITY)
    list_price = models.DecimalField(**MONEY)
    unit_price = models.DecimalField(**MONEY)
    gross = models.DecimalField(**MONEY)
    tier_discount = models.DecimalField(default=ZERO, **MONEY)
    coupon_discount = models.DecimalField(default=ZERO, **MONEY)
    manual_discount = models.DecimalField(default=ZERO, **MONEY)
    net = models.DecimalField(**MONEY)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, default=ZERO)
    tax = models.DecimalField(default=ZERO, **MONEY)
    unit_cost = models.DecimalField(null=True, blank=True, max_digits=14, decimal_places=4)
    refunded_quantity = models.DecimalField(default=ZERO, **QUANTITY)
    refunded_amount = models.DecimalField(default=ZERO, **MONEY)
    card = models.ForeignKey(
        "loyalty.Card", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service = models.CharField(max_length=100, blank=True)
    usage_txn = models.ForeignKey(
        "loyalty.LedgerTransaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["order_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "position"], name="order_line_position_unique"),
            models.CheckConstraint(
                condition=models.Q(refunded_quantity__lte=models.F("quantity")),
                name="order_line_refund_within_quantity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"

    @property
    def charged(self) -> Decimal:
        """What the customer pays for this line (net, plus tax when prices exclude it)."""
        return self.net if self.order.prices_include_tax else self.net + self.tax


class Payment(models.Model):
    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        CARD = "card", _("Card / terminal")
        STORED_VALUE = "stored_value", _("Stored value")
        POINTS = "points", _("Points")
        OTHER = "other", _("Other")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    position = models.PositiveIntegerField()
    method = models.CharField(max_length=20, choices=Method.choices)
    amount = models.DecimalField(**MONEY)
    tendered = models.DecimalField(null=True, blank=True, **MONEY)
    reference = models.CharField(max_length=100, blank=True)
    card = models.ForeignKey(
        "loyalty.Card", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(null=True, blank=True, **MONEY)
    ledger_txn = models.ForeignKey(
        "loyalty.LedgerTransaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refunded_amount = models.DecimalField(default=ZERO, **MONEY)

    class Meta:
        ordering = ["order_id", "position"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(refunded_amount__lte=models.F("amount")),
                name="payment_refund_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.amount}"


class Refund(models.Model):
    class Kind(models.TextChoices):
        REFUND = "refund", _("Refund")
        VOID = "void", _("Void")

    client_id = models.UUIDField(unique=True, default=uuid.uuid4)
    fingerprint = models.CharField(max_length=64)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REFUND)
    amount = models.DecimalField(**MONEY)
    reason = models.CharField(max_length=500)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    points_taken_back = models.DecimalField(default=ZERO, **MONEY)
    points_shortfall = models.DecimalField(default=ZERO, **MONEY)
    coupon_restored = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} of {self.order_id}"


class RefundLine(models.Model):
    refund = models.ForeignKey(Refund, on_delete=models.PROTECT, related_name="lines")
    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="refund_lines")
    quantity = models.DecimalField(**QUANTITY)
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.line_id} × {self.quantity}"


class RefundPayment(models.Model):
    refund = models.ForeignKey(Refund, on_delete=models.PROTECT, related_name="payments")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(**MONEY)
    points = models.DecimalField(null=True, blank=True, **MONEY)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.amount}"


class CommissionEntry(models.Model):
    """Staff commission earned on a line (positive) or taken back by a refund (negative).

    Append-only: totals per staff and period are sums of these rows.
    """

    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="commissions")
    staff = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="commissions")
    share = models.DecimalField(max_digits=5, decimal_places=2)
    amount = models.DecimalField(**MONEY)
    refund = models.ForeignKey(Refund, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["staff", "created_at"], name="commission_staff_time")]

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.amount}"


class TimedSession(models.Model):
    """A check-in billed by time at check-out (pet day care, billiards, study rooms, play areas)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Checked in")
        CLOSED = "closed", _("Checked out")
        BILLED = "billed", _("Billed")
        CANCELLED = "cancelled", _("Cancelled")

    store = models.ForeignKey("catalog.Store", on_delete=models.PROTECT, related_name="timed_sessions")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="timed_sessions")
    customer = models.ForeignKey(
        "members.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="timed_sessions"
    )
    card = models.ForeignKey(
        "loyalty.Card", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    minutes = models.PositiveIntegerField(null=True, blank=True)
    billed_minutes = models.PositiveIntegerField(null=True, blank=True)
    amount = models.DecimalField(null=True, blank=True, **MONEY)
    order_line = models.OneToOneField(
        OrderLine, null=True, blank=True, on_delete=models.PROTECT, related_name="timed_session"
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["store", "status"], name="timed_store_status")]

    def __str__(self) -> str:
        return f"{self.label or self.product_id} {self.status}"
