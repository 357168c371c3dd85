"""Import, export and merge of customers (owners and managers only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.api.permissions import role_required
from core.errors import DomainError
from members import exporting, importing
from members.merge import merge_customers
from members.models import Customer

MANAGERS = role_required(User.Role.OWNER, User.Role.MANAGER)
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=True)
    batch = serializers.CharField(required=False, help_text="Batch id (default: a hash of the file).")


ROW_ERRORS = inline_serializer(
    "ImportRowError",
    {"row": serializers.IntegerField(), "field": serializers.CharField(), "message": serializers.CharField()},
    many=True,
)
IMPORT_RESULT = inline_serializer(
    "ImportResult",
    {
        "batch": serializers.CharField(),
        "total": serializers.IntegerField(),
        "valid": serializers.IntegerField(),
        "imported": serializers.IntegerField(required=False),
        "cards": serializers.IntegerField(required=False),
        "already_imported": serializers.IntegerField(),
        "ignored_columns": serializers.ListField(child=serializers.CharField()),
        "errors": ROW_ERRORS,
    },
)


def _flag(value: Any, default: bool = True) -> bool:
    text = str(value).strip().lower() if value is not None else ""
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    if not text:
        return default
    message = _("Enter true or false.")
    raise DomainError(message, fields={"dry_run": [message]})


class CustomerImportView(APIView):
    permission_classes = [MANAGERS]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={200: IMPORT_RESULT, 201: IMPORT_RESULT},
        summary="Import members from CSV or Excel (dry run by default)",
    )
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            message = _("Choose a CSV or Excel (.xlsx) file to import.")
            raise DomainError(message, fields={"file": [message]})
        dry_run = _flag(request.data.get("dry_run"), default=True)
        if upload.size and upload.size > importing.MAX_FILE_BYTES:
            raise importing.ImportFileError(_("The file is too large (at most 20 MB)."))
        report = importing.import_members(
            upload.read(),
            filename=upload.name or "",
            dry_run=dry_run,
            actor=request.user,
            batch=(request.data.get("batch") or None),
        )
        return Response(report.as_dict(), status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)


class CustomerExportView(APIView):
    permission_classes = [MANAGERS]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # ``?format=csv|xlsx`` picks the file type here, not a DRF renderer.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["csv", "xlsx"], default="csv")],
        responses={(200, "text/csv"): OpenApiTypes.BINARY, (200, exporting.XLSX_TYPE): OpenApiTypes.BINARY},
        summary="Export members (re-importable columns)",
    )
    def get(self, request: Request) -> HttpResponse:
        kind = (request.query_params.get("format") or "csv").lower()
        language = get_language() or "en"
        stamp = timezone.localdate().strftime("%Y%m%d")
        if kind == "csv":
            response: HttpResponse = StreamingHttpResponse(
                (chunk.encode("utf-8") for chunk in exporting.csv_chunks(language)),
                content_type="text/csv; charset=utf-8",
            )
        elif kind == "xlsx":
            response = HttpResponse(exporting.xlsx_bytes(language), content_type=exporting.XLSX_TYPE)
        else:
            message = _("Choose csv or xlsx.")
            raise DomainError(message, fields={"format": [message]})
        response["Content-Disposition"] = f'attachment; filename="members-{stamp}.{kind}"'
        response["Cache-Control"] = "no-store"
        return response


class MergeRequestSerializer(serializers.Serializer):
    remove = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class CustomerMergeView(APIView):
    permission_classes = [MANAGERS]

    @extend_schema(
        request=MergeRequestSerializer,
        responses={
            200: inline_serializer(
                "MergedCustomer",
                {
                    "id": serializers.IntegerField(),
                    "name": serializers.CharField(),
                    "member_no": serializers.CharField(allow_null=True),
                },
            )
        },
        summary="Merge another customer into this one",
    )
    def post(self, request: Request, pk: int) -> Response:
        keep = get_object_or_404(Customer, pk=pk)
        serializer = MergeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        remove = Customer.objects.filter(pk=serializer.validated_data["remove"]).first()
        if remove is None:
            message = _("No such customer.")
            raise DomainError(message, fields={"remove": [message]})
        keep = merge_customers(keep, remove, actor=request.user, reason=serializer.validated_data["reason"])
        return Response({"id": keep.pk, "name": keep.name, "member_no": keep.member_no})
