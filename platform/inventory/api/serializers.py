"""Stock shapes for the API. Quantities are strings with three decimals ("10.000"), costs four."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from catalog.models import Product, Store
from inventory.models import StockLevel, StockMovement, StockMovementLine, Transfer

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


def _products() -> Any:
    return Product.objects.filter(kind=Product.Kind.PRODUCT)


class StockLineSerializer(serializers.Serializer):
    product = serializers.PrimaryKeyRelatedField(queryset=_products())
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
    product = serializers.PrimaryKeyRelatedField(queryset=_products())
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


class StockMovementQuerySerializer(serializers.Serializer):
    store = serializers.IntegerField(required=False)
    product = serializers.IntegerField(required=False)
