"""Django admin behind the console's two factors.

The admin's own log-in form takes a password only; left open it would let a vendor account in
with one factor. So the admin answers only to a session that passed the console's TOTP step, of
an active vendor *admin*, and its log-in page sends people to the console's log-in instead.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import urlencode

from vendor.auth import verified_staff
from vendor.models import VendorStaff


def has_permission(request: HttpRequest) -> bool:
    staff = verified_staff(request)
    return bool(staff and staff.role == VendorStaff.Role.ADMIN and request.user.is_staff)


def login(request: HttpRequest, extra_context: Any = None) -> HttpResponseRedirect:
    target = request.GET.get("next") or "/admin/"
    return HttpResponseRedirect("/vendor/?" + urlencode({"next": target}))


def install() -> None:
    admin.site.has_permission = has_permission  # type: ignore[method-assign]
    admin.site.login = login  # type: ignore[method-assign]
