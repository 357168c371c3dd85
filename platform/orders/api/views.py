"""Orders API: quote, checkout, offline sync, orders with receipts and refunds, timed sessions,
checkout settings and the cashier's bootstrap (see docs/orders.md).

Every signed-in staff member may sell; lists are limited to the stores the staff member is
assigned to. Refund and discount permissions are checked by the services (they depend on the
shop's settings).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.stores import allowed_store_ids, ensure_store_allowed
from catalog.models import Store
from core.api.permissions import role_required
from loyalty.api.serializers import ErrorSerializer
from members.models import Customer
from orders import receipts
from orders.api import serializers as s
from orders.models import CommissionEntry, Order, OrderLine, Refund, TimedSession
from orders.services import checkout as checkout_service
from orders.services import refunds as refund_service
from orders.services import sync as sync_service
from orders.services import timed as timed_service

OWNER = role_required(User.Role.OWNER)
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input (see error.fields)."),
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: OpenApiResponse(
        ErrorSerializer,
        description="insufficient_balance, insufficient_stock, idempotency_conflict, already_refunded, "
        "refund_exceeds_sold or refund_exceeds_paid.",
    ),
}


def order_queryset() -> QuerySet[Order]:
    return Order.objects.select_related("store", "customer", "cashier").prefetch_related(
        Prefetch(
            "lines",
            queryset=OrderLine.objects.order_by("position").prefetch_related(
                Prefetch("commissions", queryset=CommissionEntry.objects.select_related("staff"))
            ),
        ),
        "payments",
        Prefetch("refunds", queryset=Refund.objects.prefetch_related("lines", "payments__payment")),
    )


def order_detail(order: Order) -> dict[str, Any]:
    return s.OrderOutput(order_queryset().get(pk=order.pk)).data


def order_summary(order: Order) -> dict[str, Any]:
    """The short form a sync result needs (the till already has the lines it sent)."""
    order = Order.objects.select_related("store", "customer", "cashier").get(pk=order.pk)
    return s.SyncOrderOutput(order).data


def _visible(queryset: QuerySet[Any], user: Any, field: str = "store_id") -> QuerySet[Any]:
    allowed = allowed_store_ids(user)
    return queryset if allowed is None else queryset.filter(**{f"{field}__in": allowed})


@extend_schema(request=s.QuoteInput, responses={200: s.QuoteOutput, **ERRORS}, summary="Price a cart")
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def quote(request: Request) -> Response:
    body = s.QuoteInput(data=request.data)
    body.is_valid(raise_exception=True)
    draft = checkout_service.quote(body.validated_data, actor=request.user)
    priced = draft.priced
    payload = {
        "lines": [
            {
                "kind": p.source.kind,
                "name": p.source.name,
                "quantity": p.source.quantity,
                "list_price": p.source.list_price,
                "unit_price": p.unit_price,
                "gross": p.gross,
                "tier_discount": p.tier_discount,
                "coupon_discount": p.coupon_discount,
                "manual_discount": p.manual_discount,
                "net": p.net,
                "tax": p.tax,
            }
            for p in priced.lines
        ],
        "subtotal": priced.subtotal,
        "tier_discount": priced.tier_discount,
        "coupon_discount": priced.coupon_discount,
        "manual_discount": priced.manual_discount,
        "tax_total": priced.tax_total,
        "rounding": priced.rounding,
        "total": priced.total,
        "prices_include_tax": priced.prices_include_tax,
        "points_to_earn": checkout_service.points_preview(draft),
    }
    return Response(s.QuoteOutput(payload).data)


@extend_schema(
    request=s.CheckoutInput,
    responses={201: s.OrderOutput, 200: OpenApiResponse(s.OrderOutput, description="A retry."), **ERRORS},
    summary="Pay an order (idempotent by client_id)",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def checkout(request: Request) -> Response:
    body = s.CheckoutInput(data=request.data)
    body.is_valid(raise_exception=True)
    result = checkout_service.checkout(body.validated_data, actor=request.user)
    if result.created:  # rendered from the rows just written (see checkout._prime)
        return Response(s.OrderOutput(result.order).data, status=status.HTTP_201_CREATED)
    return Response(order_detail(result.order), status=status.HTTP_200_OK)


@extend_schema(
    request=s.SyncInput, responses={200: s.SyncOutput, 400: ERRORS[400]}, summary="Sync offline orders"
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def sync(request: Request) -> Response:
    body = s.SyncInput(data=request.data)
    body.is_valid(raise_exception=True)
    parsed = []
    for raw in body.validated_data["orders"]:
        one = s.CheckoutInput(data=raw)
        if one.is_valid():
            parsed.append(one.validated_data)
        else:
            parsed.append({"client_id": raw.get("client_id"), "_errors": one.errors})
    results = []
    for data in parsed:
        if "_errors" in data:
            results.append(_invalid_result(data))
            continue
        results.extend(sync_service.sync([data], actor=request.user, render=order_summary))
    return Response({"results": results})


def _invalid_result(data: dict[str, Any]) -> dict[str, Any]:
    from django.utils.translation import gettext as _

    from core.api.errors import _fields

    return {
        "client_id": str(data.get("client_id") or ""),
        "status": "error",
        "order": None,
        "error": {
            "code": "invalid",
            "message": _("Some fields are not valid."),
            "fields": _fields(data["_errors"]),
        },
    }


@extend_schema_view(
    list=extend_schema(parameters=[s.OrderQuery], summary="Orders"),
    retrieve=extend_schema(summary="One order"),
)
class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = s.OrderOutput

    def get_queryset(self) -> QuerySet[Order]:
        if self.action == "list":
            queryset = Order.objects.select_related("store", "customer", "cashier")
        else:
            queryset = order_queryset()
        return _visible(queryset, self.request.user)

    def get_serializer_class(self) -> type:
        return s.OrderListOutput if self.action == "list" else s.OrderOutput

    def filter_queryset(self, queryset: QuerySet[Order]) -> QuerySet[Order]:
        if self.action != "list":
            return queryset
        query = s.OrderQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        for name in ("store", "customer", "status"):
            if params.get(name):
                queryset = queryset.filter(**{name: params[name]})
        if params.get("date_from"):
            queryset = queryset.filter(created_at__date__gte=params["date_from"])
        if params.get("date_to"):
            queryset = queryset.filter(created_at__date__lte=params["date_to"])
        if params.get("q"):
            q = params["q"].strip()
            queryset = queryset.filter(
                Q(number__icontains=q) | Q(customer__name__icontains=q) | Q(customer__phone__contains=q)
            )
        return queryset

    @extend_schema(
        request=s.RefundInput,
        responses={201: s.RefundOutput, 200: s.RefundOutput, **ERRORS},
        summary="Refund lines or the whole order",
    )
    @action(detail=True, methods=["post"])
    def refund(self, request: Request, pk: str) -> Response:
        order = self.get_object()
        body = s.RefundInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        result = refund_service.refund(
            order,
            client_id=data["client_id"],
            reason=data["reason"],
            lines=[dict(x) for x in data["lines"]] if data.get("lines") else None,
            actor=request.user,
        )
        return Response(s.RefundOutput(result.refund).data, status=201 if result.created else 200)

    @extend_schema(
        request=s.VoidInput, responses={201: s.RefundOutput, **ERRORS}, summary="Void today's order"
    )
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str) -> Response:
        order = self.get_object()
        body = s.VoidInput(data=request.data)
        body.is_valid(raise_exception=True)
        result = refund_service.void(
            order,
            reason=body.validated_data["reason"],
            actor=request.user,
            client_id=body.validated_data.get("client_id"),
        )
        return Response(s.RefundOutput(result.refund).data, status=201 if result.created else 200)

    @extend_schema(
        parameters=[s.ReceiptQuery], responses={(200, "text/html"): str}, summary="Printable receipt"
    )
    @action(detail=True, methods=["get"])
    def receipt(self, request: Request, pk: str) -> HttpResponse:
        order = self.get_object()
        query = s.ReceiptQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        html = receipts.render(
            order,
            width=int(query.validated_data["width"]),
            auto_print=request.query_params.get("print") == "1",
        )
        return HttpResponse(html, content_type="text/html; charset=utf-8")


@extend_schema_view(
    list=extend_schema(summary="Timed sessions"),
    create=extend_schema(summary="Check in", responses={201: s.TimedSessionSerializer, **ERRORS}),
)
class TimedSessionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsAuthenticated]
    serializer_class = s.TimedSessionSerializer

    def get_queryset(self) -> QuerySet[TimedSession]:
        queryset = TimedSession.objects.select_related("product", "customer")
        status_filter = self.request.query_params.get("status")
        if status_filter in TimedSession.Status.values:
            queryset = queryset.filter(status=status_filter)
        store = self.request.query_params.get("store")
        if store and store.isdigit():
            queryset = queryset.filter(store_id=int(store))
        return _visible(queryset, self.request.user)

    def perform_create(self, serializer: s.TimedSessionSerializer) -> None:
        data = serializer.validated_data
        ensure_store_allowed(self.request.user, data["store"])
        serializer.instance = timed_service.check_in(
            store=data["store"],
            product=data["product"],
            customer=data.get("customer"),
            card=data.get("card"),
            label=data.get("label", ""),
            actor=self.request.user,
        )

    @extend_schema(request=None, responses={200: s.TimedSessionSerializer, **ERRORS}, summary="Check out")
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request: Request, pk: str) -> Response:
        session = timed_service.check_out(self.get_object())
        return Response(s.TimedSessionSerializer(session).data)

    @extend_schema(request=None, responses={200: s.TimedSessionSerializer, **ERRORS}, summary="Cancel")
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        session = timed_service.cancel(self.get_object())
        return Response(s.TimedSessionSerializer(session).data)


class CheckoutSettingsView(APIView):
    """The till's rules: any staff reads them (the cashier needs them), the owner changes them."""

    def get_permissions(self) -> list[Any]:
        return [OWNER()] if self.request.method == "PATCH" else [IsAuthenticated()]

    @extend_schema(responses={200: s.CheckoutSettingsSerializer}, summary="Checkout settings")
    def get(self, request: Request) -> Response:
        return Response(s.CheckoutSettingsSerializer(checkout_service.settings_row()).data)

    @extend_schema(
        request=s.CheckoutSettingsSerializer, responses={200: s.CheckoutSettingsSerializer, **ERRORS}
    )
    def patch(self, request: Request) -> Response:
        body = s.CheckoutSettingsSerializer(checkout_service.settings_row(), data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        row = checkout_service.update_settings(body.validated_data, actor=request.user)
        return Response(s.CheckoutSettingsSerializer(row).data)


@extend_schema(responses={200: dict}, summary="Everything the till caches for offline use")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def bootstrap(request: Request) -> Response:
    from orders.cashier_cache import bootstrap as build

    store_id = request.query_params.get("store")
    store = None
    if store_id and store_id.isdigit():
        store = get_object_or_404(
            _visible(Store.objects.filter(active=True), request.user, "pk"), pk=int(store_id)
        )
    return Response(build(request.user, store))


@extend_schema(responses={200: dict}, summary="Compact member index for offline lookup")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def member_index(request: Request) -> Response:
    from orders.cashier_cache import member_index as build

    after = request.query_params.get("after") or "0"
    return Response(build(int(after) if after.isdigit() else 0))


__all__ = ["Customer"]
