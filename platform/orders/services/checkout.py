"""Checkout: price an order, take its payments and move every balance in one transaction.

The order row is written last. Every effect before it (stock, stored value, points, coupon,
count-card sessions) carries an idempotency key derived from the order's client id, and the whole
checkout first takes a transaction-scoped advisory lock on that client id: a retried or doubled
submission waits for the first, then finds its order and returns it. The receipt number is taken
from the store's counter just before the order is inserted, so the counter row is locked only for
the last statements and the commit, and a refused checkout (rolled back) leaves no gap.

The number of SQL statements does not depend on the number of product lines (products, tier
prices, stock levels, order lines, payments and commission are each read or written in bulk);
count-card and timed lines cost a few statements each.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.stores import ensure_store_allowed
from catalog.models import Product, ProductTierPrice, Store
from catalog.services import is_service, tracks_stock
from core import audit, orm, work
from core.errors import DomainError
from core.models import Counter
from inventory import services as stock
from loyalty import ledger
from loyalty.models import Account, Card, CardType, Coupon, PointsSettings
from loyalty.services import coupons, points, stored_value, tiers, usage
from members.models import Customer
from orders import pricing
from orders.models import CheckoutSettings, CommissionEntry, Order, OrderLine, Payment, TimedSession
from pluginhost import calls

ZERO = pricing.ZERO
Method = Payment.Method
LineKind = OrderLine.Kind
OFFLINE_METHODS = {Method.CASH, Method.CARD, Method.OTHER}


def settings_row() -> CheckoutSettings:
    found = CheckoutSettings.objects.filter(pk=1).first()
    if found is None:
        found, _created = CheckoutSettings.objects.get_or_create(pk=1, defaults=_default_settings())
    return found


def _default_settings() -> dict[str, Any]:
    """Cash rounding follows the currency: whole dollars for TWD/JPY/KRW, ten cents for HKD."""
    currency = getattr(getattr(connection, "tenant", None), "currency", "") or ""
    step = {"TWD": "1", "JPY": "1", "KRW": "1", "HKD": "0.10"}.get(currency.upper(), "0.01")
    return {"cash_rounding": Decimal(step)}


def _invalid(field_name: str, message: Any, status: int = 400, code: str = "invalid") -> DomainError:
    """A refusal tied to one input field (shared by checkout and refunds)."""
    return DomainError(message, fields={field_name: [message]}, status=status, code=code)


@dataclass
class StaffShare:
    user: Any
    share: Decimal


@dataclass
class Draft:
    """Everything known about the order before anything is written."""

    store: Store
    customer: Customer | None
    mode: str
    inputs: list[pricing.LineInput]
    requests: list[dict[str, Any]]
    products: list[Product | None]
    staff: list[list[StaffShare]]
    priced: pricing.PricedOrder
    coupon: Coupon | None = None
    manual_reason: str = ""
    settings: CheckoutSettings | None = None
    cards: dict[int, Card] = field(default_factory=dict)
    timed: dict[int, TimedSession] = field(default_factory=dict)


# --- Reading the request -----------------------------------------------------------------------


def _store(store_id: Any, actor: Any) -> Store:
    store = Store.objects.filter(pk=store_id, active=True).first() if store_id else None
    if store is None:
        raise _invalid("store", _("Choose an active store."))
    ensure_store_allowed(actor, store)
    return store


def _customer(customer_id: Any) -> Customer | None:
    if not customer_id:
        return None
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise _invalid("customer", _("This member was not found."))
    return customer


def _member_rate(customer: Customer | None, tier: Any) -> Decimal | None:
    """The best price multiplier the member has: their tier's or an active discount card's."""
    if customer is None:
        return None
    rates = [tier.discount_rate] if tier is not None and tier.active and tier.discount_rate else []
    card_rates = Card.objects.filter(
        customer=customer,
        status=Card.Status.ACTIVE,
        card_type__kind=CardType.Kind.DISCOUNT,
        card_type__discount_rate__isnull=False,
    ).values_list("card_type__discount_rate", flat=True)
    rates.extend(card_rates)
    return min(rates) if rates else None


def _staff(raw: Sequence[dict[str, Any]], users: dict[int, Any], index: int) -> list[StaffShare]:
    if not raw:
        return []
    shares = [Decimal(str(item.get("share") or 0)) for item in raw]
    if all(s == 0 for s in shares):
        even = pricing.allocate(Decimal("100"), [Decimal(1)] * len(raw))
        shares = even
    if sum(shares) != 100 or any(s < 0 for s in shares):
        raise _invalid(f"lines.{index}.staff", _("Staff shares must add up to 100."))
    result = []
    for item, share in zip(raw, shares, strict=True):
        user = users.get(int(item["user"]))
        if user is None:
            raise _invalid(f"lines.{index}.staff", _("This staff member was not found."))
        result.append(StaffShare(user, share))
    return result


def _products(lines: Sequence[dict[str, Any]]) -> dict[int, Product]:
    ids = {int(line["product"]) for line in lines if line.get("product")}
    found = Product.objects.filter(pk__in=ids, active=True).select_related("category")
    return {product.pk: product for product in found}


def _timed_sessions(lines: Sequence[dict[str, Any]], store: Store) -> dict[int, TimedSession]:
    ids = [
        int(line["session"]) for line in lines if line.get("kind") == LineKind.TIMED and line.get("session")
    ]
    if not ids:
        return {}
    found = TimedSession.objects.select_related("product", "card").filter(pk__in=ids, store=store)
    return {s.pk: s for s in found}


def _cards(ids: set[int], customer: Customer | None) -> dict[int, Card]:
    if not ids:
        return {}
    if customer is None:
        raise _invalid("customer", _("Attach the member to use their cards."))
    found = Card.objects.select_related("card_type").filter(pk__in=ids, customer=customer)
    return {card.pk: card for card in found}


def build(data: dict[str, Any], *, actor: Any, for_checkout: bool) -> Draft:
    """Validate and price the order described by ``data`` (the API's validated body)."""
    store = _store(data.get("store"), actor)
    customer = _customer(data.get("customer"))
    mode = data.get("mode") or "sale"
    tenant = getattr(connection, "tenant", None)
    if mode not in {m.key for m in calls.cashier_modes(tenant)}:
        raise _invalid("mode", _("This cashier mode is not available."))
    raw_lines = list(data.get("lines") or [])
    if not raw_lines:
        raise _invalid("lines", _("Add at least one line."))
    settings = settings_row()
    products = _products(raw_lines)
    tier = tiers.current_tier(customer) if customer is not None else None
    tier_prices: dict[int, Decimal] = {}
    if tier is not None and tier.active and products:
        tier_prices = dict(
            ProductTierPrice.objects.filter(product__in=list(products), tier=tier).values_list(
                "product_id", "price"
            )
        )
    rate = _member_rate(customer, tier)
    card_ids = {int(line["card"]) for line in raw_lines if line.get("card")}
    card_ids |= {int(p["card"]) for p in data.get("payments") or [] if p.get("card")}
    cards = _cards(card_ids, customer)
    timed = _timed_sessions(raw_lines, store)
    staff_ids = {int(s["user"]) for line in raw_lines for s in line.get("staff") or []}
    users = _users(staff_ids)

    inputs: list[pricing.LineInput] = []
    line_products: list[Product | None] = []
    staff: list[list[StaffShare]] = []
    for index, line in enumerate(raw_lines):
        line_input, product = _line_input(index, line, products, tier_prices, rate, cards, timed)
        inputs.append(line_input)
        line_products.append(product)
        staff.append(_staff(line.get("staff") or [], users, index))

    coupon, coupon_discount = _coupon(data.get("coupon_code") or "", customer, inputs, line_products)
    manual = data.get("manual_discount") or None
    manual_kind, manual_value, manual_reason = "", ZERO, ""
    if manual:
        manual_kind, manual_value, manual_reason = _manual(manual, actor, settings)
    priced = pricing.price_order(
        inputs,
        coupon_discount=coupon_discount,
        manual_kind=manual_kind,
        manual_value=manual_value,
        prices_include_tax=settings.prices_include_tax,
        cash_rounding=settings.cash_rounding,
    )
    return Draft(
        store=store,
        customer=customer,
        mode=mode,
        inputs=inputs,
        requests=raw_lines,
        products=line_products,
        staff=staff,
        priced=priced,
        coupon=coupon,
        manual_reason=manual_reason,
        settings=settings,
        cards=cards,
        timed=timed,
    )


def _users(ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    from accounts.models import User

    return {u.pk: u for u in User.objects.filter(pk__in=ids, is_active=True)}


def _line_input(
    index: int,
    line: dict[str, Any],
    products: dict[int, Product],
    tier_prices: dict[int, Decimal],
    rate: Decimal | None,
    cards: dict[int, Card],
    timed: dict[int, TimedSession],
) -> tuple[pricing.LineInput, Product | None]:
    kind = line.get("kind") or LineKind.PRODUCT
    where = f"lines.{index}"
    if kind in (LineKind.PRODUCT, LineKind.SERVICE):
        product = products.get(int(line.get("product") or 0))
        if product is None:
            raise _invalid(f"{where}.product", _("This product is not for sale."))
        quantity = Decimal(str(line.get("quantity") or 1))
        if quantity <= 0:
            raise _invalid(f"{where}.quantity", _("Enter a quantity greater than zero."))
        if is_service(product) and quantity != quantity.to_integral_value():
            raise _invalid(f"{where}.quantity", _("Enter a whole number."))
        return (
            pricing.LineInput(
                # A plugin's kind (boarding, feed, ...) sells as one of the core's two line kinds:
                # "product" lines move stock (and are restocked on refund), "service" lines do not.
                kind=LineKind.PRODUCT if tracks_stock(product) else LineKind.SERVICE,
                name=product.name,
                quantity=quantity,
                list_price=product.price,
                tax_rate=product.tax_rate,
                member_price=tier_prices.get(product.pk),
                member_rate=rate,
                product_key=str(product.pk),
                category_key=str(product.category_id or ""),
            ),
            product,
        )
    if kind == LineKind.QUICK:
        amount = Decimal(str(line.get("amount") or 0))
        if amount <= 0:
            raise _invalid(f"{where}.amount", _("Enter an amount greater than zero."))
        name = (line.get("description") or "").strip() or str(_("Quick amount"))
        return pricing.LineInput(
            kind=kind, name=name, quantity=Decimal(1), list_price=pricing.cents(amount)
        ), None
    if kind == LineKind.COUNT_CARD:
        card = cards.get(int(line.get("card") or 0))
        if card is None or card.card_type.kind != CardType.Kind.COUNT:
            raise _invalid(f"{where}.card", _("Choose one of the member's count cards."))
        sessions = Decimal(str(line.get("sessions") or 1))
        if sessions <= 0 or sessions != sessions.to_integral_value():
            raise _invalid(f"{where}.sessions", _("Enter a whole number greater than zero."))
        service = (line.get("service") or "").strip()
        name = _("%(service)s (count card)") % {"service": service}
        return (
            pricing.LineInput(
                kind=kind,
                name=name,
                quantity=sessions,
                list_price=ZERO,
                discountable=False,
                coupon_eligible=False,
            ),
            None,
        )
    if kind == LineKind.TIMED:
        session = timed.get(int(line.get("session") or 0))
        if session is None or session.status != TimedSession.Status.CLOSED:
            raise _invalid(f"{where}.session", _("Check this session out before billing it."))
        product = session.product
        return (
            pricing.LineInput(
                kind=kind,
                name=f"{product.name} ({session.billed_minutes} min)",
                quantity=Decimal(1),
                list_price=session.amount or ZERO,
                tax_rate=product.tax_rate,
                member_rate=rate,
                product_key=str(product.pk),
                category_key=str(product.category_id or ""),
                discountable=session.card_id is None,
            ),
            product,
        )
    raise _invalid(f"{where}.kind", _("Choose one of the offered options."))


def _coupon(
    code: str, customer: Customer | None, inputs: list[pricing.LineInput], products: list[Product | None]
) -> tuple[Coupon | None, Decimal]:
    code = coupons.normalize_code(code) if code else ""
    if not code:
        return None, ZERO
    coupon = Coupon.objects.select_related("template").filter(code=code).first()
    if coupon is None:
        raise _invalid("coupon_code", _("This coupon code was not found."))
    if coupon.customer_id and (customer is None or coupon.customer_id != customer.pk):
        raise _invalid("coupon_code", _("This coupon belongs to another customer."))
    try:
        coupons.ensure_usable(coupon, timezone.now())
    except DomainError as error:
        raise _invalid("coupon_code", error.message) from error
    base = pricing.coupon_base(inputs)
    amount = sum((amount for _line, amount in base), ZERO)
    order_lines = [points.OrderLine(amount, line.product_key, line.category_key) for line, amount in base]
    try:
        discount = coupons.compute_discount(coupon.template, amount, order_lines)
    except DomainError as error:
        raise _invalid("coupon_code", error.message) from error
    return coupon, discount


def _manual(raw: dict[str, Any], actor: Any, settings: CheckoutSettings) -> tuple[str, Decimal, str]:
    kind = raw.get("type") or ""
    value = Decimal(str(raw.get("value") or 0))
    reason = (raw.get("reason") or "").strip()
    role = getattr(actor, "role", "")
    if role not in ("owner", "manager") and not settings.cashier_can_discount:
        raise DomainError(_("You may not give manual discounts."), code="permission_denied", status=403)
    if kind not in ("percent", "amount"):
        raise _invalid("manual_discount.type", _("Choose one of the offered options."))
    if value <= 0 or (kind == "percent" and value > 100):
        raise _invalid("manual_discount.value", _("Enter a valid discount."))
    if (
        kind == "percent"
        and role not in ("owner", "manager")
        and value > settings.max_manual_discount_percent
    ):
        raise _invalid("manual_discount.value", _("This discount is larger than you may give."))
    if not reason:
        raise _invalid("manual_discount.reason", _("A reason is required for a manual discount."))
    return kind, value, reason


# --- Payments ----------------------------------------------------------------------------------


@dataclass
class PlannedPayment:
    method: str
    amount: Decimal
    tendered: Decimal | None = None
    reference: str = ""
    card: Card | None = None
    points: Decimal | None = None


def plan_payments(
    draft: Draft, raw: Sequence[dict[str, Any]], *, offline: bool
) -> tuple[list[PlannedPayment], Decimal]:
    """Check the payments cover the total exactly (cash may exceed it: the rest is change)."""
    if not raw:
        if draft.priced.total == 0:
            return [], ZERO
        raise _invalid("payments", _("Add a payment."))
    planned: list[PlannedPayment] = []
    points_settings = None
    for index, item in enumerate(raw):
        method = item.get("method")
        where = f"payments.{index}"
        if offline and method not in OFFLINE_METHODS:
            raise _invalid(f"{where}.method", _("Stored value and points cannot be used offline."))
        if method == Method.POINTS:
            if draft.customer is None:
                raise _invalid(f"{where}.method", _("Attach the member to pay with points."))
            points_settings = points_settings or PointsSettings.current()
            count = points.parse_points(item.get("points"), f"{where}.points")
            planned.append(
                PlannedPayment(method, points.points_value(count, points_settings.point_value), points=count)
            )
            continue
        amount = pricing.cents(Decimal(str(item.get("amount") or 0)))
        if amount <= 0:
            raise _invalid(f"{where}.amount", _("Enter an amount greater than zero."))
        if method == Method.STORED_VALUE:
            card = draft.cards.get(int(item.get("card") or 0))
            if card is None or card.card_type.kind != CardType.Kind.STORED_VALUE:
                raise _invalid(f"{where}.card", _("Choose one of the member's stored-value cards."))
            planned.append(PlannedPayment(method, amount, card=card))
        elif method in (Method.CASH, Method.CARD, Method.OTHER):
            reference = (item.get("reference") or "")[:100]
            planned.append(
                PlannedPayment(
                    method, amount, tendered=amount if method == Method.CASH else None, reference=reference
                )
            )
        else:
            raise _invalid(f"{where}.method", _("Choose one of the offered options."))
    total = draft.priced.total
    non_cash = sum((p.amount for p in planned if p.method != Method.CASH), ZERO)
    cash = sum((p.amount for p in planned if p.method == Method.CASH), ZERO)
    if non_cash > total:
        raise _invalid("payments", _("The payments exceed the total."))
    due_in_cash = total - non_cash
    if cash < due_in_cash:
        message = _("%(missing)s is still due.") % {"missing": due_in_cash - cash}
        raise _invalid("payments", message)
    change = cash - due_in_cash
    # Cash payments record what they paid; the change comes out of the last cash tender.
    left = change
    for payment in reversed(planned):
        if payment.method == Method.CASH and left > 0:
            taken = min(payment.amount, left)
            payment.amount -= taken
            left -= taken
    return [p for p in planned if p.amount > 0], change


# --- Checkout ----------------------------------------------------------------------------------


def fingerprint(data: dict[str, Any]) -> str:
    # When the till rang it up is not part of what was sold: a sale first sent online whose answer
    # was lost may come back through the offline sync with its time, and must match.
    body = {k: v for k, v in data.items() if k not in ("client_id", "offline_created_at")}
    return ledger.fingerprint(**{k: _plain(v) for k, v in body.items()})


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (Decimal, uuid.UUID, datetime.datetime)):
        return str(value)
    return value


@dataclass(frozen=True)
class CheckoutResult:
    order: Order
    created: bool


def find_existing(client_id: uuid.UUID, request_fingerprint: str) -> Order | None:
    found = Order.objects.filter(client_id=client_id).first()
    if found is not None and found.fingerprint != request_fingerprint:
        from loyalty.errors import IdempotencyConflict

        raise IdempotencyConflict(_("This order id was already used for a different order."))
    return found


DEADLOCK_RETRIES = 3


def checkout(data: dict[str, Any], *, actor: Any) -> CheckoutResult:
    """Ring up and pay an order; a retry with the same ``client_id`` returns the first order.

    A deadlock reported by PostgreSQL rolls the whole attempt back; since every effect is keyed
    by the client id, running the checkout again is safe, so it is retried a few times."""
    if connection.in_atomic_block:  # the caller owns the transaction: it cannot be retried here
        return _checkout_once(data, actor=actor)
    for attempt in range(DEADLOCK_RETRIES):
        try:
            return _checkout_once(data, actor=actor)
        except OperationalError as error:
            if (
                getattr(getattr(error, "__cause__", None), "sqlstate", "") != "40P01"
                or attempt == DEADLOCK_RETRIES - 1
            ):
                raise
    raise AssertionError("unreachable")


def _checkout_once(data: dict[str, Any], *, actor: Any) -> CheckoutResult:
    client_id = uuid.UUID(str(data["client_id"]))
    request = fingerprint(data)
    with transaction.atomic():  # a retry waits here for its first attempt, then finds its order
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 7))", [str(client_id)])
        found = find_existing(client_id, request)
        if found is not None:
            return CheckoutResult(found, False)
        # Locked, and no order yet: none of this order's keys is in use (see core.work).
        with work.claim(_key(client_id, "")):
            offline_at = data.get("offline_created_at")
            draft = build(data, actor=actor, for_checkout=True)
            planned, change = plan_payments(draft, data.get("payments") or [], offline=bool(offline_at))
            if offline_at and draft.coupon is not None:
                raise _invalid("coupon_code", _("Coupons cannot be used offline."))
            order = _write(draft, planned, change, client_id, request, data, actor)
    tenant = getattr(connection, "tenant", None)
    calls.notify_order_paid(order, tenant)  # runs after the commit
    return CheckoutResult(order, True)


def _key(client_id: uuid.UUID, part: str) -> str:
    return f"order:{client_id}:{part}"


def _write(
    draft: Draft,
    planned: list[PlannedPayment],
    change: Decimal,
    client_id: uuid.UUID,
    request: str,
    data: dict[str, Any],
    actor: Any,
) -> Order:
    source = ("order", str(client_id))
    now = timezone.now()
    customer = draft.customer
    priced = draft.priced
    actor_user = actor if getattr(actor, "pk", None) else None

    # 1. Count-card sessions.
    usage_txns: dict[int, Any] = {}
    for index, (line, raw) in enumerate(zip(draft.inputs, draft.requests, strict=True)):
        if line.kind == LineKind.COUNT_CARD:
            usage_txns[index] = usage.consume_sessions(
                draft.cards[int(raw["card"])],
                (raw.get("service") or "").strip(),
                line.quantity,
                idempotency_key=_key(client_id, f"line:{index}"),
                actor=actor,
                source=source,
            )
        elif line.kind == LineKind.TIMED:
            session = draft.timed[int(raw["session"])]
            if session.card_id:
                usage_txns[index] = usage.consume_minutes(
                    session.card,
                    session.billed_minutes,
                    idempotency_key=_key(client_id, f"line:{index}"),
                    actor=actor,
                    source=source,
                )

    # 2. Coupon, then the balance payments.
    if draft.coupon is not None:
        base = pricing.coupon_base(draft.inputs)
        used = coupons.use_coupon(
            draft.coupon.code,
            sum((amount for _line, amount in base), ZERO),
            [points.OrderLine(amount, line.product_key, line.category_key) for line, amount in base],
            idempotency_key=_key(client_id, "coupon"),
            actor=actor,
            customer=customer,
            source=source,
        )
        if used.discount != priced.coupon_discount and used.discount < priced.coupon_discount:
            raise _invalid("coupon_code", _("The coupon's value changed; please try again."))
    payment_txns: list[Any] = []
    points_paid = ZERO
    for index, payment in enumerate(planned):
        txn = None
        if payment.method == Method.STORED_VALUE:
            txn = stored_value.spend(
                payment.card,
                payment.amount,
                idempotency_key=_key(client_id, f"pay:{index}"),
                actor=actor,
                source=source,
            )
        elif payment.method == Method.POINTS:
            assert customer is not None
            txn = points.redeem(
                customer,
                payment.points,
                idempotency_key=_key(client_id, f"pay:{index}"),
                actor=actor,
                source=source,
            ).transaction
            points_paid += payment.amount
        payment_txns.append(txn)

    # 3. Points earned and tier spend (on what was paid other than with points).
    earn_txn = None
    earned = ZERO
    charged = [p.net if priced.prices_include_tax else p.net + p.tax for p in priced.lines]
    if customer is not None:
        paid_with_points = pricing.allocate(min(points_paid, sum(charged, ZERO)), charged)
        earn_lines = [
            points.OrderLine(amount - by_points, line.product_key, line.category_key)
            for line, amount, by_points in zip(draft.inputs, charged, paid_with_points, strict=True)
            if amount - by_points > 0
        ]
        earn_txn = points.earn_for_order(
            customer, earn_lines, idempotency_key=_key(client_id, "earn"), actor=actor, source=source
        )
        if earn_txn is not None:
            earned = sum((entry.amount for entry in earn_txn.entries.all()), ZERO)
        spend = priced.total - points_paid
        if spend > 0:
            tiers.record_spend(customer, spend, source=source, actor=actor)

    after = balances(customer, draft.cards.values()) if customer is not None else {}

    # 4. Stock for product lines (the products that track stock, see _line_input), in one movement,
    #    late: the busiest rows (a shop sells the same few products all day) stay locked only for
    #    the last statements and the commit.
    stock_lines = [
        stock.Line(product, line.quantity)
        for product, line in zip(draft.products, draft.inputs, strict=True)
        if product is not None and line.kind == LineKind.PRODUCT
    ]
    unit_costs: dict[int, Decimal] = {}
    if stock_lines:
        merged: dict[int, stock.Line] = {}
        for line in stock_lines:
            prior = merged.get(line.product.pk)
            merged[line.product.pk] = stock.Line(
                line.product, (prior.quantity if prior else 0) + line.quantity
            )
        movement = stock.remove(
            draft.store,
            list(merged.values()),
            idempotency_key=_key(client_id, "stock"),
            actor=actor,
            source=source,
        )
        unit_costs = {line.stock_level.product_id: line.unit_cost for line in movement.lines.all()}

    # 5. The order itself, numbered last.
    number = Counter.next(f"receipt:{draft.store.pk}")
    order = Order.objects.create(
        client_id=client_id,
        fingerprint=request,
        number=f"{draft.store.code}-{number:06d}",
        store=draft.store,
        customer=customer,
        cashier=actor_user,
        mode=draft.mode,
        subtotal=priced.subtotal,
        tier_discount=priced.tier_discount,
        coupon_discount=priced.coupon_discount,
        manual_discount=priced.manual_discount,
        manual_discount_reason=draft.manual_reason,
        tax_total=priced.tax_total,
        rounding=priced.rounding,
        total=priced.total,
        change=change,
        prices_include_tax=priced.prices_include_tax,
        coupon=draft.coupon,
        points_earned=earned,
        points_earn_txn=earn_txn,
        balances_after=after,
        note=(data.get("note") or "")[:500],
        extra=data.get("extra") or {},
        offline_created_at=data.get("offline_created_at"),
    )
    lines = OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                position=index,
                kind=line.kind,
                product=product,
                name=line.name[:200],
                quantity=line.quantity,
                list_price=line.list_price,
                unit_price=p.unit_price,
                gross=p.gross,
                tier_discount=p.tier_discount,
                coupon_discount=p.coupon_discount,
                manual_discount=p.manual_discount,
                net=p.net,
                tax_rate=line.tax_rate,
                tax=p.tax,
                unit_cost=unit_costs.get(product.pk) if product is not None else None,
                card=draft.cards.get(int(raw.get("card") or 0)) if line.kind == LineKind.COUNT_CARD else None,
                service=(raw.get("service") or "")[:100] if line.kind == LineKind.COUNT_CARD else "",
                usage_txn=usage_txns.get(index),
                extra=_line_extra(raw, line, product),
            )
            for index, (line, p, product, raw) in enumerate(
                zip(draft.inputs, priced.lines, draft.products, draft.requests, strict=True)
            )
        ]
    )
    payments = Payment.objects.bulk_create(
        [
            Payment(
                order=order,
                position=index,
                method=payment.method,
                amount=payment.amount,
                tendered=payment.tendered,
                reference=payment.reference,
                card=payment.card,
                points=payment.points,
                ledger_txn=txn,
            )
            for index, (payment, txn) in enumerate(zip(planned, payment_txns, strict=True))
        ]
    )
    commissions = _commission(draft, lines)
    _bill_timed(draft, lines)
    if customer is not None:
        Customer.objects.filter(pk=customer.pk).update(last_visit_at=now)
    if draft.manual_reason:
        audit.record(
            "order.manual_discount",
            order,
            actor=actor,
            reason=draft.manual_reason,
            after={"discount": str(priced.manual_discount)},
        )
    _prime(order, lines, payments, commissions)
    return order


def _prime(
    order: Order, lines: list[OrderLine], payments: list[Payment], commissions: list[CommissionEntry]
) -> None:
    """Hand the new order to its serializer as written, without reading it back: the related rows
    it renders are the ones just inserted (store, customer and cashier are already attached)."""
    by_line: dict[int, list[CommissionEntry]] = {line.pk: [] for line in lines}
    for entry in commissions:
        by_line[entry.line_id].append(entry)
    for line in lines:
        orm.prime(line, "commissions", by_line[line.pk])
    orm.prime(order, "lines", lines)
    orm.prime(order, "payments", payments)
    orm.prime(order, "refunds", [])


def _line_extra(raw: dict[str, Any], line: pricing.LineInput, product: Product | None) -> dict[str, Any]:
    """The client's extra values, plus the product's own kind when it is a plugin's: the line kind
    only says whether stock moved, and reports by kind (boarding, feed, ...) need the real one."""
    extra = dict(raw.get("extra") or {})
    if (
        product is not None
        and line.kind in (LineKind.PRODUCT, LineKind.SERVICE)
        and product.kind != line.kind
    ):
        extra["product_kind"] = product.kind
    return extra


def _commission(draft: Draft, lines: list[OrderLine]) -> list[CommissionEntry]:
    entries = []
    for line, product, shares, p in zip(lines, draft.products, draft.staff, draft.priced.lines, strict=True):
        if not shares:
            continue
        kind, value = (product.commission_type, product.commission_value) if product else ("none", ZERO)
        base = p.net - p.tax if draft.priced.prices_include_tax else p.net
        amounts = pricing.commission(base, line.quantity, kind, value, [s.share for s in shares])
        entries.extend(
            CommissionEntry(line=line, staff=s.user, share=s.share, amount=amount)
            for s, amount in zip(shares, amounts, strict=True)
        )
    return CommissionEntry.objects.bulk_create(entries)


def _bill_timed(draft: Draft, lines: list[OrderLine]) -> None:
    for line, raw in zip(lines, draft.requests, strict=True):
        if line.kind != LineKind.TIMED:
            continue
        billed = TimedSession.objects.filter(
            pk=int(raw["session"]), status=TimedSession.Status.CLOSED
        ).update(status=TimedSession.Status.BILLED, order_line=line)
        if not billed:
            raise _invalid("lines", _("This session was billed already."))


def balances(customer: Customer, cards: Any = ()) -> dict[str, Any]:
    """The member's balances after the sale, for the receipt and the screen."""
    rows = Account.objects.filter(customer=customer).values_list("kind", "service", "balance")
    stored = ZERO
    sessions: dict[str, str] = {}
    points_balance = ZERO
    minutes = ZERO
    for kind, service, balance in rows:
        if kind in (Account.Kind.PRINCIPAL, Account.Kind.BONUS):
            stored += balance
        elif kind == Account.Kind.POINTS:
            points_balance += balance
        elif kind == Account.Kind.SESSIONS:
            sessions[service] = str(Decimal(sessions.get(service, "0")) + balance)
        elif kind == Account.Kind.MINUTES:
            minutes += balance
    return {
        "stored_value": str(stored),
        "points": str(points_balance),
        "sessions": sessions,
        "minutes": str(minutes),
    }


def quote(data: dict[str, Any], *, actor: Any) -> Draft:
    """Price an order without writing anything (the cart's totals while it is being built)."""
    return build(data, actor=actor, for_checkout=False)


def points_preview(draft: Draft) -> Decimal:
    """Points the order would earn if paid without points (shown on the cart)."""
    if draft.customer is None:
        return ZERO
    lines = [
        points.OrderLine(
            p.net if draft.priced.prices_include_tax else p.net + p.tax, line.product_key, line.category_key
        )
        for line, p in zip(draft.inputs, draft.priced.lines, strict=True)
    ]
    return points.points_for_order(draft.customer, [line for line in lines if line.amount > 0])


def update_settings(data: dict[str, Any], *, actor: Any) -> CheckoutSettings:
    with transaction.atomic():
        row = CheckoutSettings.objects.select_for_update().get(pk=settings_row().pk)
        before = {name: str(getattr(row, name)) for name in data}
        for name, value in data.items():
            setattr(row, name, value)
        row.save()
        audit.record(
            "checkout.settings", row, actor=actor, before=before, after={k: str(v) for k, v in data.items()}
        )
        return row
