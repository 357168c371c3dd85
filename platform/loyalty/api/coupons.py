"""Coupons API: templates (owner/manager write), issuing, listing by customer, preview and use at
checkout (cashier, ``Idempotency-Key``), void and restore on refund (owner/manager).

Manual and campaign coupons are issued by owners and managers; a reward coupon (bought with the
customer's own points) may be issued by any staff at the counter.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.idempotency import (
    IDEMPOTENCY_KEY_PARAMETER,
    OPTIONAL_IDEMPOTENCY_KEY_PARAMETER,
    idempotency_key,
)
from loyalty.api.points import (
    MANAGER_ROLES,
    MANAGERS,
    STAFF,
    LineSerializer,
    ManagersWrite,
    customer_or_404,
)
from loyalty.models import Coupon, CouponTemplate
from loyalty.services import coupons
from loyalty.services.points import parse_lines


class CouponTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = CouponTemplate
        fields = [
            "id",
            "name",
            "kind",
            "value",
            "max_discount",
            "threshold",
            "products",
            "categories",
            "valid_from",
            "valid_until",
            "valid_days",
            "per_member_limit",
            "points_cost",
            "active",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def validate(self, attrs):  # type: ignore[no-untyped-def]
        current = {f: getattr(self.instance, f) for f in ("kind", "value")} if self.instance else {}
        merged = {**current, **attrs}
        value = merged.get("value")
        if value is not None and value <= 0:
            raise serializers.ValidationError({"value": [_("Enter a value greater than zero.")]})
        if merged.get("kind") == CouponTemplate.Kind.PERCENT and value is not None and value > 100:
            raise serializers.ValidationError({"value": [_("A percentage cannot exceed 100.")]})
        for name in ("threshold", "points_cost", "max_discount"):
            if attrs.get(name) is not None and attrs[name] < 0:
                raise serializers.ValidationError({name: [_("Enter zero or more.")]})
        start = attrs.get("valid_from", getattr(self.instance, "valid_from", None))
        end = attrs.get("valid_until", getattr(self.instance, "valid_until", None))
        if start and end and end <= start:
            raise serializers.ValidationError({"valid_until": [_("The end must be after the start.")]})
        return attrs


class CouponSerializer(serializers.ModelSerializer):
    template_name = serializers.CharField(source="template.name", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)

    class Meta:
        model = Coupon
        fields = [
            "id",
            "code",
            "template",
            "template_name",
            "customer",
            "customer_name",
            "status",
            "issue_reason",
            "issued_by",
            "note",
            "issued_at",
            "valid_from",
            "valid_until",
            "reservation",
            "closed_at",
            "close_reason",
        ]


class IssueSerializer(serializers.Serializer):
    template = serializers.IntegerField()
    customer = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=Coupon.Reason.choices, default=Coupon.Reason.MANUAL)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    code = serializers.CharField(required=False, allow_blank=True, max_length=32, default="")


class UseSerializer(serializers.Serializer):
    order_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    lines = LineSerializer(many=True, required=False, default=list)
    customer = serializers.IntegerField(required=False, allow_null=True)
    source_type = serializers.CharField(required=False, allow_blank=True, max_length=32, default="")
    source_id = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")


class ReasonRequiredSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


def coupon_or_404(code: str) -> Coupon:
    return get_object_or_404(
        Coupon.objects.select_related("template", "customer"), code=coupons.normalize_code(code)
    )


class CouponTemplateViewSet(ManagersWrite, viewsets.ModelViewSet):
    serializer_class = CouponTemplateSerializer
    queryset = CouponTemplate.objects.order_by("-id")
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # deactivate, never delete


class CouponListView(generics.ListAPIView):
    """Coupons, filtered by ``?customer=<id>`` and ``?status=``; POST issues one."""

    serializer_class = CouponSerializer
    permission_classes = [STAFF]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        queryset = Coupon.objects.select_related("template", "customer").order_by("-id")
        customer = self.request.query_params.get("customer")
        if customer:
            if not customer.isdigit():
                raise serializers.ValidationError({"customer": [_("Enter a customer id.")]})
            queryset = queryset.filter(customer=customer_or_404(int(customer)))
        status_filter = self.request.query_params.get("status")
        if status_filter:
            queryset = queryset.filter(status=status_filter)
        return queryset

    @extend_schema(
        request=IssueSerializer,
        responses={201: CouponSerializer},
        parameters=[OPTIONAL_IDEMPOTENCY_KEY_PARAMETER],
        summary="Issue a coupon (manual/campaign: owner or manager; reward: any staff)",
    )
    def post(self, request: Request) -> Response:
        key = idempotency_key(request, required=False)
        serializer = IssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["reason"] != Coupon.Reason.REWARD and request.user.role not in MANAGER_ROLES:
            raise PermissionDenied()
        template = get_object_or_404(CouponTemplate, pk=data["template"])
        customer = customer_or_404(data["customer"])
        coupon = coupons.issue_coupon(
            template,
            customer,
            reason=data["reason"],
            actor=request.user,
            idempotency_key=key,
            note=data["note"],
            code=data["code"],
        )
        return Response(CouponSerializer(coupon).data, status=status.HTTP_201_CREATED)


class CouponDetailView(APIView):
    permission_classes = [STAFF]

    @extend_schema(responses={200: CouponSerializer}, summary="A coupon by code")
    def get(self, request: Request, code: str) -> Response:
        return Response(CouponSerializer(coupon_or_404(code)).data)


def _use_input(request: Request) -> dict[str, Any]:
    serializer = UseSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    data["lines"] = parse_lines(data.get("lines") or [])
    customer_id = data.get("customer")
    data["customer"] = customer_or_404(customer_id) if customer_id else None
    return data


class CouponPreviewView(APIView):
    permission_classes = [STAFF]

    @extend_schema(request=UseSerializer, responses={200: dict}, summary="The discount a coupon would give")
    def post(self, request: Request, code: str) -> Response:
        coupon = coupon_or_404(code)
        data = _use_input(request)
        if data["customer"] is not None and coupon.customer_id != data["customer"].pk:
            raise coupons.CouponNotUsable(_("This coupon belongs to another customer."))
        from django.utils import timezone

        coupons.ensure_usable(coupon, timezone.now())
        amount = coupons.order_amount(data["order_amount"])
        discount = coupons.compute_discount(coupon.template, amount, data["lines"])
        return Response({"code": coupon.code, "discount": str(discount)})


class CouponUseView(APIView):
    permission_classes = [STAFF]

    @extend_schema(
        request=UseSerializer,
        responses={201: dict},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        summary="Use a coupon at checkout (single use)",
    )
    def post(self, request: Request, code: str) -> Response:
        coupon_or_404(code)
        key = idempotency_key(request)
        data = _use_input(request)
        result = coupons.use_coupon(
            code,
            data["order_amount"],
            data["lines"],
            idempotency_key=key,
            actor=request.user,
            customer=data["customer"],
            source=(data["source_type"], data["source_id"]),
        )
        return Response(
            {
                "coupon": CouponSerializer(Coupon.objects.get(pk=result.coupon.pk)).data,
                "discount": str(result.discount),
                "redemption": result.redemption.pk,
                "replayed": not result.created,
            },
            status=status.HTTP_201_CREATED,
        )


class CouponVoidView(APIView):
    permission_classes = [MANAGERS]
    operation = "void"

    @extend_schema(request=ReasonRequiredSerializer, responses={200: CouponSerializer})
    def post(self, request: Request, code: str) -> Response:
        coupon = coupon_or_404(code)
        serializer = ReasonRequiredSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        if self.operation == "void":
            coupon = coupons.void_coupon(coupon, reason=reason, actor=request.user)
        else:
            coupon = coupons.restore_coupon(coupon, reason=reason, actor=request.user)
        return Response(CouponSerializer(coupon).data)
