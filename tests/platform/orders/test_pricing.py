"""The pure pricing rules: exact allocation, tax inclusive/exclusive, rounding, commission."""

from __future__ import annotations

from decimal import Decimal

from django_tenants.utils import schema_context
from hypothesis import given
from hypothesis import strategies as st

from orders import pricing
from orders.pricing import LineInput, allocate, price_order

D = Decimal


def make_tier_member(tenant, customer_id: int, rate: str) -> int:  # type: ignore[no-untyped-def]
    """Put the customer in a tier with ``rate`` (test helper shared with the API tests)."""
    from loyalty.models import Tier
    from loyalty.services import tiers
    from members.models import Customer

    with schema_context(tenant.schema_name):
        tier = Tier.objects.create(name="Gold", rank=5, discount_rate=D(rate), min_spend=D("999999"))
        tiers.override(Customer.objects.get(pk=customer_id), tier, reason="test", actor=None)
        return tier.pk


@given(
    st.integers(min_value=0, max_value=100000),
    st.lists(st.integers(min_value=0, max_value=100000), min_size=1, max_size=12),
)
def test_allocation_is_exact_and_never_exceeds_a_weight(total_cents, weight_cents):
    weights = [D(w) / 100 for w in weight_cents]
    total = min(D(total_cents) / 100, sum(weights, D(0)))
    parts = allocate(total, weights)
    if sum(weights) > 0:
        assert sum(parts) == total
    assert all(p <= w for p, w in zip(parts, weights, strict=True))
    assert all(p >= 0 for p in parts)


def test_tax_inclusive_and_exclusive():
    line = LineInput(kind="product", name="x", quantity=D(1), list_price=D("105"), tax_rate=D("5"))
    inclusive = price_order([line], prices_include_tax=True)
    assert inclusive.tax_total == D("5.00") and inclusive.total == D("105.00")
    exclusive = price_order([line], prices_include_tax=False)
    assert exclusive.tax_total == D("5.25") and exclusive.total == D("110.25")


def test_cash_rounding_to_ten_cents_and_whole_units():
    line = LineInput(kind="quick", name="x", quantity=D(1), list_price=D("10.27"))
    assert price_order([line], cash_rounding=D("0.10")).total == D("10.30")
    assert price_order([line], cash_rounding=D("1")).total == D("10.00")
    assert price_order([line], cash_rounding=D("1")).rounding == D("-0.27")


def test_member_price_never_raises_the_price_and_discounts_cap_at_the_amount():
    line = LineInput(kind="product", name="x", quantity=D(2), list_price=D("50"), member_price=D("60"))
    assert price_order([line]).total == D("100.00")
    capped = price_order([line], coupon_discount=D("500"), manual_kind="amount", manual_value=D("5"))
    assert capped.coupon_discount == D("100.00") and capped.manual_discount == D("0.00")
    assert capped.total == D("0.00")


def test_non_discountable_lines_keep_their_price():
    card = LineInput(kind="count_card", name="c", quantity=D(1), list_price=D("0"), discountable=False)
    sale = LineInput(kind="product", name="p", quantity=D(1), list_price=D("40"), member_rate=D("0.5"))
    priced = price_order([card, sale], manual_kind="percent", manual_value=D("10"))
    assert priced.lines[0].manual_discount == 0
    assert priced.lines[1].unit_price == D("20.00") and priced.lines[1].manual_discount == D("2.00")


def test_commission_percent_fixed_and_split():
    assert pricing.commission(D("300"), D(1), "percent", D("10"), [D(60), D(40)]) == [D("18.00"), D("12.00")]
    assert pricing.commission(D("300"), D(3), "fixed", D("5"), [D(100)]) == [D("15.00")]
    assert pricing.commission(D("300"), D(1), "none", D("5"), [D(50), D(50)]) == [D("0"), D("0")]
    assert sum(
        pricing.commission(D("100"), D(1), "percent", D("10"), [D("33.33"), D("33.33"), D("33.34")])
    ) == D("10.00")
