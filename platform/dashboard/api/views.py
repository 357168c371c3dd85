"""GET /api/v1/dashboard/: the shop's day at a glance (any signed-in staff member; figures limited
to the stores they may see; this month's expenses for owners and managers only)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from dashboard import services
from orders.models import Order, Payment

MONEY = {"max_digits": 14, "decimal_places": 2}


class DashboardSalesOutput(serializers.Serializer):
    orders = serializers.IntegerField()
    total = serializers.DecimalField(**MONEY)
    refunds = serializers.DecimalField(**MONEY, help_text="Refunds and voids made today (any order's).")
    net = serializers.DecimalField(**MONEY)
    average = serializers.DecimalField(**MONEY, help_text="Average order total.")


class DashboardPaymentOutput(serializers.Serializer):
    method = serializers.ChoiceField(choices=Payment.Method.choices)
    amount = serializers.DecimalField(**MONEY)


class DashboardHourOutput(serializers.Serializer):
    hour = serializers.IntegerField(help_text="0–23, the shop's local time.")
    total = serializers.DecimalField(**MONEY)
    orders = serializers.IntegerField()


class DashboardMembersOutput(serializers.Serializer):
    total = serializers.IntegerField()
    new_today = serializers.IntegerField()


class DashboardRecentOrderOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    created_at = serializers.DateTimeField()
    customer_name = serializers.CharField(allow_null=True)
    total = serializers.DecimalField(**MONEY)
    status = serializers.ChoiceField(choices=Order.Status.choices)


class DashboardOutput(serializers.Serializer):
    date = serializers.DateField(help_text="The shop's day these figures are for.")
    sales = DashboardSalesOutput()
    payments = DashboardPaymentOutput(many=True)
    by_hour = DashboardHourOutput(many=True, help_text="Only the hours that had orders.")
    members = DashboardMembersOutput()
    stored_value_topped_up = serializers.DecimalField(**MONEY, help_text="Paid into stored-value cards.")
    low_stock = serializers.IntegerField(help_text="Stock levels at or below their alert threshold.")
    expenses_month = serializers.DecimalField(
        **MONEY, allow_null=True, help_text="This month so far; null for cashiers."
    )
    recent_orders = DashboardRecentOrderOutput(many=True)


class DashboardQuery(serializers.Serializer):
    date = serializers.DateField(required=False, help_text="Another day (default: the shop's today).")


@extend_schema(
    parameters=[OpenApiParameter("date", str, description="YYYY-MM-DD; default the shop's today.")],
    responses={200: DashboardOutput},
    summary="The day at a glance",
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def dashboard(request: Request) -> Response:
    query = DashboardQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = services.summary(request.user, query.validated_data.get("date"))
    return Response(DashboardOutput(data).data)
