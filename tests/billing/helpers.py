"""Shared steps of the billing tests: deliver a signed webhook, subscribe a shop, add staff."""

from __future__ import annotations

import json
import time
from typing import Any

from django.db import connection
from django_tenants.utils import schema_context

from tests.billing.fake_stripe import WEBHOOK_SECRET, event, sign
from tests.conftest import PASSWORD, make_client


def deliver(
    payload: dict[str, Any],
    *,
    secret: str = WEBHOOK_SECRET,
    timestamp: int | None = None,
    body: str | None = None,
):  # type: ignore[no-untyped-def]
    raw = json.dumps(payload)
    header = sign(raw, secret, timestamp)
    client = make_client(None)
    response = client.generic(
        "POST",
        "/billing/webhook/",
        body if body is not None else raw,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    connection.set_schema_to_public()
    return response


def subscribe(owner_client, fake, django_capture_on_commit_callbacks, status: str | None = None):  # type: ignore[no-untyped-def]
    """Owner → Checkout → customer pays → checkout.session.completed webhook. Returns the subscription."""
    response = owner_client.post("/api/v1/billing/checkout/")
    assert response.status_code == 200, response.content
    session_id = response.json()["url"].rsplit("/", 1)[1]
    subscription = fake.complete_checkout(session_id, status=status)
    with django_capture_on_commit_callbacks(execute=True):
        delivered = deliver(event("checkout.session.completed", fake.store[session_id]))
    assert delivered.status_code == 200, delivered.content
    assert delivered.json()["outcome"] == "applied"
    return subscription


def add_staff(tenant, email: str, *, active: bool = True, role: str = "cashier"):  # type: ignore[no-untyped-def]
    from accounts.models import User

    with schema_context(tenant.schema_name):
        user = User.objects.create_user(
            email, PASSWORD, name=email.split("@")[0], role=role, is_active=active
        )
        from billing.seats import queue_seat_sync

        queue_seat_sync()  # what accepting an invitation does
    connection.set_schema_to_public()
    return user


def set_active(tenant, user, active: bool) -> None:  # type: ignore[no-untyped-def]
    """Through the staff service, as the Staff page does (it queues the seat sync)."""
    from accounts.models import User
    from accounts.services import set_staff_active

    with schema_context(tenant.schema_name):
        owner = User.objects.filter(role=User.Role.OWNER).order_by("id").first()
        set_staff_active(User.objects.get(pk=user.pk), active, actor=owner)
    connection.set_schema_to_public()


def now() -> int:
    return int(time.time())


def staff_client(subdomain: str, email: str):  # type: ignore[no-untyped-def]
    client = make_client(subdomain)
    response = client.post("/api/v1/auth/login/", {"email": email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return client
