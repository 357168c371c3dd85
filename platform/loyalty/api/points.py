"""Points API: settings and earning rules (owner/manager), balance and lots, earning from an
order, redemption, reservations and reversal.

Thin views: validate, call ``loyalty.services.points``, serialise. Money- and points-changing POSTs
need an ``Idempotency-Key`` header (``core.api.idempotency``). Customers are looked up in the
current tenant's schema only, so another shop's ids are simply 404.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.api.idempotency import IDEMPOTENCY_KEY_PARAMETER, keyed_input
from core.api.permissions import role_required
from loyalty.models import LedgerTransaction, PointsReservation, PointsRule, PointsSettings
from loyalty.services import points
from members.models import Customer

MANAGERS = role_required(User.Role.OWNER, User.Role.MANAGER)
STAFF = role_required(User.Role.OWNER, User.Role.MANAGER, User.Role.CASHIER)
MANAGER_ROLES = {User.Role.OWNER, User.Role.MANAGER}


class PermissionsByMethod:
    """``method_permissions = {"POST": [MANAGERS]}``; other methods use ``permission_classes``."""

    permission_classes: list[type[BasePermission]] = [STAFF]
    method_permissions: dict[str, list[type[BasePermission]]] = {}

    def get_permissions(self) -> list[BasePermission]:
        request = getattr(self, "request", None)
        method = request.method if request is not None else "GET"
        classes = self.method_permissions.get(method, self.permission_classes)
        return [permission() for permission in classes]


class ManagersWrite(PermissionsByMethod):
    method_permissions = {m: [MANAGERS] for m in ("POST", "PUT", "PATCH", "DELETE")}


def customer_or_404(pk: int) -> Customer:
    return get_object_or_404(Customer, pk=pk)


def source_of(data: dict[str, Any]) -> tuple[str, str]:
    return (data.get("source_type") or "", data.get("source_id") or "")


# --- serializers ---------------------------------------------------------------------------------


class PointsSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = PointsSettings
        exclude = ["id"]

    def validate_spend_unit(self, value):  # type: ignore[no-untyped-def]
        if value <= 0:
            raise serializers.ValidationError(_("Enter an amount greater than zero."))
        return value


class PointsRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = PointsRule
        fields = ["id", "scope", "value", "multiplier", "active", "created_at"]
        read_only_fields = ["created_at"]


class LineSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    product = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    category = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")


class SourceSerializer(serializers.Serializer):
    source_type = serializers.CharField(required=False, allow_blank=True, max_length=32, default="")
    source_id = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")


class PreviewSerializer(serializers.Serializer):
    customer = serializers.IntegerField(required=False, allow_null=True)
    lines = LineSerializer(many=True)


class EarnSerializer(SourceSerializer):
    lines = LineSerializer(many=True, required=False)
    points = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")

    def validate(self, attrs):  # type: ignore[no-untyped-def]
        if ("lines" in attrs) == ("points" in attrs):
            message = _("Send either the order lines or a number of points.")
            raise serializers.ValidationError({"lines": [message]})
        if "points" in attrs and not attrs.get("reason", "").strip():
            raise serializers.ValidationError({"reason": [_("A reason is required for manual points.")]})
        return attrs


class PointsAmountSerializer(SourceSerializer):
    points = serializers.DecimalField(max_digits=14, decimal_places=2)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class LotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=14, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2)
    expires_at = serializers.DateTimeField(allow_null=True)


class SummarySerializer(serializers.Serializer):
    available = serializers.DecimalField(max_digits=14, decimal_places=2)
    reserved = serializers.DecimalField(max_digits=14, decimal_places=2)
    balance = serializers.DecimalField(max_digits=14, decimal_places=2)
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    point_value = serializers.DecimalField(max_digits=12, decimal_places=4)
    fractional = serializers.BooleanField()
    lots = LotSerializer(many=True)


class ReservationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PointsReservation
        fields = [
            "id",
            "customer",
            "points",
            "status",
            "reserved_by",
            "settled_by",
            "source_type",
            "source_id",
            "created_at",
            "settled_at",
        ]


def transaction_data(txn: LedgerTransaction | None) -> dict[str, Any] | None:
    if txn is None:
        return None
    return {
        "id": txn.pk,
        "kind": txn.kind,
        "points": str(sum((e.amount for e in txn.entries.all()), points.ZERO)),
        "reason": txn.reason,
        "created_at": txn.created_at,
        "reverses": txn.reverses_id,
    }


def summary_data(customer: Customer) -> dict[str, Any]:
    return SummarySerializer(points.summary(customer)).data


# --- settings and rules --------------------------------------------------------------------------


class PointsSettingsView(ManagersWrite, APIView):
    @extend_schema(responses={200: PointsSettingsSerializer}, summary="Points settings (any staff)")
    def get(self, request: Request) -> Response:
        return Response(PointsSettingsSerializer(PointsSettings.current()).data)

    @extend_schema(
        request=PointsSettingsSerializer,
        responses={200: PointsSettingsSerializer},
        summary="Change points settings (owner or manager)",
    )
    def patch(self, request: Request) -> Response:
        settings = PointsSettings.current()
        serializer = PointsSettingsSerializer(settings, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


@extend_schema_view(
    list=extend_schema(summary="Points multipliers per product/category (any staff)"),
    create=extend_schema(summary="Add a multiplier rule (owner or manager)"),
)
class PointsRuleViewSet(ManagersWrite, viewsets.ModelViewSet):
    serializer_class = PointsRuleSerializer
    queryset = PointsRule.objects.order_by("scope", "value")
    lookup_value_converter = "int"


class PointsPreviewView(APIView):
    permission_classes = [STAFF]

    @extend_schema(request=PreviewSerializer, responses={200: dict}, summary="Points an order would earn")
    def post(self, request: Request) -> Response:
        serializer = PreviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer_id = serializer.validated_data.get("customer")
        customer = customer_or_404(customer_id) if customer_id else None
        lines = points.parse_lines(serializer.validated_data["lines"])
        return Response({"points": str(points.points_for_order(customer, lines))})


# --- a customer's points -------------------------------------------------------------------------


def _keyed_customer_action(
    request: Request, customer_id: int, serializer_class: type[serializers.Serializer]
) -> tuple[Any, str, dict[str, Any]]:
    """What every keyed action on a customer's points starts with: the customer (404 if not in
    this shop), the request's idempotency key (400 if missing) and the validated body (400)."""
    customer = customer_or_404(customer_id)
    key, data = keyed_input(request, serializer_class)
    return customer, key, data


class CustomerPointsView(APIView):
    permission_classes = [STAFF]

    @extend_schema(responses={200: SummarySerializer}, summary="Points balance, available, reserved, lots")
    def get(self, request: Request, customer_id: int) -> Response:
        return Response(summary_data(customer_or_404(customer_id)))


class CustomerPointsEarnView(APIView):
    """Cashiers earn points from order lines (computed by the rules); a fixed number of points with
    a reason is a manual grant, for owners and managers only."""

    permission_classes = [STAFF]

    @extend_schema(
        request=EarnSerializer,
        responses={201: dict},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        summary="Earn points for an order (cashier) or grant points (owner or manager)",
    )
    def post(self, request: Request, customer_id: int) -> Response:
        customer, key, data = _keyed_customer_action(request, customer_id, EarnSerializer)
        if "points" in data:
            if request.user.role not in MANAGER_ROLES:
                raise PermissionDenied()
            txn = points.earn(
                customer,
                data["points"],
                reason=data["reason"],
                idempotency_key=key,
                source=source_of(data),
                actor=request.user,
            )
        else:
            txn = points.earn_for_order(
                customer,
                points.parse_lines(data["lines"]),
                idempotency_key=key,
                source=source_of(data),
                actor=request.user,
            )
        return Response(
            {"transaction": transaction_data(txn), "points": summary_data(customer)},
            status=status.HTTP_201_CREATED,
        )


class CustomerPointsRedeemView(APIView):
    permission_classes = [STAFF]

    @extend_schema(
        request=PointsAmountSerializer,
        responses={201: dict},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        summary="Redeem points for their money value (cashier)",
    )
    def post(self, request: Request, customer_id: int) -> Response:
        customer, key, data = _keyed_customer_action(request, customer_id, PointsAmountSerializer)
        result = points.redeem(
            customer, data["points"], idempotency_key=key, actor=request.user, source=source_of(data)
        )
        return Response(
            {
                "transaction": transaction_data(result.transaction),
                "points": str(result.points),
                "value": str(result.value),
                "replayed": not result.created,
                "balance": summary_data(customer),
            },
            status=status.HTTP_201_CREATED,
        )


class CustomerReservationsView(APIView):
    permission_classes = [STAFF]

    @extend_schema(responses={200: ReservationSerializer(many=True)}, summary="A customer's reservations")
    def get(self, request: Request, customer_id: int) -> Response:
        customer = customer_or_404(customer_id)
        rows = PointsReservation.objects.filter(customer=customer).order_by("-id")[:200]
        return Response(ReservationSerializer(rows, many=True).data)

    @extend_schema(
        request=PointsAmountSerializer,
        responses={201: ReservationSerializer},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        summary="Reserve points for a pending order or reward",
    )
    def post(self, request: Request, customer_id: int) -> Response:
        customer, key, data = _keyed_customer_action(request, customer_id, PointsAmountSerializer)
        reservation = points.reserve(
            customer, data["points"], idempotency_key=key, actor=request.user, source=source_of(data)
        )
        return Response(ReservationSerializer(reservation).data, status=status.HTTP_201_CREATED)


class ReservationActionView(APIView):
    """Release (cancelled) or confirm (consumed) a reservation; both are idempotent by state."""

    permission_classes = [STAFF]
    operation = "release"

    @extend_schema(request=ReasonSerializer, responses={200: ReservationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        reservation = get_object_or_404(PointsReservation, pk=pk)
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if self.operation == "release":
            reservation = points.release(
                reservation, actor=request.user, reason=serializer.validated_data["reason"]
            )
        else:
            reservation = points.confirm(reservation, actor=request.user)
        return Response(ReservationSerializer(reservation).data)


class PointsReverseView(APIView):
    """Refund: reverse an earning (reporting any shortfall) or a redemption. Owner or manager."""

    permission_classes = [MANAGERS]

    @extend_schema(
        request=ReasonSerializer,
        responses={201: dict},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        summary="Reverse a points earning or redemption (owner or manager)",
    )
    def post(self, request: Request, pk: int) -> Response:
        original = get_object_or_404(LedgerTransaction, pk=pk)
        key, data = keyed_input(request, ReasonSerializer)
        reason = data["reason"]
        if original.kind == LedgerTransaction.Kind.EARN:
            outcome = points.reverse_earn(original, idempotency_key=key, actor=request.user, reason=reason)
            body = {
                "transaction": transaction_data(outcome.transaction),
                "earned": str(outcome.earned),
                "reversed": str(outcome.reversed),
                "shortfall": str(outcome.shortfall),
                "shortfall_value": str(outcome.shortfall_value),
                "replayed": not outcome.created,
            }
        else:
            txn = points.reverse_redemption(original, idempotency_key=key, actor=request.user, reason=reason)
            body = {"transaction": transaction_data(txn)}
        body["balance"] = summary_data(original.customer)
        return Response(body, status=status.HTTP_201_CREATED)
