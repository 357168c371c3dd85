"""Printable receipts (58 mm and 80 mm thermal paper), in the shop's language and time zone."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation

from catalog.models import Store
from orders.localtime import local
from orders.models import Order, Payment

# Characters per line of a thermal printer's default font; the template wraps names to fit.
WIDTHS = {58: 32, 80: 48}


def render(order: Order, *, width: int = 80, auto_print: bool = False) -> str:
    tenant = getattr(connection, "tenant", None)
    language = getattr(tenant, "language", "") or "en"
    order = (
        Order.objects.select_related("store", "customer", "cashier")
        .prefetch_related("lines", "payments", "refunds")
        .get(pk=order.pk)
    )
    store: Store = order.store
    methods = dict(Payment.Method.choices)
    context: dict[str, Any] = {
        "order": order,
        "shop_name": getattr(tenant, "name", "") or "",
        "store": store,
        "width": width if width in WIDTHS else 80,
        "created": local(order.offline_created_at or order.created_at),
        "lines": list(order.lines.all()),
        "payments": [(methods.get(p.method, p.method), p) for p in order.payments.all()],
        "refunds": list(order.refunds.all()),
        "balances": order.balances_after or {},
        "settings": _settings(),
        "auto_print": auto_print,
        "discount_total": order.tier_discount + order.coupon_discount + order.manual_discount,
    }
    with translation.override(language):
        context["methods"] = {k: str(v) for k, v in methods.items()}
        return render_to_string("orders/receipt.html", context)


def _settings() -> Any:
    from orders.services.checkout import settings_row

    return settings_row()
