"""Customers: list and counter lookup, create/update through members.services, membership, ledger.

Thin views: validate the input, call the service, serialise the result; DomainError from a service
becomes the uniform error JSON through the API's exception handler.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api.permissions import role_required
from loyalty.api.serializers import ErrorSerializer, LedgerEntrySerializer
from loyalty.models import Account, Card, LedgerEntry
from members import selectors, services
from members.api.serializers import (
    SUMMARY_COLUMNS,
    CustomerCreatedSerializer,
    CustomerCreateSerializer,
    CustomerDetailSerializer,
    CustomerListQuerySerializer,
    CustomerResultsSerializer,
    CustomerSchemaSerializer,
    CustomerSummarySerializer,
    CustomerWriteSerializer,
    CustomFieldDefinitionSerializer,
    DuplicatesQuerySerializer,
    LedgerQuerySerializer,
    LookupQuerySerializer,
    PhotoUploadSerializer,
)
from members.custom_fields import customer_schema, filter_by_custom_field
from members.models import Customer, CustomFieldDefinition
from members.search import normalize_query

ERRORS_400 = OpenApiResponse(ErrorSerializer, description="Invalid input (see error.fields).")
ERRORS_404 = OpenApiResponse(ErrorSerializer, description="Not found (in this shop).")
MANAGERS = role_required(User.Role.OWNER, User.Role.MANAGER)
CUSTOM_FIELD_PREFIX = "cf_"


def detail_queryset() -> QuerySet[Customer]:
    cards = Card.objects.select_related("card_type", "replaced_by").prefetch_related("accounts")
    return Customer.objects.select_related("referrer").prefetch_related(Prefetch("cards", queryset=cards))


@extend_schema_view(
    list=extend_schema(
        summary="List and search customers",
        description="q finds by phone (whole, prefix or last digits), card number, member number or "
        "part of the name, like the counter lookup. cf_<key>=<value> keeps customers whose shop "
        "custom field <key> equals <value> (contains it, for multiple choice); repeat it for several "
        "keys (all must match). An unknown key matches nobody.",
        parameters=[CustomerListQuerySerializer],
    ),
    retrieve=extend_schema(summary="A customer with cards and balances"),
)
class CustomerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Customers (members are customers with a member number)."""

    serializer_class = CustomerDetailSerializer
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self) -> type:
        return CustomerSummarySerializer if self.action == "list" else CustomerDetailSerializer

    def get_queryset(self) -> QuerySet[Customer]:
        if self.action != "list":
            return detail_queryset()
        query = CustomerListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        queryset = Customer.objects.filter(merged_into__isnull=True).only(*SUMMARY_COLUMNS)
        if params.get("q", "").strip():
            # The same GIN probe and order as members.selectors.lookup, without its limit.
            token = normalize_query(params["q"])
            queryset = queryset.filter(search_tokens__contains=[token]).order_by(
                F("last_visit_at").desc(nulls_last=True), "-id"
            )
        if params.get("is_member") is not None:
            queryset = queryset.filter(member_no__isnull=not params["is_member"])
        if params.get("tag", "").strip():
            queryset = queryset.filter(tags__contains=[params["tag"].strip()])
        for name, values in self.request.query_params.lists():
            if name.startswith(CUSTOM_FIELD_PREFIX):
                for value in values:
                    queryset = filter_by_custom_field(queryset, name[len(CUSTOM_FIELD_PREFIX) :], value)
        return queryset

    @extend_schema(
        summary="Create a customer (and, by default, make them a member)",
        request=CustomerCreateSerializer,
        responses={201: CustomerCreatedSerializer, 400: ERRORS_400},
    )
    def create(self, request: Request) -> Response:
        serializer = CustomerCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        join = data.pop("join")
        customer = services.create_customer(data, actor=request.user, join=join)
        duplicates = (
            services.duplicates_by_phone(customer.phone, exclude_id=customer.pk) if customer.phone else []
        )
        body = CustomerCreatedSerializer(
            detail_queryset().get(pk=customer.pk), context={"possible_duplicates": duplicates}
        ).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a customer's profile",
        request=CustomerWriteSerializer,
        responses={200: CustomerDetailSerializer, 400: ERRORS_400},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        customer = self.get_object()
        serializer = CustomerWriteSerializer(customer, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_customer(customer, dict(serializer.validated_data), actor=request.user)
        return Response(CustomerDetailSerializer(detail_queryset().get(pk=customer.pk)).data)

    @extend_schema(
        summary="Make a customer a member (no-op if already one)",
        request=None,
        responses={200: CustomerDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def join(self, request: Request, pk: str) -> Response:
        customer = self.get_object()
        services.join_membership(customer, actor=request.user)
        return Response(CustomerDetailSerializer(detail_queryset().get(pk=customer.pk)).data)

    @extend_schema(
        summary="Counter lookup (at most 20, no count)",
        parameters=[LookupQuerySerializer],
        responses={200: CustomerResultsSerializer},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def lookup(self, request: Request) -> Response:
        query = LookupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = selectors.lookup(query.validated_data["q"]).only(*SUMMARY_COLUMNS)
        return Response({"results": CustomerSummarySerializer(found, many=True).data})

    @extend_schema(
        summary="JSON Schema of the custom fields (extra) this shop's customers have",
        description="The schema the server validates extra against: the shop's fields under "
        '"custom", each enabled plugin\'s fields under its namespace.',
        responses={200: CustomerSchemaSerializer},
    )
    @action(detail=False, methods=["get"], pagination_class=None, url_path="schema", url_name="schema")
    def extra_schema(self, request: Request) -> Response:  # not "schema": APIView.schema is taken
        return Response({"schema": customer_schema(request.tenant)})

    @extend_schema(
        summary="Set a customer's photo (any staff)",
        description="multipart/form-data with a photo file: JPEG, PNG or WebP (recognised by its "
        "content, not its name), at most 5 MB. Replaces any previous photo.",
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={200: CustomerDetailSerializer, 400: ERRORS_400, 404: ERRORS_404},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photo(self, request: Request, pk: str) -> Response:
        customer = self.get_object()
        serializer = PhotoUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_photo(customer, serializer.validated_data["photo"], actor=request.user)
        return Response(CustomerDetailSerializer(detail_queryset().get(pk=customer.pk)).data)

    @extend_schema(
        summary="Remove a customer's photo (any staff)",
        description="Deletes the stored file; removing when there is no photo is not an error.",
        request=None,
        responses={200: CustomerDetailSerializer, 404: ERRORS_404},
    )
    @photo.mapping.delete
    def delete_photo(self, request: Request, pk: str) -> Response:
        customer = self.get_object()
        services.remove_photo(customer, actor=request.user)
        return Response(CustomerDetailSerializer(detail_queryset().get(pk=customer.pk)).data)

    @extend_schema(
        summary="Other customers with this phone number",
        parameters=[DuplicatesQuerySerializer],
        responses={200: CustomerResultsSerializer, 400: ERRORS_400},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def duplicates(self, request: Request) -> Response:
        query = DuplicatesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = services.duplicates_by_phone(query.validated_data["phone"])
        return Response({"results": CustomerSummarySerializer(found, many=True).data})


@extend_schema_view(
    get=extend_schema(
        summary="A customer's ledger, newest first",
        parameters=[LedgerQuerySerializer],
    )
)
class CustomerLedgerView(generics.ListAPIView):
    serializer_class = LedgerEntrySerializer

    def get_queryset(self) -> QuerySet[LedgerEntry]:
        customer = get_object_or_404(Customer.objects.only("id"), pk=self.kwargs["pk"])
        query = LedgerQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = query.validated_data
        queryset = LedgerEntry.objects.filter(account__customer_id=customer.pk)
        if "card" in params:
            queryset = queryset.filter(account__card_id=params["card"])
        kind = params.get("kind")
        if kind in Account.Kind.values:
            queryset = queryset.filter(account__kind=kind)
        elif kind:
            queryset = queryset.filter(transaction__kind=kind)
        return queryset.select_related(
            "account__card", "transaction__actor", "transaction__reversal"
        ).order_by("-id")


@extend_schema_view(
    list=extend_schema(summary="List the shop's custom customer fields (any staff)"),
    retrieve=extend_schema(summary="A custom customer field (any staff)"),
    create=extend_schema(
        summary="Add a custom customer field (owner or manager)",
        responses={201: CustomFieldDefinitionSerializer, 400: ERRORS_400},
    ),
    update=extend_schema(
        summary="Replace a custom customer field (owner or manager; the key cannot change)",
        responses={200: CustomFieldDefinitionSerializer, 400: ERRORS_400},
    ),
    partial_update=extend_schema(
        summary="Change a custom customer field (owner or manager; the key cannot change)",
        responses={200: CustomFieldDefinitionSerializer, 400: ERRORS_400},
    ),
    destroy=extend_schema(
        summary="Retire a custom customer field (owner or manager)",
        description="Deactivates the field (active=false) and returns it, so values already stored "
        "keep their meaning; PATCH active=true brings it back.",
        responses={200: CustomFieldDefinitionSerializer},
    ),
)
class CustomFieldDefinitionViewSet(viewsets.ModelViewSet):
    """The shop's own customer fields; values live in a customer's extra.custom[key]."""

    serializer_class = CustomFieldDefinitionSerializer
    queryset = CustomFieldDefinition.objects.all()
    lookup_value_converter = "int"

    def get_permissions(self) -> list[BasePermission]:
        return [IsAuthenticated()] if self.request.method in SAFE_METHODS else [MANAGERS()]

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        definition = self.get_object()
        if definition.active:
            definition.active = False
            definition.save(update_fields=["active"])
        return Response(self.get_serializer(definition).data)
