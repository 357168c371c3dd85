"""Suppliers' purchase orders: draft, place, receive (possibly in several deliveries), close or
cancel, and return goods to the supplier.

Service functions (views stay thin). Stock only moves through the kernel in inventory.services:
each delivery is one RECEIPT movement and each return one RETURN_TO_SUPPLIER movement, with the
client's Idempotency-Key and source ``("purchase_order", id)``. The purchase order row is locked
(SELECT … FOR UPDATE) for every change, so two deliveries of the remaining quantity racing each
other cannot both be booked: the second sees the first one's quantities and is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product, Store
from catalog.services import tracks_stock
from core import audit
from core.errors import DomainError
from core.models import Counter
from inventory import services
from inventory.models import PurchaseOrder, PurchaseOrderLine, StockMovement, Supplier

Status = PurchaseOrder.Status
RECEIVABLE = (Status.ORDERED, Status.PARTIALLY_RECEIVED)
UNSET: Any = object()


@dataclass(frozen=True)
class OrderLine:
    """A product to order: quantity > 0 at ``unit_cost`` (the expected purchase price)."""

    product: Product
    quantity: Any
    unit_cost: Any


@dataclass(frozen=True)
class Delivery:
    """A quantity of one purchase order line received (or returned); ``unit_cost`` overrides the
    ordered cost when the invoice says otherwise (receipts only)."""

    line: int
    quantity: Any
    unit_cost: Any = None


def _invalid(field: str, message: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def _conflict(code: str, message: str, field: str | None = None) -> DomainError:
    return DomainError(message, code=code, status=409, fields={field: [message]} if field else None)


def _decimal(value: Any, places: Decimal, field: str, *, strict: bool) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(places)
    except (InvalidOperation, ValueError, TypeError):
        number = Decimal("NaN")
    if number.is_nan() or number < 0 or (strict and number == 0):
        raise _invalid(
            field, _("Enter a number greater than 0.") if strict else _("Enter a number of 0 or more.")
        )
    return number


def _check_parties(store: Store, supplier: Supplier) -> None:
    if not store.active:
        raise _invalid("store", _("This store is closed."))
    if not supplier.active:
        raise _invalid("supplier", _("This supplier is no longer active."))


def _clean_lines(lines: Iterable[OrderLine]) -> list[OrderLine]:
    lines = list(lines)
    if not lines:
        raise _invalid("lines", _("Add at least one line."))
    products = [line.product.pk for line in lines]
    if len(set(products)) != len(products):
        raise _invalid("lines", _("The same product is listed twice."))
    if not all(tracks_stock(line.product) for line in lines):
        raise _invalid("lines", _("Services have no stock."))
    return [
        OrderLine(
            line.product,
            _decimal(line.quantity, services.QTY, "quantity", strict=True),
            _decimal(line.unit_cost, services.COST, "unit_cost", strict=False),
        )
        for line in lines
    ]


def _write_lines(order: PurchaseOrder, lines: list[OrderLine]) -> None:
    PurchaseOrderLine.objects.bulk_create(
        [
            PurchaseOrderLine(
                order=order, product=line.product, quantity=line.quantity, unit_cost=line.unit_cost
            )
            for line in lines
        ]
    )


def create_purchase_order(
    store: Store,
    supplier: Supplier,
    lines: Iterable[OrderLine],
    *,
    expected_at: date | None = None,
    note: str = "",
    actor: Any = None,
) -> PurchaseOrder:
    """A draft purchase order numbered ``PO-000001`` (per shop); nothing moves until receipt."""
    _check_parties(store, supplier)
    lines = _clean_lines(lines)
    with transaction.atomic():
        order = PurchaseOrder.objects.create(
            number=f"PO-{Counter.next('po'):06d}",
            store=store,
            supplier=supplier,
            expected_at=expected_at,
            note=note,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _write_lines(order, lines)
        audit.record("inventory.purchase_order.create", order, actor=actor, after={"number": order.number})
        return order


def _locked(order: PurchaseOrder) -> PurchaseOrder:
    return (
        PurchaseOrder.objects.select_related("store", "supplier")
        .select_for_update(of=("self",))
        .get(pk=order.pk)
    )


def update_purchase_order(
    order: PurchaseOrder,
    *,
    store: Store = UNSET,
    supplier: Supplier = UNSET,
    expected_at: date | None = UNSET,
    note: str = UNSET,
    lines: Iterable[OrderLine] | None = None,
    actor: Any = None,
) -> PurchaseOrder:
    """Change a draft (given fields only; ``lines`` replaces every line). Once placed the order is
    what the supplier was sent: refused (409 not_draft)."""
    with transaction.atomic():
        order = _locked(order)
        if order.status != Status.DRAFT:
            raise _conflict("not_draft", _("Only a draft purchase order can be changed."))
        if store is not UNSET:
            order.store = store
        if supplier is not UNSET:
            order.supplier = supplier
        if expected_at is not UNSET:
            order.expected_at = expected_at
        if note is not UNSET:
            order.note = note
        _check_parties(order.store, order.supplier)
        if lines is not None:
            cleaned = _clean_lines(lines)
            order.lines.all().delete()
            _write_lines(order, cleaned)
        order.save()
        return order


def place_order(order: PurchaseOrder, *, actor: Any = None) -> PurchaseOrder:
    """The draft is sent to the supplier: from now on goods can be received against it."""
    with transaction.atomic():
        order = _locked(order)
        if order.status != Status.DRAFT:
            raise _conflict("not_draft", _("This purchase order has already been placed."))
        _check_parties(order.store, order.supplier)
        order.status = Status.ORDERED
        order.ordered_at = timezone.now()
        order.save(update_fields=["status", "ordered_at", "updated_at"])
        audit.record("inventory.purchase_order.place", order, actor=actor, after={"status": order.status})
        return order


def _deliveries(
    order: PurchaseOrder, deliveries: Iterable[Delivery]
) -> list[tuple[PurchaseOrderLine, Decimal, Any]]:
    """(line, quantity, unit cost or None) for each delivery; lines must be this order's, once each."""
    deliveries = list(deliveries)
    if not deliveries:
        raise _invalid("lines", _("Add at least one line."))
    by_id = {line.pk: line for line in order.lines.select_related("product")}
    ids = [delivery.line for delivery in deliveries]
    if len(set(ids)) != len(ids):
        raise _invalid("lines", _("The same line is listed twice."))
    if any(line_id not in by_id for line_id in ids):
        raise _invalid("lines", _("This line is not on this purchase order."))
    return [
        (
            by_id[delivery.line],
            _decimal(delivery.quantity, services.QTY, "quantity", strict=True),
            None
            if delivery.unit_cost is None
            else _decimal(delivery.unit_cost, services.COST, "unit_cost", strict=False),
        )
        for delivery in deliveries
    ]


def _too_many(line: PurchaseOrderLine, left: Decimal, code: str) -> DomainError:
    if code == "over_receipt":
        message = _("Only %(left)s of %(product)s are still expected.")
    else:
        message = _("Only %(left)s of %(product)s can go back to the supplier.")
    return _conflict(code, message % {"left": services.show(left), "product": line.product.name}, "lines")


def receive_goods(
    order: PurchaseOrder,
    deliveries: Iterable[Delivery],
    *,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
) -> tuple[PurchaseOrder, StockMovement]:
    """A delivery (possibly partial): one RECEIPT movement, then the order is partially received
    or received. Receiving more than is still expected is refused (409 over_receipt): over-delivery
    is a new purchase order. A retry with the same key replays the first delivery."""
    with transaction.atomic():
        order = _locked(order)
        rows = _deliveries(order, deliveries)
        stock_lines = [
            services.Line(line.product, quantity, line.unit_cost if cost is None else cost)
            for line, quantity, cost in rows
        ]
        source = ("purchase_order", str(order.pk))
        _lines, request = services.receive_request(order.store, stock_lines, reason=reason, source=source)
        found = services.existing(idempotency_key, request)
        if found is not None:
            return order, found
        if order.status not in RECEIVABLE:
            raise _conflict("not_receivable", _("Only a placed, still open purchase order can be received."))
        for line, quantity, _cost in rows:
            left = line.quantity - line.quantity_received
            if quantity > left:
                raise _too_many(line, left, "over_receipt")
        movement = services.receive(
            order.store,
            stock_lines,
            idempotency_key=idempotency_key,
            actor=actor,
            reason=reason,
            source=source,
        )
        for line, quantity, _cost in rows:
            line.quantity_received += quantity
        PurchaseOrderLine.objects.bulk_update([line for line, _q, _c in rows], ["quantity_received"])
        before = order.status
        outstanding = any(line.quantity_received < line.quantity for line in order.lines.all())
        order.status = Status.PARTIALLY_RECEIVED if outstanding else Status.RECEIVED
        if not outstanding:
            order.closed_at = timezone.now()
        order.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record(
            "inventory.purchase_order.receive",
            order,
            actor=actor,
            reason=reason,
            before={"status": before},
            after={"status": order.status, "movement": movement.pk},
        )
        return order, movement


def cancel_order(order: PurchaseOrder, *, actor: Any = None, reason: str = "") -> PurchaseOrder:
    """Nothing received yet: the order is cancelled. Partly received: the remainder is closed
    (status received, ``closed_at`` set; the lines keep what was ordered and what arrived).
    Received or cancelled orders are refused (409 not_cancellable)."""
    with transaction.atomic():
        order = _locked(order)
        before = order.status
        if order.status in (Status.DRAFT, Status.ORDERED):
            order.status = Status.CANCELLED
        elif order.status == Status.PARTIALLY_RECEIVED:
            order.status = Status.RECEIVED
        else:
            raise _conflict("not_cancellable", _("This purchase order is already closed."))
        order.closed_at = timezone.now()
        order.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record(
            "inventory.purchase_order.cancel",
            order,
            actor=actor,
            reason=reason,
            before={"status": before},
            after={"status": order.status},
        )
        return order


def return_to_supplier(
    order: PurchaseOrder,
    deliveries: Iterable[Delivery],
    *,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
) -> tuple[PurchaseOrder, StockMovement]:
    """Received goods go back to the supplier: one RETURN_TO_SUPPLIER movement (refused below
    zero unless the shop allows negative stock), at most what arrived minus what went back already
    (409 over_return). The order's status does not change: a replacement is a new purchase order."""
    with transaction.atomic():
        order = _locked(order)
        rows = _deliveries(order, deliveries)
        if any(cost is not None for _line, _q, cost in rows):
            raise _invalid("unit_cost", _("Returns leave at the average cost; leave the cost out."))
        stock_lines = [services.Line(line.product, quantity) for line, quantity, _cost in rows]
        source = ("purchase_order", str(order.pk))
        kind = services.Kind.RETURN_TO_SUPPLIER
        _lines, request = services.remove_request(
            order.store, stock_lines, kind=kind, reason=reason, source=source
        )
        found = services.existing(idempotency_key, request)
        if found is not None:
            return order, found
        for line, quantity, _cost in rows:
            left = line.quantity_received - line.quantity_returned
            if quantity > left:
                raise _too_many(line, left, "over_return")
        movement = services.remove(
            order.store,
            stock_lines,
            kind=kind,
            idempotency_key=idempotency_key,
            actor=actor,
            reason=reason,
            source=source,
        )
        for line, quantity, _cost in rows:
            line.quantity_returned += quantity
        PurchaseOrderLine.objects.bulk_update([line for line, _q, _c in rows], ["quantity_returned"])
        order.save(update_fields=["updated_at"])
        audit.record(
            "inventory.purchase_order.return",
            order,
            actor=actor,
            reason=reason,
            after={"movement": movement.pk},
        )
        return order, movement
