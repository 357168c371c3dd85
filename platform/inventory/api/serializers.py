"""Stock shapes for the API. Quantities are strings with three decimals ("10.000"), costs four."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import Category, Product, Store
from catalog.services import stock_kinds
from inventory.models import (
    InventorySettings,
    PurchaseOrder,
    PurchaseOrderLine,
    StockLevel,
    StockMovement,
    StockMovementLine,
    Stocktake,
    StocktakeLine,
    Supplier,
    Transfer,
)

QUANTITY = {"max_digits": 14, "decimal_places": 3}
COST = {"max_digits": 14, "decimal_places": 4}
MAX_LINES = 200


class StockLevelSerializer(serializers.ModelSerializer):
    store_name = serializers.CharField(source="store.name", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    low = serializers.SerializerMethodField(help_text="On hand is at or below the threshold.")

    class Meta:
        model = StockLevel
        fields = (
            "id",
            "store",
            "store_name",
            "product",
            "product_name",
            "on_hand",
            "avg_cost",
            "low_stock_threshold",
            "low",
            "updated_at",
        )
        read_only_fields = fields

    def get_low(self, level: StockLevel) -> bool:
        return level.low_stock_threshold is not None and level.on_hand <= level.low_stock_threshold


class StockMovementLineSerializer(serializers.ModelSerializer):
    product = serializers.IntegerField(source="stock_level.product_id", read_only=True)
    product_name = serializers.CharField(source="stock_level.product.name", read_only=True)

    class Meta:
        model = StockMovementLine
        fields = ("product", "product_name", "quantity", "unit_cost", "on_hand_after")
        read_only_fields = fields


class StockMovementSerializer(serializers.ModelSerializer):
    lines = StockMovementLineSerializer(many=True, read_only=True)
    reversed_by = serializers.IntegerField(
        source="reversal.pk", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = StockMovement
        fields = (
            "id",
            "kind",
            "store",
            "actor",
            "reason",
            "source_type",
            "source_id",
            "reverses",
            "reversed_by",
            "created_at",
            "lines",
        )
        read_only_fields = fields


class TransferSerializer(serializers.ModelSerializer):
    out_movement = StockMovementSerializer(read_only=True)
    in_movement = StockMovementSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Transfer
        fields = (
            "id",
            "from_store",
            "to_store",
            "status",
            "created_at",
            "received_at",
            "out_movement",
            "in_movement",
        )
        read_only_fields = fields


class StockProductField(serializers.PrimaryKeyRelatedField):
    """A product that keeps stock. Which kinds keep stock depends on the shop's plugins, so the
    queryset is built per request rather than once when the serializer class is defined."""

    def get_queryset(self) -> QuerySet[Product]:
        return Product.objects.filter(kind__in=stock_kinds())


class StockLineSerializer(serializers.Serializer):
    product = StockProductField()
    quantity = serializers.DecimalField(min_value=Decimal("0.001"), **QUANTITY)


class StockReceiveLineSerializer(StockLineSerializer):
    unit_cost = serializers.DecimalField(min_value=0, **COST)


def _lines(child: serializers.Serializer) -> serializers.ListSerializer:
    return serializers.ListSerializer(child=child, min_length=1, max_length=MAX_LINES)


class _LinesMixin(serializers.Serializer):
    def validate_lines(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        products = [line["product"].pk for line in value]
        if len(set(products)) != len(products):
            raise serializers.ValidationError(_("The same product is listed twice."))
        return value


class StockReceiveSerializer(_LinesMixin):
    store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    lines = _lines(StockReceiveLineSerializer())
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class StockRemoveSerializer(_LinesMixin):
    store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    kind = serializers.ChoiceField(
        choices=[
            (StockMovement.Kind.SALE, StockMovement.Kind.SALE.label),
            (StockMovement.Kind.DAMAGE, StockMovement.Kind.DAMAGE.label),
            (StockMovement.Kind.RETURN_TO_SUPPLIER, StockMovement.Kind.RETURN_TO_SUPPLIER.label),
        ]
    )
    lines = _lines(StockLineSerializer())
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class StockAdjustSerializer(serializers.Serializer):
    store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    product = StockProductField()
    counted = serializers.DecimalField(
        min_value=0, help_text="The quantity counted on the shelf.", **QUANTITY
    )
    reason = serializers.CharField(max_length=500)


class StockTransferCreateSerializer(_LinesMixin):
    from_store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    to_store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    lines = _lines(StockLineSerializer())
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["from_store"].pk == attrs["to_store"].pk:
            raise serializers.ValidationError({"to_store": [_("Choose a different store to send to.")]})
        return attrs


class StockReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class StockQuerySerializer(serializers.Serializer):
    store = serializers.IntegerField(required=False)
    product = serializers.IntegerField(required=False)
    low = serializers.BooleanField(
        required=False, default=False, help_text="Only levels at or below threshold."
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Part of the product's name, or its exact SKU or barcode.",
    )


class StockMovementQuerySerializer(serializers.Serializer):
    store = serializers.IntegerField(required=False)
    product = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=StockMovement.Kind.choices, required=False)
    date_from = serializers.DateField(
        required=False, help_text="First day, inclusive (YYYY-MM-DD), in the shop's time zone."
    )
    date_to = serializers.DateField(
        required=False, help_text="Last day, inclusive (YYYY-MM-DD), in the shop's time zone."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError({"date_to": [_("The end date is before the start date.")]})
        return attrs


class TransferQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Transfer.Status.choices, required=False)


MONEY_PLACES = Decimal("0.01")
MAX_COUNT_LINES = 1000


def money(value: Decimal | None) -> str | None:
    """A money amount as a string with two decimals ("12.50"); None stays None."""
    return None if value is None else str(value.quantize(MONEY_PLACES, rounding=ROUND_HALF_UP))


# --- Settings and thresholds -------------------------------------------------------------------


class InventorySettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = InventorySettings
        fields = ("allow_negative_stock",)
        extra_kwargs = {"allow_negative_stock": {"required": True}}


class StockThresholdSerializer(serializers.Serializer):
    low_stock_threshold = serializers.DecimalField(
        min_value=0,
        allow_null=True,
        help_text="On hand at or below this is low stock; null: no alert.",
        **QUANTITY,
    )


class StockThresholdCreateSerializer(StockThresholdSerializer):
    store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    product = StockProductField()


class LowStockQuerySerializer(serializers.Serializer):
    store = serializers.IntegerField(required=False)


# --- Suppliers and purchase orders -------------------------------------------------------------


class SupplierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supplier
        fields = ("id", "name", "contact", "phone", "email", "note", "active", "created_at", "updated_at")
        read_only_fields = ("id", "created_at", "updated_at")


class SupplierQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, help_text="Part of the name, contact, phone or email.")
    active = serializers.BooleanField(required=False, allow_null=True, default=None)


class PurchaseOrderLineSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.name", read_only=True)
    outstanding = serializers.SerializerMethodField(help_text="Still expected (0 once the order is closed).")

    class Meta:
        model = PurchaseOrderLine
        fields = (
            "id",
            "product",
            "product_name",
            "quantity",
            "unit_cost",
            "quantity_received",
            "quantity_returned",
            "outstanding",
        )
        read_only_fields = fields

    def get_outstanding(self, line: PurchaseOrderLine) -> str:
        open_ = line.order.status in (PurchaseOrder.Status.ORDERED, PurchaseOrder.Status.PARTIALLY_RECEIVED)
        left = line.quantity - line.quantity_received if open_ else Decimal("0")
        return f"{left:.3f}"


class PurchaseOrderSerializer(serializers.ModelSerializer):
    store_name = serializers.CharField(source="store.name", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    total = serializers.SerializerMethodField(help_text="Sum of quantity ordered × unit cost.")
    lines = PurchaseOrderLineSerializer(many=True, read_only=True)

    class Meta:
        model = PurchaseOrder
        fields = (
            "id",
            "number",
            "store",
            "store_name",
            "supplier",
            "supplier_name",
            "status",
            "expected_at",
            "note",
            "created_by",
            "created_at",
            "updated_at",
            "ordered_at",
            "closed_at",
            "total",
            "lines",
        )
        read_only_fields = fields

    def get_total(self, order: PurchaseOrder) -> str:
        return money(sum((line.quantity * line.unit_cost for line in order.lines.all()), Decimal("0")))


class PurchaseOrderDetailSerializer(PurchaseOrderSerializer):
    movements = serializers.SerializerMethodField(help_text="Receipts and returns booked against it.")

    class Meta(PurchaseOrderSerializer.Meta):
        fields = (*PurchaseOrderSerializer.Meta.fields, "movements")
        read_only_fields = fields

    @extend_schema_field(StockMovementSerializer(many=True))
    def get_movements(self, order: PurchaseOrder) -> list[dict[str, Any]]:
        movements = (
            StockMovement.objects.filter(source_type="purchase_order", source_id=str(order.pk))
            .select_related("reversal")
            .prefetch_related("lines__stock_level__product")
            .order_by("id")
        )
        return StockMovementSerializer(movements, many=True).data


class PurchaseOrderLineWriteSerializer(serializers.Serializer):
    product = StockProductField()
    quantity = serializers.DecimalField(min_value=Decimal("0.001"), **QUANTITY)
    unit_cost = serializers.DecimalField(min_value=0, **COST)


class PurchaseOrderWriteSerializer(_LinesMixin):
    store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.all())
    expected_at = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    lines = _lines(PurchaseOrderLineWriteSerializer())


class PurchaseOrderUpdateSerializer(PurchaseOrderWriteSerializer):
    """Every field optional; ``lines`` (when given) replaces all lines of the draft."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class DeliveryLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="A line id of this purchase order.")
    quantity = serializers.DecimalField(min_value=Decimal("0.001"), **QUANTITY)


class ReceiveLineSerializer(DeliveryLineSerializer):
    unit_cost = serializers.DecimalField(
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text="Defaults to the ordered cost.",
        **COST,
    )


class PurchaseOrderReceiveSerializer(serializers.Serializer):
    lines = _lines(ReceiveLineSerializer())
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class PurchaseOrderReturnSerializer(serializers.Serializer):
    lines = _lines(DeliveryLineSerializer())
    reason = serializers.CharField(max_length=500)


class InventoryReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class PurchaseOrderQuerySerializer(serializers.Serializer):
    store = serializers.IntegerField(required=False)
    supplier = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=PurchaseOrder.Status.choices, required=False)


# --- Stocktakes --------------------------------------------------------------------------------


class StocktakeLineSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.name", read_only=True)
    sku = serializers.CharField(source="product.sku", read_only=True, allow_null=True)
    difference = serializers.DecimalField(read_only=True, allow_null=True, **QUANTITY)
    difference_value = serializers.SerializerMethodField(
        help_text="Difference × average cost (money, 2 decimals); null until counted."
    )

    class Meta:
        model = StocktakeLine
        fields = (
            "id",
            "product",
            "product_name",
            "sku",
            "expected",
            "counted",
            "difference",
            "unit_cost",
            "difference_value",
            "counted_by",
            "counted_at",
        )
        read_only_fields = fields

    def get_difference_value(self, line: StocktakeLine) -> str | None:
        difference = line.difference
        return None if difference is None else money(difference * line.unit_cost)


class StocktakeSerializer(serializers.ModelSerializer):
    store_name = serializers.CharField(source="store.name", read_only=True)
    lines_total = serializers.IntegerField(read_only=True)
    lines_counted = serializers.IntegerField(read_only=True)
    lines_with_difference = serializers.IntegerField(read_only=True)
    difference_value = serializers.SerializerMethodField(
        help_text="Sum of the counted lines' difference values (money, 2 decimals)."
    )

    class Meta:
        model = Stocktake
        fields = (
            "id",
            "number",
            "store",
            "store_name",
            "category",
            "status",
            "note",
            "created_by",
            "approved_by",
            "movement",
            "created_at",
            "submitted_at",
            "approved_at",
            "cancelled_at",
            "lines_total",
            "lines_counted",
            "lines_with_difference",
            "difference_value",
        )
        read_only_fields = fields

    def get_difference_value(self, stocktake: Stocktake) -> str:
        return money(getattr(stocktake, "difference_total", None) or Decimal("0"))


class StocktakeDetailSerializer(StocktakeSerializer):
    lines = StocktakeLineSerializer(many=True, read_only=True)

    class Meta(StocktakeSerializer.Meta):
        fields = (*StocktakeSerializer.Meta.fields, "lines")
        read_only_fields = fields


class StocktakeCreateSerializer(serializers.Serializer):
    store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Count only this category (and its sub-categories); default: every stocked product.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class StocktakeCountLineSerializer(serializers.Serializer):
    product = StockProductField()
    counted = serializers.DecimalField(
        min_value=0, allow_null=True, help_text="The quantity on the shelf; null clears a count.", **QUANTITY
    )


class StocktakeCountSerializer(serializers.Serializer):
    lines = serializers.ListSerializer(
        child=StocktakeCountLineSerializer(), min_length=1, max_length=MAX_COUNT_LINES
    )

    def validate_lines(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        products = [line["product"].pk for line in value]
        if len(set(products)) != len(products):
            raise serializers.ValidationError(_("The same product is listed twice."))
        return value


class StocktakeQuerySerializer(serializers.Serializer):
    store = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=Stocktake.Status.choices, required=False)
