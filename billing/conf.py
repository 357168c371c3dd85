"""Billing settings, read from Django settings (which read the environment) with safe defaults."""

from __future__ import annotations

from django.conf import settings


def secret_key() -> str:
    return getattr(settings, "STRIPE_SECRET_KEY", "") or ""


def webhook_secret() -> str:
    return getattr(settings, "STRIPE_WEBHOOK_SECRET", "") or ""


def publishable_key() -> str:
    return getattr(settings, "STRIPE_PUBLISHABLE_KEY", "") or ""


def max_network_retries() -> int:
    return int(getattr(settings, "STRIPE_MAX_NETWORK_RETRIES", 2))


def timeout_seconds() -> int:
    return int(getattr(settings, "STRIPE_TIMEOUT_SECONDS", 20))


def grace_days() -> int:
    """How long a past_due shop keeps full access (with a banner) before it turns read-only."""
    return int(getattr(settings, "BILLING_GRACE_DAYS", 10))


def default_trial_days() -> int:
    """Trial length when no plan exists yet for the shop's currency."""
    return int(getattr(settings, "BILLING_DEFAULT_TRIAL_DAYS", 14))


WEBHOOK_TOLERANCE_SECONDS = 300


def event_retention_days() -> int:
    """How long processed webhook events are kept (their ids deduplicate redeliveries, which
    Stripe makes for up to 3 days; the rest is an audit trail)."""
    return max(7, int(getattr(settings, "STRIPE_EVENT_RETENTION_DAYS", 90)))
