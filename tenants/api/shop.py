"""GET/PATCH /api/v1/shop/: the shop's profile (any staff member reads it; the owner edits the
name, language and time zone; currency and subdomain are fixed at sign-up)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from tenants.api.serializers import TIME_ZONES
from tenants.services.profile import update_profile


class ShopProfileSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, label=_("Shop name"))
    language = serializers.ChoiceField(choices=settings.LANGUAGES, label=_("Language"))
    time_zone = serializers.ChoiceField(choices=TIME_ZONES, label=_("Time zone"))
    subdomain = serializers.CharField(read_only=True)
    currency = serializers.CharField(read_only=True)
    trade = serializers.CharField(read_only=True)

    def validate_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError(_("Enter the shop's name."))
        return value


class ShopProfileView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ShopProfileSerializer}, summary="The shop's profile")
    def get(self, request: Request) -> Response:
        return Response(ShopProfileSerializer(request.tenant).data)

    @extend_schema(
        request=ShopProfileSerializer,
        responses={200: ShopProfileSerializer},
        summary="Change the shop's name, language or time zone (owner)",
    )
    def patch(self, request: Request) -> Response:
        if request.user.role != User.Role.OWNER:
            raise PermissionDenied(_("Only the owner can change the shop's profile."))
        body = ShopProfileSerializer(request.tenant, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        update_profile(request.tenant, dict(body.validated_data), actor=request.user)
        return Response(ShopProfileSerializer(request.tenant).data)
