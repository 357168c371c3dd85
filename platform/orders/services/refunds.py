"""Refunds and voids: give back exactly what chosen lines (or the whole order) took, once.

The order row is locked first, so two refunds of the same order run one after the other and the
second sees what the first refunded; a refund's ``client_id`` makes a retry return the first
refund. Money goes back to the member's balances first (stored value, then points), then to the
card/other tenders, then cash — the drawer pays out only what nothing else can take. Stock goes
back at the cost it left with; points the order earned are taken back in proportion (what the
member already spent is reported as a shortfall, see docs/loyalty.md); commission gets negative
entries; the coupon comes back only when the whole order is refunded (its condition may no longer
hold for what remains).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError
from inventory import services as stock
from loyalty import ledger
from loyalty.models import PointsSettings
from loyalty.services import coupons, order_refunds, tiers
from orders import pricing
from orders.localtime import local, today
from orders.models import CommissionEntry, Order, OrderLine, Payment, Refund, RefundLine, RefundPayment
from orders.services.checkout import _invalid, settings_row
from pluginhost import calls

ZERO = pricing.ZERO
Method = Payment.Method
REFUND_ORDER = {Method.STORED_VALUE: 0, Method.POINTS: 1, Method.CARD: 2, Method.OTHER: 3, Method.CASH: 4}


@dataclass(frozen=True)
class RefundResult:
    refund: Refund
    created: bool


def can_refund(actor: Any) -> bool:
    return getattr(actor, "role", "") in ("owner", "manager") or settings_row().cashier_can_refund


def _existing(client_id: uuid.UUID, request: str) -> Refund | None:
    found = Refund.objects.filter(client_id=client_id).first()
    if found is not None and found.fingerprint != request:
        from loyalty.errors import IdempotencyConflict

        raise IdempotencyConflict(_("This refund id was already used for a different refund."))
    return found


def refund(
    order: Order,
    *,
    client_id: Any,
    reason: str,
    lines: list[dict[str, Any]] | None = None,
    actor: Any = None,
    kind: str = Refund.Kind.REFUND,
) -> RefundResult:
    """Refund ``lines`` ([{line, quantity}]) of ``order``, or all that remains when ``None``."""
    client_id = uuid.UUID(str(client_id))
    reason = (reason or "").strip()
    request = ledger.fingerprint(
        op=kind, order=order.pk, lines=[(int(x["line"]), str(x["quantity"])) for x in lines or []]
    )
    found = _existing(client_id, request)
    if found is not None:
        return RefundResult(found, False)
    if not can_refund(actor):
        raise DomainError(_("You may not refund orders."), code="permission_denied", status=403)
    if not reason:
        raise _invalid("reason", _("A reason is required."))
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        found = _existing(client_id, request)
        if found is not None:
            return RefundResult(found, False)
        if kind == Refund.Kind.VOID:
            _check_void(order, actor)
        if order.status in (Order.Status.REFUNDED, Order.Status.VOIDED):
            raise DomainError(_("This order has already been refunded."), code="already_refunded", status=409)
        all_lines = list(order.lines.select_related("product"))
        chosen = _choose(all_lines, lines)
        result = _apply(order, all_lines, chosen, client_id, request, reason, actor, kind)
    tenant = getattr(connection, "tenant", None)
    calls.notify_order_refunded(order, result, tenant)  # runs after the commit
    return RefundResult(result, True)


def _check_void(order: Order, actor: Any) -> None:
    if getattr(actor, "role", "") not in ("owner", "manager"):
        raise DomainError(_("Only a manager can void an order."), code="permission_denied", status=403)
    if order.refunds.exists():
        raise DomainError(
            _("A refunded order cannot be voided; refund the rest instead."), code="not_voidable", status=409
        )
    if local(order.created_at).date() != today():
        raise DomainError(
            _("Only today's orders can be voided; refund it instead."), code="not_voidable", status=409
        )


def _choose(all_lines: list[OrderLine], wanted: list[dict[str, Any]] | None) -> dict[int, Decimal]:
    """Line id → quantity to refund; refused beyond what is left of a line."""
    if wanted is None:
        chosen = {line.pk: line.quantity - line.refunded_quantity for line in all_lines}
        return {pk: q for pk, q in chosen.items() if q > 0}
    if not wanted:
        raise _invalid("lines", _("Choose at least one line."))
    by_id = {line.pk: line for line in all_lines}
    chosen: dict[int, Decimal] = {}
    for index, item in enumerate(wanted):
        line = by_id.get(int(item["line"]))
        if line is None:
            raise _invalid(f"lines.{index}.line", _("This line is not part of the order."))
        quantity = Decimal(str(item["quantity"]))
        if quantity <= 0:
            raise _invalid(f"lines.{index}.quantity", _("Enter a quantity greater than zero."))
        left = line.quantity - line.refunded_quantity - chosen.get(line.pk, ZERO)
        if quantity > left:
            message = _("Only %(left)s left to refund on this line.") % {"left": stock.show(left)}
            raise _invalid(f"lines.{index}.quantity", message, 409, "refund_exceeds_sold")
        chosen[line.pk] = chosen.get(line.pk, ZERO) + quantity
    return chosen


def _line_amount(order: Order, line: OrderLine, quantity: Decimal) -> Decimal:
    charged = line.net if order.prices_include_tax else line.net + line.tax
    if line.refunded_quantity + quantity >= line.quantity:
        return charged - line.refunded_amount
    return pricing.proportion(charged, quantity, line.quantity)


def _apply(
    order: Order,
    all_lines: list[OrderLine],
    chosen: dict[int, Decimal],
    client_id: uuid.UUID,
    request: str,
    reason: str,
    actor: Any,
    kind: str,
) -> Refund:
    if not chosen:
        raise DomainError(_("This order has already been refunded."), code="already_refunded", status=409)
    by_id = {line.pk: line for line in all_lines}
    amounts = {pk: _line_amount(order, by_id[pk], q) for pk, q in chosen.items()}
    completes = all(line.refunded_quantity + chosen.get(line.pk, ZERO) >= line.quantity for line in all_lines)
    amount = order.total - order.refunded_total if completes else sum(amounts.values(), ZERO)
    if amount > order.total - order.refunded_total:
        raise _invalid("lines", _("This would refund more than was paid."), 409, "refund_exceeds_paid")
    record = Refund.objects.create(
        client_id=client_id,
        fingerprint=request,
        order=order,
        kind=kind,
        amount=amount,
        reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    key = f"refund:{client_id}"
    source = ("order_refund", str(client_id))
    RefundLine.objects.bulk_create(
        [
            RefundLine(refund=record, line=by_id[pk], quantity=q, amount=amounts[pk])
            for pk, q in chosen.items()
        ]
    )
    # Rows are locked in the checkout's order (sessions, coupon, balances, points, tier, stock last):
    # a refund and a sale for the same member and product at the same moment never deadlock.
    _sessions(by_id, chosen, key, actor, reason)
    if completes and order.coupon_id:
        coupons.restore_coupon(order.coupon, reason=reason, actor=actor)
        record.coupon_restored = True
    points_back = _tenders(order, record, amount, key, actor, reason)
    _points_earned(order, record, amount, completes, key, actor, reason)
    _commission(by_id, chosen, record)
    if order.customer_id and amount - points_back > 0:
        tiers.record_spend(order.customer, -(amount - points_back), source=source, actor=actor)
    _restock(order, by_id, chosen, key, actor, reason, source)
    for pk, quantity in chosen.items():
        line = by_id[pk]
        line.refunded_quantity += quantity
        line.refunded_amount += amounts[pk]
    OrderLine.objects.bulk_update([by_id[pk] for pk in chosen], ["refunded_quantity", "refunded_amount"])
    order.refunded_total += amount
    if completes:
        order.status = Order.Status.VOIDED if kind == Refund.Kind.VOID else Order.Status.REFUNDED
    else:
        order.status = Order.Status.PARTIALLY_REFUNDED
    order.save(update_fields=["refunded_total", "status"])
    record.save(update_fields=["points_taken_back", "points_shortfall", "coupon_restored"])
    audit.record(
        f"order.{kind}",
        order,
        actor=actor,
        reason=reason,
        after={
            "refund": record.pk,
            "amount": str(amount),
            "lines": {str(k): str(v) for k, v in chosen.items()},
        },
    )
    return record


def _restock(
    order: Order,
    by_id: dict[int, OrderLine],
    chosen: dict[int, Decimal],
    key: str,
    actor: Any,
    reason: str,
    source: tuple[str, str],
) -> None:
    merged: dict[int, stock.Line] = {}
    for pk, quantity in chosen.items():
        line = by_id[pk]
        # A "product" line is one whose sale took stock (checkout gives that kind exactly to the
        # products that tracked stock then, catalog.services.tracks_stock). Restock what was taken,
        # even if the product's kind, or its plugin, has changed since the sale.
        if line.kind != OrderLine.Kind.PRODUCT or line.product is None:
            continue
        prior = merged.get(line.product_id)
        merged[line.product_id] = stock.Line(
            line.product, (prior.quantity if prior else ZERO) + quantity, line.unit_cost or ZERO
        )
    if merged:
        stock.restock(
            order.store,
            list(merged.values()),
            idempotency_key=f"{key}:stock",
            actor=actor,
            reason=reason,
            source=source,
        )


def _sessions(
    by_id: dict[int, OrderLine], chosen: dict[int, Decimal], key: str, actor: Any, reason: str
) -> None:
    for pk, quantity in chosen.items():
        line = by_id[pk]
        if line.kind == OrderLine.Kind.COUNT_CARD and line.usage_txn_id:
            order_refunds.give_back(
                line.usage_txn, quantity, idempotency_key=f"{key}:line:{pk}", actor=actor, reason=reason
            )


def _tenders(order: Order, record: Refund, amount: Decimal, key: str, actor: Any, reason: str) -> Decimal:
    """Spread ``amount`` over the payments in refund order; returns the value given back as points."""
    payments = sorted(order.payments.all(), key=lambda p: (REFUND_ORDER.get(p.method, 9), p.position))
    left = amount
    rows = []
    points_value = ZERO
    for payment in payments:
        if left <= 0:
            break
        part = min(payment.amount - payment.refunded_amount, left)
        if part <= 0:
            continue
        points_back = None
        if payment.method == Method.STORED_VALUE:
            order_refunds.give_back(
                payment.ledger_txn,
                part,
                idempotency_key=f"{key}:pay:{payment.pk}",
                actor=actor,
                reason=reason,
            )
        elif payment.method == Method.POINTS:
            points_back = _points_for(payment, part)
            if points_back > 0:
                order_refunds.give_back_points(
                    payment.ledger_txn,
                    points_back,
                    idempotency_key=f"{key}:pay:{payment.pk}",
                    actor=actor,
                    reason=reason,
                )
            points_value += part
        payment.refunded_amount += part
        rows.append(RefundPayment(refund=record, payment=payment, amount=part, points=points_back))
        left -= part
    RefundPayment.objects.bulk_create(rows)
    Payment.objects.bulk_update([row.payment for row in rows], ["refunded_amount"])
    return points_value


def _points_for(payment: Payment, part: Decimal) -> Decimal:
    """Points that pay back ``part`` of a points payment (all that is left on the last refund)."""
    given = payment.refunds.aggregate(s=Sum("points"))["s"] or ZERO
    if payment.refunded_amount + part >= payment.amount:
        return (payment.points or ZERO) - given
    exact = (payment.points or ZERO) * part / payment.amount
    quantum = pricing.CENT if PointsSettings.current().fractional else Decimal(1)
    return exact.quantize(quantum, rounding=ROUND_DOWN)


def _points_earned(
    order: Order, record: Refund, amount: Decimal, completes: bool, key: str, actor: Any, reason: str
) -> None:
    if order.points_earn_txn_id is None or order.points_earned <= 0:
        return
    before = order.refunds.exclude(pk=record.pk).aggregate(
        taken=Sum("points_taken_back"), short=Sum("points_shortfall")
    )
    taken_before = before["taken"] or ZERO
    shortfall_before = before["short"] or ZERO
    if completes:
        wanted = order.points_earned - taken_before - shortfall_before
    else:
        wanted = (order.points_earned * amount / order.total).quantize(Decimal(1), rounding=ROUND_DOWN)
    if wanted <= 0:
        return
    _txn, shortfall = order_refunds.take_back_points(
        order.points_earn_txn, wanted, idempotency_key=f"{key}:earn", actor=actor, reason=reason
    )
    record.points_taken_back = wanted - shortfall
    record.points_shortfall = shortfall


def _commission(by_id: dict[int, OrderLine], chosen: dict[int, Decimal], record: Refund) -> None:
    entries = (
        CommissionEntry.objects.filter(line_id__in=list(chosen))
        .values("line_id", "staff_id")
        .annotate(earned=Sum("amount"))
    )
    positive = {
        (e["line_id"], e["staff_id"]): e
        for e in CommissionEntry.objects.filter(line_id__in=list(chosen), refund__isnull=True).values(
            "line_id", "staff_id", "share", "amount"
        )
    }
    net = {(e["line_id"], e["staff_id"]): e["earned"] for e in entries}
    rows = []
    for (line_id, staff_id), entry in positive.items():
        line = by_id[line_id]
        quantity = chosen[line_id]
        if line.refunded_quantity + quantity >= line.quantity:
            back = net[(line_id, staff_id)]
        else:
            back = pricing.proportion(entry["amount"], quantity, line.quantity)
        if back:
            rows.append(
                CommissionEntry(
                    line_id=line_id, staff_id=staff_id, share=entry["share"], amount=-back, refund=record
                )
            )
    CommissionEntry.objects.bulk_create(rows)


def void(order: Order, *, reason: str, actor: Any, client_id: Any = None) -> RefundResult:
    """Cancel today's order entirely (a manager's correction of a mistaken sale)."""
    return refund(
        order,
        client_id=client_id or uuid.uuid4(),
        reason=reason,
        lines=None,
        actor=actor,
        kind=Refund.Kind.VOID,
    )
