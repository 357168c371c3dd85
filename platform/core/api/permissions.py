"""Role checks for API views: ``permission_classes = [role_required("owner", "manager")]``."""

from __future__ import annotations

from rest_framework.permissions import BasePermission


def role_required(*roles: str) -> type[BasePermission]:
    class HasRole(BasePermission):
        def has_permission(self, request, view) -> bool:  # type: ignore[no-untyped-def]
            user = request.user
            return bool(user and user.is_authenticated and getattr(user, "role", None) in roles)

    HasRole.__name__ = f"HasRole_{'_'.join(roles)}"
    return HasRole


def enforce_csrf(request) -> None:  # type: ignore[no-untyped-def]
    """CSRF for anonymous browser posts (log-in, sign-up) too: DRF only checks signed-in sessions."""
    from rest_framework.authentication import SessionAuthentication

    SessionAuthentication().enforce_csrf(request)
