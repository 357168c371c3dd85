"""What the till keeps on the device: the catalog, settings, staff and modes (bootstrap) and a
compact member index, so it can keep selling and look members up while offline."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import User
from accounts.stores import allowed_store_ids
from catalog.models import Barcode, Product, ProductTierPrice, Store
from catalog.services import default_store
from loyalty.models import Card, CustomerTier, PointsSettings, Tier
from members.models import Customer
from members.phones import display_phone, shop_region
from orders.services.checkout import settings_row
from orders.services.refunds import can_refund
from pluginhost import calls

MEMBER_PAGE = 2000


def _store(store: Store) -> dict[str, Any]:
    return {"id": store.pk, "name": store.name, "code": store.code}


def bootstrap(user: Any, store: Store | None) -> dict[str, Any]:
    tenant = getattr(connection, "tenant", None)
    allowed = allowed_store_ids(user)
    stores = Store.objects.filter(active=True)
    if allowed is not None:
        stores = stores.filter(pk__in=allowed)
    stores = list(stores)
    if not stores and allowed is None:
        stores = [default_store()]  # a new shop's first store is created on first use
    if store is None and stores:
        store = stores[0]
    settings = settings_row()
    points = PointsSettings.current()
    products = (
        Product.objects.filter(active=True)
        .prefetch_related(
            Prefetch("barcodes", queryset=Barcode.objects.order_by("id")),
            Prefetch("tier_prices", queryset=ProductTierPrice.objects.order_by("id")),
        )
        .select_related("category")
    )
    role = getattr(user, "role", "")
    return {
        "generated_at": timezone.now().isoformat(),
        "currency": getattr(tenant, "currency", ""),
        "cash_rounding": str(settings.cash_rounding),
        "prices_include_tax": settings.prices_include_tax,
        "timed_step_minutes": settings.timed_step_minutes,
        "timed_grace_minutes": settings.timed_grace_minutes,
        "store": _store(store) if store else None,
        "stores": [_store(s) for s in stores],
        "staff": [
            {"id": u.pk, "name": u.name or u.email}
            for u in User.objects.filter(is_active=True).order_by("name", "id")
        ],
        # "plugin" tells the till whose mode it is (a mode it does not implement is a plugin's);
        # "offline" whether it may be rung up while the server cannot be reached.
        "modes": [
            {
                "key": m.key,
                "label": str(m.label),
                "icon": m.icon,
                "description": str(m.description),
                "plugin": plugin,
                "offline": m.offline,
            }
            for plugin, m in calls.cashier_modes_with_plugins(tenant)
        ],
        "products": [
            {
                "id": p.pk,
                "name": p.name,
                "kind": p.kind,
                "sku": p.sku,
                "barcodes": [b.code for b in p.barcodes.all()],
                "price": str(p.price),
                "tax_rate": str(p.tax_rate),
                "category": p.category_id,
                "category_name": p.category.name if p.category else None,
                "tier_prices": {str(t.tier_id): str(t.price) for t in p.tier_prices.all()},
                "duration_minutes": p.duration_minutes,
                "unit": p.unit,
                "image_url": f"/media/{p.image.name}" if p.image else None,
            }
            for p in products
        ],
        "tiers": [
            {"id": t.pk, "name": t.name, "discount_rate": str(t.discount_rate) if t.discount_rate else None}
            for t in Tier.objects.filter(active=True)
        ],
        "points": {
            "enabled": points.enabled,
            "spend_unit": str(points.spend_unit),
            "points_per_unit": str(points.points_per_unit),
            "point_value": str(points.point_value),
        },
        "can_discount": role in ("owner", "manager") or settings.cashier_can_discount,
        "max_manual_discount_percent": str(settings.max_manual_discount_percent),
        "can_refund": can_refund(user),
    }


def member_index(after: int = 0, limit: int = MEMBER_PAGE) -> dict[str, Any]:
    """Members with id > ``after``, in id order; ``next`` is the cursor for the following page."""
    rows = list(
        Customer.objects.filter(pk__gt=after)
        .order_by("pk")
        .only("id", "name", "phone", "member_no")
        .prefetch_related(
            Prefetch(
                "cards", queryset=Card.objects.filter(status=Card.Status.ACTIVE).only("number", "customer_id")
            )
        )[:limit]
    )
    tiers = dict(
        CustomerTier.objects.filter(customer_id__in=[c.pk for c in rows]).values_list(
            "customer_id", "tier_id"
        )
    )
    region = shop_region()
    return {
        "results": [
            {
                "id": c.pk,
                "name": c.name,
                "phone": c.phone,
                "phone_display": display_phone(c.phone, region),
                "member_no": c.member_no,
                "tier": tiers.get(c.pk),
                "cards": [card.number for card in c.cards.all()],
            }
            for c in rows
        ],
        "next": rows[-1].pk if len(rows) == limit else None,
    }
