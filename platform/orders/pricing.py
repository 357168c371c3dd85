"""Pricing of an order, as pure functions: no database, so the quote, the checkout and the tests
price an order identically, and the offline cashier can mirror the same rules.

The order of discounts is fixed: (1) the member price (the tier's price of the product, else the
best of the tier's and the member's discount card's rate), (2) the coupon, (3) the manual
discount. Order-level discounts are spread over the lines in proportion to their amounts by the
largest-remainder method, so the line amounts always add up to the order's to the cent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def allocate(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` (in cents) over ``weights`` proportionally; the parts add up exactly and
    none exceeds its weight when ``total`` does not exceed the sum of weights."""
    weight_sum = sum(weights, ZERO)
    if total == 0 or weight_sum <= 0:
        return [ZERO for _ in weights]
    exact = [total * w / weight_sum for w in weights]
    parts = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    left = int(((total - sum(parts, ZERO)) / CENT).to_integral_value())
    by_remainder = sorted(range(len(weights)), key=lambda i: (exact[i] - parts[i], -i), reverse=True)
    for i in by_remainder[:left]:
        parts[i] += CENT
    return parts


@dataclass
class LineInput:
    """One line to price. ``member_price`` is the tier price of the product when it has one;
    ``member_rate`` the price multiplier (0.9 = 10% off) otherwise; both only for members."""

    kind: str
    name: str
    quantity: Decimal
    list_price: Decimal
    tax_rate: Decimal = ZERO
    member_price: Decimal | None = None
    member_rate: Decimal | None = None
    discountable: bool = True
    coupon_eligible: bool = True
    product_key: str = ""
    category_key: str = ""


@dataclass
class PricedLine:
    source: LineInput
    unit_price: Decimal
    gross: Decimal
    tier_discount: Decimal
    coupon_discount: Decimal = ZERO
    manual_discount: Decimal = ZERO
    net: Decimal = ZERO
    tax: Decimal = ZERO

    @property
    def after_tier(self) -> Decimal:
        return self.gross - self.tier_discount


@dataclass
class PricedOrder:
    lines: list[PricedLine]
    subtotal: Decimal
    tier_discount: Decimal
    coupon_discount: Decimal
    manual_discount: Decimal
    tax_total: Decimal
    rounding: Decimal
    total: Decimal
    prices_include_tax: bool
    notes: list[str] = field(default_factory=list)


def member_unit_price(line: LineInput) -> Decimal:
    if not line.discountable:
        return line.list_price
    if line.member_price is not None:
        return min(line.member_price, line.list_price)
    if line.member_rate is not None:
        return cents(line.list_price * line.member_rate)
    return line.list_price


def price_lines(lines: Sequence[LineInput]) -> list[PricedLine]:
    priced = []
    for line in lines:
        unit = member_unit_price(line)
        gross = cents(line.list_price * line.quantity)
        after = cents(unit * line.quantity)
        priced.append(PricedLine(line, unit, gross, gross - after))
    return priced


def spread(priced: list[PricedLine], amount: Decimal, attribute: str, eligible: Sequence[bool]) -> None:
    """Spread an order-level discount over the eligible lines' remaining amounts."""
    remaining = [
        (p.after_tier - p.coupon_discount - p.manual_discount) if ok else ZERO
        for p, ok in zip(priced, eligible, strict=True)
    ]
    for p, part in zip(priced, allocate(amount, remaining), strict=True):
        setattr(p, attribute, getattr(p, attribute) + part)


def manual_amount(kind: str, value: Decimal, base: Decimal) -> Decimal:
    if kind == "percent":
        return cents(base * value / HUNDRED)
    return min(cents(value), base)


def line_tax(net: Decimal, rate: Decimal, inclusive: bool) -> Decimal:
    if rate <= 0 or net <= 0:
        return ZERO
    if inclusive:
        return cents(net - net / (1 + rate / HUNDRED))
    return cents(net * rate / HUNDRED)


def round_total(total: Decimal, step: Decimal) -> Decimal:
    if step <= CENT:
        return cents(total)
    return cents((total / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def price_order(
    lines: Sequence[LineInput],
    *,
    coupon_discount: Decimal = ZERO,
    manual_kind: str = "",
    manual_value: Decimal = ZERO,
    prices_include_tax: bool = True,
    cash_rounding: Decimal = CENT,
) -> PricedOrder:
    """Price ``lines``; ``coupon_discount`` is the coupon's value already computed by the loyalty
    engine against the member-priced amounts (see ``coupon_base``)."""
    priced = price_lines(lines)
    coupon_ok = [p.source.coupon_eligible and p.source.discountable for p in priced]
    coupon_room = sum((p.after_tier for p, ok in zip(priced, coupon_ok, strict=True) if ok), ZERO)
    coupon = min(cents(coupon_discount), coupon_room)
    spread(priced, coupon, "coupon_discount", coupon_ok)
    manual_ok = [p.source.discountable for p in priced]
    manual_room = sum(
        (p.after_tier - p.coupon_discount for p, ok in zip(priced, manual_ok, strict=True) if ok), ZERO
    )
    manual = manual_amount(manual_kind, manual_value, manual_room) if manual_kind else ZERO
    spread(priced, manual, "manual_discount", manual_ok)
    for p in priced:
        p.net = p.after_tier - p.coupon_discount - p.manual_discount
        p.tax = line_tax(p.net, p.source.tax_rate, prices_include_tax)
    net_total = sum((p.net for p in priced), ZERO)
    tax_total = sum((p.tax for p in priced), ZERO)
    before_rounding = net_total if prices_include_tax else net_total + tax_total
    total = round_total(before_rounding, cash_rounding)
    return PricedOrder(
        lines=priced,
        subtotal=sum((p.gross for p in priced), ZERO),
        tier_discount=sum((p.tier_discount for p in priced), ZERO),
        coupon_discount=coupon,
        manual_discount=manual,
        tax_total=tax_total,
        rounding=total - before_rounding,
        total=total,
        prices_include_tax=prices_include_tax,
    )


def coupon_base(lines: Sequence[LineInput]) -> list[tuple[LineInput, Decimal]]:
    """The member-priced amount of each coupon-eligible line (what a coupon is computed on)."""
    return [
        (line, p.after_tier)
        for line, p in zip(lines, price_lines(lines), strict=True)
        if line.coupon_eligible and line.discountable
    ]


def commission(
    base: Decimal, quantity: Decimal, kind: str, value: Decimal, shares: Sequence[Decimal]
) -> list[Decimal]:
    """Commission of a line split by ``shares`` (percentages adding up to 100): a percent of the
    line's amount before tax, or a fixed amount per unit."""
    if kind == "percent":
        total = cents(base * value / HUNDRED)
    elif kind == "fixed":
        total = cents(value * quantity)
    else:
        total = ZERO
    return allocate(max(total, ZERO), list(shares))


def proportion(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    """``amount`` × ``part`` / ``whole`` in cents (a refund of some units of a line)."""
    if whole <= 0:
        return ZERO
    if part >= whole:
        return amount
    return cents(amount * part / whole)


__all__ = [
    "LineInput",
    "PricedLine",
    "PricedOrder",
    "allocate",
    "commission",
    "coupon_base",
    "price_order",
    "proportion",
    "replace",
]
