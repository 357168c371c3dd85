"""Re-seal every stored secret with the current key, after a key rotation (see core.sealing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from core import sealing
from vendor.models import VendorStaff


class Command(BaseCommand):
    help = "Re-seal the console's TOTP secrets with the first configured key (run after rotating keys)."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = VendorStaff.objects.exclude(totp_secret="").order_by("pk")
        total, done = rows.count(), 0
        for staff in rows.iterator():
            with transaction.atomic():
                locked = VendorStaff.objects.select_for_update().get(pk=staff.pk)
                if locked.totp_secret:
                    locked.totp_secret = sealing.reseal(locked.totp_secret)
                    locked.save(update_fields=["totp_secret"])
            done += 1
            self.stdout.write(f"\r{done}/{total} re-sealed", ending="")
        self.stdout.write(f"\r{done}/{total} re-sealed")
