"""Manage vendor console accounts (public schema): add, set role, deactivate, reset 2FA, list."""

from __future__ import annotations

from getpass import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from accounts.models import User
from vendor.auth import reset_second_factor
from vendor.models import VendorStaff


class Command(BaseCommand):
    help = "Vendor staff: add EMAIL [--role admin|support] [--password …], deactivate, reset-2fa, list."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("action", choices=["add", "deactivate", "reset-2fa", "list"])
        parser.add_argument("email", nargs="?")
        parser.add_argument("--role", choices=VendorStaff.Role.values, default=VendorStaff.Role.SUPPORT)
        parser.add_argument("--name", default="")
        parser.add_argument("--password", help="for scripts; prompted when missing for a new account")

    def handle(self, *args, action: str, email: str | None, **options) -> None:  # type: ignore[no-untyped-def]
        connection.set_schema_to_public()
        if action == "list":
            for staff in VendorStaff.objects.select_related("user").order_by("user__email"):
                state = "active" if staff.is_active else "inactive"
                twofa = "2FA on" if staff.enrolled else "2FA not set up"
                self.stdout.write(f"{staff.user.email}\t{staff.role}\t{state}\t{twofa}")
            return
        if not email:
            raise CommandError("EMAIL is required.")
        email = email.strip().lower()
        if action == "add":
            self._add(email, options)
            return
        staff = VendorStaff.objects.filter(user__email__iexact=email).first()
        if staff is None:
            raise CommandError(f"{email} is not vendor staff.")
        if action == "deactivate":
            staff.is_active = False
            staff.save(update_fields=["is_active"])
            self.stdout.write(f"{email}: deactivated.")
        else:
            reset_second_factor(staff)
            self.stdout.write(f"{email}: two-factor reset; the next log-in sets it up again.")

    def _add(self, email: str, options: dict) -> None:  # type: ignore[type-arg]
        with transaction.atomic():
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                password = options.get("password") or getpass(f"Password for {email}: ")
                user = User(email=email, name=options.get("name", ""))
                validate_password(password, user)
                user = User.objects.create_user(email, password, name=options.get("name", ""))
            elif options.get("password"):
                validate_password(options["password"], user)
                user.set_password(options["password"])
                user.save(update_fields=["password"])
            staff, created = VendorStaff.objects.update_or_create(
                user=user, defaults={"role": options["role"], "is_active": True}
            )
        verb = "added" if created else "updated"
        self.stdout.write(f"{email}: {verb} as vendor {staff.role}; two-factor is set up at first log-in.")
