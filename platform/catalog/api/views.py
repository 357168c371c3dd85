"""Stores, categories and products (with barcodes and tier prices), and the scanner lookup.

Thin views: validate the input, call catalog.services, serialise the result; DomainError from a
service becomes the uniform error JSON. Any staff reads; owners and managers write.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from catalog import services
from catalog.api.serializers import (
    CatalogSchemaSerializer,
    CategorySerializer,
    ImageUploadSerializer,
    ProductListQuerySerializer,
    ProductSerializer,
    ProductWriteSerializer,
    ScanQuerySerializer,
    StoreSerializer,
)
from catalog.custom_fields import product_schema
from catalog.models import Category, Product, Store
from core.api.permissions import role_required
from core.errors import DomainError
from loyalty.api.serializers import ErrorSerializer
from loyalty.api.views import PermissionsByAction

MANAGERS = role_required(User.Role.OWNER, User.Role.MANAGER)
WRITE_PERMISSIONS = {
    "create": [MANAGERS],
    "update": [MANAGERS],
    "partial_update": [MANAGERS],
    "destroy": [MANAGERS],
    "image": [MANAGERS],
    "delete_image": [MANAGERS],
}
ERRORS_400 = OpenApiResponse(ErrorSerializer, description="Invalid input (see error.fields).")
ERRORS_404 = OpenApiResponse(ErrorSerializer, description="Not found (in this shop).")
ERRORS_409 = OpenApiResponse(ErrorSerializer, description="in_use: still referred to.")


@extend_schema_view(
    list=extend_schema(summary="List stores (any staff); a shop always has at least one"),
    retrieve=extend_schema(summary="A store (any staff)"),
    create=extend_schema(summary="Create a store (owner or manager)", responses={201: StoreSerializer}),
    partial_update=extend_schema(summary="Change a store (owner or manager)"),
    destroy=extend_schema(
        summary="Close a store (owner or manager): it is deactivated, never deleted",
        responses={200: StoreSerializer, 404: ERRORS_404},
    ),
)
class StoreViewSet(PermissionsByAction, viewsets.ModelViewSet):
    """The shop's stores (branches)."""

    serializer_class = StoreSerializer
    queryset = Store.objects.order_by("id")
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    action_permissions = WRITE_PERMISSIONS

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.default_store()  # the first store appears the first time the shop looks
        return super().list(request, *args, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        store = self.get_object()
        if store.active:
            store.active = False
            store.save(update_fields=["active"])
        return Response(self.get_serializer(store).data)


@extend_schema_view(
    list=extend_schema(summary="List product categories (any staff)"),
    retrieve=extend_schema(summary="A product category (any staff)"),
    create=extend_schema(
        summary="Create a product category (owner or manager)", responses={201: CategorySerializer}
    ),
    partial_update=extend_schema(summary="Change a product category (owner or manager)"),
    destroy=extend_schema(
        summary="Delete a product category (owner or manager); its products keep no category",
        responses={204: None, 404: ERRORS_404, 409: ERRORS_409},
    ),
)
class CategoryViewSet(PermissionsByAction, viewsets.ModelViewSet):
    """Product categories, optionally nested (parent)."""

    serializer_class = CategorySerializer
    queryset = Category.objects.order_by("order", "id")
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    action_permissions = WRITE_PERMISSIONS

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        category = self.get_object()
        try:
            with transaction.atomic():
                category.delete()
        except ProtectedError as exc:
            raise DomainError(
                _("This category still has sub-categories; move or delete them first."),
                code="in_use",
                status=409,
            ) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


def product_queryset() -> QuerySet[Product]:
    return Product.objects.select_related("category").prefetch_related("barcodes", "tier_prices__tier")


def product_detail(product: Product) -> dict[str, Any]:
    return ProductSerializer(product_queryset().get(pk=product.pk)).data


@extend_schema_view(
    list=extend_schema(
        summary="List and search products and services (any staff)",
        description="q finds by part of the name (any case) or an exact SKU or barcode.",
        parameters=[ProductListQuerySerializer],
    ),
    retrieve=extend_schema(summary="A product or service (any staff)"),
)
class ProductViewSet(
    PermissionsByAction,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Products and services with their barcodes and member-tier prices."""

    serializer_class = ProductSerializer
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    action_permissions = WRITE_PERMISSIONS

    def get_queryset(self) -> QuerySet[Product]:
        queryset = product_queryset()
        if self.action == "list":
            query = ProductListQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            params = query.validated_data
            queryset = services.search(params.get("q", ""), queryset)
            if "category" in params:
                queryset = queryset.filter(category_id=params["category"])
            if params.get("kind"):
                queryset = queryset.filter(kind=params["kind"])
            if params.get("active") is not None:
                queryset = queryset.filter(active=params["active"])
        return queryset

    @extend_schema(
        summary="Create a product or service (owner or manager)",
        request=ProductWriteSerializer,
        responses={201: ProductSerializer, 400: ERRORS_400},
    )
    def create(self, request: Request) -> Response:
        serializer = ProductWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = services.create_product(dict(serializer.validated_data), actor=request.user)
        return Response(product_detail(product), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a product or service (owner or manager; price changes are audited)",
        request=ProductWriteSerializer,
        responses={200: ProductSerializer, 400: ERRORS_400, 404: ERRORS_404},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        product = self.get_object()
        serializer = ProductWriteSerializer(product, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_product(product, dict(serializer.validated_data), actor=request.user)
        return Response(product_detail(product))

    @extend_schema(
        summary="Stop offering a product (owner or manager): it is deactivated, never deleted",
        request=None,
        responses={200: ProductSerializer, 404: ERRORS_404},
    )
    def destroy(self, request: Request, pk: str) -> Response:
        product = services.deactivate_product(self.get_object(), actor=request.user)
        return Response(product_detail(product))

    @extend_schema(
        summary="Set a product's image (owner or manager)",
        description="multipart/form-data with an image file: JPEG, PNG or WebP (recognised by its "
        "content, not its name), at most 5 MB. Replaces any previous image; image_url serves it on "
        "this shop's host to its signed-in staff only.",
        request={"multipart/form-data": ImageUploadSerializer},
        responses={200: ProductSerializer, 400: ERRORS_400, 404: ERRORS_404},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def image(self, request: Request, pk: str) -> Response:
        product = self.get_object()
        serializer = ImageUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_image(product, serializer.validated_data["image"], actor=request.user)
        return Response(product_detail(product))

    @extend_schema(
        summary="Remove a product's image (owner or manager)",
        description="Deletes the stored file; removing when there is no image is not an error.",
        request=None,
        responses={200: ProductSerializer, 404: ERRORS_404},
    )
    @image.mapping.delete
    def delete_image(self, request: Request, pk: str) -> Response:
        product = services.remove_image(self.get_object(), actor=request.user)
        return Response(product_detail(product))

    @extend_schema(
        summary="Find an active product by barcode or SKU (the scanner; any staff)",
        parameters=[ScanQuerySerializer],
        responses={200: ProductSerializer, 400: ERRORS_400, 404: ERRORS_404},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def scan(self, request: Request) -> Response:
        query = ScanQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        product = services.find_by_code(query.validated_data["code"])
        if product is None:
            raise Http404
        return Response(product_detail(product))

    @extend_schema(
        summary="The JSON Schema of Product.extra and the product kinds offered (any staff)",
        responses={200: CatalogSchemaSerializer},
    )
    @action(detail=False, methods=["get"], pagination_class=None, url_path="schema", url_name="schema")
    def extra_schema(self, request: Request) -> Response:
        kinds = services.product_kinds(request.tenant).values()
        return Response(CatalogSchemaSerializer({"schema": product_schema(), "kinds": kinds}).data)
