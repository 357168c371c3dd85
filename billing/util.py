"""Small helpers for Stripe objects (``StripeObject`` is not a dict since stripe 15: no ``.get``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def sget(obj: Any, key: str, default: Any = None) -> Any:
    """``obj[key]`` for a StripeObject or dict, ``default`` when missing or None."""
    if obj is None:
        return default
    try:
        if key in obj:
            value = obj[key]
            return default if value is None else value
    except TypeError:
        pass
    return default


def sid(value: Any) -> str:
    """The id of an expandable field (a plain id string, or an expanded object)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return sget(value, "id", "") or ""


def from_ts(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None
