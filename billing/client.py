"""The one place a :class:`stripe.StripeClient` is made.

With no ``STRIPE_SECRET_KEY`` billing is "not configured": :func:`get_client` returns ``None``,
the billing pages say so and sign-up still starts a local trial. Tests install a client wired to
an in-process fake of Stripe's HTTP layer with :func:`override_client`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import stripe
from django.utils.translation import gettext_lazy as _

from billing import conf
from core.errors import DomainError

_lock = threading.Lock()
_cached: tuple[str, stripe.StripeClient] | None = None
_override: stripe.StripeClient | None = None


class BillingNotConfigured(DomainError):
    code = "billing_not_configured"
    status = 503

    def __init__(self) -> None:
        super().__init__(_("Billing is not configured on this server yet. Please contact support."))


class StripeUnavailable(DomainError):
    code = "billing_unavailable"
    status = 503

    def __init__(self) -> None:
        super().__init__(_("The payment provider cannot be reached right now. Please try again shortly."))


def build_client(api_key: str, http_client: stripe.HTTPClient | None = None) -> stripe.StripeClient:
    """A client that retries network errors, 409 and 5xx (the library makes ONE attempt by default
    on a StripeClient), with a short timeout so a Stripe outage never ties up a worker for long."""
    if http_client is None:
        http_client = stripe.RequestsClient(timeout=conf.timeout_seconds())
    return stripe.StripeClient(
        api_key, max_network_retries=conf.max_network_retries(), http_client=http_client
    )


def get_client() -> stripe.StripeClient | None:
    global _cached
    if _override is not None:
        return _override
    key = conf.secret_key()
    if not key:
        return None
    with _lock:
        if _cached is None or _cached[0] != key:
            _cached = (key, build_client(key))
        return _cached[1]


def require_client() -> stripe.StripeClient:
    client = get_client()
    if client is None:
        raise BillingNotConfigured()
    return client


def is_configured() -> bool:
    return get_client() is not None


@contextmanager
def override_client(client: stripe.StripeClient | None) -> Iterator[None]:
    """Use ``client`` for every Stripe call inside the block (tests, scripts)."""
    global _override
    previous = _override
    _override = client
    try:
        yield
    finally:
        _override = previous
