"""Tiers API: tier definitions and the qualification policy (owner/manager write, any staff
read), a customer's tier with history and manual override, and recording spend from checkout."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from loyalty.api.points import MANAGERS, STAFF, ManagersWrite, PermissionsByMethod, customer_or_404
from loyalty.models import CustomerSpend, CustomerTier, Tier, TierChange, TierSettings
from loyalty.services import tiers
from members.models import Customer


class TierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tier
        fields = [
            "id",
            "name",
            "rank",
            "min_spend",
            "min_points",
            "discount_rate",
            "points_multiplier",
            "birthday_gift",
            "birthday_points",
            "active",
        ]

    def validate_discount_rate(self, value):  # type: ignore[no-untyped-def]
        if value is not None and not (0 < value <= 1):
            raise serializers.ValidationError(_("Enter a price multiplier between 0 and 1, e.g. 0.900."))
        return value

    def validate_points_multiplier(self, value):  # type: ignore[no-untyped-def]
        if value < 0:
            raise serializers.ValidationError(_("Enter a multiplier of zero or more."))
        return value


class TierSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = TierSettings
        exclude = ["id"]


class TierChangeSerializer(serializers.ModelSerializer):
    from_tier = serializers.CharField(source="from_tier.name", default=None, read_only=True)
    to_tier = serializers.CharField(source="to_tier.name", default=None, read_only=True)
    actor = serializers.CharField(source="actor.email", default=None, read_only=True)

    class Meta:
        model = TierChange
        fields = ["id", "from_tier", "to_tier", "kind", "reason", "actor", "at"]


class OverrideSerializer(serializers.Serializer):
    tier = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField(max_length=500)


class SpendSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    source_type = serializers.CharField(max_length=32)
    source_id = serializers.CharField(max_length=64)
    at = serializers.DateTimeField(required=False)


class CustomerSpendSerializer(serializers.ModelSerializer):
    class Meta:
        model = CustomerSpend
        fields = ["id", "customer", "amount", "at", "source_type", "source_id"]


def tier_state(customer: Customer) -> dict[str, Any]:
    state = CustomerTier.objects.filter(customer=customer).select_related("tier").first()
    figures = tiers.standing(customer)
    return {
        "tier": TierSerializer(state.tier).data if state and state.tier else None,
        "manual": bool(state and state.manual),
        "since": state.since if state else None,
        "window": {"spend": str(figures.spend), "points": str(figures.points), "since": figures.since},
        "history": TierChangeSerializer(tiers.history(customer), many=True).data,
    }


class TierViewSet(ManagersWrite, viewsets.ModelViewSet):
    serializer_class = TierSerializer
    queryset = Tier.objects.order_by("rank")
    lookup_value_converter = "int"

    @extend_schema(
        summary="Delete a tier (owner or manager)",
        description="A tier customers have (or had) is deactivated instead (200).",
        responses={200: TierSerializer, 204: None},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        tier = self.get_object()
        try:
            with transaction.atomic():
                tier.delete()
            return Response(status=status.HTTP_204_NO_CONTENT)
        except ProtectedError:
            tier.active = False
            tier.save(update_fields=["active"])
            return Response(TierSerializer(tier).data)


class TierSettingsView(ManagersWrite, APIView):
    @extend_schema(responses={200: TierSettingsSerializer}, summary="Tier qualification policy")
    def get(self, request: Request) -> Response:
        return Response(TierSettingsSerializer(TierSettings.current()).data)

    @extend_schema(request=TierSettingsSerializer, responses={200: TierSettingsSerializer})
    def patch(self, request: Request) -> Response:
        serializer = TierSettingsSerializer(TierSettings.current(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


class CustomerTierView(PermissionsByMethod, APIView):
    method_permissions = {"POST": [MANAGERS]}

    @extend_schema(responses={200: dict}, summary="A customer's tier, window figures and history")
    def get(self, request: Request, customer_id: int) -> Response:
        return Response(tier_state(customer_or_404(customer_id)))

    @extend_schema(
        request=OverrideSerializer,
        responses={200: dict},
        summary="Set a tier by hand with a reason (owner or manager); tier=null returns to automatic",
    )
    def post(self, request: Request, customer_id: int) -> Response:
        customer = customer_or_404(customer_id)
        serializer = OverrideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tier_id = serializer.validated_data["tier"]
        tier = None
        if tier_id is not None:
            tier = Tier.objects.filter(pk=tier_id).first()
            if tier is None:
                raise serializers.ValidationError({"tier": [_("No such tier.")]})
        tiers.override(customer, tier, reason=serializer.validated_data["reason"], actor=request.user)
        return Response(tier_state(customer))


class CustomerSpendView(APIView):
    """Checkout records each sale (and refunds as negative amounts); one row per document."""

    permission_classes = [STAFF]

    @extend_schema(request=SpendSerializer, responses={201: CustomerSpendSerializer}, summary="Record spend")
    def post(self, request: Request, customer_id: int) -> Response:
        customer = customer_or_404(customer_id)
        serializer = SpendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        row = tiers.record_spend(
            customer,
            data["amount"],
            source=(data["source_type"], data["source_id"]),
            at=data.get("at"),
            actor=request.user,
        )
        return Response(CustomerSpendSerializer(row).data, status=status.HTTP_201_CREATED)
