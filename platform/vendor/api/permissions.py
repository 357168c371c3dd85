"""Who may call the console API: vendor staff whose session passed both factors, on the public host."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission

from vendor.auth import verified_staff
from vendor.models import VendorStaff


class IsVendorStaff(BasePermission):
    def has_permission(self, request, view) -> bool:  # type: ignore[no-untyped-def]
        if connection.schema_name != settings.PUBLIC_SCHEMA_NAME:
            return False
        if not (request.user and request.user.is_authenticated):
            raise NotAuthenticated()
        staff = verified_staff(request._request)
        request.vendor_staff = staff
        return staff is not None


class IsVendorAdmin(IsVendorStaff):
    def has_permission(self, request, view) -> bool:  # type: ignore[no-untyped-def]
        return super().has_permission(request, view) and request.vendor_staff.role == VendorStaff.Role.ADMIN
