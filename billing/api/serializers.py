"""Response shapes of the billing API (documentation: the views return plain dicts)."""

from __future__ import annotations

from rest_framework import serializers

from billing.models import TenantBilling

ACCESS = ["full", "warning", "read_only"]


class BillingPlanSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    currency = serializers.CharField()
    seat_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    trial_days = serializers.IntegerField()


class NextInvoiceSerializer(serializers.Serializer):
    error = serializers.BooleanField(help_text="True when Stripe could not compute the preview right now.")
    amount_due = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, required=False)
    total = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, required=False)
    currency = serializers.CharField(required=False)
    period_end = serializers.DateTimeField(allow_null=True, required=False)
    next_payment_attempt = serializers.DateTimeField(allow_null=True, required=False)


class BillingSummarySerializer(serializers.Serializer):
    configured = serializers.BooleanField(help_text="False when the server has no Stripe key.")
    status = serializers.ChoiceField(choices=TenantBilling.Status.choices)
    access = serializers.ChoiceField(choices=ACCESS)
    plan = BillingPlanSerializer(allow_null=True)
    seats = serializers.IntegerField(help_text="Active staff accounts now.")
    seats_billed = serializers.IntegerField(allow_null=True, help_text="Quantity Stripe confirmed.")
    seats_in_sync = serializers.BooleanField()
    monthly_estimate = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    trial_ends_at = serializers.DateTimeField(allow_null=True)
    grace_ends_at = serializers.DateTimeField(allow_null=True)
    current_period_end = serializers.DateTimeField(allow_null=True)
    canceled_at = serializers.DateTimeField(allow_null=True)
    has_subscription = serializers.BooleanField()
    has_customer = serializers.BooleanField()
    can_checkout = serializers.BooleanField()
    next_invoice = NextInvoiceSerializer(allow_null=True)


class InvoiceSerializer(serializers.Serializer):
    id = serializers.CharField()
    number = serializers.CharField()
    status = serializers.CharField()
    created = serializers.DateTimeField(allow_null=True)
    period_start = serializers.DateTimeField(allow_null=True)
    period_end = serializers.DateTimeField(allow_null=True)
    currency = serializers.CharField()
    total = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    amount_due = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    amount_paid = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    hosted_invoice_url = serializers.CharField()
    invoice_pdf = serializers.CharField()


class InvoiceListSerializer(serializers.Serializer):
    configured = serializers.BooleanField()
    results = InvoiceSerializer(many=True)
    has_more = serializers.BooleanField()


class BillingRedirectSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Send the browser here (Stripe-hosted page).")
