"""The shop's own clock: receipts show local time and "today" means the shop's day."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone


def shop_zone() -> ZoneInfo:
    name = getattr(getattr(connection, "tenant", None), "time_zone", "") or "UTC"
    try:
        return ZoneInfo(name)
    except Exception:  # an unknown zone name must not break a sale
        return ZoneInfo("UTC")


def local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment, shop_zone())


def today() -> datetime.date:
    return local(timezone.now()).date()
