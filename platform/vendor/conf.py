"""Vendor console settings: ``settings.VENDOR_<NAME>`` when set, else the environment, else a default."""

from __future__ import annotations

import os

from django.conf import settings

DEFAULTS: dict[str, int] = {
    # Support access: default and maximum length of a grant.
    "SUPPORT_DEFAULT_MINUTES": 60,
    "SUPPORT_MAX_MINUTES": 240,
    "SUPPORT_MIN_MINUTES": 5,
    # Scheduled deletion: days between scheduling and the purge.
    "DELETION_GRACE_DAYS": 30,
    # A vendor session (after the second factor) lasts at most this long.
    "SESSION_SECONDS": 8 * 3600,
    # Between the password and the second factor.
    "PENDING_LOGIN_SECONDS": 300,
    # Failed password or second-factor attempts before a pause, and the pause.
    "LOGIN_FAILURE_LIMIT": 5,
    "LOGIN_FAILURE_WINDOW_SECONDS": 900,
    # Tenant last-activity stamp: at most one write per tenant per this many seconds per process.
    "ACTIVITY_INTERVAL_SECONDS": 300,
}


def get(name: str) -> int:
    value = getattr(settings, f"VENDOR_{name}", None)
    if value is None:
        raw = os.environ.get(f"VENDOR_{name}", "")
        value = int(raw) if raw.strip() else DEFAULTS[name]
    return int(value)
