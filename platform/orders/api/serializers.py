"""Shapes of the orders API (see docs/orders.md). Input serializers only check types and sizes;
the rules (prices, stock, balances, permissions) live in orders.services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import OutputModelSerializer
from orders.models import (
    CheckoutSettings,
    CommissionEntry,
    Order,
    OrderLine,
    Payment,
    Refund,
    RefundLine,
    RefundPayment,
    TimedSession,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
QUANTITY = {"max_digits": 14, "decimal_places": 3}


class StaffShareInput(serializers.Serializer):
    user = serializers.IntegerField(min_value=1)
    share = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal(0), required=False)


class LineInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=OrderLine.Kind.choices, required=False, default=OrderLine.Kind.PRODUCT
    )
    product = serializers.IntegerField(min_value=1, required=False)
    quantity = serializers.DecimalField(min_value=Decimal("0.001"), required=False, **QUANTITY)
    amount = serializers.DecimalField(min_value=Decimal("0.01"), required=False, **MONEY)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    card = serializers.IntegerField(min_value=1, required=False)
    service = serializers.CharField(max_length=100, required=False, allow_blank=True)
    sessions = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    session = serializers.IntegerField(min_value=1, required=False)
    staff = StaffShareInput(many=True, required=False)
    extra = serializers.DictField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs.get("kind") or OrderLine.Kind.PRODUCT
        needed = {
            OrderLine.Kind.PRODUCT: "product",
            OrderLine.Kind.SERVICE: "product",
            OrderLine.Kind.QUICK: "amount",
            OrderLine.Kind.COUNT_CARD: "card",
            OrderLine.Kind.TIMED: "session",
        }[kind]
        if attrs.get(needed) in (None, ""):
            raise serializers.ValidationError({needed: [_("This field is required.")]})
        if kind == OrderLine.Kind.COUNT_CARD and not (attrs.get("service") or "").strip():
            raise serializers.ValidationError({"service": [_("This field is required.")]})
        return attrs


class ManualDiscountInput(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("percent", _("Percent")), ("amount", _("Amount"))])
    value = serializers.DecimalField(min_value=Decimal("0.01"), **MONEY)
    reason = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class PaymentInput(serializers.Serializer):
    method = serializers.ChoiceField(choices=Payment.Method.choices)
    amount = serializers.DecimalField(min_value=Decimal("0.01"), required=False, **MONEY)
    points = serializers.DecimalField(min_value=Decimal("0.01"), required=False, **MONEY)
    card = serializers.IntegerField(min_value=1, required=False)
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        needed = "points" if attrs["method"] == Payment.Method.POINTS else "amount"
        if attrs.get(needed) is None:
            raise serializers.ValidationError({needed: [_("This field is required.")]})
        if attrs["method"] == Payment.Method.STORED_VALUE and not attrs.get("card"):
            raise serializers.ValidationError({"card": [_("This field is required.")]})
        return attrs


class QuoteInput(serializers.Serializer):
    store = serializers.IntegerField(min_value=1)
    mode = serializers.CharField(max_length=40, required=False, default="sale")
    customer = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    lines = LineInput(many=True, allow_empty=False, max_length=500)
    coupon_code = serializers.CharField(max_length=40, required=False, allow_blank=True)
    manual_discount = ManualDiscountInput(required=False, allow_null=True)


class CheckoutInput(QuoteInput):
    client_id = serializers.UUIDField()
    payments = PaymentInput(many=True, allow_empty=True, max_length=20)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    extra = serializers.DictField(required=False)
    offline_created_at = serializers.DateTimeField(required=False, allow_null=True)


class SyncInput(serializers.Serializer):
    orders = serializers.ListField(child=serializers.DictField(), allow_empty=False, max_length=100)


class RefundLineInput(serializers.Serializer):
    line = serializers.IntegerField(min_value=1)
    quantity = serializers.DecimalField(min_value=Decimal("0.001"), **QUANTITY)


class RefundInput(serializers.Serializer):
    client_id = serializers.UUIDField()
    reason = serializers.CharField(max_length=500)
    lines = RefundLineInput(many=True, required=False, allow_empty=False)


class VoidInput(serializers.Serializer):
    client_id = serializers.UUIDField(required=False)
    reason = serializers.CharField(max_length=500)


class OrderQuery(serializers.Serializer):
    store = serializers.IntegerField(min_value=1, required=False)
    customer = serializers.IntegerField(min_value=1, required=False)
    status = serializers.ChoiceField(choices=Order.Status.choices, required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    q = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ReceiptQuery(serializers.Serializer):
    width = serializers.ChoiceField(choices=[("58", "58 mm"), ("80", "80 mm")], required=False, default="80")


# --- Output ------------------------------------------------------------------------------------


class CommissionOutput(OutputModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = CommissionEntry
        fields = ["staff", "name", "share", "amount", "refund"]

    def get_name(self, entry: CommissionEntry) -> str:
        return entry.staff.get_full_name() or entry.staff.email


class OrderLineOutput(OutputModelSerializer):
    commissions = CommissionOutput(many=True, read_only=True)

    class Meta:
        model = OrderLine
        fields = [
            "id",
            "position",
            "kind",
            "product",
            "name",
            "quantity",
            "list_price",
            "unit_price",
            "gross",
            "tier_discount",
            "coupon_discount",
            "manual_discount",
            "net",
            "tax_rate",
            "tax",
            "refunded_quantity",
            "refunded_amount",
            "card",
            "service",
            "commissions",
        ]


class PaymentOutput(OutputModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "method", "amount", "tendered", "reference", "card", "points", "refunded_amount"]


class RefundLineOutput(OutputModelSerializer):
    class Meta:
        model = RefundLine
        fields = ["line", "quantity", "amount"]


class RefundPaymentOutput(OutputModelSerializer):
    method = serializers.CharField(source="payment.method")

    class Meta:
        model = RefundPayment
        fields = ["payment", "method", "amount", "points"]


class RefundOutput(OutputModelSerializer):
    lines = RefundLineOutput(many=True, read_only=True)
    payments = RefundPaymentOutput(many=True, read_only=True)

    class Meta:
        model = Refund
        fields = [
            "id",
            "client_id",
            "kind",
            "amount",
            "reason",
            "actor",
            "points_taken_back",
            "points_shortfall",
            "coupon_restored",
            "created_at",
            "lines",
            "payments",
        ]


class OrderListOutput(OutputModelSerializer):
    store_name = serializers.CharField(source="store.name")
    customer_name = serializers.CharField(source="customer.name", default=None)
    cashier_name = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "id",
            "client_id",
            "number",
            "status",
            "mode",
            "store",
            "store_name",
            "customer",
            "customer_name",
            "cashier",
            "cashier_name",
            "total",
            "refunded_total",
            "created_at",
            "offline_created_at",
        ]

    def get_cashier_name(self, order: Order) -> str | None:
        return (order.cashier.get_full_name() or order.cashier.email) if order.cashier else None


class OrderOutput(OrderListOutput):
    lines = OrderLineOutput(many=True, read_only=True)
    payments = PaymentOutput(many=True, read_only=True)
    refunds = RefundOutput(many=True, read_only=True)
    customer_member_no = serializers.CharField(source="customer.member_no", default=None)
    paid = serializers.SerializerMethodField()

    class Meta(OrderListOutput.Meta):
        fields = [
            *OrderListOutput.Meta.fields,
            "customer_member_no",
            "subtotal",
            "tier_discount",
            "coupon_discount",
            "manual_discount",
            "manual_discount_reason",
            "tax_total",
            "rounding",
            "paid",
            "change",
            "prices_include_tax",
            "coupon",
            "points_earned",
            "balances_after",
            "note",
            "extra",
            "lines",
            "payments",
            "refunds",
        ]

    def get_paid(self, order: Order) -> str:
        return str(sum((p.amount for p in order.payments.all()), Decimal("0.00")))


class QuoteLineOutput(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    quantity = serializers.DecimalField(**QUANTITY)
    list_price = serializers.DecimalField(**MONEY)
    unit_price = serializers.DecimalField(**MONEY)
    gross = serializers.DecimalField(**MONEY)
    tier_discount = serializers.DecimalField(**MONEY)
    coupon_discount = serializers.DecimalField(**MONEY)
    manual_discount = serializers.DecimalField(**MONEY)
    net = serializers.DecimalField(**MONEY)
    tax = serializers.DecimalField(**MONEY)


class QuoteOutput(serializers.Serializer):
    lines = QuoteLineOutput(many=True)
    subtotal = serializers.DecimalField(**MONEY)
    tier_discount = serializers.DecimalField(**MONEY)
    coupon_discount = serializers.DecimalField(**MONEY)
    manual_discount = serializers.DecimalField(**MONEY)
    tax_total = serializers.DecimalField(**MONEY)
    rounding = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    prices_include_tax = serializers.BooleanField()
    points_to_earn = serializers.DecimalField(**MONEY)


class SyncOrderOutput(OrderListOutput):
    class Meta(OrderListOutput.Meta):
        fields = [*OrderListOutput.Meta.fields, "points_earned"]


class SyncResultOutput(serializers.Serializer):
    client_id = serializers.CharField()
    status = serializers.ChoiceField(choices=["created", "duplicate", "error"])
    order = SyncOrderOutput(allow_null=True)
    error = serializers.DictField(allow_null=True)


class SyncOutput(serializers.Serializer):
    results = SyncResultOutput(many=True)


class CheckoutSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckoutSettings
        exclude = ["id"]


class TimedSessionSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.name", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True, default=None)

    class Meta:
        model = TimedSession
        fields = [
            "id",
            "store",
            "product",
            "product_name",
            "customer",
            "customer_name",
            "card",
            "label",
            "status",
            "started_at",
            "ended_at",
            "minutes",
            "billed_minutes",
            "amount",
            "order_line",
        ]
        read_only_fields = [
            "status",
            "started_at",
            "ended_at",
            "minutes",
            "billed_minutes",
            "amount",
            "order_line",
        ]
