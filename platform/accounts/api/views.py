"""Session, log-in/out, invitations and the staff list of a shop (tenant hosts only)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services, stores
from accounts.api.serializers import (
    AcceptInvitationSerializer,
    InvitationSerializer,
    LanguageSerializer,
    LoginSerializer,
    StaffSerializer,
    StaffUpdateSerializer,
)
from accounts.models import User
from billing.access import session_billing
from core.api.permissions import enforce_csrf, role_required
from pluginhost.calls import menu_entries
from tenants.services.signup import tenant_base_url


def _session_stores(user: Any, authenticated: bool) -> list[int] | None:
    """The stores the signed-in user may work in: None for all of them, else their ids (sorted), so
    the app can preselect a store and hide the others. Nobody signed in: no store at all."""
    if not authenticated:
        return []
    allowed = stores.allowed_store_ids(user)
    return None if allowed is None else sorted(allowed)


def session_payload(request: Request | HttpRequest) -> dict[str, Any]:
    user = request.user
    tenant = request.tenant
    authenticated = bool(user and user.is_authenticated)
    return {
        "authenticated": authenticated,
        "user": (
            {
                "id": user.pk,
                "email": user.email,
                "name": user.name,
                "role": user.role,
                "language": user.language,
            }
            if authenticated
            else None
        ),
        "tenant": {
            "name": tenant.name,
            "subdomain": tenant.subdomain,
            "trade": tenant.trade,
            "currency": tenant.currency,
            "time_zone": tenant.time_zone,
            "language": tenant.language,
        },
        "billing": session_billing(tenant),
        "menu": (
            [
                {"key": e.key, "label": str(e.label), "path": e.path, "icon": e.icon, "order": e.order}
                for e in menu_entries(tenant, user.role)
            ]
            if authenticated
            else []
        ),
        "stores": _session_stores(user, authenticated),
    }


class CsrfView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={204: None}, summary="Set the CSRF cookie")
    def get(self, request: Request) -> Response:
        get_token(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SessionView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: dict}, summary="Who am I, which shop, which menu")
    def get(self, request: Request) -> Response:
        get_token(request)
        return Response(session_payload(request))


class LoginView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=LoginSerializer, responses={200: dict}, summary="Log in with email and password")
    def post(self, request: Request) -> Response:
        enforce_csrf(request)
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        request.user = services.log_in(
            request._request, serializer.validated_data["email"], serializer.validated_data["password"]
        )
        return Response(session_payload(request))


class LogoutView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None}, summary="Log out")
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LanguageView(APIView):
    @extend_schema(request=LanguageSerializer, responses={204: None}, summary="Set my language")
    def post(self, request: Request) -> Response:
        serializer = LanguageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_language(request.user, serializer.validated_data["language"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class StaffListView(generics.ListAPIView):
    serializer_class = StaffSerializer
    permission_classes = [role_required(User.Role.OWNER, User.Role.MANAGER)]
    queryset = User.objects.prefetch_related("stores").order_by("id")


class StaffDetailView(APIView):
    """One staff member; owners and managers limit who works in which stores."""

    permission_classes = [role_required(User.Role.OWNER, User.Role.MANAGER)]

    def _user(self, pk: int) -> User:
        return get_object_or_404(User.objects.prefetch_related("stores"), pk=pk)

    @extend_schema(responses={200: StaffSerializer}, summary="A staff member (owner or manager)")
    def get(self, request: Request, pk: int) -> Response:
        return Response(StaffSerializer(self._user(pk)).data)

    @extend_schema(
        request=StaffUpdateSerializer,
        responses={200: StaffSerializer},
        summary="Set the stores a staff member works in (owner; a manager for cashiers only)",
        description="An empty list means every store. A manager who is limited to some stores can "
        "only hand out those stores. Owners always work in every store. Audited.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = self._user(pk)
        serializer = StaffUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        stores.set_stores(user, serializer.validated_data["stores"], actor=request.user)
        return Response(StaffSerializer(self._user(pk)).data)


class StaffActiveView(APIView):
    """Deactivate or reactivate a staff account (changes the billed seats)."""

    permission_classes = [role_required(User.Role.OWNER, User.Role.MANAGER)]
    active = True

    @extend_schema(request=None, responses={200: StaffSerializer}, summary="Activate or deactivate staff")
    def post(self, request: Request, pk: int) -> Response:
        user = get_object_or_404(User, pk=pk)
        services.set_staff_active(user, self.active, actor=request.user)
        return Response(StaffSerializer(User.objects.prefetch_related("stores").get(pk=pk)).data)


class InvitationCreateView(APIView):
    permission_classes = [role_required(User.Role.OWNER, User.Role.MANAGER)]

    @extend_schema(request=InvitationSerializer, responses={201: dict}, summary="Invite a staff member")
    def post(self, request: Request) -> Response:
        serializer = InvitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        invitation = services.invite_staff(
            request.user,
            data["email"],
            data.get("name", ""),
            data["role"],
            tenant_base_url(request.tenant.subdomain),
            stores=data.get("stores", ()),
        )
        return Response(
            {"user": StaffSerializer(invitation.user).data, "invite_url": invitation.url},
            status=status.HTTP_201_CREATED,
        )


class InvitationDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: dict}, summary="Look up an invitation by its token")
    def get(self, request: Request, token: str) -> Response:
        user = services.invited_user(token)
        if user is None:
            from rest_framework.exceptions import NotFound

            raise NotFound()
        return Response(
            {
                "email": user.email,
                "name": user.name,
                "role": user.role,
                "tenant": {"name": request.tenant.name},
            }
        )


class InvitationAcceptView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=AcceptInvitationSerializer, responses={200: dict}, summary="Accept an invitation")
    def post(self, request: Request) -> Response:
        enforce_csrf(request)
        serializer = AcceptInvitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        request.user = services.accept_invitation(
            request._request, serializer.validated_data["token"], serializer.validated_data["password"]
        )
        return Response(session_payload(request))


@never_cache
@ensure_csrf_cookie
def handoff(request: HttpRequest) -> HttpResponseRedirect:
    """Lands a freshly signed-up owner, logged in, on their own subdomain (one-time token)."""
    services.consume_handoff(request, request.GET.get("token", ""))
    return HttpResponseRedirect("/" if request.user.is_authenticated else "/login")
