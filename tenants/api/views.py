from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from core.api.permissions import enforce_csrf
from tenants.api.serializers import CURRENCIES, TIME_ZONES, SignupResultSerializer, SignupSerializer
from tenants.services.signup import SignupData, sign_up, subdomain_taken, tenant_base_url
from tenants.validators import subdomain_error


class SignupThrottle(AnonRateThrottle):
    scope = "signup"


class SignupOptionsView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={200: dict}, summary="Choices for the sign-up form")
    def get(self, request: Request) -> Response:
        return Response(
            {
                "trades": [{"value": v, "label": str(label)} for v, label in settings.TRADES],
                "languages": [{"value": v, "label": label} for v, label in settings.LANGUAGES],
                "currencies": [{"value": v, "label": f"{v} · {label}"} for v, label in CURRENCIES.items()],
                "time_zones": TIME_ZONES,
                "base_domain": settings.BASE_DOMAIN,
            }
        )


class SubdomainCheckView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        parameters=[OpenApiParameter("subdomain", str, required=True)],
        responses={200: dict},
        summary="Is this subdomain free?",
    )
    def get(self, request: Request) -> Response:
        from django.utils.translation import gettext as _

        subdomain = request.query_params.get("subdomain", "").strip()
        reason = subdomain_error(subdomain)
        if reason is None and subdomain_taken(subdomain):
            reason = _("This subdomain is already taken. Please choose another one.")
        return Response({"available": reason is None, **({"reason": reason} if reason else {})})


class SignupView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [SignupThrottle]

    @extend_schema(request=SignupSerializer, responses={201: SignupResultSerializer}, summary="Create a shop")
    def post(self, request: Request) -> Response:
        enforce_csrf(request)
        serializer = SignupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = sign_up(SignupData(**serializer.validated_data))
        tenant = result.tenant
        return Response(
            {
                "tenant": {
                    "name": tenant.name,
                    "subdomain": tenant.subdomain,
                    "url": tenant_base_url(tenant.subdomain),
                },
                "login_url": result.login_url,
            },
            status=status.HTTP_201_CREATED,
        )
