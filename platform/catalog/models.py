"""What a shop sells (products and services), how they are grouped, found at the counter (SKU and
barcodes) and priced per member tier, and the shop's stores (branches)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pluginhost.types import PRODUCT_KIND_MAX_LENGTH

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class Store(models.Model):
    """A branch of the shop; every shop has at least one (see catalog.services.default_store)."""

    name = models.CharField(pgettext_lazy("store", "name"), max_length=100)
    code = models.CharField(pgettext_lazy("store", "code"), max_length=32, unique=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class StaffStore(models.Model):
    """A store a staff member is limited to: the rows behind ``accounts.User.stores``.

    It lives here, in a tenant-only app, because accounts is also installed in the public schema,
    which has no stores: an automatic through table there would point at a missing table."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="store_links")
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="staff_links")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["user", "store"], name="staff_store_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.store_id}"


class Category(models.Model):
    name = models.CharField(pgettext_lazy("category", "name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    order = models.PositiveIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    class Kind(models.TextChoices):
        """The core's two kinds. Plugins register more (``register_product_kinds``), so ``kind``
        has no fixed choices: catalog.services checks it against the shop's registered kinds."""

        PRODUCT = "product", _("Product")
        SERVICE = "service", _("Service")

    class CommissionType(models.TextChoices):
        NONE = "none", _("None")
        PERCENT = "percent", _("Percent of the price")
        FIXED = "fixed", _("Fixed amount")

    kind = models.CharField(_("kind"), max_length=PRODUCT_KIND_MAX_LENGTH, default=Kind.PRODUCT)
    name = models.CharField(pgettext_lazy("product", "name"), max_length=200)
    sku = models.CharField(_("SKU"), max_length=64, unique=True, null=True, blank=True)
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
        verbose_name=_("category"),
    )
    price = models.DecimalField(_("price"), validators=[MinValueValidator(ZERO)], **MONEY)
    cost = models.DecimalField(
        _("cost"), null=True, blank=True, validators=[MinValueValidator(ZERO)], **MONEY
    )
    tax_rate = models.DecimalField(
        _("tax rate"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
        help_text=_("Percent, e.g. 5.00."),
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)
    image = models.FileField(_("image"), upload_to="catalog/images/", blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    commission_type = models.CharField(
        _("commission type"), max_length=10, choices=CommissionType.choices, default=CommissionType.NONE
    )
    commission_value = models.DecimalField(
        _("commission value"), default=ZERO, validators=[MinValueValidator(ZERO)], **MONEY
    )
    extra = models.JSONField(_("custom fields"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["active", "kind"], name="product_active_kind")]

    def __str__(self) -> str:
        return self.name


class Barcode(models.Model):
    """A code printed on the goods; a product may carry several (packs, old labels)."""

    code = models.CharField(_("barcode"), max_length=64, unique=True)
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="barcodes", verbose_name=_("product")
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.code


class ProductTierPrice(models.Model):
    """The price a member of ``tier`` pays instead of the list price."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="tier_prices")
    tier = models.ForeignKey("loyalty.Tier", on_delete=models.CASCADE, related_name="product_prices")
    price = models.DecimalField(_("price"), validators=[MinValueValidator(ZERO)], **MONEY)

    class Meta:
        ordering = ["tier__rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "tier"], name="product_tier_price_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}@{self.tier_id}: {self.price}"
