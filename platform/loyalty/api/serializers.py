"""Card types, top-up rules, cards, ledger and audit shapes for the API.

Money is serialised as a string with two decimals ("1000.00"); sessions and minutes as integers.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import AuditLog
from loyalty.models import (
    ZERO,
    Account,
    Card,
    CardType,
    CardTypeService,
    LedgerEntry,
    LedgerTransaction,
    LoyaltySettings,
    TopUpRule,
)
from members.models import Customer

CENT = Decimal("0.01")
MONEY = {"max_digits": 14, "decimal_places": 2}


def money_str(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(CENT))


def whole(value: Decimal) -> int:
    return int(value)


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ErrorSerializer(serializers.Serializer):
    """Every error of the API: ``{"error": {"code", "message", "fields"}}``."""

    error = ErrorDetailSerializer()


# --- card types and top-up rules ------------------------------------------------------------------


class CardTypeServiceSerializer(serializers.ModelSerializer):
    sessions = serializers.IntegerField(min_value=1)

    class Meta:
        model = CardTypeService
        fields = ("service", "sessions")


class CardTypeSerializer(serializers.ModelSerializer):
    price = serializers.DecimalField(**MONEY, min_value=ZERO, required=False)
    discount_rate = serializers.DecimalField(
        max_digits=4,
        decimal_places=3,
        required=False,
        allow_null=True,
        help_text="Price multiplier in (0, 1], e.g. 0.900 for 10% off; required for discount cards.",
    )
    services = CardTypeServiceSerializer(
        many=True, required=False, help_text="Sessions included, per service (count cards)."
    )
    # Explicit defaults so form posts (where a missing checkbox means False) keep the model's.
    earns_points = serializers.BooleanField(default=True)
    active = serializers.BooleanField(default=True)

    class Meta:
        model = CardType
        fields = (
            "id",
            "name",
            "kind",
            "price",
            "discount_rate",
            "minutes",
            "validity_days",
            "earns_points",
            "active",
            "services",
        )
        read_only_fields = ("id",)

    def _current(self, attrs: dict[str, Any], name: str) -> Any:
        if name in attrs:
            return attrs[name]
        return getattr(self.instance, name, None) if self.instance is not None else None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[Any]] = {}
        kind = self._current(attrs, "kind")
        instance = self.instance
        kind_changes = instance is not None and "kind" in attrs and attrs["kind"] != instance.kind
        if kind_changes and instance.cards.exists():
            errors["kind"] = [_("Cards of this type exist; its kind cannot change.")]
        if "services" in attrs:
            services = attrs["services"]
        elif instance is not None:
            services = [{"service": s.service, "sessions": s.sessions} for s in instance.services.all()]
        else:
            services = []
        names = [s["service"].strip() for s in services]
        if len(set(names)) != len(names):
            errors["services"] = [_("Each service may appear only once.")]
        if kind == CardType.Kind.COUNT and not services:
            errors["services"] = [_("A count card needs at least one service.")]
        if kind != CardType.Kind.COUNT and services:
            errors["services"] = [_("Only count cards include services.")]
        rate = self._current(attrs, "discount_rate")
        if kind == CardType.Kind.DISCOUNT and (rate is None or not (0 < rate <= 1)):
            errors["discount_rate"] = [_("A discount card needs a discount rate above 0 and at most 1.")]
        elif rate is not None and not (0 < rate <= 1):
            errors["discount_rate"] = [_("The discount rate must be above 0 and at most 1.")]
        if kind == CardType.Kind.TIME and not (
            self._current(attrs, "minutes") or self._current(attrs, "validity_days")
        ):
            errors["minutes"] = [_("A time card needs minutes or a validity period.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data: dict[str, Any]) -> CardType:
        services = validated_data.pop("services", [])
        with transaction.atomic():
            card_type = CardType.objects.create(**validated_data)
            self._set_services(card_type, services)
        return card_type

    def update(self, instance: CardType, validated_data: dict[str, Any]) -> CardType:
        services = validated_data.pop("services", None)
        with transaction.atomic():
            for name, value in validated_data.items():
                setattr(instance, name, value)
            instance.save()
            if services is not None:
                instance.services.all().delete()
                self._set_services(instance, services)
        return instance

    @staticmethod
    def _set_services(card_type: CardType, services: list[dict[str, Any]]) -> None:
        CardTypeService.objects.bulk_create(
            CardTypeService(card_type=card_type, service=s["service"].strip(), sessions=s["sessions"])
            for s in services
        )
        if hasattr(card_type, "_prefetched_objects_cache"):
            card_type._prefetched_objects_cache.pop("services", None)


class TopUpRuleSerializer(serializers.ModelSerializer):
    card_type = serializers.PrimaryKeyRelatedField(
        queryset=CardType.objects.all(),
        required=False,
        allow_null=True,
        help_text="Only for this stored-value card type; null for every stored-value card.",
    )
    min_amount = serializers.DecimalField(**MONEY, min_value=CENT)
    bonus_amount = serializers.DecimalField(**MONEY, min_value=ZERO, required=False)
    bonus_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=ZERO, max_value=Decimal("999.99"), required=False
    )
    active = serializers.BooleanField(default=True)

    class Meta:
        model = TopUpRule
        fields = (
            "id",
            "name",
            "card_type",
            "min_amount",
            "bonus_amount",
            "bonus_percent",
            "starts_at",
            "ends_at",
            "active",
        )
        read_only_fields = ("id",)

    def validate_card_type(self, value: CardType | None) -> CardType | None:
        if value is not None and value.kind != CardType.Kind.STORED_VALUE:
            raise serializers.ValidationError(_("Top-up rules apply to stored-value card types only."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        def current(name: str) -> Any:
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name, None)

        starts, ends = current("starts_at"), current("ends_at")
        if starts and ends and ends <= starts:
            raise serializers.ValidationError({"ends_at": [_("The end must be after the start.")]})
        return attrs


class PreviewQuerySerializer(serializers.Serializer):
    card_type = serializers.PrimaryKeyRelatedField(
        queryset=CardType.objects.all(), required=False, allow_null=True, default=None
    )
    amount = serializers.CharField(help_text="The amount to top up, e.g. 1000.")


class RuleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class BonusPreviewSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY)
    bonus = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    rule = RuleRefSerializer(allow_null=True)


# --- cards ------------------------------------------------------------------------------------------


class BalancesSerializer(serializers.Serializer):
    """Stored value: principal, bonus, total; count cards: sessions per service; time: minutes."""

    principal = serializers.DecimalField(**MONEY, required=False)
    bonus = serializers.DecimalField(**MONEY, required=False)
    total = serializers.DecimalField(**MONEY, required=False)
    sessions = serializers.DictField(child=serializers.IntegerField(), required=False)
    minutes = serializers.IntegerField(required=False, allow_null=True)


def card_balances(card: Card) -> dict[str, Any]:
    """From the card's (prefetched) accounts."""
    accounts = list(card.accounts.all())
    kind = card.card_type.kind
    if kind == CardType.Kind.STORED_VALUE:
        principal = sum((a.balance for a in accounts if a.kind == Account.Kind.PRINCIPAL), ZERO)
        bonus = sum((a.balance for a in accounts if a.kind == Account.Kind.BONUS), ZERO)
        return {
            "principal": money_str(principal),
            "bonus": money_str(bonus),
            "total": money_str(principal + bonus),
        }
    if kind == CardType.Kind.COUNT:
        return {
            "sessions": {a.service: whole(a.balance) for a in accounts if a.kind == Account.Kind.SESSIONS}
        }
    if kind == CardType.Kind.TIME:
        minutes = [a.balance for a in accounts if a.kind == Account.Kind.MINUTES]
        return {"minutes": whole(minutes[0]) if minutes else None}
    return {}


class CardTypeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = CardType
        fields = ("id", "name", "kind", "discount_rate")
        read_only_fields = fields


class CardSummarySerializer(serializers.ModelSerializer):
    card_type = CardTypeRefSerializer(read_only=True)
    balances = serializers.SerializerMethodField()
    replaced_by = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)

    class Meta:
        model = Card
        fields = ("id", "number", "status", "issued_at", "expires_at", "card_type", "balances", "replaced_by")
        read_only_fields = fields

    @extend_schema_field(BalancesSerializer)
    def get_balances(self, card: Card) -> dict[str, Any]:
        return card_balances(card)


class CardCustomerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ("id", "name", "member_no")
        read_only_fields = fields


class CardDetailSerializer(CardSummarySerializer):
    customer = CardCustomerSerializer(read_only=True)

    class Meta(CardSummarySerializer.Meta):
        fields = (
            "id",
            "number",
            "status",
            "issued_at",
            "expires_at",
            "customer",
            "card_type",
            "balances",
            "replaced_by",
        )
        read_only_fields = fields


class CardIssueSerializer(serializers.Serializer):
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.filter(merged_into__isnull=True))
    card_type = serializers.PrimaryKeyRelatedField(queryset=CardType.objects.all())
    number = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default="", help_text="Blank: the next number."
    )


class CardListQuerySerializer(serializers.Serializer):
    customer = serializers.IntegerField(required=False)
    number = serializers.CharField(
        required=False, help_text="Exact card number; also finds a replaced card (see replaced_by)."
    )


class AmountSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY, help_text="Greater than zero.")


class ConsumeSerializer(serializers.Serializer):
    """Count cards: ``service`` and ``sessions`` (default 1); time cards: ``minutes``."""

    service = serializers.CharField(
        max_length=100, required=False, help_text="Count cards: the service used, e.g. haircut."
    )
    sessions = serializers.IntegerField(
        min_value=1, required=False, default=1, help_text="Count cards: sessions used (default 1)."
    )
    minutes = serializers.IntegerField(min_value=1, required=False, help_text="Time cards: minutes used.")

    def validate_for(self, kind: str) -> dict[str, Any]:
        """The validated data checked against the card's kind (call after ``is_valid``)."""
        data = self.validated_data
        errors: dict[str, list[Any]] = {}
        if kind == CardType.Kind.COUNT:
            if not (data.get("service") or "").strip():
                errors["service"] = [_("Choose the service used on this count card.")]
            if "minutes" in self.initial_data:
                errors["minutes"] = [_("Count cards are used by sessions, not minutes.")]
        elif kind == CardType.Kind.TIME:
            if "minutes" not in data:
                errors["minutes"] = [_("Enter the minutes used on this time card.")]
            if "service" in self.initial_data:
                errors["service"] = [_("Time cards are used by minutes, not sessions.")]
        else:
            errors["card"] = [_("Only count and time cards can be used this way.")]
        if errors:
            raise serializers.ValidationError(errors)
        return data


class AdjustSerializer(serializers.Serializer):
    principal_delta = serializers.DecimalField(**MONEY, required=False, default=ZERO)
    bonus_delta = serializers.DecimalField(**MONEY, required=False, default=ZERO)
    reason = serializers.CharField(max_length=500)


class CardStatusChangeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReplaceSerializer(CardStatusChangeSerializer):
    number = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default="", help_text="Blank: the next number."
    )


class RefundSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


# --- ledger -----------------------------------------------------------------------------------------


class LedgerAccountSerializer(serializers.ModelSerializer):
    card_number = serializers.SerializerMethodField()

    class Meta:
        model = Account
        fields = ("id", "kind", "service", "card_number")
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_card_number(self, account: Account) -> str | None:
        return account.card.number if account.card_id else None


class LedgerTransactionRefSerializer(serializers.ModelSerializer):
    """A ledger transaction header as statements show it."""

    actor = serializers.SerializerMethodField(help_text="Name of the staff member, or null.")
    reversed = serializers.SerializerMethodField()
    reverses = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = LedgerTransaction
        fields = (
            "id",
            "kind",
            "reason",
            "actor",
            "source_type",
            "source_id",
            "amount_paid",
            "reversed",
            "reverses",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, txn: LedgerTransaction) -> str | None:
        return txn.actor.get_full_name() if txn.actor_id else None

    @extend_schema_field(serializers.BooleanField())
    def get_reversed(self, txn: LedgerTransaction) -> bool:
        return hasattr(txn, "reversal")


class LedgerEntrySerializer(serializers.ModelSerializer):
    account = LedgerAccountSerializer(read_only=True)
    transaction = LedgerTransactionRefSerializer(read_only=True)

    class Meta:
        model = LedgerEntry
        fields = ("id", "created_at", "account", "amount", "balance_after", "transaction")
        read_only_fields = fields


class TransactionEntrySerializer(serializers.ModelSerializer):
    account = LedgerAccountSerializer(read_only=True)

    class Meta:
        model = LedgerEntry
        fields = ("account", "amount", "balance_after")
        read_only_fields = fields


class TransactionSummarySerializer(LedgerTransactionRefSerializer):
    entries = TransactionEntrySerializer(many=True, read_only=True)

    class Meta(LedgerTransactionRefSerializer.Meta):
        fields = ("id", "created_at", *LedgerTransactionRefSerializer.Meta.fields[1:], "entries")
        read_only_fields = fields


class TransactionResultSerializer(serializers.Serializer):
    transaction = TransactionSummarySerializer()
    card = CardDetailSerializer(allow_null=True)


# --- audit log and settings -------------------------------------------------------------------------


class AuditLogSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField(help_text="Name of the staff member, or null.")

    class Meta:
        model = AuditLog
        fields = (
            "id",
            "created_at",
            "actor",
            "action",
            "target_type",
            "target_id",
            "reason",
            "before",
            "after",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, entry: AuditLog) -> str | None:
        return entry.actor.get_full_name() if entry.actor_id else None


class AuditLogQuerySerializer(serializers.Serializer):
    target_type = serializers.CharField(required=False, help_text="e.g. loyalty.card, members.customer")
    target_id = serializers.CharField(required=False)
    action = serializers.CharField(required=False, help_text="e.g. stored_value.adjust")


class LoyaltySettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoyaltySettings
        fields = ("member_no_prefix", "spend_order")

    def validate_member_no_prefix(self, value: str) -> str:
        value = value.strip()
        if not re.fullmatch(r"[A-Za-z0-9-]*", value):
            raise serializers.ValidationError(_("Use letters, digits and dashes only."))
        return value
