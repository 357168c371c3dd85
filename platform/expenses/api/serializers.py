"""Expense shapes for the API. Money is a string with two decimals ("1000.00"), dates ISO."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import Store
from expenses.models import Expense, ExpenseAttachment, ExpenseCategory

MONEY = {"max_digits": 14, "decimal_places": 2}


class ExpenseCategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Shown name; the built-in categories are named in the reader's language until "
        "renamed (a blank name restores that).",
    )
    is_default = serializers.SerializerMethodField(help_text="One of the categories every shop starts with.")
    active = serializers.BooleanField(default=True)

    class Meta:
        model = ExpenseCategory
        fields = ("id", "name", "code", "is_default", "active", "order")
        read_only_fields = ("id", "code", "is_default")

    def to_representation(self, instance: ExpenseCategory) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["name"] = instance.display_name
        return data

    def get_is_default(self, category: ExpenseCategory) -> bool:
        return bool(category.code)


class ExpenseAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text="Download (signed-in owners and managers of this shop)."
    )

    class Meta:
        model = ExpenseAttachment
        fields = ("id", "original_name", "content_type", "size", "url", "created_at")
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_url(self, attachment: ExpenseAttachment) -> str:
        return f"/api/v1/expenses/{attachment.expense_id}/attachments/{attachment.pk}/"


def _name(user: Any) -> str | None:
    return user.get_full_name() if user is not None else None


class ExpenseSerializer(serializers.ModelSerializer):
    store_name = serializers.CharField(source="store.name", read_only=True)
    category_name = serializers.CharField(source="category.display_name", read_only=True)
    created_by_name = serializers.SerializerMethodField()
    voided_by_name = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Expense
        fields = (
            "id",
            "store",
            "store_name",
            "category",
            "category_name",
            "amount",
            "spent_on",
            "payee",
            "note",
            "created_by",
            "created_by_name",
            "created_at",
            "updated_at",
            "voided",
            "voided_at",
            "voided_by",
            "voided_by_name",
            "void_reason",
            "attachments",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_created_by_name(self, expense: Expense) -> str | None:
        return _name(expense.created_by)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_voided_by_name(self, expense: Expense) -> str | None:
        return _name(expense.voided_by)

    @extend_schema_field(ExpenseAttachmentSerializer(many=True))
    def get_attachments(self, expense: Expense) -> list[dict[str, Any]]:
        shown = [a for a in expense.attachments.all() if a.removed_at is None]
        return ExpenseAttachmentSerializer(shown, many=True).data


class ExpenseWriteSerializer(serializers.Serializer):
    store = serializers.PrimaryKeyRelatedField(queryset=Store.objects.all())
    category = serializers.PrimaryKeyRelatedField(queryset=ExpenseCategory.objects.all())
    amount = serializers.DecimalField(min_value=Decimal("0.01"), **MONEY)
    spent_on = serializers.DateField()
    payee = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ExpenseVoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text="Why this expense is taken out of the books.")


class AttachmentUploadSerializer(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(),
        min_length=1,
        max_length=10,
        help_text="One or more files (repeat the field): JPEG, PNG, WebP or PDF, at most 10 MB each.",
    )


STATUSES = (("active", _("Not voided")), ("voided", _("Voided")), ("all", _("All")))


class ExpenseQuerySerializer(serializers.Serializer):
    store = serializers.IntegerField(required=False, min_value=1)
    category = serializers.IntegerField(required=False, min_value=1)
    date_from = serializers.DateField(required=False, help_text="First day, inclusive (YYYY-MM-DD).")
    date_to = serializers.DateField(required=False, help_text="Last day, inclusive (YYYY-MM-DD).")
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Part of the payee or note."
    )
    status = serializers.ChoiceField(
        choices=STATUSES, required=False, default="active", help_text="Lists only; totals never count voided."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError({"date_to": [_("The end date is before the start date.")]})
        return attrs


class TotalRowSerializer(serializers.Serializer):
    total = serializers.CharField()
    count = serializers.IntegerField()


class CategoryTotalSerializer(TotalRowSerializer):
    category = serializers.IntegerField()
    name = serializers.CharField()


class StoreTotalSerializer(TotalRowSerializer):
    store = serializers.IntegerField()
    name = serializers.CharField()


class DayTotalSerializer(TotalRowSerializer):
    date = serializers.DateField()


class ExpenseTotalsSerializer(TotalRowSerializer):
    by_category = CategoryTotalSerializer(many=True)
    by_store = StoreTotalSerializer(many=True)
    by_day = DayTotalSerializer(many=True)
