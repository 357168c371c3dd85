"""Stock per store and product, moved only by an append-only ledger of stock movements.

``StockLevel.on_hand`` is a cache of the sum of its movement lines (see inventory.reconcile); it is
changed only by inventory.services with a conditional UPDATE. Movement rows are never updated or
deleted (a database trigger refuses it): a correction is a movement that ``reverses`` another.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import work

QUANTITY = {"max_digits": 14, "decimal_places": 3}
COST = {"max_digits": 14, "decimal_places": 4}
ZERO = Decimal("0")


class InventorySettings(models.Model):
    """One row per tenant: the shop's stock rules."""

    allow_negative_stock = models.BooleanField(_("allow negative stock"), default=False)

    def __str__(self) -> str:
        return "inventory settings"

    @classmethod
    def current(cls) -> InventorySettings:
        """The shop's row (created on first use), read once per unit of work."""
        return work.memo("InventorySettings", lambda: cls.objects.get_or_create(pk=1)[0])


class StockLevel(models.Model):
    store = models.ForeignKey(
        "catalog.Store", on_delete=models.PROTECT, related_name="stock_levels", verbose_name=_("store")
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="stock_levels", verbose_name=_("product")
    )
    on_hand = models.DecimalField(_("on hand"), default=ZERO, **QUANTITY)
    avg_cost = models.DecimalField(_("average cost"), default=ZERO, **COST)
    low_stock_threshold = models.DecimalField(_("low stock threshold"), null=True, blank=True, **QUANTITY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["store_id", "product_id"]
        constraints = [
            models.UniqueConstraint(fields=["store", "product"], name="stock_level_store_product_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.store_id}/{self.product_id}: {self.on_hand}"


class StockMovement(models.Model):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        SALE = "sale", _("Sale")
        REFUND = "refund", _("Refund")
        RETURN_TO_SUPPLIER = "return_to_supplier", _("Return to supplier")
        ADJUSTMENT = "adjustment", _("Stocktake adjustment")
        DAMAGE = "damage", _("Damage")
        TRANSFER_OUT = "transfer_out", _("Transfer out")
        TRANSFER_IN = "transfer_in", _("Transfer in")
        REVERSAL = "reversal", _("Reversal")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    store = models.ForeignKey("catalog.Store", on_delete=models.PROTECT, related_name="stock_movements")
    idempotency_key = models.CharField(max_length=160, unique=True)
    fingerprint = models.CharField(max_length=64)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    source_type = models.CharField(max_length=32, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind}#{self.pk}"


class StockMovementLine(models.Model):
    movement = models.ForeignKey(StockMovement, on_delete=models.PROTECT, related_name="lines")
    stock_level = models.ForeignKey(StockLevel, on_delete=models.PROTECT, related_name="lines")
    quantity = models.DecimalField(**QUANTITY)
    unit_cost = models.DecimalField(null=True, blank=True, **COST)
    on_hand_after = models.DecimalField(**QUANTITY)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["stock_level", "id"], name="stockline_level_id")]

    def __str__(self) -> str:
        return f"{self.stock_level_id}{self.quantity:+}"


class Transfer(models.Model):
    """Goods on their way between two stores: out of ``from_store`` now, into ``to_store`` once."""

    class Status(models.TextChoices):
        IN_TRANSIT = "in_transit", _("In transit")
        RECEIVED = "received", _("Received")

    from_store = models.ForeignKey("catalog.Store", on_delete=models.PROTECT, related_name="+")
    to_store = models.ForeignKey("catalog.Store", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_TRANSIT)
    out_movement = models.OneToOneField(StockMovement, on_delete=models.PROTECT, related_name="transfer_out")
    in_movement = models.OneToOneField(
        StockMovement, null=True, blank=True, on_delete=models.PROTECT, related_name="transfer_in"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"transfer#{self.pk} {self.status}"


class Supplier(models.Model):
    """Who the shop buys goods from; deactivated, never deleted (purchase orders refer to it)."""

    name = models.CharField(pgettext_lazy("supplier", "name"), max_length=200)
    contact = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    note = models.TextField(_("note"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class PurchaseOrder(models.Model):
    """Goods ordered from a supplier for one store, received in one or several deliveries.

    Each delivery is one receipt movement (source ``purchase_order``/id); the lines count what
    has arrived and what went back to the supplier.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ORDERED = "ordered", _("Ordered")
        PARTIALLY_RECEIVED = "partially_received", _("Partially received")
        RECEIVED = "received", _("Received")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("number"), max_length=20, unique=True)
    store = models.ForeignKey(
        "catalog.Store", on_delete=models.PROTECT, related_name="purchase_orders", verbose_name=_("store")
    )
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="purchase_orders", verbose_name=_("supplier")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    expected_at = models.DateField(_("expected on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ordered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When no more goods were expected: received, closed or cancelled.")
    )

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "id"], name="purchaseorder_status_id")]

    def __str__(self) -> str:
        return self.number


class PurchaseOrderLine(models.Model):
    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    quantity = models.DecimalField(_("quantity ordered"), **QUANTITY)
    unit_cost = models.DecimalField(_("unit cost"), **COST)
    quantity_received = models.DecimalField(_("quantity received"), default=ZERO, **QUANTITY)
    quantity_returned = models.DecimalField(_("quantity returned"), default=ZERO, **QUANTITY)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "product"], name="purchaseorderline_product_once"),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0, unit_cost__gte=0, quantity_received__gte=0),
                name="purchaseorderline_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_received__lte=models.F("quantity")),
                name="purchaseorderline_not_over_received",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    quantity_returned__gte=0, quantity_returned__lte=models.F("quantity_received")
                ),
                name="purchaseorderline_returned_within_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.product_id}: {self.quantity_received}/{self.quantity}"


class Stocktake(models.Model):
    """A counting session at one store: expected quantities, counts, then one approved adjustment.

    At most one open (counting or submitted) session per store, so two sessions never book the
    same difference twice.
    """

    class Status(models.TextChoices):
        COUNTING = "counting", _("Counting")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("number"), max_length=20, unique=True)
    store = models.ForeignKey(
        "catalog.Store", on_delete=models.PROTECT, related_name="stocktakes", verbose_name=_("store")
    )
    category = models.ForeignKey(
        "catalog.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("category"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.COUNTING)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    movement = models.OneToOneField(
        StockMovement, null=True, blank=True, on_delete=models.PROTECT, related_name="stocktake"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["store"],
                condition=models.Q(status__in=["counting", "submitted"]),
                name="stocktake_one_open_per_store",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class StocktakeLine(models.Model):
    """One product of a session: on hand expected (and its average cost) when the line was added
    or last counted, and the count (None until counted)."""

    stocktake = models.ForeignKey(Stocktake, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    expected = models.DecimalField(_("expected"), **QUANTITY)
    unit_cost = models.DecimalField(_("average cost"), default=ZERO, **COST)
    counted = models.DecimalField(_("counted"), null=True, blank=True, **QUANTITY)
    counted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "product"], name="stocktakeline_product_once"),
            models.CheckConstraint(
                condition=models.Q(counted__isnull=True) | models.Q(counted__gte=0),
                name="stocktakeline_counted_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stocktake_id}/{self.product_id}: {self.counted}/{self.expected}"

    @property
    def difference(self) -> Decimal | None:
        """Counted − expected; None until counted."""
        return None if self.counted is None else self.counted - self.expected
