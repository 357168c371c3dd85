"""`make run`'s demo data: a shop with staff, and a vendor console administrator (2FA at first log-in)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django_tenants.utils import schema_context

from accounts.models import User
from tenants.models import Tenant
from vendor.models import VendorStaff


def test_seed_demo_creates_the_shop_and_a_console_admin_once(db, settings):
    settings.TENANT_POOL_SIZE = 0
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())  # safe to run again
    staff = VendorStaff.objects.get(user__email="admin@huiyuan.test")
    assert staff.role == VendorStaff.Role.ADMIN and not staff.enrolled
    assert "/vendor/" in out.getvalue()
    tenant = Tenant.objects.get(subdomain="demo")
    with schema_context(tenant.schema_name):
        assert User.objects.filter(role="cashier").exists()
