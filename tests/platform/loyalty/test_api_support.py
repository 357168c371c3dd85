"""Helpers shared by the API tests of members and loyalty (no tests here).

Objects are created through the services inside the shop's schema; requests go over HTTP to the
shop's host, as the browser does.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django_tenants.utils import schema_context

from accounts.models import User
from tests.conftest import PASSWORD, login_client

HOSTS = {"alpha": "alpha", "beta": "beta"}


def staff_client(tenant: Any, role: str, email: str | None = None):  # type: ignore[no-untyped-def]
    """A logged-in client for a new staff member with ``role`` at ``tenant``."""
    email = email or f"{role}-{uuid.uuid4().hex[:6]}@{tenant.subdomain}.test"
    with schema_context(tenant.schema_name):
        User.objects.create_user(email, PASSWORD, role=role, name=f"{role.title()} Chen")
    return login_client(tenant.subdomain, email)


def key() -> dict[str, str]:
    """An Idempotency-Key header for one new operation."""
    return {"HTTP_IDEMPOTENCY_KEY": f"test-{uuid.uuid4()}"}


def post(client, url: str, data: Any = None, idempotency_key: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"HTTP_IDEMPOTENCY_KEY": idempotency_key} if idempotency_key else {}
    return client.post(url, data if data is not None else {}, format="json", **extra)


def create_customer(client, **data: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    data.setdefault("name", "林小美")
    response = client.post("/api/v1/customers/", data, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def create_card_type(client, **data: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    data.setdefault("name", "儲值卡")
    data.setdefault("kind", "stored_value")
    response = client.post("/api/v1/card-types/", data, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def issue_card(client, customer_id: int, card_type_id: int, **data: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/v1/cards/", {"customer": customer_id, "card_type": card_type_id, **data}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def top_up(client, card_id: int, amount: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client.post(f"/api/v1/cards/{card_id}/top-up/", {"amount": amount}, format="json", **key())
    assert response.status_code == 201, response.content
    return response.json()


def stored_value_card(client, amount: str | None = "1000") -> tuple[dict[str, Any], dict[str, Any]]:  # type: ignore[no-untyped-def]
    """(customer, card) of a new member with a stored-value card, topped up with ``amount``."""
    customer = create_customer(client, phone="0912 345 678")
    card_type = create_card_type(client)
    card = issue_card(client, customer["id"], card_type["id"])
    if amount:
        top_up(client, card["id"], amount)
    return customer, card


def count_rows(tenant: Any, *models: Any) -> tuple[int, ...]:
    with schema_context(tenant.schema_name):
        return tuple(model.objects.count() for model in models)


def dec(value: str) -> Decimal:
    return Decimal(value)
