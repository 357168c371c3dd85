"""Every change to stores, products and their barcodes and tier prices goes through here.

Validation errors are DomainError with ``fields`` (rendered by the API as 400); each write runs in
one transaction, so a refused change writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from catalog.custom_fields import validate_extra
from catalog.models import ZERO, Barcode, Category, Product, ProductTierPrice, Store
from core import audit
from core.errors import DomainError
from core.uploads import delete_file_on_commit, image_extension
from pluginhost import calls
from pluginhost.types import ProductKind

DEFAULT_STORE_CODE = "main"
PRODUCT_FIELDS = (
    "kind",
    "name",
    "sku",
    "category",
    "price",
    "cost",
    "tax_rate",
    "unit",
    "active",
    "duration_minutes",
    "commission_type",
    "commission_value",
    "extra",
)
MAX_TAX_RATE = Decimal("100")
CENT = Decimal("0.01")


# --- stores -----------------------------------------------------------------------------------------


def default_store() -> Store:
    """The shop's first store, created (named after the shop) the first time anyone asks."""
    store = Store.objects.order_by("id").first()
    if store is not None:
        return store
    from django.db import connection

    tenant = getattr(connection, "tenant", None)
    name = getattr(tenant, "name", "")
    if not name and getattr(tenant, "schema_name", None):  # schema_context(): a stand-in tenant
        from tenants.models import Tenant

        name = Tenant.objects.filter(schema_name=tenant.schema_name).values_list("name", flat=True).first()
    name = (name or _("Main store"))[:100]
    with transaction.atomic():
        store, _created = Store.objects.get_or_create(code=DEFAULT_STORE_CODE, defaults={"name": name})
    return store


# --- product kinds ----------------------------------------------------------------------------------


def product_kinds(tenant: Any = None) -> dict[str, ProductKind]:
    """The kinds a product may have in this shop (the core's and its enabled plugins'), by key.

    ``tenant`` defaults to the connection's tenant (the request's shop, or schema_context()'s)."""
    tenant = tenant if tenant is not None else getattr(connection, "tenant", None)
    return {kind.key: kind for kind in calls.product_kinds(tenant)}


def tracks_stock(product: Product) -> bool:
    """Whether ``product`` has stock levels and moves stock when sold, received or refunded.

    The one answer to "does this keep stock?" for inventory and orders. A kind no enabled plugin
    registers (a plugin since disabled or uninstalled) keeps no stock: nothing can be counted
    against a kind the shop no longer has."""
    kind = product_kinds().get(product.kind)
    return kind is not None and kind.tracks_stock


def is_service(product: Product) -> bool:
    """Whether ``product`` behaves like a service: sold in whole units, billable by time."""
    kind = product_kinds().get(product.kind)
    return kind is not None and kind.is_service


def stock_kinds() -> list[str]:
    """The keys of this shop's kinds that keep stock, for filtering querysets."""
    return [key for key, kind in product_kinds().items() if kind.tracks_stock]


# --- products ---------------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal("NaN")
    return number.quantize(CENT, rounding=ROUND_HALF_UP) if number.is_finite() else Decimal("NaN")


def _clean_code(code: Any) -> str:
    return str(code or "").strip()


def _check_codes(product: Product | None, sku: str | None, barcodes: Iterable[str] | None) -> dict:
    """Field errors for an SKU or barcodes already used by another product (or repeated)."""
    errors: dict[str, list[str]] = {}
    others_filter = ~Q(pk=product.pk) if product is not None and product.pk else Q()
    if sku and Product.objects.filter(others_filter, sku=sku).exists():
        errors["sku"] = [_("Another product already has this SKU.")]
    if barcodes is not None:
        codes = list(barcodes)
        messages: list[str] = []
        if any(not code for code in codes):
            messages.append(_("A barcode cannot be empty."))
        if len(set(codes)) != len(codes):
            messages.append(_("The same barcode is listed twice."))
        taken = Barcode.objects.filter(code__in=codes)
        if product is not None and product.pk:
            taken = taken.exclude(product_id=product.pk)
        taken_codes = sorted(taken.values_list("code", flat=True))
        if taken_codes:
            messages.append(_("Already on another product: %(codes)s.") % {"codes": ", ".join(taken_codes)})
        if messages:
            errors["barcodes"] = messages
    return errors


def _resolve_category(value: Any) -> Category | None:
    if value is None or isinstance(value, Category):
        return value
    category = Category.objects.filter(pk=value).first() if str(value).isdigit() else None
    if category is None:
        message = _("This category does not exist.")
        raise DomainError(message, fields={"category": [message]})
    return category


def _validate(
    product: Product,
    sku: str | None,
    barcodes: list[str] | None,
    tier_prices: Any,
    *,
    check_kind: bool = True,
) -> None:
    """``check_kind`` is False when an update leaves the kind as it was: a product of a plugin
    kind stays editable (its price, its name) after the plugin is disabled for the shop."""
    errors: dict[str, list[str]] = {}
    if not (product.name or "").strip():
        errors["name"] = [_("This field is required.")]
    for name in ("price", "cost", "commission_value"):
        value = getattr(product, name)
        if name == "price" and value is None:
            errors[name] = [_("This field is required.")]
        elif value is not None and (value.is_nan() or value < ZERO):
            errors[name] = [_("Enter an amount of 0 or more.")]
    if product.tax_rate is None or product.tax_rate.is_nan() or not ZERO <= product.tax_rate <= MAX_TAX_RATE:
        errors["tax_rate"] = [_("Enter a percentage between 0 and 100.")]
    if product.commission_type == Product.CommissionType.PERCENT and (
        product.commission_value is not None and product.commission_value > MAX_TAX_RATE
    ):
        errors["commission_value"] = [_("A percentage cannot exceed 100.")]
    if check_kind and product.kind not in product_kinds():
        errors["kind"] = [_("Choose one of the offered options.")]
    if product.commission_type not in Product.CommissionType.values:
        errors["commission_type"] = [_("Choose one of the offered options.")]
    for _tier, price in tier_prices or []:
        if price is None or price.is_nan() or price < ZERO:
            errors["tier_prices"] = [_("Enter an amount of 0 or more.")]
    errors.update(_check_codes(product, sku, barcodes))
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), fields=errors)


def _tier_prices(rows: Any) -> list[tuple[Any, Decimal | None]] | None:
    if rows is None:
        return None
    from loyalty.models import Tier

    result = [(getattr(row["tier"], "pk", row["tier"]), _decimal(row.get("price"))) for row in rows]
    tiers = [tier for tier, _price in result]
    message = None
    if len(set(tiers)) != len(tiers):
        message = _("Each tier may have one price.")
    elif Tier.objects.filter(pk__in=tiers).count() != len(tiers):
        message = _("This tier does not exist.")
    if message:
        raise DomainError(message, fields={"tier_prices": [message]})
    return result


def _apply(product: Product, data: dict[str, Any]) -> tuple[str | None, list[str] | None, Any]:
    for key, value in data.items():
        if key not in PRODUCT_FIELDS:
            continue
        if key in ("price", "cost", "commission_value", "tax_rate"):
            value = _decimal(value)
            if key in ("tax_rate", "commission_value") and value is None:
                value = ZERO
        elif key == "sku":
            value = _clean_code(value) or None
        elif key == "category":
            value = _resolve_category(value)
        elif key == "extra":
            value = validate_extra(value)
        setattr(product, key, value)
    barcodes = [_clean_code(c) for c in data["barcodes"]] if data.get("barcodes") is not None else None
    return product.sku, barcodes, _tier_prices(data.get("tier_prices"))


def _save_related(product: Product, barcodes: list[str] | None, tier_prices: Any) -> None:
    if barcodes is not None:
        product.barcodes.exclude(code__in=barcodes).delete()
        existing = set(product.barcodes.values_list("code", flat=True))
        Barcode.objects.bulk_create(
            [Barcode(product=product, code=code) for code in barcodes if code not in existing]
        )
    if tier_prices is not None:
        product.tier_prices.all().delete()
        ProductTierPrice.objects.bulk_create(
            [ProductTierPrice(product=product, tier_id=tier, price=price) for tier, price in tier_prices]
        )


def _save(product: Product) -> None:
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError as exc:  # a concurrent write took the SKU first
        message = _("Another product already has this SKU.")
        raise DomainError(message, fields={"sku": [message]}) from exc


def create_product(data: dict[str, Any], *, actor: Any = None) -> Product:
    """A new product or service; ``data`` may carry ``barcodes`` (codes) and ``tier_prices``
    (``[{"tier": Tier or id, "price": …}]``)."""
    with transaction.atomic():
        product = Product()
        sku, barcodes, tier_prices = _apply(product, data)
        _validate(product, sku, barcodes, tier_prices)
        _save(product)
        _save_related(product, barcodes, tier_prices)
        return product


def update_product(product: Product, data: dict[str, Any], *, actor: Any = None) -> Product:
    """Change a product; ``barcodes`` and ``tier_prices``, when given, replace the current lists.
    A price change is written to the audit log."""
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        before = {"price": str(product.price)}
        kind_before = product.kind
        sku, barcodes, tier_prices = _apply(product, data)
        _validate(product, sku, barcodes, tier_prices, check_kind=product.kind != kind_before)
        _save(product)
        _save_related(product, barcodes, tier_prices)
        if str(product.price) != before["price"]:
            audit.record(
                "catalog.product.price", product, actor=actor, before=before, after={"price": product.price}
            )
        return product


def deactivate_product(product: Product, *, actor: Any = None) -> Product:
    """Products are never deleted (orders will refer to them): they stop being offered."""
    if product.active:
        product.active = False
        product.save(update_fields=["active", "updated_at"])
    return product


def add_barcode(product: Product, code: str) -> Barcode:
    code = _clean_code(code)
    if not code:
        message = _("A barcode cannot be empty.")
        raise DomainError(message, fields={"code": [message]})
    existing = Barcode.objects.filter(code=code).first()
    if existing is not None:
        if existing.product_id == product.pk:
            return existing
        message = _("This barcode is already on another product.")
        raise DomainError(message, fields={"code": [message]})
    try:
        with transaction.atomic():
            return Barcode.objects.create(product=product, code=code)
    except IntegrityError as exc:
        message = _("This barcode is already on another product.")
        raise DomainError(message, fields={"code": [message]}) from exc


def remove_barcode(product: Product, code: str) -> bool:
    deleted, _rows = product.barcodes.filter(code=_clean_code(code)).delete()
    return bool(deleted)


# --- image ------------------------------------------------------------------------------------------

IMAGE_MAX_BYTES = 5 * 1024 * 1024


def _image_error(message: Any) -> DomainError:
    return DomainError(message, fields={"image": [message]})


def set_image(product: Product, upload: UploadedFile, *, actor: Any = None) -> Product:
    """Store a JPEG, PNG or WebP picture (at most 5 MB, type told by its first bytes, the way member
    photos are checked) under a random name; the old file goes once the change is committed."""
    if upload.size is not None and upload.size > IMAGE_MAX_BYTES:
        raise _image_error(_("The image may be at most 5 MB."))
    upload.seek(0)
    extension = image_extension(upload.read(12))
    upload.seek(0)
    if extension is None:
        raise _image_error(_("Upload a JPEG, PNG or WebP image."))
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        old = product.image.name
        product.image.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
        product.save(update_fields=["image", "updated_at"])
        audit.record(
            "catalog.product.image",
            product,
            actor=actor,
            before={"image": old},
            after={"image": product.image.name},
        )
        delete_file_on_commit(old)
        return product


def remove_image(product: Product, *, actor: Any = None) -> Product:
    """Removing when there is no image is not an error (a double click, two tabs)."""
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        old = product.image.name
        if old:
            product.image = ""
            product.save(update_fields=["image", "updated_at"])
            audit.record(
                "catalog.product.image", product, actor=actor, before={"image": old}, after={"image": ""}
            )
            delete_file_on_commit(old)
        return product


# --- lookup -----------------------------------------------------------------------------------------


def find_by_code(code: str, *, active_only: bool = True) -> Product | None:
    """The scanner path: the product whose barcode or SKU is exactly ``code`` (two indexed probes)."""
    code = _clean_code(code)
    if not code:
        return None
    products = Product.objects.filter(active=True) if active_only else Product.objects.all()
    barcode = Barcode.objects.filter(code=code).values_list("product_id", flat=True).first()
    if barcode is not None:
        product = products.filter(pk=barcode).first()
        if product is not None:
            return product
    return products.filter(sku=code).first()


def search(q: str, queryset: QuerySet[Product] | None = None) -> QuerySet[Product]:
    """Products whose name contains ``q`` (any case), or whose SKU or a barcode is exactly ``q``."""
    queryset = queryset if queryset is not None else Product.objects.all()
    q = (q or "").strip()
    if not q:
        return queryset
    by_code = Barcode.objects.filter(code=q).values("product_id")
    return queryset.filter(Q(name__icontains=q) | Q(sku=q) | Q(pk__in=by_code))
