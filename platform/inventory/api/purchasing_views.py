"""Suppliers and purchase orders (draft, place, receive in deliveries, cancel or close, return).

Thin views: validate the input, call inventory.purchasing, serialise the result. Purchasing is back
office work: owners and managers only, for reading too (supplier terms and purchase costs are not
counter information; cashiers get 403). Receipts and returns move stock and need an
Idempotency-Key. A manager limited to some stores (accounts.stores) changes only their orders.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.stores import ensure_store_allowed
from core.api.idempotency import IDEMPOTENCY_KEY_PARAMETER, keyed_input
from inventory import purchasing
from inventory.api.serializers import (
    InventoryReasonSerializer,
    PurchaseOrderDetailSerializer,
    PurchaseOrderQuerySerializer,
    PurchaseOrderReceiveSerializer,
    PurchaseOrderReturnSerializer,
    PurchaseOrderSerializer,
    PurchaseOrderUpdateSerializer,
    PurchaseOrderWriteSerializer,
    SupplierQuerySerializer,
    SupplierSerializer,
)
from inventory.api.views import ERRORS_400, ERRORS_404, MANAGERS
from inventory.models import PurchaseOrder, PurchaseOrderLine, Supplier
from loyalty.api.serializers import ErrorSerializer

ERRORS_409 = OpenApiResponse(
    ErrorSerializer,
    description=(
        "not_draft, not_receivable, over_receipt, over_return, not_cancellable, insufficient_stock or "
        "idempotency_conflict."
    ),
)
RESPONSES = {
    200: PurchaseOrderDetailSerializer,
    400: ERRORS_400,
    403: ErrorSerializer,
    404: ERRORS_404,
    409: ERRORS_409,
}


@extend_schema_view(
    list=extend_schema(summary="List suppliers (owner or manager)", parameters=[SupplierQuerySerializer]),
    retrieve=extend_schema(summary="A supplier (owner or manager)"),
    create=extend_schema(summary="Add a supplier (owner or manager)", responses={201: SupplierSerializer}),
    partial_update=extend_schema(summary="Change a supplier (owner or manager)"),
    destroy=extend_schema(
        summary="Deactivate a supplier (owner or manager): kept for its purchase orders, never deleted",
        responses={200: SupplierSerializer, 404: ERRORS_404},
    ),
)
class SupplierViewSet(viewsets.ModelViewSet):
    """Who the shop buys from."""

    serializer_class = SupplierSerializer
    permission_classes = [MANAGERS]
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Supplier]:
        queryset = Supplier.objects.order_by("name", "id")
        if self.action == "list":
            query = SupplierQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            params = query.validated_data
            if params.get("q"):
                q = params["q"].strip()
                queryset = queryset.filter(
                    Q(name__icontains=q)
                    | Q(contact__icontains=q)
                    | Q(phone__icontains=q)
                    | Q(email__icontains=q)
                )
            if params.get("active") is not None:
                queryset = queryset.filter(active=params["active"])
        return queryset

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        supplier = self.get_object()
        if supplier.active:
            supplier.active = False
            supplier.save(update_fields=["active", "updated_at"])
        return Response(self.get_serializer(supplier).data)


def order_queryset() -> QuerySet[PurchaseOrder]:
    return PurchaseOrder.objects.select_related("store", "supplier").prefetch_related(
        Prefetch("lines", queryset=PurchaseOrderLine.objects.select_related("product").order_by("id"))
    )


def order_detail(order: PurchaseOrder) -> dict[str, Any]:
    return PurchaseOrderDetailSerializer(order_queryset().get(pk=order.pk)).data


def _deliveries(rows: list[dict[str, Any]]) -> list[purchasing.Delivery]:
    return [purchasing.Delivery(row["line"], row["quantity"], row.get("unit_cost")) for row in rows]


def _order_lines(rows: list[dict[str, Any]]) -> list[purchasing.OrderLine]:
    return [purchasing.OrderLine(row["product"], row["quantity"], row["unit_cost"]) for row in rows]


@extend_schema_view(
    list=extend_schema(
        summary="Purchase orders, newest first (owner or manager)", parameters=[PurchaseOrderQuerySerializer]
    ),
    retrieve=extend_schema(
        summary="A purchase order with its receipts and returns (owner or manager)",
        responses={200: PurchaseOrderDetailSerializer, 404: ERRORS_404},
    ),
)
class PurchaseOrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Orders to suppliers, received in one or several deliveries."""

    serializer_class = PurchaseOrderSerializer
    permission_classes = [MANAGERS]
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[PurchaseOrder]:
        queryset = order_queryset().order_by("-id")
        if self.action == "list":
            query = PurchaseOrderQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            params = query.validated_data
            for name in ("store", "supplier", "status"):
                if name in params:
                    queryset = queryset.filter(**{name: params[name]})
        return queryset

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(order_detail(self.get_object()))

    def _writable(self) -> PurchaseOrder:
        """The order in the URL, when the user may work in its store (403 store_not_allowed)."""
        order = self.get_object()
        ensure_store_allowed(self.request.user, order.store_id)
        return order

    @extend_schema(
        summary="Draft a purchase order (owner or manager); numbered PO-000001",
        request=PurchaseOrderWriteSerializer,
        responses={**RESPONSES, 201: PurchaseOrderDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        serializer = PurchaseOrderWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ensure_store_allowed(request.user, data["store"])
        order = purchasing.create_purchase_order(
            data["store"],
            data["supplier"],
            _order_lines(data["lines"]),
            expected_at=data["expected_at"],
            note=data["note"],
            actor=request.user,
        )
        return Response(order_detail(order), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a draft (owner or manager); lines, when given, replace all lines",
        request=PurchaseOrderUpdateSerializer,
        responses=RESPONSES,
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        order = self._writable()
        serializer = PurchaseOrderUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "store" in data:
            ensure_store_allowed(request.user, data["store"])
        if "lines" in data:
            data["lines"] = _order_lines(data["lines"])
        order = purchasing.update_purchase_order(order, actor=request.user, **data)
        return Response(order_detail(order))

    @extend_schema(
        summary="Place the order with the supplier (owner or manager)", request=None, responses=RESPONSES
    )
    @action(detail=True, methods=["post"])
    def place(self, request: Request, pk: str) -> Response:
        order = purchasing.place_order(self._writable(), actor=request.user)
        return Response(order_detail(order))

    @extend_schema(
        summary="Receive a delivery, possibly partial (owner or manager): one receipt movement",
        request=PurchaseOrderReceiveSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses=RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def receive(self, request: Request, pk: str) -> Response:
        order = self._writable()
        key, data = keyed_input(request, PurchaseOrderReceiveSerializer)
        order, _movement = purchasing.receive_goods(
            order, _deliveries(data["lines"]), idempotency_key=key, actor=request.user, reason=data["reason"]
        )
        return Response(order_detail(order))

    @extend_schema(
        summary="Return received goods to the supplier (owner or manager): one return movement",
        request=PurchaseOrderReturnSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses=RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_goods(self, request: Request, pk: str) -> Response:
        order = self._writable()
        key, data = keyed_input(request, PurchaseOrderReturnSerializer)
        order, _movement = purchasing.return_to_supplier(
            order, _deliveries(data["lines"]), idempotency_key=key, actor=request.user, reason=data["reason"]
        )
        return Response(order_detail(order))

    @extend_schema(
        summary=("Cancel (nothing received yet) or close the remainder (partly received) (owner or manager)"),
        request=InventoryReasonSerializer,
        responses=RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        order = self._writable()
        serializer = InventoryReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = purchasing.cancel_order(order, actor=request.user, reason=serializer.validated_data["reason"])
        return Response(order_detail(order))
