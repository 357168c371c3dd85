"""Catalog shapes for the API. Money is a string with two decimals ("1000.00")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import Category, Product, ProductTierPrice, Store
from catalog.services import product_kinds
from loyalty.models import Tier
from pluginhost.types import PRODUCT_KIND_MAX_LENGTH

MONEY = {"max_digits": 14, "decimal_places": 2}


class StoreSerializer(serializers.ModelSerializer):
    active = serializers.BooleanField(default=True)

    class Meta:
        model = Store
        fields = ("id", "name", "code", "address", "phone", "active")
        read_only_fields = ("id",)


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Category
        fields = ("id", "name", "parent", "order")
        read_only_fields = ("id",)

    def validate_parent(self, value: Category | None) -> Category | None:
        node, seen = value, set()
        while node is not None and node.pk not in seen:
            if self.instance is not None and node.pk == self.instance.pk:
                raise serializers.ValidationError(_("A category cannot be inside itself."))
            seen.add(node.pk)
            node = node.parent
        return value


class TierPriceSerializer(serializers.ModelSerializer):
    tier = serializers.PrimaryKeyRelatedField(queryset=Tier.objects.all())
    tier_name = serializers.CharField(source="tier.name", read_only=True)
    price = serializers.DecimalField(min_value=0, **MONEY)

    class Meta:
        model = ProductTierPrice
        fields = ("tier", "tier_name", "price")


PRODUCT_FIELDS = (
    "id",
    "kind",
    "name",
    "sku",
    "barcodes",
    "category",
    "price",
    "cost",
    "tax_rate",
    "unit",
    "active",
    "duration_minutes",
    "commission_type",
    "commission_value",
    "tier_prices",
    "extra",
)


class ProductSerializer(serializers.ModelSerializer):
    barcodes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    tier_prices = TierPriceSerializer(many=True, read_only=True)
    image_url = serializers.SerializerMethodField(help_text="Where the image is served, or null.")

    class Meta:
        model = Product
        fields = (*PRODUCT_FIELDS, "image_url", "created_at", "updated_at")
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_image_url(self, product: Product) -> str | None:
        return product.image.url if product.image else None


class ProductWriteSerializer(serializers.ModelSerializer):
    """Fields a client may set; ``barcodes`` and ``tier_prices`` replace the current lists."""

    # Any kind registered for this shop (see GET products/schema/ "kinds"); catalog.services checks
    # it, since the list depends on the shop's plugins and cannot be fixed choices.
    kind = serializers.CharField(
        max_length=PRODUCT_KIND_MAX_LENGTH,
        required=False,
        help_text='A registered product kind: "product", "service" or a plugin\'s.',
    )
    sku = serializers.CharField(max_length=64, required=False, allow_blank=True, allow_null=True)
    barcodes = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False, allow_empty=True, max_length=50
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), required=False, allow_null=True
    )
    price = serializers.DecimalField(min_value=0, **MONEY)
    cost = serializers.DecimalField(min_value=0, required=False, allow_null=True, **MONEY)
    tax_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, help_text="Percent."
    )
    commission_value = serializers.DecimalField(min_value=0, required=False, **MONEY)
    tier_prices = TierPriceSerializer(many=True, required=False)
    extra = serializers.JSONField(required=False)

    class Meta:
        model = Product
        fields = tuple(f for f in PRODUCT_FIELDS if f != "id")
        extra_kwargs = {"active": {"default": True}}

    def validate_extra(self, value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Enter an object."))
        return value


class ImageUploadSerializer(serializers.Serializer):
    image = serializers.FileField(help_text="JPEG, PNG or WebP, at most 5 MB.")


class ProductListQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Part of the name, or an exact SKU or barcode."
    )
    category = serializers.IntegerField(required=False)
    kind = serializers.CharField(
        max_length=PRODUCT_KIND_MAX_LENGTH, required=False, allow_blank=True, help_text="A product kind key."
    )
    active = serializers.BooleanField(required=False, allow_null=True, default=None)

    def validate_kind(self, value: str) -> str:
        # An unknown kind is a mistake in the request (a typo), not an empty result.
        if value and value not in product_kinds():
            raise serializers.ValidationError(_("Choose one of the offered options."))
        return value


class ScanQuerySerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64, help_text="A barcode or SKU, exactly as scanned.")


class ProductKindSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    tracks_stock = serializers.BooleanField(help_text="Has stock levels; selling it moves stock.")
    is_service = serializers.BooleanField(help_text="Sold in whole units, with a duration and commission.")
    order = serializers.IntegerField()


class CatalogSchemaSerializer(serializers.Serializer):
    schema = serializers.JSONField(help_text="JSON Schema of Product.extra (plugin namespaces).")
    kinds = ProductKindSerializer(many=True, help_text="The product kinds offered in this shop, in order.")
