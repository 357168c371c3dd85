"""Customer shapes for the API. Money is a string with two decimals ("1000.00")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from loyalty.api.serializers import CardSummarySerializer
from loyalty.models import Account, LedgerTransaction
from members.models import Customer, CustomFieldDefinition
from members.phones import display_phone, shop_region

SUMMARY_FIELDS = (
    "id",
    "name",
    "phone",
    "phone_display",
    "member_no",
    "is_member",
    "tags",
    "last_visit_at",
    "created_at",
)
# Columns a summary needs (``is_member`` is derived from ``member_no``); keep list queries narrow.
SUMMARY_COLUMNS = ("id", "name", "phone", "member_no", "tags", "last_visit_at", "created_at")


class CustomerSummarySerializer(serializers.ModelSerializer):
    is_member = serializers.BooleanField(read_only=True)
    phone_display = serializers.SerializerMethodField(
        help_text="The phone as staff read it: national form for the shop's country, else international."
    )

    def get_phone_display(self, customer: Customer) -> str:
        return display_phone(customer.phone, shop_region())

    class Meta:
        model = Customer
        fields = SUMMARY_FIELDS
        read_only_fields = SUMMARY_FIELDS


class CustomerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ("id", "name")
        read_only_fields = fields


class CustomerDetailSerializer(CustomerSummarySerializer):
    referrer = CustomerRefSerializer(read_only=True, allow_null=True)
    cards = CardSummarySerializer(many=True, read_only=True)
    photo_url = serializers.SerializerMethodField(
        help_text="Where the photo is served (this shop's host, signed-in staff only), or null."
    )

    class Meta:
        model = Customer
        fields = (
            *SUMMARY_FIELDS,
            "email",
            "birthday",
            "gender",
            "address",
            "notes",
            "home_store",
            "consent_sms",
            "consent_email",
            "referrer",
            "extra",
            "joined_at",
            "updated_at",
            "photo_url",
            "cards",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_photo_url(self, customer: Customer) -> str | None:
        return customer.photo.url if customer.photo else None


class CustomerCreatedSerializer(CustomerDetailSerializer):
    possible_duplicates = serializers.SerializerMethodField(
        help_text="Other customers with the same phone number, so the UI can warn."
    )

    class Meta(CustomerDetailSerializer.Meta):
        fields = (*CustomerDetailSerializer.Meta.fields, "possible_duplicates")
        read_only_fields = fields

    @extend_schema_field(CustomerSummarySerializer(many=True))
    def get_possible_duplicates(self, customer: Customer) -> list[dict[str, Any]]:
        duplicates = self.context.get("possible_duplicates", [])
        return CustomerSummarySerializer(duplicates, many=True).data


class CustomerWriteSerializer(serializers.ModelSerializer):
    """Profile fields a client may set; ``phone`` is normalised (E.164) by members.services."""

    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, allow_empty=True, max_length=50
    )
    referrer = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.filter(merged_into__isnull=True), required=False, allow_null=True
    )
    extra = serializers.JSONField(required=False)

    class Meta:
        model = Customer
        fields = (
            "name",
            "phone",
            "email",
            "birthday",
            "gender",
            "address",
            "notes",
            "tags",
            "home_store",
            "consent_sms",
            "consent_email",
            "referrer",
            "extra",
        )

    def validate_extra(self, value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Enter an object."))
        return value

    def validate_tags(self, value: list[str]) -> list[str]:
        cleaned: list[str] = []
        for tag in (t.strip() for t in value):
            if tag and tag not in cleaned:
                cleaned.append(tag)
        return cleaned

    def validate_referrer(self, value: Customer | None) -> Customer | None:
        if value is not None and self.instance is not None and value.pk == self.instance.pk:
            raise serializers.ValidationError(_("A customer cannot refer themselves."))
        return value


class CustomerCreateSerializer(CustomerWriteSerializer):
    join = serializers.BooleanField(
        default=True, help_text="Make the new customer a member (assign a member number)."
    )

    class Meta(CustomerWriteSerializer.Meta):
        fields = (*CustomerWriteSerializer.Meta.fields, "join")


class CustomerListQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True)
    is_member = serializers.BooleanField(required=False, allow_null=True, default=None)
    tag = serializers.CharField(required=False, allow_blank=True)


class LookupQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="")


class DuplicatesQuerySerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=40)


class CustomerResultsSerializer(serializers.Serializer):
    results = CustomerSummarySerializer(many=True)


LEDGER_KINDS = [*Account.Kind.values, *LedgerTransaction.Kind.values]


class LedgerQuerySerializer(serializers.Serializer):
    card = serializers.IntegerField(required=False, help_text="Card id: entries of that card's accounts.")
    kind = serializers.ChoiceField(
        choices=LEDGER_KINDS,
        required=False,
        help_text="An account kind (principal, bonus, points, sessions, minutes) "
        "or a transaction kind (issue, top_up, spend, reversal, …).",
    )


class CustomerSchemaSerializer(serializers.Serializer):
    schema = serializers.JSONField(
        help_text='JSON Schema of Customer.extra: the shop\'s fields under "custom", plugin '
        "namespaces alongside; the server validates extra against it."
    )


class PhotoUploadSerializer(serializers.Serializer):
    photo = serializers.FileField(help_text="JPEG, PNG or WebP, at most 5 MB.")


# --- custom field definitions -----------------------------------------------------------------------

CHOICE_KINDS = (CustomFieldDefinition.Kind.CHOICE, CustomFieldDefinition.Kind.MULTI_CHOICE)


class CustomFieldDefinitionSerializer(serializers.ModelSerializer):
    choices = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        allow_empty=True,
        max_length=100,
        help_text="The options of choice and multi_choice fields (at least one).",
    )
    required = serializers.BooleanField(default=False)
    active = serializers.BooleanField(default=True)

    class Meta:
        model = CustomFieldDefinition
        fields = ("id", "key", "label", "kind", "choices", "required", "order", "active")
        read_only_fields = ("id",)
        extra_kwargs = {"key": {"help_text": "A slug (letters, digits, _ and -); cannot change later."}}

    def validate_key(self, value: str) -> str:
        if self.instance is not None and value != self.instance.key:
            raise serializers.ValidationError(_("The key cannot change after the field is created."))
        return value

    def validate_choices(self, value: list[str]) -> list[str]:
        cleaned: list[str] = []
        for choice in (c.strip() for c in value):
            if choice and choice not in cleaned:
                cleaned.append(choice)
        return cleaned

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        def current(name: str, default: Any) -> Any:
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name) if self.instance is not None else default

        kind, choices = current("kind", ""), current("choices", [])
        if kind in CHOICE_KINDS and not choices:
            raise serializers.ValidationError({"choices": [_("A choice field needs at least one choice.")]})
        if kind not in CHOICE_KINDS and choices:
            raise serializers.ValidationError({"choices": [_("Only choice fields have choices.")]})
        return attrs
