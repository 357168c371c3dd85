"""Stock levels and movements: receive, remove (sale, damage, return to supplier), stocktake,
transfers between stores and reversals.

Thin views: validate the input, call inventory.services, serialise the result. Any staff reads;
owners and managers move stock. Every movement POST needs an Idempotency-Key.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotency_key
from core.api.permissions import role_required
from inventory import services
from inventory.api.serializers import (
    StockAdjustSerializer,
    StockLevelSerializer,
    StockMovementQuerySerializer,
    StockMovementSerializer,
    StockQuerySerializer,
    StockReceiveSerializer,
    StockRemoveSerializer,
    StockReverseSerializer,
    StockTransferCreateSerializer,
    TransferSerializer,
)
from inventory.models import StockLevel, StockMovement, StockMovementLine, Transfer
from loyalty.api.serializers import ErrorSerializer
from loyalty.api.views import PermissionsByAction

MANAGERS = role_required(User.Role.OWNER, User.Role.MANAGER)
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
        return queryset

    @_movement_action("Receive goods from a supplier (owner or manager)", StockReceiveSerializer)
    @action(detail=False, methods=["post"])
    def receive(self, request: Request) -> Response:
        key = idempotency_key(request)
        serializer = StockReceiveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
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
        key = idempotency_key(request)
        serializer = StockRemoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
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
        key = idempotency_key(request)
        serializer = StockAdjustSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
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
        return queryset

    @_movement_action(
        "Reverse a movement (owner or manager): a sale's reversal is a refund; only once",
        StockReverseSerializer,
    )
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str) -> Response:
        movement = self.get_object()
        key = idempotency_key(request)
        serializer = StockReverseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reversal = services.reverse(
            movement, idempotency_key=key, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(movement_detail(reversal), status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Transfers between stores (any staff)"),
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
        return Transfer.objects.select_related("out_movement", "in_movement").prefetch_related(
            "out_movement__lines__stock_level__product", "in_movement__lines__stock_level__product"
        )

    @_movement_action(
        "Send goods to another store (owner or manager): they are in transit until received",
        StockTransferCreateSerializer,
        TransferSerializer,
    )
    def create(self, request: Request) -> Response:
        key = idempotency_key(request)
        serializer = StockTransferCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
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
        transfer = services.receive_transfer(transfer, idempotency_key=key, actor=request.user)
        return Response(transfer_detail(transfer), status=status.HTTP_201_CREATED)
