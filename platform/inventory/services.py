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

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product, Store
from catalog.services import tracks_stock
from core import audit, orm, work
from core.errors import DomainError
from inventory.errors import InsufficientStock, MovementAlreadyReversed, TransferAlreadyReceived
from inventory.models import (
    ZERO,
    InventorySettings,
    StockLevel,
    StockMovement,
    StockMovementLine,
    Transfer,
)
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
    return work.memo(
        "inventory.allow_negative_stock",
        lambda: bool(
            InventorySettings.objects.filter(pk=1).values_list("allow_negative_stock", flat=True).first()
        ),
    )


def _number(value: Any, places: Decimal, field: str, *, minimum: Decimal, strict: bool) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(places)
    except (InvalidOperation, ValueError, TypeError):
        number = Decimal("NaN")
    if number.is_nan() or number < minimum or (strict and number == minimum):
        message = _("Enter a number greater than 0.") if strict else _("Enter a number of 0 or more.")
        raise DomainError(message, fields={field: [message]})
    return number


def _clean(lines: Iterable[Line], *, with_cost: bool | None) -> list[Line]:
    """Checked, quantized lines: at least one, products only, each once, quantity > 0. The unit
    cost is required (``with_cost=True``), dropped (``False``) or kept when given (``None``)."""
    lines = list(lines)
    if not lines:
        message = _("Add at least one line.")
        raise DomainError(message, fields={"lines": [message]})
    products = [line.product.pk for line in lines]
    if len(set(products)) != len(products):
        message = _("The same product is listed twice.")
        raise DomainError(message, fields={"lines": [message]})
    if not all(tracks_stock(line.product) for line in lines):
        message = _("Services have no stock.")
        raise DomainError(message, fields={"lines": [message]})
    return [
        Line(
            line.product,
            _number(line.quantity, QTY, "quantity", minimum=Decimal(0), strict=True),
            _number(line.unit_cost, COST, "unit_cost", minimum=Decimal(0), strict=False)
            if with_cost or (with_cost is None and line.unit_cost is not None)
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
    """The stock levels of ``products`` at ``store``, created (at zero) if missing (read first:
    a product that has been received or sold before has one, so usually that is the only query)."""
    wanted = {p.pk for p in products}
    found = {
        level.product_id: level for level in StockLevel.objects.filter(store=store, product__in=list(wanted))
    }
    missing = [product for product in products if product.pk not in found]
    if missing:
        StockLevel.objects.bulk_create(
            [StockLevel(store=store, product=product) for product in missing], ignore_conflicts=True
        )
        found.update(
            (level.product_id, level)
            for level in StockLevel.objects.filter(store=store, product__in=[p.pk for p in missing])
        )
    return found


def existing(idempotency_key: str, request_fingerprint: str) -> StockMovement | None:
    if work.claimed(idempotency_key):
        return None
    found = StockMovement.objects.filter(idempotency_key=idempotency_key).first()
    if found is not None and found.fingerprint != request_fingerprint:
        raise IdempotencyConflict()
    return found


MOVE_SQL = """
WITH locked AS MATERIALIZED (
    SELECT id FROM {table} WHERE id = ANY(%s) ORDER BY id FOR UPDATE
)
UPDATE {table} AS s SET
    avg_cost = CASE
        WHEN NOT v.average THEN s.avg_cost
        WHEN s.on_hand <= 0 THEN v.cost
        ELSE round((s.on_hand * s.avg_cost + v.qty * v.cost) / (s.on_hand + v.qty), 4)
    END,
    on_hand = s.on_hand + v.qty,
    updated_at = now()
FROM (VALUES {rows}) AS v(id, qty, cost, average), locked
WHERE s.id = v.id AND locked.id = v.id AND (s.on_hand + v.qty >= 0 OR %s)
RETURNING s.id, s.on_hand, s.avg_cost
"""
MOVE_ROW = "(%s::bigint, %s::numeric, %s::numeric, %s::boolean)"


def _move_levels(moves: Sequence[_Move], allow: bool) -> dict[int, tuple[Decimal, Decimal]]:
    """Move every level in one statement; {level id: (on_hand, avg_cost)} of the levels moved.

    The CTE locks the rows in id order first (two movements over the same levels never deadlock),
    then one ``UPDATE … FROM (VALUES …)`` applies every quantity under the same conditional
    ``on_hand + q >= 0 OR allowed`` as before: a level that would go below zero is simply not
    returned. Receipts (positive quantity with a cost) move the weighted average cost in the same
    statement. A constant number of queries, however many lines.
    """
    params: list[Any] = [[move.level.pk for move in moves]]
    for move in moves:
        average = move.quantity > 0 and move.unit_cost is not None
        params += [move.level.pk, move.quantity, move.unit_cost, average]
    params.append(allow)
    sql = MOVE_SQL.format(table=StockLevel._meta.db_table, rows=", ".join([MOVE_ROW] * len(moves)))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


def _refuse_short(short: Sequence[_Move]) -> InsufficientStock:
    """The refusal naming every product that would go below zero (one more query, only then)."""
    left = dict(StockLevel.objects.filter(pk__in=[m.level.pk for m in short]).values_list("pk", "on_hand"))
    messages = [
        _("Not enough stock of %(product)s: %(available)s left")
        % {"product": move.product_name, "available": show(left.get(move.level.pk, ZERO))}
        for move in short
    ]
    return InsufficientStock(
        "; ".join(messages),
        fields={
            "lines": [_("Not enough stock of %(product)s.") % {"product": m.product_name} for m in short]
        },
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
    source: tuple[str, Any] = ("", ""),
    reverses: StockMovement | None = None,
) -> tuple[StockMovement, bool]:
    """Write the header, move every level, write the lines; (movement, created).

    Bounded: the header insert (in a savepoint), the negative-stock setting, one UPDATE for all
    levels and one INSERT for all lines, whatever the number of lines.
    """
    assert connection.in_atomic_block, "inventory._post must run inside the caller's transaction"
    assert len({move.level.pk for move in moves}) == len(moves), "one line per stock level"
    header = StockMovement(
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
    header, created = work.insert_header(
        header,
        idempotency_key,
        lambda: existing(idempotency_key, request_fingerprint),
        MovementAlreadyReversed if reverses is not None else None,
    )
    if not created:
        return header, False
    moved = _move_levels(moves, allow_negative_stock()) if moves else {}
    short = [move for move in moves if move.level.pk not in moved]
    if short:
        raise _refuse_short(short)
    lines = []
    for move in moves:  # the caller's order: a receipt lists its lines as they were entered
        on_hand, avg_cost = moved[move.level.pk]
        move.level.on_hand, move.level.avg_cost = on_hand, avg_cost
        lines.append(
            StockMovementLine(
                movement=header,
                stock_level=move.level,
                quantity=move.quantity,
                # Removals carry the average cost at that moment (the sale's cost of goods).
                unit_cost=move.unit_cost if move.unit_cost is not None else avg_cost,
                on_hand_after=on_hand,
            )
        )
    StockMovementLine.objects.bulk_create(lines)
    orm.prime(header, "lines", lines)  # the caller may read them back for free
    return header, True


def receive_request(
    store: Store, lines: Iterable[Line], *, reason: str = "", source: tuple[str, Any] = ("", "")
) -> tuple[list[Line], str]:
    """The checked lines and the fingerprint ``receive`` stores for this request, so a caller that
    wraps it (purchase orders) can recognise a retry before its own checks."""
    lines = _clean(lines, with_cost=True)
    return lines, _request("receive", store, lines, reason=reason, source=_source(source))


def _source(source: tuple[str, Any]) -> tuple[str, str]:
    return (str(source[0]), str(source[1]))


def receive(
    store: Store,
    lines: Iterable[Line],
    *,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
    source: tuple[str, Any] = ("", ""),
) -> StockMovement:
    """Goods arrive from a supplier: on hand goes up, the weighted average cost moves."""
    with transaction.atomic():
        lines, request = receive_request(store, lines, reason=reason, source=source)
        found = existing(idempotency_key, request)
        if found is not None:
            return found
        return _add(Kind.RECEIPT, store, lines, request, idempotency_key, actor, reason, _source(source))


def _add(
    kind: str,
    store: Store,
    lines: list[Line],
    request: str,
    key: str,
    actor: Any,
    reason: str,
    source: tuple[str, str],
) -> StockMovement:
    by_product = levels(store, [line.product for line in lines])
    moves = [
        _Move(by_product[line.product.pk], line.quantity, line.unit_cost, line.product.name) for line in lines
    ]
    return _post(
        kind,
        store,
        moves,
        idempotency_key=key,
        request_fingerprint=request,
        actor=actor,
        reason=reason,
        source=source,
    )[0]


def restock(
    store: Store,
    lines: Iterable[Line],
    *,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
    source: tuple[str, Any] = ("order_refund", ""),
) -> StockMovement:
    """Sold goods come back with a (partial) refund: one REFUND movement, quantities positive.

    For the orders app. Pass one ``Line(product, quantity, unit_cost)`` per refunded product line
    (products only, quantity > 0), with ``unit_cost`` the cost the sale recorded (the ``unit_cost``
    of the sale's movement line). The goods go back in like a receipt at that cost, so the
    weighted average cost is not distorted by today's average; without a cost (None) the line
    takes the current average and leaves it unchanged. Never refused for stock. The caller checks
    it does not refund more than was sold; ``source`` names the refund, e.g.
    ``("order_refund", refund.pk)``. Same key and same request: the first movement is returned;
    same key, different request: IdempotencyConflict (409).
    """
    with transaction.atomic():
        lines = _clean(lines, with_cost=None)
        source = _source(source)
        request = _request("restock", store, lines, reason=reason, source=source)
        found = existing(idempotency_key, request)
        if found is not None:
            return found
        return _add(Kind.REFUND, store, lines, request, idempotency_key, actor, reason, source)


def _remove(
    kind: str, store: Store, lines: list[Line], request: str, key: str, **kwargs: Any
) -> tuple[StockMovement, bool]:
    by_product = levels(store, [line.product for line in lines])
    moves = [_Move(by_product[line.product.pk], -line.quantity, None, line.product.name) for line in lines]
    return _post(kind, store, moves, idempotency_key=key, request_fingerprint=request, **kwargs)


def remove_request(
    store: Store, lines: Iterable[Line], *, kind: str, reason: str = "", source: tuple[str, Any] = ("", "")
) -> tuple[list[Line], str]:
    """The checked lines and the fingerprint ``remove`` stores (see ``receive_request``)."""
    lines = _clean(lines, with_cost=False)
    return lines, _request("remove", store, lines, kind=str(kind), reason=reason, source=_source(source))


def remove(
    store: Store,
    lines: Iterable[Line],
    *,
    kind: str = Kind.SALE,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
    source: tuple[str, Any] = ("", ""),
) -> StockMovement:
    """Goods leave (sold, damaged, returned to the supplier); refused below zero unless the shop
    allows negative stock (InsufficientStock, 409, naming every product short; nothing written).

    Each movement line records ``unit_cost`` = the level's average cost at that moment, so for a
    SALE the orders app reads its cost of goods from the movement lines (``quantity`` is negative:
    cost of goods = sum of ``-quantity * unit_cost``) and hands the same cost back to ``restock``
    on a refund.
    """
    if kind not in REMOVAL_KINDS:
        message = _("Choose one of the offered options.")
        raise DomainError(message, fields={"kind": [message]})
    with work.step():
        lines, request = remove_request(store, lines, kind=kind, reason=reason, source=source)
        found = existing(idempotency_key, request)
        if found is not None:
            return found
        return _remove(
            kind, store, lines, request, idempotency_key, actor=actor, reason=reason, source=_source(source)
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


def book_differences(
    store: Store,
    lines: Iterable[Line],
    *,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
    source: tuple[str, Any] = ("stocktake", ""),
) -> StockMovement:
    """Stocktake differences booked as ONE adjustment movement with a line per product.

    Each ``Line.quantity`` is signed (counted − expected, not zero): applied as a difference rather
    than "set to the count", so sales and receipts posted while the shop was counting are kept.
    The stocktake derives the key from its id, so approving twice has one effect.
    """
    with transaction.atomic():
        lines = list(lines)
        checked = _clean([Line(line.product, 1) for line in lines], with_cost=False)
        quantities = []
        for line in lines:
            quantity = _number(line.quantity, QTY, "quantity", minimum=Decimal("-Infinity"), strict=False)
            if not quantity:
                message = _("Enter a number other than 0.")
                raise DomainError(message, fields={"quantity": [message]})
            quantities.append(quantity)
        lines = [Line(line.product, quantity) for line, quantity in zip(checked, quantities, strict=True)]
        source = _source(source)
        request = _request("differences", store, lines, reason=reason, source=source)
        found = existing(idempotency_key, request)
        if found is not None:
            return found
        by_product = levels(store, [line.product for line in lines])
        moves = [_Move(by_product[line.product.pk], line.quantity, None, line.product.name) for line in lines]
        return _post(
            Kind.ADJUSTMENT,
            store,
            moves,
            idempotency_key=idempotency_key,
            request_fingerprint=request,
            actor=actor,
            reason=reason,
            source=source,
        )[0]


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


def set_low_stock_threshold(level: StockLevel, threshold: Any, *, actor: Any = None) -> StockLevel:
    """Set (or clear, with None) the quantity at or below which the level is "low"; audited.

    Only the threshold column is written: on hand and the average cost belong to the kernel.
    """
    if threshold is not None:
        threshold = _number(threshold, QTY, "low_stock_threshold", minimum=Decimal(0), strict=False)
    with transaction.atomic():
        level = StockLevel.objects.select_for_update().get(pk=level.pk)
        before = level.low_stock_threshold
        if before != threshold:
            StockLevel.objects.filter(pk=level.pk).update(low_stock_threshold=threshold)
            level.low_stock_threshold = threshold
            audit.record(
                "inventory.low_stock_threshold",
                level,
                actor=actor,
                before={"low_stock_threshold": before},
                after={"low_stock_threshold": threshold},
            )
        return level


def set_threshold_for(store: Store, product: Product, threshold: Any, *, actor: Any = None) -> StockLevel:
    """The same for a product the store may never have stocked yet (its level is created at 0)."""
    _clean([Line(product, 1)], with_cost=False)  # a product, not a service
    with transaction.atomic():
        return set_low_stock_threshold(levels(store, [product])[product.pk], threshold, actor=actor)


def update_settings(*, actor: Any = None, allow_negative_stock: bool | None = None) -> InventorySettings:
    """Change the shop's stock rules (the owner's call: negative stock hides counting errors); audited."""
    with transaction.atomic():
        settings = InventorySettings.objects.select_for_update().get(pk=InventorySettings.current().pk)
        before = {"allow_negative_stock": settings.allow_negative_stock}
        if allow_negative_stock is not None:
            settings.allow_negative_stock = allow_negative_stock
        after = {"allow_negative_stock": settings.allow_negative_stock}
        if after != before:
            settings.save(update_fields=["allow_negative_stock"])
            audit.record("inventory.settings", settings, actor=actor, before=before, after=after)
        return settings
