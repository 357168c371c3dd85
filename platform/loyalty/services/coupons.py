"""Coupons: templates, issuing (manual, campaign, reward bought with points), single use at
checkout, void, restore on refund and expiry.

Single use under concurrency is a conditional ``UPDATE … SET status='used' WHERE status='issued'``:
of any number of racing checkouts exactly one changes the row, the others see 0 rows. Each use
is a ``CouponRedemption`` keyed by the request's idempotency key, so a retry returns the same
discount instead of "already used".

Policies:

* Threshold and scope: with a product/category scope, only the lines in scope count, both for the
  threshold and for the discount; without scope the whole order amount counts. The discount never
  exceeds the eligible amount (nor ``max_discount`` for percent coupons).
* A reward coupon (template with a points cost, issued with reason "reward") reserves its points
  at issue; using it consumes them, voiding or expiring it unused releases them. A used coupon
  given back by a refund keeps its points spent (the customer has the coupon again).
* Voided coupons do not count towards the per-member limit; used and expired ones do.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError
from loyalty.errors import IdempotencyConflict
from loyalty.models import ZERO, Coupon, CouponRedemption, CouponTemplate, PointsReservation
from loyalty.services import points as points_service
from loyalty.services.points import OrderLine
from members.models import Customer

CENT = Decimal("0.01")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed
CODE_LENGTH = 10


class CouponNotUsable(DomainError):
    code = "coupon_not_usable"
    status = 409


class CouponNotApplicable(DomainError):
    code = "coupon_not_applicable"
    status = 409


class CouponNotFound(DomainError):
    code = "not_found"
    status = 404

    def __init__(self, message=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(message or _("No coupon with this code."), **kwargs)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    return (code or "").strip().upper()


def order_amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0:
        message = _("Enter an order amount greater than zero.")
        raise DomainError(message, fields={"order_amount": [message]})
    return amount


# --- Pure computation --------------------------------------------------------------------------


def in_scope(template: CouponTemplate, line: OrderLine) -> bool:
    return bool(
        (line.product and line.product in (template.products or []))
        or (line.category and line.category in (template.categories or []))
    )


def eligible_amount(template: CouponTemplate, amount: Decimal, lines: Sequence[OrderLine] = ()) -> Decimal:
    """The part of the order the coupon applies to: all of it, or the lines in its scope."""
    if not (template.products or template.categories):
        return amount
    return min(amount, sum((line.amount for line in lines if in_scope(template, line)), ZERO))


def compute_discount(template: CouponTemplate, amount: Decimal, lines: Sequence[OrderLine] = ()) -> Decimal:
    """The discount for an order, or a clear refusal (nothing in scope, threshold not met)."""
    eligible = eligible_amount(template, amount, lines)
    if eligible <= 0:
        raise CouponNotApplicable(_("No item in this order is covered by this coupon."))
    if eligible < template.threshold:
        raise CouponNotApplicable(
            _("This coupon needs a spend of at least %(threshold)s.") % {"threshold": template.threshold}
        )
    if template.kind == CouponTemplate.Kind.AMOUNT:
        discount = min(template.value, eligible)
    else:
        discount = (eligible * template.value / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        if template.max_discount is not None:
            discount = min(discount, template.max_discount)
    return min(discount, amount)


def ensure_usable(coupon: Coupon, now: datetime.datetime) -> None:
    if coupon.status != Coupon.Status.ISSUED:
        raise CouponNotUsable(
            _("This coupon is %(status)s and cannot be used.") % {"status": coupon.get_status_display()}
        )
    if coupon.valid_from and coupon.valid_from > now:
        raise CouponNotUsable(_("This coupon is not valid yet."))
    if coupon.valid_until and coupon.valid_until <= now:
        raise CouponNotUsable(_("This coupon has expired."))


# --- Issuing -----------------------------------------------------------------------------------


def _validity(template: CouponTemplate, now: datetime.datetime) -> tuple[Any, Any]:
    """Fixed dates, or N days after issue; with both, the earlier end wins."""
    until = template.valid_until
    if template.valid_days:
        relative = now + datetime.timedelta(days=template.valid_days)
        until = min(until, relative) if until else relative
    return template.valid_from, until


def issue_coupon(
    template: CouponTemplate,
    customer: Customer,
    *,
    reason: str = Coupon.Reason.MANUAL,
    actor: Any = None,
    idempotency_key: str | None = None,
    note: str = "",
    code: str = "",
    now: datetime.datetime | None = None,
) -> Coupon:
    """A coupon for one customer. The customer row is locked so two concurrent issues cannot both
    pass the per-member limit; a reward coupon reserves its points in the same transaction."""
    now = now or timezone.now()
    if reason not in Coupon.Reason.values:
        message = _("Choose a valid reason.")
        raise DomainError(message, fields={"reason": [message]})
    with transaction.atomic():
        if idempotency_key:
            found = Coupon.objects.filter(issue_key=idempotency_key).first()
            if found is not None:
                if found.template_id != template.pk or found.customer_id != customer.pk:
                    raise IdempotencyConflict()
                return found
        template = CouponTemplate.objects.get(pk=template.pk)
        if not template.active:
            message = _("This coupon template is not active.")
            raise DomainError(message, fields={"template": [message]})
        valid_from, valid_until = _validity(template, now)
        if valid_until and valid_until <= now:
            message = _("This coupon template has ended.")
            raise DomainError(message, fields={"template": [message]})
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if template.per_member_limit is not None:
            held = (
                Coupon.objects.filter(template=template, customer=customer)
                .exclude(status=Coupon.Status.VOID)
                .count()
            )
            if held >= template.per_member_limit:
                raise DomainError(
                    _("This customer already has the maximum number of these coupons (%(limit)s).")
                    % {"limit": template.per_member_limit},
                    code="coupon_limit_reached",
                    status=409,
                )
        reservation = None
        if reason == Coupon.Reason.REWARD and template.points_cost > 0:
            reservation = points_service.reserve(
                customer,
                template.points_cost,
                idempotency_key=f"coupon:reserve:{idempotency_key or secrets.token_hex(16)}",
                actor=actor,
                source=("coupon_template", template.pk),
                now=now,
            )
        wanted = normalize_code(code)
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    coupon = Coupon.objects.create(
                        code=wanted or new_code(),
                        template=template,
                        customer=customer,
                        issue_reason=reason,
                        issued_by=actor if getattr(actor, "pk", None) else None,
                        issue_key=idempotency_key or None,
                        note=note,
                        valid_from=valid_from,
                        valid_until=valid_until,
                        reservation=reservation,
                    )
                break
            except IntegrityError:
                if idempotency_key and Coupon.objects.filter(issue_key=idempotency_key).exists():
                    raise IdempotencyConflict() from None
                if wanted:
                    message = _("This coupon code is already in use.")
                    raise DomainError(message, fields={"code": [message]}) from None
        else:  # pragma: no cover - 32^10 codes
            raise DomainError(_("Could not generate a unique coupon code; please retry."))
        audit.record(
            "coupon.issue",
            coupon,
            actor=actor,
            reason=note,
            after={"code": coupon.code, "template": template.name, "customer": customer.pk, "reason": reason},
        )
        return coupon


# --- Using -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CouponUse:
    coupon: Coupon
    redemption: CouponRedemption
    discount: Decimal
    created: bool


def _replay(redemption: CouponRedemption, code: str) -> CouponUse:
    if redemption.coupon.code != code:
        raise IdempotencyConflict()
    return CouponUse(redemption.coupon, redemption, redemption.discount, False)


def use_coupon(
    code: str,
    amount: Any,
    lines: Sequence[OrderLine] = (),
    *,
    idempotency_key: str,
    actor: Any = None,
    customer: Customer | None = None,
    source: tuple[str, Any] = ("", ""),
    now: datetime.datetime | None = None,
) -> CouponUse:
    """Apply a coupon at checkout: validity, owner, threshold and scope, then the conditional
    update that lets exactly one checkout win. A retry with the same key returns the first use."""
    code = normalize_code(code)
    amount = order_amount(amount)
    now = now or timezone.now()
    with transaction.atomic():
        prior = (
            CouponRedemption.objects.select_related("coupon").filter(idempotency_key=idempotency_key).first()
        )
        if prior is not None:
            return _replay(prior, code)
        try:
            coupon, redemption = _claim(code, amount, lines, idempotency_key, actor, customer, source, now)
        except (CouponNotUsable, IntegrityError):
            # A concurrent twin with the same key may have won; then this request is its retry.
            twin = (
                CouponRedemption.objects.select_related("coupon")
                .filter(idempotency_key=idempotency_key)
                .first()
            )
            if twin is not None:
                return _replay(twin, code)
            raise
        if coupon.reservation_id:
            points_service.confirm(coupon.reservation, actor=actor)
        coupon.status = Coupon.Status.USED
        coupon.closed_at = now
        return CouponUse(coupon, redemption, redemption.discount, True)


def _claim(
    code: str,
    amount: Decimal,
    lines: Sequence[OrderLine],
    idempotency_key: str,
    actor: Any,
    customer: Customer | None,
    source: tuple[str, Any],
    now: datetime.datetime,
) -> tuple[Coupon, CouponRedemption]:
    coupon = Coupon.objects.select_related("template", "reservation").filter(code=code).first()
    if coupon is None:
        raise CouponNotFound()
    if customer is not None and coupon.customer_id != customer.pk:
        raise CouponNotUsable(_("This coupon belongs to another customer."))
    ensure_usable(coupon, now)
    discount = compute_discount(coupon.template, amount, lines)
    with transaction.atomic():
        won = Coupon.objects.filter(pk=coupon.pk, status=Coupon.Status.ISSUED).update(
            status=Coupon.Status.USED, closed_at=now, close_reason=""
        )
        if not won:
            raise CouponNotUsable(_("This coupon has already been used."))
        redemption = CouponRedemption.objects.create(
            coupon=coupon,
            idempotency_key=idempotency_key,
            order_amount=amount,
            discount=discount,
            source_type=source[0],
            source_id=str(source[1]),
            actor=actor if getattr(actor, "pk", None) else None,
        )
    return coupon, redemption


# --- Void, restore, expiry ---------------------------------------------------------------------


def _release_if_held(coupon: Coupon, actor: Any, reason: str) -> None:
    if coupon.reservation_id:
        reservation = PointsReservation.objects.get(pk=coupon.reservation_id)
        if reservation.status == PointsReservation.Status.HELD:
            points_service.release(reservation, actor=actor, reason=reason)


def void_coupon(coupon: Coupon, *, reason: str, actor: Any) -> Coupon:
    """Cancel an unused coupon (reserved points go back); voiding twice is a no-op."""
    if not (reason or "").strip():
        message = _("A reason is required to void a coupon.")
        raise DomainError(message, fields={"reason": [message]})
    with transaction.atomic():
        coupon = Coupon.objects.select_for_update().get(pk=coupon.pk)
        if coupon.status == Coupon.Status.VOID:
            return coupon
        if coupon.status != Coupon.Status.ISSUED:
            raise CouponNotUsable(_("Only an unused coupon can be voided."))
        coupon.status = Coupon.Status.VOID
        coupon.closed_at = timezone.now()
        coupon.close_reason = reason
        coupon.save(update_fields=["status", "closed_at", "close_reason"])
        _release_if_held(coupon, actor, reason)
        audit.record(
            "coupon.void",
            coupon,
            actor=actor,
            reason=reason,
            before={"status": Coupon.Status.ISSUED},
            after={"status": coupon.status},
        )
        return coupon


def restore_coupon(
    coupon: Coupon, *, reason: str, actor: Any, now: datetime.datetime | None = None
) -> Coupon:
    """The order the coupon was used on was refunded: the customer gets it back (as expired if
    its validity has passed meanwhile). Restoring an already issued coupon is a no-op."""
    now = now or timezone.now()
    with transaction.atomic():
        coupon = Coupon.objects.select_for_update().get(pk=coupon.pk)
        if coupon.status == Coupon.Status.ISSUED:
            return coupon
        if coupon.status != Coupon.Status.USED:
            raise CouponNotUsable(_("Only a used coupon can be restored."))
        CouponRedemption.objects.filter(coupon=coupon, restored_at__isnull=True).update(restored_at=now)
        before = coupon.status
        expired = coupon.valid_until is not None and coupon.valid_until <= now
        coupon.status = Coupon.Status.EXPIRED if expired else Coupon.Status.ISSUED
        coupon.closed_at = now if expired else None
        coupon.close_reason = reason if expired else ""
        coupon.save(update_fields=["status", "closed_at", "close_reason"])
        audit.record(
            "coupon.restore",
            coupon,
            actor=actor,
            reason=reason,
            before={"status": before},
            after={"status": coupon.status},
        )
        return coupon


def expire_coupons(now: datetime.datetime | None = None) -> int:
    """Daily job: unused coupons past their date become expired; reserved points go back."""
    now = now or timezone.now()
    count = 0
    due = Coupon.objects.filter(status=Coupon.Status.ISSUED, valid_until__lte=now).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        with transaction.atomic():
            if Coupon.objects.filter(pk=pk, status=Coupon.Status.ISSUED).update(
                status=Coupon.Status.EXPIRED, closed_at=now
            ):
                _release_if_held(Coupon.objects.get(pk=pk), None, "expired")
                count += 1
    return count
