"""Stock levels and movements: receive, remove (sale, damage, return to supplier), stocktake,
transfers between stores and reversals.

Thin views: validate the input, call inventory.services, serialise the result. Any staff reads;
owners and managers move stock, of the stores they are assigned to only (accounts.stores). Every
movement POST needs an Idempotency-Key.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.stores import ensure_store_allowed
from catalog.services import search as search_products
from core.api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotency_key, keyed_input
from core.api.permissions import role_required
from inventory import services
from inventory.api.serializers import (
    InventorySettingsSerializer,
    LowStockQuerySerializer,
    StockAdjustSerializer,
    StockLevelSerializer,
    StockMovementQuerySerializer,
    StockMovementSerializer,
    StockQuerySerializer,
    StockReceiveSerializer,
    StockRemoveSerializer,
    StockReverseSerializer,
    StockThresholdCreateSerializer,
    StockThresholdSerializer,
    StockTransferCreateSerializer,
    TransferQuerySerializer,
    TransferSerializer,
)
from inventory.models import InventorySettings, StockLevel, StockMovement, StockMovementLine, Transfer
from loyalty.api.serializers import ErrorSerializer
from loyalty.api.views import PermissionsByAction
from orders.localtime import shop_zone

MANAGERS = role_required(User.Role.OWNER, User.Role.MANAGER)
OWNER = role_required(User.Role.OWNER)
ERRORS_400 = OpenApiResponse(ErrorSerializer, description="Invalid input (see error.fields).")
ERRORS_404 = OpenApiResponse(ErrorSerializer, description="Not found (in this shop).")
ERRORS_409 = OpenApiResponse(
    ErrorSerializer,
    description=(
        "insufficient_stock, already_reversed, already_received, not_reversible or idempotency_conflict."
    ),
)


def _movement_action(summary: str, request: Any, response: Any = StockMovementSerializer):  # type: ignore[no-untyped-def]
    return extend_schema(
        summary=summary,
        request=request,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={201: response, 400: ERRORS_400, 403: ErrorSerializer, 404: ERRORS_404, 409: ERRORS_409},
    )


def movement_queryset() -> QuerySet[StockMovement]:
    return StockMovement.objects.select_related("reversal").prefetch_related(
        Prefetch(
            "lines", queryset=StockMovementLine.objects.select_related("stock_level__product").order_by("id")
        )
    )


def movement_detail(movement: StockMovement) -> dict[str, Any]:
    return StockMovementSerializer(movement_queryset().get(pk=movement.pk)).data


def transfer_detail(transfer: Transfer) -> dict[str, Any]:
    transfer = Transfer.objects.select_related("out_movement", "in_movement").get(pk=transfer.pk)
    return TransferSerializer(transfer).data


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight starting ``day`` in the shop's time zone: "movements of the 3rd" are the shop's 3rd,
    not UTC's (a Taipei shop's morning would otherwise count as the day before)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=shop_zone())


def _lines(rows: list[dict[str, Any]]) -> list[services.Line]:
    return [services.Line(row["product"], row["quantity"], row.get("unit_cost")) for row in rows]


@extend_schema_view(
    list=extend_schema(
        summary="Stock levels per store and product (any staff)", parameters=[StockQuerySerializer]
    ),
)
class StockViewSet(PermissionsByAction, mixins.ListModelMixin, viewsets.GenericViewSet):
    """On-hand stock and average cost per store and product."""

    serializer_class = StockLevelSerializer
    action_permissions = {"receive": [MANAGERS], "remove": [MANAGERS], "adjust": [MANAGERS]}

    def get_queryset(self) -> QuerySet[StockLevel]:
        queryset = StockLevel.objects.select_related("store", "product").order_by("store_id", "product_id")
        if self.action == "list":
            query = StockQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            params = query.validated_data
            if params.get("low"):
                queryset = services.low_stock().order_by("store_id", "product_id")
            if "store" in params:
                queryset = queryset.filter(store_id=params["store"])
            if "product" in params:
                queryset = queryset.filter(product_id=params["product"])
            if params.get("q", "").strip():
                queryset = queryset.filter(product__in=search_products(params["q"]).values("pk"))
        return queryset

    @extend_schema(
        summary="Low-stock alerts: levels at or below their threshold (any staff)",
        parameters=[LowStockQuerySerializer],
    )
    @action(detail=False, methods=["get"])
    def low(self, request: Request) -> Response:
        query = LowStockQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        store = query.validated_data.get("store")
        levels = services.low_stock().order_by("store_id", "product_id")
        if store is not None:
            levels = levels.filter(store_id=store)
        page = self.paginate_queryset(levels)
        return self.get_paginated_response(StockLevelSerializer(page, many=True).data)

    @_movement_action("Receive goods from a supplier (owner or manager)", StockReceiveSerializer)
    @action(detail=False, methods=["post"])
    def receive(self, request: Request) -> Response:
        key, data = keyed_input(request, StockReceiveSerializer)
        ensure_store_allowed(request.user, data["store"])
        movement = services.receive(
            data["store"],
            _lines(data["lines"]),
            idempotency_key=key,
            actor=request.user,
            reason=data["reason"],
        )
        return Response(movement_detail(movement), status=status.HTTP_201_CREATED)

    @_movement_action(
        "Take goods out: sale, damage or return to supplier (owner or manager)", StockRemoveSerializer
    )
    @action(detail=False, methods=["post"])
    def remove(self, request: Request) -> Response:
        key, data = keyed_input(request, StockRemoveSerializer)
        ensure_store_allowed(request.user, data["store"])
        movement = services.remove(
            data["store"],
            _lines(data["lines"]),
            kind=data["kind"],
            idempotency_key=key,
            actor=request.user,
            reason=data["reason"],
        )
        return Response(movement_detail(movement), status=status.HTTP_201_CREATED)

    @_movement_action(
        "Stocktake: set on hand to the counted quantity (owner or manager)", StockAdjustSerializer
    )
    @action(detail=False, methods=["post"])
    def adjust(self, request: Request) -> Response:
        key, data = keyed_input(request, StockAdjustSerializer)
        ensure_store_allowed(request.user, data["store"])
        movement = services.adjust_to_count(
            data["store"],
            data["product"],
            data["counted"],
            reason=data["reason"],
            idempotency_key=key,
            actor=request.user,
        )
        return Response(movement_detail(movement), status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Stock movements, newest first (any staff)", parameters=[StockMovementQuerySerializer]
    ),
    retrieve=extend_schema(summary="A stock movement (any staff)"),
)
class MovementViewSet(
    PermissionsByAction, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The append-only ledger of stock movements."""

    serializer_class = StockMovementSerializer
    lookup_value_converter = "int"
    action_permissions = {"reverse": [MANAGERS]}

    def get_queryset(self) -> QuerySet[StockMovement]:
        queryset = movement_queryset().order_by("-id")
        if self.action == "list":
            query = StockMovementQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            params = query.validated_data
            if "store" in params:
                queryset = queryset.filter(store_id=params["store"])
            if "product" in params:
                queryset = queryset.filter(lines__stock_level__product_id=params["product"]).distinct()
            if params.get("kind"):
                queryset = queryset.filter(kind=params["kind"])
            if params.get("date_from"):
                queryset = queryset.filter(created_at__gte=_day_start(params["date_from"]))
            if params.get("date_to"):
                end = _day_start(params["date_to"] + datetime.timedelta(days=1))
                queryset = queryset.filter(created_at__lt=end)
        return queryset

    @_movement_action(
        "Reverse a movement (owner or manager): a sale's reversal is a refund; only once",
        StockReverseSerializer,
    )
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str) -> Response:
        movement = self.get_object()
        key, data = keyed_input(request, StockReverseSerializer)
        ensure_store_allowed(request.user, movement.store_id)
        reversal = services.reverse(movement, idempotency_key=key, actor=request.user, reason=data["reason"])
        return Response(movement_detail(reversal), status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Transfers between stores (any staff)", parameters=[TransferQuerySerializer]),
    retrieve=extend_schema(summary="A transfer between stores (any staff)"),
)
class TransferViewSet(
    PermissionsByAction, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Goods sent from one store to another: out now, in transit, received once."""

    serializer_class = TransferSerializer
    lookup_value_converter = "int"
    action_permissions = {"create": [MANAGERS], "receive": [MANAGERS]}

    def get_queryset(self) -> QuerySet[Transfer]:
        queryset = Transfer.objects.select_related("out_movement", "in_movement").prefetch_related(
            "out_movement__lines__stock_level__product", "in_movement__lines__stock_level__product"
        )
        if self.action == "list":
            query = TransferQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            if query.validated_data.get("status"):
                queryset = queryset.filter(status=query.validated_data["status"])
        return queryset

    @_movement_action(
        "Send goods to another store (owner or manager): they are in transit until received",
        StockTransferCreateSerializer,
        TransferSerializer,
    )
    def create(self, request: Request) -> Response:
        key, data = keyed_input(request, StockTransferCreateSerializer)
        ensure_store_allowed(request.user, data["from_store"], field="from_store")
        transfer = services.transfer(
            data["from_store"],
            data["to_store"],
            _lines(data["lines"]),
            idempotency_key=key,
            actor=request.user,
            reason=data["reason"],
        )
        return Response(transfer_detail(transfer), status=status.HTTP_201_CREATED)

    @_movement_action(
        "Receive a transfer at its store (owner or manager); only once", None, TransferSerializer
    )
    @action(detail=True, methods=["post"])
    def receive(self, request: Request, pk: str) -> Response:
        transfer = self.get_object()
        key = idempotency_key(request)
        ensure_store_allowed(request.user, transfer.to_store_id, field="to_store")
        transfer = services.receive_transfer(transfer, idempotency_key=key, actor=request.user)
        return Response(transfer_detail(transfer), status=status.HTTP_201_CREATED)


def level_detail(level: StockLevel) -> dict[str, Any]:
    return StockLevelSerializer(StockLevel.objects.select_related("store", "product").get(pk=level.pk)).data


@extend_schema_view(
    retrieve=extend_schema(summary="A stock level (any staff)"),
    partial_update=extend_schema(
        summary="Set or clear a level's low-stock threshold (owner or manager; audited)",
        request=StockThresholdSerializer,
        responses={200: StockLevelSerializer, 400: ERRORS_400, 403: ErrorSerializer, 404: ERRORS_404},
    ),
    create=extend_schema(
        summary="Set a low-stock threshold by store and product, even before any stock (owner or manager)",
        request=StockThresholdCreateSerializer,
        responses={200: StockLevelSerializer, 400: ERRORS_400, 403: ErrorSerializer},
    ),
)
class StockLevelViewSet(
    PermissionsByAction, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """One stock level: only its low-stock threshold is writable (stock moves by movements)."""

    serializer_class = StockLevelSerializer
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {"partial_update": [MANAGERS], "create": [MANAGERS]}

    def get_queryset(self) -> QuerySet[StockLevel]:
        return StockLevel.objects.select_related("store", "product")

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        level = self.get_object()
        serializer = StockThresholdSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        threshold = serializer.validated_data["low_stock_threshold"]
        ensure_store_allowed(request.user, level.store_id)
        level = services.set_low_stock_threshold(level, threshold, actor=request.user)
        return Response(level_detail(level))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = StockThresholdCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ensure_store_allowed(request.user, data["store"])
        level = services.set_threshold_for(
            data["store"], data["product"], data["low_stock_threshold"], actor=request.user
        )
        return Response(level_detail(level))


class InventorySettingsView(APIView):
    """The shop's stock rules: managers read them, only the owner changes them."""

    def get_permissions(self) -> list[BasePermission]:
        return [MANAGERS()] if self.request.method in ("GET", "HEAD", "OPTIONS") else [OWNER()]

    @extend_schema(
        summary="The shop's inventory settings (owner or manager)",
        responses={200: InventorySettingsSerializer, 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        return Response(InventorySettingsSerializer(InventorySettings.current()).data)

    @extend_schema(
        summary="Change the shop's inventory settings (owner; audited)",
        request=InventorySettingsSerializer,
        responses={200: InventorySettingsSerializer, 400: ERRORS_400, 403: ErrorSerializer},
    )
    def patch(self, request: Request) -> Response:
        serializer = InventorySettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        settings = services.update_settings(actor=request.user, **serializer.validated_data)
        return Response(InventorySettingsSerializer(settings).data)
