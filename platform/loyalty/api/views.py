"""Card types, top-up rules, cards, refunds, audit log and loyalty settings.

Thin views: validate the input, call loyalty.services, serialise the result. Services raise
DomainError (insufficient balance, card not usable, idempotency conflict, …), which the API's
exception handler renders as ``{"error": {"code", "message", "fields"}}``. Money-changing POSTs
need an ``Idempotency-Key`` header (core.api.idempotency); the services store it on the ledger.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, ProtectedError, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core import audit
from core.api.idempotency import (
    IDEMPOTENCY_KEY_PARAMETER,
    OPTIONAL_IDEMPOTENCY_KEY_PARAMETER,
    idempotency_key,
    keyed_input,
)
from core.api.permissions import role_required
from core.models import AuditLog
from loyalty.api.serializers import (
    AdjustSerializer,
    AmountSerializer,
    AuditLogQuerySerializer,
    AuditLogSerializer,
    BonusPreviewSerializer,
    CardDetailSerializer,
    CardIssueSerializer,
    CardListQuerySerializer,
    CardStatusChangeSerializer,
    CardTypeSerializer,
    ConsumeSerializer,
    ErrorSerializer,
    LoyaltySettingsSerializer,
    PreviewQuerySerializer,
    RefundSerializer,
    ReplaceSerializer,
    TopUpRuleSerializer,
    TransactionResultSerializer,
    TransactionSummarySerializer,
)
from loyalty.models import Card, CardType, LedgerEntry, LedgerTransaction, LoyaltySettings, TopUpRule
from loyalty.services import cards, stored_value, usage

MANAGERS = role_required(User.Role.OWNER, User.Role.MANAGER)
OWNER = role_required(User.Role.OWNER)

ERRORS_400 = OpenApiResponse(ErrorSerializer, description="Invalid input (see error.fields).")
ERRORS_404 = OpenApiResponse(ErrorSerializer, description="Not found (in this shop).")
ERRORS_409 = OpenApiResponse(
    ErrorSerializer,
    description="insufficient_balance, card_not_usable, idempotency_conflict or already_reversed.",
)


class PermissionsByAction:
    # ``action_permissions = {"create": [MANAGERS]}``; other actions use permission_classes.

    action_permissions: dict[str, list[type[BasePermission]]] = {}

    def get_permissions(self) -> list[BasePermission]:
        classes = self.action_permissions.get(getattr(self, "action", None) or "", self.permission_classes)
        return [permission() for permission in classes]


def card_queryset() -> QuerySet[Card]:
    return Card.objects.select_related("customer", "card_type", "replaced_by").prefetch_related("accounts")


def card_detail(card: Card) -> dict[str, Any]:
    return CardDetailSerializer(card_queryset().get(pk=card.pk)).data


def transaction_summary(txn: LedgerTransaction) -> dict[str, Any]:
    txn = (
        LedgerTransaction.objects.select_related("actor", "reversal")
        .prefetch_related(
            Prefetch("entries", queryset=LedgerEntry.objects.select_related("account__card").order_by("id"))
        )
        .get(pk=txn.pk)
    )
    return TransactionSummarySerializer(txn).data


def live_card(card: Card) -> Card:
    """Follow replacements: a refund of an old card's transaction shows the card now holding it."""
    seen = {card.pk}
    while card.replaced_by_id and card.replaced_by_id not in seen:
        seen.add(card.replaced_by_id)
        card = Card.objects.get(pk=card.replaced_by_id)
    return card


def transaction_result(txn: LedgerTransaction) -> dict[str, Any]:
    card = card_detail(live_card(txn.card)) if txn.card_id else None
    return {"transaction": transaction_summary(txn), "card": card}


# --- card types and top-up rules --------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List card types (any staff)"),
    retrieve=extend_schema(summary="A card type (any staff)"),
    create=extend_schema(
        summary="Create a card type (owner or manager)", responses={201: CardTypeSerializer}
    ),
    update=extend_schema(summary="Replace a card type (owner or manager)"),
    partial_update=extend_schema(summary="Change a card type (owner or manager)"),
    destroy=extend_schema(
        summary="Delete a card type (owner or manager)",
        description="A type that has cards is deactivated instead (200 with the type); "
        "otherwise it is deleted (204).",
        responses={200: CardTypeSerializer, 204: None},
    ),
)
class CardTypeViewSet(PermissionsByAction, viewsets.ModelViewSet):
    """Card types: stored value, discount, count (sessions per service) and time cards."""

    serializer_class = CardTypeSerializer
    queryset = CardType.objects.prefetch_related("services").order_by("id")
    lookup_value_converter = "int"
    action_permissions = {
        "create": [MANAGERS],
        "update": [MANAGERS],
        "partial_update": [MANAGERS],
        "destroy": [MANAGERS],
    }

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        card_type = self.get_object()
        if not card_type.cards.exists():
            try:
                with transaction.atomic():
                    card_type.delete()
                return Response(status=status.HTTP_204_NO_CONTENT)
            except ProtectedError:
                pass  # referenced elsewhere: keep it, retired
        card_type.active = False
        card_type.save(update_fields=["active"])
        return Response(self.get_serializer(card_type).data)


@extend_schema_view(
    list=extend_schema(summary="List top-up bonus rules (any staff)"),
    retrieve=extend_schema(summary="A top-up bonus rule (any staff)"),
    create=extend_schema(summary="Create a top-up bonus rule (owner or manager)"),
    update=extend_schema(summary="Replace a top-up bonus rule (owner or manager)"),
    partial_update=extend_schema(summary="Change a top-up bonus rule (owner or manager)"),
    destroy=extend_schema(summary="Delete a top-up bonus rule (owner or manager)"),
)
class TopUpRuleViewSet(PermissionsByAction, viewsets.ModelViewSet):
    """Top-up bonus rules: the best single applicable rule wins (rules do not stack)."""

    serializer_class = TopUpRuleSerializer
    queryset = TopUpRule.objects.select_related("card_type")
    lookup_value_converter = "int"
    action_permissions = {
        "create": [MANAGERS],
        "update": [MANAGERS],
        "partial_update": [MANAGERS],
        "destroy": [MANAGERS],
    }

    @extend_schema(
        summary="Preview the bonus of a top-up",
        parameters=[PreviewQuerySerializer],
        responses={200: BonusPreviewSerializer, 400: ERRORS_400},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def preview(self, request: Request) -> Response:
        query = PreviewQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        amount = stored_value.money(query.validated_data["amount"])
        preview = stored_value.preview_bonus(query.validated_data["card_type"], amount)
        rule = {"id": preview.rule.pk, "name": preview.rule.name} if preview.rule else None
        return Response(
            BonusPreviewSerializer(
                {"amount": preview.amount, "bonus": preview.bonus, "total": preview.total, "rule": rule}
            ).data
        )


# --- cards ------------------------------------------------------------------------------------------


def _money_action(summary: str, request: Any, *, code: int = 201) -> Any:
    return extend_schema(
        summary=summary,
        request=request,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={
            code: TransactionResultSerializer,
            400: ERRORS_400,
            404: ERRORS_404,
            409: ERRORS_409,
        },
    )


@extend_schema_view(
    list=extend_schema(summary="Find cards (any staff)", parameters=[CardListQuerySerializer]),
    retrieve=extend_schema(summary="A card with its balances (any staff)"),
)
class CardViewSet(
    PermissionsByAction,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Cards and their balances; money-changing POSTs need an Idempotency-Key header."""

    serializer_class = CardDetailSerializer
    lookup_value_converter = "int"
    action_permissions = {
        "adjust": [MANAGERS],
        "unfreeze": [MANAGERS],
        "replace": [MANAGERS],
    }

    def get_queryset(self) -> QuerySet[Card]:
        queryset = card_queryset()
        if self.action == "list":
            query = CardListQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            if "customer" in query.validated_data:
                queryset = queryset.filter(customer_id=query.validated_data["customer"])
            if query.validated_data.get("number"):
                queryset = queryset.filter(number__iexact=query.validated_data["number"].strip())
        return queryset

    @extend_schema(
        summary="Issue a card to a customer (any staff)",
        request=CardIssueSerializer,
        parameters=[OPTIONAL_IDEMPOTENCY_KEY_PARAMETER],
        responses={201: CardDetailSerializer, 400: ERRORS_400, 409: ERRORS_409},
    )
    def create(self, request: Request) -> Response:
        serializer = CardIssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key = idempotency_key(request, required=False) or f"issue:{uuid.uuid4()}"
        card = cards.issue_card(
            data["customer"],
            data["card_type"],
            idempotency_key=key,
            actor=request.user,
            number=data["number"],
        )
        return Response(card_detail(card), status=status.HTTP_201_CREATED)

    @_money_action("Top up a stored-value card (any staff)", AmountSerializer)
    @action(detail=True, methods=["post"], url_path="top-up")
    def top_up(self, request: Request, pk: str) -> Response:
        card = self.get_object()
        key, data = keyed_input(request, AmountSerializer)
        txn = stored_value.top_up(card, data["amount"], idempotency_key=key, actor=request.user)
        return Response(transaction_result(txn), status=status.HTTP_201_CREATED)

    @_money_action("Pay with a stored-value card (any staff)", AmountSerializer)
    @action(detail=True, methods=["post"])
    def spend(self, request: Request, pk: str) -> Response:
        card = self.get_object()
        key, data = keyed_input(request, AmountSerializer)
        txn = stored_value.spend(card, data["amount"], idempotency_key=key, actor=request.user)
        return Response(transaction_result(txn), status=status.HTTP_201_CREATED)

    @_money_action(
        "Use a count card (sessions of a service) or a time card (minutes) (any staff)", ConsumeSerializer
    )
    @action(detail=True, methods=["post"])
    def consume(self, request: Request, pk: str) -> Response:
        card = self.get_object()
        key = idempotency_key(request)
        serializer = ConsumeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validate_for(card.card_type.kind)
        if card.card_type.kind == CardType.Kind.COUNT:
            txn = usage.consume_sessions(
                card, data["service"].strip(), data["sessions"], idempotency_key=key, actor=request.user
            )
        else:
            txn = usage.consume_minutes(card, data["minutes"], idempotency_key=key, actor=request.user)
        return Response(transaction_result(txn), status=status.HTTP_201_CREATED)

    @_money_action("Correct a stored-value balance by hand (owner or manager; audited)", AdjustSerializer)
    @action(detail=True, methods=["post"])
    def adjust(self, request: Request, pk: str) -> Response:
        card = self.get_object()
        key, data = keyed_input(request, AdjustSerializer)
        txn = stored_value.adjust(
            card,
            principal_delta=data["principal_delta"],
            bonus_delta=data["bonus_delta"],
            reason=data["reason"],
            idempotency_key=key,
            actor=request.user,
        )
        return Response(transaction_result(txn), status=status.HTTP_201_CREATED)

    def _status_change(self, request: Request, change: Any) -> Response:
        card = self.get_object()
        serializer = CardStatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        card = change(card, actor=request.user, reason=serializer.validated_data["reason"])
        return Response(card_detail(card))

    @extend_schema(
        summary="Freeze a card (any staff)",
        request=CardStatusChangeSerializer,
        responses={200: CardDetailSerializer, 404: ERRORS_404, 409: ERRORS_409},
    )
    @action(detail=True, methods=["post"])
    def freeze(self, request: Request, pk: str) -> Response:
        return self._status_change(request, cards.freeze)

    @extend_schema(
        summary="Unfreeze a card (owner or manager)",
        request=CardStatusChangeSerializer,
        responses={200: CardDetailSerializer, 404: ERRORS_404, 409: ERRORS_409},
    )
    @action(detail=True, methods=["post"])
    def unfreeze(self, request: Request, pk: str) -> Response:
        return self._status_change(request, cards.unfreeze)

    @extend_schema(
        summary="Report a card lost (any staff)",
        request=CardStatusChangeSerializer,
        responses={200: CardDetailSerializer, 404: ERRORS_404, 409: ERRORS_409},
    )
    @action(detail=True, methods=["post"], url_path="report-loss")
    def report_loss(self, request: Request, pk: str) -> Response:
        return self._status_change(request, cards.report_loss)

    @extend_schema(
        summary="Replace a card (owner or manager)",
        description="Issues a new card carrying every balance and history; the old number stops "
        "working. Returns the NEW card.",
        request=ReplaceSerializer,
        responses={201: CardDetailSerializer, 400: ERRORS_400, 404: ERRORS_404, 409: ERRORS_409},
    )
    @action(detail=True, methods=["post"])
    def replace(self, request: Request, pk: str) -> Response:
        card = self.get_object()
        serializer = ReplaceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        new = cards.replace(card, actor=request.user, reason=data["reason"], number=data["number"])
        return Response(card_detail(new), status=status.HTTP_201_CREATED)


class RefundView(APIView):
    permission_classes = [MANAGERS]

    @_money_action(
        "Refund a top-up, a spend or a count/time card consumption (owner or manager)", RefundSerializer
    )
    def post(self, request: Request, pk: int) -> Response:
        original = get_object_or_404(LedgerTransaction, pk=pk)
        key, data = keyed_input(request, RefundSerializer)
        refund = (
            usage.refund_usage if original.kind == LedgerTransaction.Kind.CONSUME else stored_value.refund
        )
        reversal = refund(original, idempotency_key=key, actor=request.user, reason=data["reason"])
        return Response(transaction_result(reversal), status=status.HTTP_201_CREATED)


# --- audit log and settings -------------------------------------------------------------------------


@extend_schema_view(get=extend_schema(summary="The audit log (owner)", parameters=[AuditLogQuerySerializer]))
class AuditLogView(generics.ListAPIView):
    serializer_class = AuditLogSerializer
    permission_classes = [OWNER]

    def get_queryset(self) -> QuerySet[AuditLog]:
        query = AuditLogQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        filters = {k: v for k, v in query.validated_data.items() if v}
        return AuditLog.objects.select_related("actor").filter(**filters).order_by("-id")


class LoyaltySettingsView(APIView):
    def get_permissions(self) -> list[BasePermission]:
        return [OWNER()] if self.request.method not in ("GET", "HEAD", "OPTIONS") else [IsAuthenticated()]

    @extend_schema(
        summary="The shop's loyalty settings (any staff)", responses={200: LoyaltySettingsSerializer}
    )
    def get(self, request: Request) -> Response:
        return Response(LoyaltySettingsSerializer(LoyaltySettings.current()).data)

    @extend_schema(
        summary="Change the shop's loyalty settings (owner; audited)",
        request=LoyaltySettingsSerializer,
        responses={200: LoyaltySettingsSerializer, 400: ERRORS_400},
    )
    def patch(self, request: Request) -> Response:
        with transaction.atomic():
            settings = LoyaltySettings.objects.select_for_update().get(pk=LoyaltySettings.current().pk)
            before = LoyaltySettingsSerializer(settings).data
            serializer = LoyaltySettingsSerializer(settings, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            serializer.save()
            if serializer.data != before:
                audit.record(
                    "loyalty.settings",
                    settings,
                    actor=request.user,
                    before=dict(before),
                    after=dict(serializer.data),
                )
        return Response(serializer.data)
