"""Offline sync: orders rung up while the till had no connection, sent in batches.

Each order is its own checkout (own transaction), so one bad order does not hold back the rest,
and a batch sent twice, or in a different order, creates each order once: the ``client_id`` is
the order's idempotency key.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.errors import DomainError
from orders.services.checkout import CheckoutResult, checkout

MAX_BATCH = 100


def sync(orders: list[dict[str, Any]], *, actor: Any, render: Any) -> list[dict[str, Any]]:
    """``render`` turns an order into its API representation (kept out of the service)."""
    results = []
    for data in orders:
        client_id = str(data.get("client_id") or "")
        try:
            if not data.get("offline_created_at"):
                message = _("An offline order needs the time it was rung up.")
                raise DomainError(message, fields={"offline_created_at": [message]})
            outcome: CheckoutResult = checkout(data, actor=actor)
        except DomainError as error:
            results.append(
                {
                    "client_id": client_id,
                    "status": "error",
                    "order": None,
                    "error": {
                        "code": error.code,
                        "message": str(error.message),
                        "fields": _plain(error.fields),
                    },
                }
            )
            continue
        results.append(
            {
                "client_id": client_id,
                "status": "created" if outcome.created else "duplicate",
                "order": render(outcome.order),
                "error": None,
            }
        )
    return results


def _plain(fields: dict[str, list[Any]]) -> dict[str, list[str]]:
    return {key: [str(m) for m in messages] for key, messages in fields.items()}
