"""Creates (once) the demo shop with owner, manager and cashier and its demo data (see
tenants.demo_data), and the vendor's admin login."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from accounts.models import User
from tenants import demo_data
from tenants.models import Tenant
from tenants.services.provisioning import refill_pool
from tenants.services.signup import SignupData, sign_up, tenant_base_url

DEMO_PASSWORD = "huiyuan-demo-2026"  # noqa: S105 (development data, printed on purpose)
DEMO_SUBDOMAIN = "demo"
STAFF = [
    ("owner@demo.huiyuan.test", "王美麗 (Owner)", User.Role.OWNER),
    ("manager@demo.huiyuan.test", "陳店長 (Manager)", User.Role.MANAGER),
    ("cashier@demo.huiyuan.test", "林小華 (Cashier)", User.Role.CASHIER),
]
VENDOR_EMAIL = "admin@huiyuan.test"


class Command(BaseCommand):
    help = "Create the demo shop and demo logins if they do not exist yet (safe to run again)."

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        created = refill_pool()
        if created:
            self.stdout.write(f"Warm pool: {created} schema(s) prepared.")
        vendor_user = User.objects.filter(email=VENDOR_EMAIL).first()
        if vendor_user is None:
            vendor_user = User.objects.create_superuser(VENDOR_EMAIL, DEMO_PASSWORD, name="Vendor admin")
        from vendor.models import VendorStaff

        # A console administrator; two-factor enrolment happens at the first log-in.
        VendorStaff.objects.get_or_create(user=vendor_user, defaults={"role": VendorStaff.Role.ADMIN})
        tenant = Tenant.objects.filter(subdomain=DEMO_SUBDOMAIN).first()
        if tenant is None:
            owner_email = STAFF[0][0]
            result = sign_up(
                SignupData(
                    "美麗人生美容院 Demo",
                    DEMO_SUBDOMAIN,
                    owner_email,
                    DEMO_PASSWORD,
                    "beauty",
                    "zh-hant",
                    "TWD",
                    "Asia/Taipei",
                )
            )
            tenant = result.tenant
            self.stdout.write(f"Demo shop created: {tenant.name}")
        with schema_context(tenant.schema_name):
            staff = {}
            for email, name, role in STAFF:
                user = User.objects.filter(email=email).first()
                if user is None:
                    user = User.objects.create_user(email, DEMO_PASSWORD, name=name, role=role)
                elif user.name != name:
                    user.name = name
                    user.save(update_fields=["name"])
                staff[role] = user
        # A living salon: catalogue and stock, members with cards, today's orders, this month's costs.
        seeded = demo_data.seed(
            tenant,
            owner=staff[User.Role.OWNER],
            manager=staff[User.Role.MANAGER],
            cashier=staff[User.Role.CASHIER],
        )
        self.stdout.write(seeded.summary())
        port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
        public = f"{settings.PUBLIC_SCHEME}://{settings.BASE_DOMAIN}{port}"
        lines = [
            "",
            "Huiyuan is ready.",
            f"  Public site and sign-up:  {public}/",
            f"  Vendor console:           {public}/vendor/  ({VENDOR_EMAIL} / {DEMO_PASSWORD}; "
            "set up two-factor at the first log-in)",
            f"  Demo shop:                {tenant_base_url(DEMO_SUBDOMAIN)}/",
            *[f"    {role.label:<8} {email} / {DEMO_PASSWORD}" for email, _, role in STAFF],
            f"  API docs:                 {tenant_base_url(DEMO_SUBDOMAIN)}/api/v1/docs/",
            "",
        ]
        self.stdout.write("\n".join(lines))
