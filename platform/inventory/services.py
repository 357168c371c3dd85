"""The stock kernel: the only code that changes on-hand quantities (copies loyalty.ledger).

Every change is one StockMovement header plus its lines, written in the caller's transaction:

1. The header is inserted first, in a savepoint. Its idempotency key is unique, so a retry (or a
   concurrent duplicate, which blocks on the unique index until the first commits) lands on the
   existing movement and returns it: exactly one effect. Same key with a different request is a
   conflict, never a silent replay.
2. Each level moves with a conditional ``UPDATE … SET on_hand = on_hand + q WHERE … AND
   (on_hand + q >= 0 OR negative stock allowed) RETURNING on_hand``: no lost update, no
   read-modify-write. Receipts update the weighted average cost in the same statement.
3. Lines record the quantity (signed), the unit cost and the on-hand quantity after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product, Store
from core import audit
from core.errors import DomainError
from inventory.errors import InsufficientStock, MovementAlreadyReversed, TransferAlreadyReceived
from inventory.models import InventorySettings, StockLevel, StockMovement, StockMovementLine, Transfer
from loyalty.errors import IdempotencyConflict
from loyalty.ledger import fingerprint

Kind = StockMovement.Kind
QTY = Decimal("0.001")
COST = Decimal("0.0001")
REMOVAL_KINDS = (Kind.SALE, Kind.DAMAGE, Kind.RETURN_TO_SUPPLIER)


@dataclass(frozen=True)
class Line:
    product: Product
    quantity: Any
    unit_cost: Any = None


@dataclass(frozen=True)
class _Move:
    level: StockLevel
    quantity: Decimal
    unit_cost: Decimal | None
    product_name: str


def show(value: Decimal) -> str:
    """A quantity without trailing zeros ("10", "2.5")."""
    return format(value.normalize(), "f") if value else "0"


def allow_negative_stock() -> bool:
    return bool(InventorySettings.objects.filter(pk=1).values_list("allow_negative_stock", flat=True).first())


def _number(value: Any, places: Decimal, field: str, *, minimum: Decimal, strict: bool) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(places)
    except (InvalidOperation, ValueError, TypeError):
        number = Decimal("NaN")
    if number.is_nan() or number < minimum or (strict and number == minimum):
        message = _("Enter a number greater than 0.") if strict else _("Enter a number of 0 or more.")
        raise DomainError(message, fields={field: [message]})
    return number


def _clean(lines: Iterable[Line], *, with_cost: bool) -> list[Line]:
    lines = list(lines)
    if not lines:
        message = _("Add at least one line.")
        raise DomainError(message, fields={"lines": [message]})
    products = [line.product.pk for line in lines]
    if len(set(products)) != len(products):
        message = _("The same product is listed twice.")
        raise DomainError(message, fields={"lines": [message]})
    if any(line.product.kind != Product.Kind.PRODUCT for line in lines):
        message = _("Services have no stock.")
        raise DomainError(message, fields={"lines": [message]})
    return [
        Line(
            line.product,
            _number(line.quantity, QTY, "quantity", minimum=Decimal(0), strict=True),
            _number(line.unit_cost, COST, "unit_cost", minimum=Decimal(0), strict=False)
            if with_cost
            else None,
        )
        for line in lines
    ]


def _request(op: str, store: Store, lines: Sequence[Line], **extra: Any) -> str:
    return fingerprint(
        op=op,
        store=store.pk,
        lines=[(line.product.pk, str(line.quantity), str(line.unit_cost)) for line in lines],
        **extra,
    )


def levels(store: Store, products: Sequence[Product]) -> dict[int, StockLevel]:
    """The stock levels of ``products`` at ``store``, created (at zero) if missing."""
    StockLevel.objects.bulk_create(
        [StockLevel(store=store, product=product) for product in products], ignore_conflicts=True
    )
    found = StockLevel.objects.filter(store=store, product__in=[p.pk for p in products])
    return {level.product_id: level for level in found}


def existing(idempotency_key: str, request_fingerprint: str) -> StockMovement | None:
    found = StockMovement.objects.filter(idempotency_key=idempotency_key).first()
    if found is not None and found.fingerprint != request_fingerprint:
        raise IdempotencyConflict()
    return found


AVERAGE_SQL = (
    f"UPDATE {StockLevel._meta.db_table} SET "  # noqa: S608
    "avg_cost = CASE WHEN on_hand <= 0 THEN %(cost)s "
    "ELSE round((on_hand * avg_cost + %(qty)s * %(cost)s) / (on_hand + %(qty)s), 4) END, "
    "on_hand = on_hand + %(qty)s, updated_at = now() WHERE id = %(id)s RETURNING on_hand, avg_cost"
)
MOVE_SQL = (
    f"UPDATE {StockLevel._meta.db_table} SET on_hand = on_hand + %(qty)s, updated_at = now() "  # noqa: S608
    "WHERE id = %(id)s AND (on_hand + %(qty)s >= 0 OR %(allow)s) RETURNING on_hand, avg_cost"
)


def _post(
    kind: str,
    store: Store,
    moves: Sequence[_Move],
    *,
    idempotency_key: str,
    request_fingerprint: str,
    actor: Any = None,
    reason: str = "",
    source: tuple[str, str] = ("", ""),
    reverses: StockMovement | None = None,
) -> tuple[StockMovement, bool]:
    """Write the header, move every level, write the lines; (movement, created)."""
    assert connection.in_atomic_block, "inventory._post must run inside the caller's transaction"
    try:
        with transaction.atomic():
            header = StockMovement.objects.create(
                kind=kind,
                store=store,
                idempotency_key=idempotency_key,
                fingerprint=request_fingerprint,
                actor=actor if getattr(actor, "pk", None) else None,
                reason=reason,
                source_type=source[0],
                source_id=str(source[1]),
                reverses=reverses,
            )
    except IntegrityError:
        found = existing(idempotency_key, request_fingerprint)
        if found is not None:
            return found, False
        if reverses is not None:
            raise MovementAlreadyReversed() from None
        raise
    allow = allow_negative_stock()
    lines = []
    with connection.cursor() as cursor:
        for move in sorted(moves, key=lambda m: m.level.pk):  # one lock order: no deadlocks
            params = {"qty": move.quantity, "cost": move.unit_cost, "id": move.level.pk, "allow": allow}
            use_average = move.quantity > 0 and move.unit_cost is not None
            cursor.execute(AVERAGE_SQL if use_average else MOVE_SQL, params)
            row = cursor.fetchone()
            if row is None:
                available = StockLevel.objects.filter(pk=move.level.pk).values_list("on_hand", flat=True)[0]
                raise InsufficientStock(
                    _("Not enough stock of %(product)s: %(available)s left")
                    % {"product": move.product_name, "available": show(available)},
                    fields={
                        "lines": [_("Not enough stock of %(product)s.") % {"product": move.product_name}]
                    },
                )
            move.level.on_hand, move.level.avg_cost = row
            unit_cost = move.unit_cost if move.unit_cost is not None else row[1]
            lines.append(
                StockMovementLine(
                    movement=header,
                    stock_level=move.level,
                    quantity=move.quantity,
                    unit_cost=unit_cost,
                    on_hand_after=row[0],
                )
            )
    StockMovementLine.objects.bulk_create(lines)
    return header, True


def receive(
    store: Store,
    lines: Iterable[Line],
    *,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
    source: tuple[str, str] = ("", ""),
) -> StockMovement:
    """Goods arrive from a supplier: on hand goes up, the weighted average cost moves."""
    with transaction.atomic():
        lines = _clean(lines, with_cost=True)
        request = _request("receive", store, lines, reason=reason, source=source)
        found = existing(idempotency_key, request)
        if found is not None:
            return found
        by_product = levels(store, [line.product for line in lines])
        moves = [
            _Move(by_product[line.product.pk], line.quantity, line.unit_cost, line.product.name)
            for line in lines
        ]
        return _post(
            Kind.RECEIPT,
            store,
            moves,
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            actor=actor,
            reason=reason,
            source=source,
        )[0]


def _remove(
    kind: str, store: Store, lines: list[Line], request: str, key: str, **kwargs: Any
) -> tuple[StockMovement, bool]:
    by_product = levels(store, [line.product for line in lines])
    moves = [_Move(by_product[line.product.pk], -line.quantity, None, line.product.name) for line in lines]
    return _post(kind, store, moves, idempotency_key=key, request_fingerprint=request, **kwargs)


def remove(
    store: Store,
    lines: Iterable[Line],
    *,
    kind: str = Kind.SALE,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
    source: tuple[str, str] = ("", ""),
) -> StockMovement:
    """Goods leave (sold, damaged, returned to the supplier); refused below zero unless the shop
    allows negative stock. Lines carry the average cost at that moment (cost of goods)."""
    if kind not in REMOVAL_KINDS:
        message = _("Choose one of the offered options.")
        raise DomainError(message, fields={"kind": [message]})
    with transaction.atomic():
        lines = _clean(lines, with_cost=False)
        request = _request("remove", store, lines, kind=str(kind), reason=reason, source=source)
        found = existing(idempotency_key, request)
        if found is not None:
            return found
        return _remove(
            kind, store, lines, request, idempotency_key, actor=actor, reason=reason, source=source
        )[0]


def adjust_to_count(
    store: Store,
    product: Product,
    counted: Any,
    *,
    reason: str,
    idempotency_key: str,
    actor: Any = None,
) -> StockMovement:
    """A stocktake: the difference between the count and on hand is booked as an adjustment."""
    counted = _number(counted, QTY, "counted", minimum=Decimal(0), strict=False)
    _clean([Line(product, 1)], with_cost=False)  # a product, not a service
    with transaction.atomic():
        request = fingerprint(
            op="count", store=store.pk, product=product.pk, counted=str(counted), reason=reason
        )
        found = existing(idempotency_key, request)
        if found is not None:
            return found
        level = levels(store, [product])[product.pk]
        level = StockLevel.objects.select_for_update().get(pk=level.pk)
        before = level.on_hand
        movement, _created = _post(
            Kind.ADJUSTMENT,
            store,
            [_Move(level, counted - before, None, product.name)],
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            actor=actor,
            reason=reason,
            source=("stocktake", ""),
        )
        audit.record(
            "inventory.stocktake",
            level,
            actor=actor,
            reason=reason,
            before={"on_hand": before},
            after={"on_hand": counted},
        )
        return movement


def transfer(
    from_store: Store,
    to_store: Store,
    lines: Iterable[Line],
    *,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
) -> Transfer:
    """Goods leave ``from_store`` now (transfer_out) and are in transit until received."""
    if from_store.pk == to_store.pk:
        message = _("Choose a different store to send to.")
        raise DomainError(message, fields={"to_store": [message]})
    with transaction.atomic():
        lines = _clean(lines, with_cost=False)
        request = _request("transfer", from_store, lines, to_store=to_store.pk, reason=reason)
        found = existing(idempotency_key, request)
        if found is not None:
            return found.transfer_out
        movement, created = _remove(
            Kind.TRANSFER_OUT,
            from_store,
            lines,
            request,
            idempotency_key,
            actor=actor,
            reason=reason,
            source=("transfer", ""),
        )
        if not created:
            return movement.transfer_out
        return Transfer.objects.create(from_store=from_store, to_store=to_store, out_movement=movement)


def receive_transfer(transfer: Transfer, *, idempotency_key: str, actor: Any = None) -> Transfer:
    """The goods arrive at ``to_store`` (transfer_in, at the cost they left with): exactly once."""
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        request = fingerprint(op="receive_transfer", transfer=transfer.pk)
        if existing(idempotency_key, request) is not None:
            return transfer
        if transfer.status != Transfer.Status.IN_TRANSIT:
            raise TransferAlreadyReceived()
        out_lines = list(transfer.out_movement.lines.select_related("stock_level__product"))
        products = [line.stock_level.product for line in out_lines]
        by_product = levels(transfer.to_store, products)
        moves = [
            _Move(by_product[line.stock_level.product_id], -line.quantity, line.unit_cost, product.name)
            for line, product in zip(out_lines, products, strict=True)
        ]
        movement, _created = _post(
            Kind.TRANSFER_IN,
            transfer.to_store,
            moves,
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            actor=actor,
            source=("transfer", str(transfer.pk)),
        )
        transfer.status = Transfer.Status.RECEIVED
        transfer.in_movement = movement
        transfer.received_at = timezone.now()
        transfer.save(update_fields=["status", "in_movement", "received_at"])
        return transfer


def reverse(
    original: StockMovement, *, idempotency_key: str, actor: Any = None, reason: str = ""
) -> StockMovement:
    """The exact opposite of ``original`` (a sale's reversal is a refund: stock goes back);
    refused for a reversal, a transfer, or a movement already reversed."""
    with transaction.atomic():
        request = fingerprint(op="reverse", original=original.pk)
        found = existing(idempotency_key, request)
        if found is not None:
            return found
        if original.reverses_id is not None or original.kind in (Kind.TRANSFER_OUT, Kind.TRANSFER_IN):
            raise DomainError(_("This stock movement cannot be reversed."), code="not_reversible", status=409)
        if StockMovement.objects.filter(reverses=original).exists():
            raise MovementAlreadyReversed()
        moves = [
            _Move(line.stock_level, -line.quantity, line.unit_cost, line.stock_level.product.name)
            for line in original.lines.select_related("stock_level__product")
        ]
        return _post(
            Kind.REFUND if original.kind == Kind.SALE else Kind.REVERSAL,
            original.store,
            moves,
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            actor=actor,
            reason=reason,
            source=("stock_movement", str(original.pk)),
            reverses=original,
        )[0]


def low_stock(store: Store | None = None) -> QuerySet[StockLevel]:
    """Levels at or below their threshold (levels without a threshold never are)."""
    queryset = StockLevel.objects.filter(
        low_stock_threshold__isnull=False, on_hand__lte=F("low_stock_threshold")
    ).select_related("store", "product")
    return queryset.filter(store=store) if store is not None else queryset
