"""Vendor console fixtures: vendor staff (public schema) with an enrolled authenticator."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from tests.conftest import make_client

VENDOR_PASSWORD = "vendor-console-pass-2026"


def make_staff(email: str, role: str = "admin", enrolled: bool = True):  # type: ignore[no-untyped-def]
    from accounts.models import User
    from vendor import totp
    from vendor.models import VendorStaff

    user = User.objects.create_user(email, VENDOR_PASSWORD, name=email.split("@")[0].title())
    staff = VendorStaff(user=user, role=role, totp_confirmed_at=timezone.now() if enrolled else None)
    staff.totp_key = totp.new_secret() if enrolled else ""
    staff.save()
    return staff


def code_for(staff, offset_steps: int = 0) -> str:  # type: ignore[no-untyped-def]
    from vendor import totp

    return totp.code_at(staff.totp_key, time.time() + offset_steps * totp.STEP_SECONDS)


def console_login(staff, offset_steps: int = 0, **client_kwargs):  # type: ignore[no-untyped-def]
    """A public-host client that passed both factors."""
    client = make_client(None, **client_kwargs)
    response = client.post(
        "/api/v1/vendor/auth/login/", {"email": staff.user.email, "password": VENDOR_PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "verify"
    response = client.post(
        "/api/v1/vendor/auth/verify/", {"code": code_for(staff, offset_steps)}, format="json"
    )
    assert response.status_code == 200, response.content
    return client


@pytest.fixture
def vendor_admin(db):  # type: ignore[no-untyped-def]
    return make_staff("ops-admin@huiyuan.test", "admin")


@pytest.fixture
def vendor_support(db):  # type: ignore[no-untyped-def]
    return make_staff("ops-support@huiyuan.test", "support")


@pytest.fixture
def vendor_client(vendor_admin):  # type: ignore[no-untyped-def]
    return console_login(vendor_admin)


@pytest.fixture
def support_client(vendor_support):  # type: ignore[no-untyped-def]
    return console_login(vendor_support)


@pytest.fixture
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    # TenantFileSystemStorage caches MEDIA_ROOT/<relative root> until this setting "changes".
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path
