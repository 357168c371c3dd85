"""Stocktake sessions: start (snapshot what the system expects), count (any staff, in bulk from a
count sheet), submit, then a manager approves and every difference is booked at once.

Service functions (views stay thin). Policy choices:

- One open session (counting or submitted) per store, enforced by a partial unique index, so two
  sessions never book the same difference twice.
- ``expected`` is on hand when the line is added (at start) and is refreshed when a count is
  entered: a count describes the shelf at that moment. Approval books ``counted − expected`` as a
  difference (not "set to the count"), so sales and receipts posted while the shop counts are kept.
- Uncounted lines are left as they are at approval (nothing booked for them).
- Approval posts ONE adjustment movement for the whole session through the kernel, with an
  idempotency key derived from the stocktake id, under a lock on the stocktake row: approving
  twice (even concurrently) has one effect and answers the approved session both times.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Category, Product, Store
from catalog.services import stock_kinds, tracks_stock
from core import audit
from core.errors import DomainError
from core.models import Counter
from inventory import services
from inventory.models import ZERO, StockLevel, Stocktake, StocktakeLine

Status = Stocktake.Status
OPEN = (Status.COUNTING, Status.SUBMITTED)


@dataclass(frozen=True)
class Count:
    """A line of the count sheet: ``counted`` (>= 0), or None to clear a count entered by mistake."""

    product: Product
    counted: Any


def _invalid(field: str, message: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def _conflict(code: str, message: str) -> DomainError:
    return DomainError(message, code=code, status=409)


def _already_open(store: Store) -> DomainError:
    number = Stocktake.objects.filter(store=store, status__in=OPEN).values_list("number", flat=True).first()
    return _conflict(
        "stocktake_open",
        _("This store already has a stocktake in progress (%(number)s).") % {"number": number or "?"},
    )


def _category_tree(category: Category) -> list[int]:
    """The category and all its sub-categories (shops have a handful: one query per level)."""
    ids, frontier = [category.pk], [category.pk]
    while frontier:
        frontier = list(
            Category.objects.filter(parent_id__in=frontier).exclude(pk__in=ids).values_list("pk", flat=True)
        )
        ids += frontier
    return ids


def _scope(store: Store, category: Category | None) -> list[Product]:
    """No category: every product with a stock level at the store. A category: its active
    products (and sub-categories'), plus any of them the store still holds stock of."""
    if category is None:
        return list(
            Product.objects.filter(kind__in=stock_kinds(), stock_levels__store=store).order_by("name", "id")
        )
    return list(
        Product.objects.filter(kind__in=stock_kinds(), category_id__in=_category_tree(category))
        .filter(Q(active=True) | Q(stock_levels__store=store, stock_levels__on_hand__gt=0))
        .distinct()
        .order_by("name", "id")
    )


def _snapshot(store: Store, product_ids: Iterable[int]) -> dict[int, tuple[Decimal, Decimal]]:
    """{product id: (on hand, average cost)} now; products never stocked here are absent (0, 0)."""
    rows = StockLevel.objects.filter(store=store, product_id__in=list(product_ids))
    return {
        pid: (on_hand, cost) for pid, on_hand, cost in rows.values_list("product_id", "on_hand", "avg_cost")
    }


def start_stocktake(
    store: Store, *, category: Category | None = None, note: str = "", actor: Any = None
) -> Stocktake:
    """Open a session ``ST-000001`` for the store with one line per product in scope, each
    expecting the quantity on hand now. Refused while the store has another open session."""
    if not store.active:
        raise _invalid("store", _("This store is closed."))
    with transaction.atomic():
        if Stocktake.objects.filter(store=store, status__in=OPEN).exists():
            raise _already_open(store)
        try:
            with transaction.atomic():
                stocktake = Stocktake.objects.create(
                    number=f"ST-{Counter.next('stocktake'):06d}",
                    store=store,
                    category=category,
                    note=note,
                    created_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:  # another session opened at the same moment
            raise _already_open(store) from None
        products = _scope(store, category)
        now = _snapshot(store, [p.pk for p in products])
        StocktakeLine.objects.bulk_create(
            [
                StocktakeLine(
                    stocktake=stocktake,
                    product=product,
                    expected=now.get(product.pk, (ZERO, ZERO))[0],
                    unit_cost=now.get(product.pk, (ZERO, ZERO))[1],
                )
                for product in products
            ]
        )
        audit.record("inventory.stocktake.start", stocktake, actor=actor, after={"lines": len(products)})
        return stocktake


def _locked(stocktake: Stocktake) -> Stocktake:
    return Stocktake.objects.select_related("store").select_for_update(of=("self",)).get(pk=stocktake.pk)


def _counted(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value)).quantize(services.QTY)
    except (InvalidOperation, ValueError, TypeError):
        number = Decimal("NaN")
    if number.is_nan() or number < 0:
        raise _invalid("counted", _("Enter a number of 0 or more."))
    return number


def enter_counts(stocktake: Stocktake, counts: Iterable[Count], *, actor: Any = None) -> Stocktake:
    """Record counts from the count sheet (any staff). A product not on the sheet yet (goods
    found on the shelf) gets a line. Each counted line's ``expected`` is refreshed to on hand now."""
    counts = list(counts)
    if not counts:
        raise _invalid("lines", _("Add at least one line."))
    products = [count.product.pk for count in counts]
    if len(set(products)) != len(products):
        raise _invalid("lines", _("The same product is listed twice."))
    if not all(tracks_stock(count.product) for count in counts):
        raise _invalid("lines", _("Services have no stock."))
    values = [_counted(count.counted) for count in counts]
    with transaction.atomic():
        stocktake = _locked(stocktake)
        if stocktake.status != Status.COUNTING:
            raise _conflict("not_counting", _("Counts can only be entered while the stocktake is counting."))
        lines = {line.product_id: line for line in stocktake.lines.filter(product_id__in=products)}
        now = _snapshot(stocktake.store, products)
        when = timezone.now()
        user = actor if getattr(actor, "pk", None) else None
        changed, added = [], []
        for count, counted in zip(counts, values, strict=True):
            on_hand, cost = now.get(count.product.pk, (ZERO, ZERO))
            line = lines.get(count.product.pk)
            if line is None:
                line = StocktakeLine(
                    stocktake=stocktake, product=count.product, expected=on_hand, unit_cost=cost
                )
                added.append(line)
            else:
                changed.append(line)
            line.counted = counted
            if counted is not None:
                line.expected, line.unit_cost = on_hand, cost
            line.counted_by, line.counted_at = (user, when) if counted is not None else (None, None)
        StocktakeLine.objects.bulk_create(added)
        StocktakeLine.objects.bulk_update(
            changed, ["counted", "expected", "unit_cost", "counted_by", "counted_at"]
        )
        stocktake.save(update_fields=["updated_at"])
        return stocktake


def submit_stocktake(stocktake: Stocktake, *, actor: Any = None) -> Stocktake:
    """Counting is done (any staff): counts are frozen until a manager approves or reopens."""
    with transaction.atomic():
        stocktake = _locked(stocktake)
        if stocktake.status != Status.COUNTING:
            raise _conflict("not_counting", _("Only a stocktake being counted can be submitted."))
        if not stocktake.lines.filter(counted__isnull=False).exists():
            raise _invalid("lines", _("Count at least one product before submitting."))
        stocktake.status = Status.SUBMITTED
        stocktake.submitted_at = timezone.now()
        stocktake.save(update_fields=["status", "submitted_at", "updated_at"])
        audit.record("inventory.stocktake.submit", stocktake, actor=actor, after={"status": stocktake.status})
        return stocktake


def reopen_stocktake(stocktake: Stocktake, *, actor: Any = None, reason: str = "") -> Stocktake:
    """A manager sends a submitted session back to counting (a recount)."""
    with transaction.atomic():
        stocktake = _locked(stocktake)
        if stocktake.status != Status.SUBMITTED:
            raise _conflict("not_submitted", _("Only a submitted stocktake can be reopened."))
        stocktake.status = Status.COUNTING
        stocktake.submitted_at = None
        stocktake.save(update_fields=["status", "submitted_at", "updated_at"])
        audit.record("inventory.stocktake.reopen", stocktake, actor=actor, reason=reason)
        return stocktake


def approve_stocktake(stocktake: Stocktake, *, actor: Any = None) -> Stocktake:
    """Book every counted difference as one adjustment movement (manager or owner), once.

    An already approved session is returned as it is: approving twice has one effect.
    """
    with transaction.atomic():
        stocktake = _locked(stocktake)
        if stocktake.status == Status.APPROVED:
            return stocktake
        if stocktake.status != Status.SUBMITTED:
            raise _conflict("not_submitted", _("Only a submitted stocktake can be approved."))
        lines = [
            line
            for line in stocktake.lines.select_related("product").filter(counted__isnull=False)
            if line.counted != line.expected
        ]
        if lines:
            stocktake.movement = services.book_differences(
                stocktake.store,
                [services.Line(line.product, line.counted - line.expected) for line in lines],
                idempotency_key=f"stocktake:{stocktake.pk}:approve",
                actor=actor,
                reason=stocktake.number,
                source=("stocktake", stocktake.pk),
            )
        stocktake.status = Status.APPROVED
        stocktake.approved_by = actor if getattr(actor, "pk", None) else None
        stocktake.approved_at = timezone.now()
        stocktake.save(update_fields=["status", "movement", "approved_by", "approved_at", "updated_at"])
        audit.record(
            "inventory.stocktake.approve",
            stocktake,
            actor=actor,
            after={"movement": stocktake.movement_id, "differences": len(lines)},
        )
        return stocktake


def cancel_stocktake(stocktake: Stocktake, *, actor: Any = None, reason: str = "") -> Stocktake:
    """Abandon an open session (manager or owner): nothing is booked."""
    with transaction.atomic():
        stocktake = _locked(stocktake)
        if stocktake.status not in OPEN:
            raise _conflict("not_open", _("This stocktake is already closed."))
        stocktake.status = Status.CANCELLED
        stocktake.cancelled_at = timezone.now()
        stocktake.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit.record("inventory.stocktake.cancel", stocktake, actor=actor, reason=reason)
        return stocktake
