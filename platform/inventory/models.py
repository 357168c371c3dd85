"""Stock per store and product, moved only by an append-only ledger of stock movements.

``StockLevel.on_hand`` is a cache of the sum of its movement lines (see inventory.reconcile); it is
changed only by inventory.services with a conditional UPDATE. Movement rows are never updated or
deleted (a database trigger refuses it): a correction is a movement that ``reverses`` another.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

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
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings


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
