"""Stocktake sessions: start, count (count sheet in bulk), submit, approve or reopen, cancel.

Thin views: validate the input, call inventory.stocktakes, serialise the result. Any staff starts,
counts and submits (counting is shop-floor work); approving (which moves stock), reopening and
cancelling need an owner or manager. Staff limited to some stores (accounts.stores) change only
those stores' sessions; reading stays open to all staff, like stock levels.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Round
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.stores import ensure_store_allowed
from inventory import stocktakes
from inventory.api.serializers import (
    InventoryReasonSerializer,
    StocktakeCountSerializer,
    StocktakeCreateSerializer,
    StocktakeDetailSerializer,
    StocktakeQuerySerializer,
    StocktakeSerializer,
)
from inventory.api.views import ERRORS_400, ERRORS_404, MANAGERS
from inventory.models import Stocktake, StocktakeLine
from loyalty.api.serializers import ErrorSerializer
from loyalty.api.views import PermissionsByAction

ERRORS_409 = OpenApiResponse(
    ErrorSerializer,
    description="stocktake_open, not_counting, not_submitted, not_open or insufficient_stock.",
)
RESPONSES = {
    200: StocktakeDetailSerializer,
    400: ERRORS_400,
    403: ErrorSerializer,
    404: ERRORS_404,
    409: ERRORS_409,
}
COUNTED = Q(lines__counted__isnull=False)


def stocktake_queryset() -> QuerySet[Stocktake]:
    """Sessions with their summary: lines, counted lines, lines with a difference and its value."""
    value = ExpressionWrapper(
        Round((F("lines__counted") - F("lines__expected")) * F("lines__unit_cost"), precision=2),
        output_field=DecimalField(max_digits=20, decimal_places=2),
    )
    return Stocktake.objects.select_related("store").annotate(
        lines_total=Count("lines"),
        lines_counted=Count("lines", filter=COUNTED),
        lines_with_difference=Count("lines", filter=COUNTED & ~Q(lines__counted=F("lines__expected"))),
        difference_total=Sum(value, filter=COUNTED),
    )


def stocktake_detail(stocktake: Stocktake) -> dict[str, Any]:
    found = stocktake_queryset().prefetch_related(
        Prefetch("lines", queryset=StocktakeLine.objects.select_related("product").order_by("id"))
    )
    return StocktakeDetailSerializer(found.get(pk=stocktake.pk)).data


@extend_schema_view(
    list=extend_schema(
        summary="Stocktake sessions, newest first, with their differences (any staff)",
        parameters=[StocktakeQuerySerializer],
    ),
    retrieve=extend_schema(
        summary="A stocktake with every line: expected, counted, difference and its value (any staff)",
        responses={200: StocktakeDetailSerializer, 404: ERRORS_404},
    ),
)
class StocktakeViewSet(
    PermissionsByAction, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Counting sessions per store; the approved differences are one adjustment movement."""

    serializer_class = StocktakeSerializer
    lookup_value_converter = "int"
    action_permissions = {"approve": [MANAGERS], "reopen": [MANAGERS], "cancel": [MANAGERS]}

    def get_queryset(self) -> QuerySet[Stocktake]:
        queryset = stocktake_queryset().order_by("-id")
        if self.action == "list":
            query = StocktakeQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            params = query.validated_data
            if "store" in params:
                queryset = queryset.filter(store_id=params["store"])
            if "status" in params:
                queryset = queryset.filter(status=params["status"])
        return queryset

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(stocktake_detail(self.get_object()))

    def _writable(self) -> Stocktake:
        """The session in the URL, when the user may work in its store (403 store_not_allowed)."""
        stocktake = self.get_object()
        ensure_store_allowed(self.request.user, stocktake.store_id)
        return stocktake

    @extend_schema(
        summary="Start counting a store, or one category of it (any staff); numbered ST-000001",
        request=StocktakeCreateSerializer,
        responses={**RESPONSES, 201: StocktakeDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        serializer = StocktakeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ensure_store_allowed(request.user, data["store"])
        stocktake = stocktakes.start_stocktake(
            data["store"], category=data["category"], note=data["note"], actor=request.user
        )
        return Response(stocktake_detail(stocktake), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Enter counts from the count sheet, in bulk (any staff)",
        request=StocktakeCountSerializer,
        responses=RESPONSES,
    )
    @action(detail=True, methods=["patch"], url_path="lines")
    def count(self, request: Request, pk: str) -> Response:
        stocktake = self._writable()
        serializer = StocktakeCountSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        counts = [
            stocktakes.Count(row["product"], row["counted"]) for row in serializer.validated_data["lines"]
        ]
        stocktake = stocktakes.enter_counts(stocktake, counts, actor=request.user)
        return Response(stocktake_detail(stocktake))

    @extend_schema(summary="Counting is done (any staff)", request=None, responses=RESPONSES)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        stocktake = stocktakes.submit_stocktake(self._writable(), actor=request.user)
        return Response(stocktake_detail(stocktake))

    @extend_schema(
        summary="Approve: book every difference as one adjustment (owner or manager); twice is once",
        request=None,
        responses=RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        stocktake = stocktakes.approve_stocktake(self._writable(), actor=request.user)
        return Response(stocktake_detail(stocktake))

    @extend_schema(
        summary="Send a submitted stocktake back to counting (owner or manager)",
        request=InventoryReasonSerializer,
        responses=RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        stocktake = self._writable()
        serializer = InventoryReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        return Response(
            stocktake_detail(stocktakes.reopen_stocktake(stocktake, actor=request.user, reason=reason))
        )

    @extend_schema(
        summary="Cancel an open stocktake (owner or manager)",
        request=InventoryReasonSerializer,
        responses=RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        stocktake = self._writable()
        serializer = InventoryReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        return Response(
            stocktake_detail(stocktakes.cancel_stocktake(stocktake, actor=request.user, reason=reason))
        )
