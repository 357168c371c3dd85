"""Expense categories, expenses (list, totals, create, correct, void) and their attachments.

Thin views: validate the input, call expenses.services, serialise the result. Only owners and
managers reach any of it (cashiers handle the till, not the shop's costs), and a manager limited to
some stores sees and records the expenses of those stores only (accounts.stores).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.stores import filter_allowed
from core.api.permissions import role_required
from expenses import services
from expenses.api.serializers import (
    AttachmentUploadSerializer,
    ExpenseCategorySerializer,
    ExpenseQuerySerializer,
    ExpenseSerializer,
    ExpenseTotalsSerializer,
    ExpenseVoidSerializer,
    ExpenseWriteSerializer,
)
from expenses.models import Expense, ExpenseAttachment, ExpenseCategory
from loyalty.api.serializers import ErrorSerializer

MANAGERS = role_required(User.Role.OWNER, User.Role.MANAGER)
ERRORS_400 = OpenApiResponse(ErrorSerializer, description="Invalid input (see error.fields).")
ERRORS_403 = OpenApiResponse(
    ErrorSerializer, description="Not an owner or manager, or store_not_allowed: not one of your stores."
)
ERRORS_404 = OpenApiResponse(ErrorSerializer, description="Not found (in this shop, or in your stores).")
ERRORS_409 = OpenApiResponse(ErrorSerializer, description="voided: the expense can no longer be changed.")
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp"}


@extend_schema_view(
    list=extend_schema(summary="Expense categories (owner or manager)"),
    retrieve=extend_schema(summary="An expense category (owner or manager)"),
    create=extend_schema(
        summary="Create an expense category (owner or manager)",
        responses={201: ExpenseCategorySerializer, 400: ERRORS_400},
    ),
    partial_update=extend_schema(
        summary="Rename, reorder or (de)activate an expense category (owner or manager)",
        responses={200: ExpenseCategorySerializer, 400: ERRORS_400, 404: ERRORS_404},
    ),
    destroy=extend_schema(
        summary="Delete an unused expense category (owner or manager)",
        description="A category that expenses are filed under cannot go (409 in_use): deactivate it.",
        responses={
            204: None,
            404: ERRORS_404,
            409: OpenApiResponse(ErrorSerializer, description="in_use: expenses are filed under it."),
        },
    ),
)
class ExpenseCategoryViewSet(viewsets.ModelViewSet):
    """What expenses are filed under; every shop starts with rent, utilities, wages, supplies,
    marketing and other."""

    serializer_class = ExpenseCategorySerializer
    queryset = ExpenseCategory.objects.order_by("order", "id")
    permission_classes = [MANAGERS]
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer: ExpenseCategorySerializer) -> None:
        serializer.instance = services.save_category(None, serializer.validated_data, actor=self.request.user)

    def perform_update(self, serializer: ExpenseCategorySerializer) -> None:
        serializer.instance = services.save_category(
            serializer.instance, serializer.validated_data, actor=self.request.user
        )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.delete_category(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def expense_queryset() -> QuerySet[Expense]:
    return Expense.objects.select_related("store", "category", "created_by", "voided_by").prefetch_related(
        Prefetch("attachments", queryset=ExpenseAttachment.objects.filter(removed_at__isnull=True))
    )


def _filtered(queryset: QuerySet[Expense], params: dict[str, Any]) -> QuerySet[Expense]:
    if "store" in params:
        queryset = queryset.filter(store_id=params["store"])
    if "category" in params:
        queryset = queryset.filter(category_id=params["category"])
    if params.get("date_from"):
        queryset = queryset.filter(spent_on__gte=params["date_from"])
    if params.get("date_to"):
        queryset = queryset.filter(spent_on__lte=params["date_to"])
    q = (params.get("q") or "").strip()
    if q:
        queryset = queryset.filter(Q(payee__icontains=q) | Q(note__icontains=q))
    return queryset


@extend_schema_view(
    list=extend_schema(
        summary="Expenses, newest first (owner or manager; your stores only)",
        parameters=[ExpenseQuerySerializer],
        responses={200: ExpenseSerializer(many=True), 400: ERRORS_400, 403: ERRORS_403},
    ),
    retrieve=extend_schema(summary="An expense with its attachments (owner or manager)"),
)
class ExpenseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Money spent per store: recorded, corrected and voided, never deleted; every change audited."""

    serializer_class = ExpenseSerializer
    permission_classes = [MANAGERS]
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Expense]:
        queryset = filter_allowed(expense_queryset(), self.request.user)
        if self.action == "list":
            params = self._params()
            queryset = _filtered(queryset, params)
            if params["status"] != "all":
                queryset = queryset.filter(voided=params["status"] == "voided")
        return queryset.order_by("-spent_on", "-id")

    def _params(self) -> dict[str, Any]:
        query = ExpenseQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data

    def _detail(self, expense: Expense) -> dict[str, Any]:
        return ExpenseSerializer(expense_queryset().get(pk=expense.pk)).data

    @extend_schema(
        summary="Record an expense (owner or manager, at one of your stores)",
        request=ExpenseWriteSerializer,
        responses={201: ExpenseSerializer, 400: ERRORS_400, 403: ERRORS_403},
    )
    def create(self, request: Request) -> Response:
        serializer = ExpenseWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expense = services.create_expense(dict(serializer.validated_data), actor=request.user)
        return Response(self._detail(expense), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Correct an expense (owner or manager; audited)",
        request=ExpenseWriteSerializer,
        responses={
            200: ExpenseSerializer,
            400: ERRORS_400,
            403: ERRORS_403,
            404: ERRORS_404,
            409: ERRORS_409,
        },
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        expense = self.get_object()
        serializer = ExpenseWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_expense(expense, dict(serializer.validated_data), actor=request.user)
        return Response(self._detail(expense))

    @extend_schema(
        summary="Void an expense with a reason (owner or manager): it stays, out of the totals",
        request=ExpenseVoidSerializer,
        responses={
            200: ExpenseSerializer,
            400: ERRORS_400,
            403: ERRORS_403,
            404: ERRORS_404,
            409: ERRORS_409,
        },
    )
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str) -> Response:
        expense = self.get_object()
        serializer = ExpenseVoidSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.void_expense(expense, serializer.validated_data["reason"], actor=request.user)
        return Response(self._detail(expense))

    @extend_schema(
        summary="Totals of the expenses matching the filters (owner or manager; your stores only)",
        description="Voided expenses never count. by_category and by_store are largest first, "
        "by_day oldest first.",
        parameters=[ExpenseQuerySerializer],
        responses={200: ExpenseTotalsSerializer, 400: ERRORS_400, 403: ERRORS_403},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def totals(self, request: Request) -> Response:
        queryset = _filtered(filter_allowed(Expense.objects.all(), request.user), self._params())
        return Response(services.totals(queryset))

    @extend_schema(
        summary="Attach receipts to an expense (owner or manager)",
        description="multipart/form-data with one or more files fields: JPEG, PNG, WebP or PDF "
        "(recognised by content, not name), at most 10 MB each, at most 10 per expense.",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={
            200: ExpenseSerializer,
            400: ERRORS_400,
            403: ERRORS_403,
            404: ERRORS_404,
            409: ERRORS_409,
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request: Request, pk: str) -> Response:
        expense = self.get_object()
        serializer = AttachmentUploadSerializer(data={"files": request.FILES.getlist("files")})
        serializer.is_valid(raise_exception=True)
        services.add_attachments(expense, serializer.validated_data["files"], actor=request.user)
        return Response(self._detail(expense))

    def _attachment(self, attachment_id: int) -> ExpenseAttachment:
        expense = self.get_object()
        attachment = expense.attachments.filter(pk=attachment_id, removed_at__isnull=True).first()
        if attachment is None:
            raise Http404
        return attachment

    @extend_schema(
        summary="Download an attachment (owner or manager)",
        description="Images may be shown in the page with ?inline=1; PDFs always download.",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The file."),
            404: ERRORS_404,
        },
    )
    @action(detail=True, methods=["get"], url_path="attachments/<int:attachment_id>", url_name="attachment")
    def attachment(self, request: Request, pk: str, attachment_id: int) -> FileResponse:
        attachment = self._attachment(attachment_id)
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        inline = (
            request.query_params.get("inline") in ("1", "true") and attachment.content_type in INLINE_TYPES
        )
        response = FileResponse(
            handle,
            content_type=attachment.content_type,
            as_attachment=not inline,
            filename=attachment.original_name,
        )
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    @extend_schema(
        summary="Remove an attachment from an expense (owner or manager; the file is kept, audited)",
        request=None,
        responses={200: ExpenseSerializer, 403: ERRORS_403, 404: ERRORS_404, 409: ERRORS_409},
    )
    @attachment.mapping.delete
    def remove_attachment(self, request: Request, pk: str, attachment_id: int) -> Response:
        attachment = self._attachment(attachment_id)
        services.remove_attachment(attachment, actor=request.user)
        return Response(self._detail(attachment.expense))
