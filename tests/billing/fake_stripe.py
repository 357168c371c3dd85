"""An in-process fake of Stripe's HTTP layer, plugged into the official ``StripeClient``.

``FakeStripe`` subclasses ``stripe.HTTPClient``: the real library builds every request (URL, form
encoding, headers, idempotency keys, retries) and parses every response into StripeObjects; only
the network is replaced. Each request is recorded (method, path, flat form body, Idempotency-Key)
and failures can be scripted (HTTP 402/409/500 or a connection error) for the next N matching
requests. A small in-memory store answers the endpoints billing uses.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import stripe

WEBHOOK_SECRET = "whsec_test_secret"


@dataclass
class Recorded:
    method: str
    path: str
    params: dict[str, str]
    idempotency_key: str | None
    status: int = 0

    def nested(self) -> dict[str, Any]:
        return unflatten(self.params)


@dataclass
class Failure:
    method: str
    path_pattern: str
    status: int | None  # None: connection error
    times: int
    body: dict[str, Any] = field(default_factory=dict)


def unflatten(flat: dict[str, str]) -> dict[str, Any]:
    """``{"items[0][quantity]": "3"}`` → ``{"items": {"0": {"quantity": "3"}}}`` (lists stay dicts)."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        parts = re.findall(r"[^\[\]]+", key)
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


class FakeStripe(stripe.HTTPClient):
    name = "fake"

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[Recorded] = []
        self.failures: list[Failure] = []
        self.ids = itertools.count(1)
        self.store: dict[str, dict[str, Any]] = {}
        self.idempotent: dict[str, tuple[str, str, dict[str, str], tuple[str, int]]] = {}
        self.now = int(time.time())

    # --- scripting ------------------------------------------------------------------------------
    def fail(
        self, method: str, path_pattern: str, status: int | None = 500, times: int = 1, **body: Any
    ) -> None:
        self.failures.append(Failure(method.upper(), path_pattern, status, times, body))

    def heal(self) -> None:
        self.failures.clear()

    def calls(self, method: str | None = None, path: str | None = None) -> list[Recorded]:
        return [
            r
            for r in self.requests
            if (method is None or r.method == method.upper()) and (path is None or re.fullmatch(path, r.path))
        ]

    # --- stripe.HTTPClient ----------------------------------------------------------------------
    def _sleep_time_seconds(self, num_retries: int) -> float:
        return 0.0  # the library's retry backoff, without waiting in tests

    def request(self, method, url, headers, post_data=None, *, _usage=None):  # type: ignore[no-untyped-def]
        method = method.upper()
        parts = urlsplit(url)
        params = dict(parse_qsl(post_data or "", keep_blank_values=True)) if post_data else {}
        if parts.query:
            params.update(dict(parse_qsl(parts.query, keep_blank_values=True)))
        key = None
        for name, value in (headers or {}).items():
            if name.lower() == "idempotency-key":
                key = value
        record = Recorded(method, parts.path, params, key)
        self.requests.append(record)

        for failure in self.failures:
            if (
                failure.times > 0
                and failure.method == method
                and re.fullmatch(failure.path_pattern, parts.path)
            ):
                failure.times -= 1
                if failure.status is None:
                    raise stripe.APIConnectionError("fake: connection refused", should_retry=True)
                record.status = failure.status
                error = {"type": "api_error", "message": f"fake {failure.status}", **failure.body}
                if failure.status == 402:
                    error.setdefault("type", "card_error")
                    error["type"] = failure.body.get("type", "card_error")
                return json.dumps({"error": error}), failure.status, {"Request-Id": "req_fake"}

        if key and method == "POST" and key in self.idempotent:
            seen_method, seen_path, seen_params, response = self.idempotent[key]
            if (seen_method, seen_path, seen_params) != (method, parts.path, params):
                record.status = 400
                body = {
                    "error": {
                        "type": "idempotency_error",
                        "message": "Keys for idempotent requests "
                        "can only be used with the same parameters they were first used with.",
                    }
                }
                return json.dumps(body), 400, {"Request-Id": "req_fake"}
            record.status = response[1]
            return response[0], response[1], {"Request-Id": "req_fake", "Idempotent-Replayed": "true"}

        body, status = self.route(method, parts.path, unflatten(params))
        record.status = status
        response = (json.dumps(body), status)
        if key and method == "POST" and status < 500:
            self.idempotent[key] = (method, parts.path, params, response)
        return response[0], response[1], {"Request-Id": "req_fake"}

    def request_stream(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def close(self) -> None:
        pass

    # --- the store ------------------------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self.ids)}"

    def put(self, obj: dict[str, Any]) -> dict[str, Any]:
        self.store[obj["id"]] = obj
        return obj

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [o for o in self.store.values() if o.get("object") == kind]

    def not_found(self, path: str) -> tuple[dict[str, Any], int]:
        return {"error": {"type": "invalid_request_error", "message": f"No such object: {path}"}}, 404

    def route(self, method: str, path: str, p: dict[str, Any]) -> tuple[dict[str, Any], int]:
        segments = path.strip("/").split("/")[1:]  # drop "v1"
        resource = "/".join(s for s in segments if not re.match(r"^[a-z]+_fake\d+$", s))
        obj_id = next((s for s in segments if re.match(r"^[a-z]+_fake\d+$", s)), None)
        suffix = "_one" if obj_id is not None else ""
        handler = getattr(self, f"{method.lower()}_{resource.replace('/', '_')}{suffix}", None)
        if handler is None:
            return self.not_found(path)
        if obj_id is not None:
            if obj_id not in self.store:
                return self.not_found(path)
            return handler(self.store[obj_id], p)
        return handler(p)

    @staticmethod
    def _list(items: list[dict[str, Any]], url: str) -> dict[str, Any]:
        return {"object": "list", "data": items, "has_more": False, "url": url}

    # customers
    def post_customers(self, p):  # type: ignore[no-untyped-def]
        customer = {
            "id": self.new_id("cus"),
            "object": "customer",
            "name": p.get("name"),
            "email": p.get("email"),
            "metadata": p.get("metadata", {}),
        }
        return self.put(customer), 200

    # products and prices
    def post_products(self, p):  # type: ignore[no-untyped-def]
        product = {
            "id": self.new_id("prod"),
            "object": "product",
            "name": p["name"],
            "active": p.get("active", "true") == "true",
            "metadata": p.get("metadata", {}),
        }
        return self.put(product), 200

    def get_products_one(self, product, p):  # type: ignore[no-untyped-def]
        return product, 200

    def post_products_one(self, product, p):  # type: ignore[no-untyped-def]
        if "name" in p:
            product["name"] = p["name"]
        if "active" in p:
            product["active"] = p["active"] == "true"
        return product, 200

    def get_products_search(self, p):  # type: ignore[no-untyped-def]
        match = re.search(r"metadata\['(\w+)'\]:'([^']*)'", p.get("query", ""))
        found = [o for o in self.of("product") if match and o["metadata"].get(match[1]) == match[2]]
        return {
            "object": "search_result",
            "data": found,
            "has_more": False,
            "url": "/v1/products/search",
        }, 200

    def post_prices(self, p):  # type: ignore[no-untyped-def]
        price = {
            "id": self.new_id("price"),
            "object": "price",
            "product": p["product"],
            "currency": p["currency"],
            "unit_amount": int(p["unit_amount"]),
            "active": True,
            "type": "recurring",
            "recurring": {"interval": p["recurring"]["interval"], "usage_type": p["recurring"]["usage_type"]},
            "metadata": p.get("metadata", {}),
        }
        return self.put(price), 200

    def get_prices_one(self, price, p):  # type: ignore[no-untyped-def]
        return price, 200

    def post_prices_one(self, price, p):  # type: ignore[no-untyped-def]
        if "active" in p:
            price["active"] = p["active"] == "true"
        return price, 200

    # portal
    def get_billing_portal_configurations(self, p):  # type: ignore[no-untyped-def]
        return self._list(self.of("billing_portal.configuration"), "/v1/billing_portal/configurations"), 200

    def post_billing_portal_configurations(self, p):  # type: ignore[no-untyped-def]
        config = {
            "id": self.new_id("bpc"),
            "object": "billing_portal.configuration",
            "active": True,
            "features": p["features"],
            "metadata": p.get("metadata", {}),
        }
        return self.put(config), 200

    def post_billing_portal_sessions(self, p):  # type: ignore[no-untyped-def]
        session_id = self.new_id("bps")
        return self.put(
            {
                "id": session_id,
                "object": "billing_portal.session",
                "customer": p["customer"],
                "configuration": p.get("configuration"),
                "return_url": p.get("return_url"),
                "url": f"https://billing.stripe.test/p/session/{session_id}",
            }
        ), 200

    # checkout
    def post_checkout_sessions(self, p):  # type: ignore[no-untyped-def]
        session_id = self.new_id("cs")
        return self.put(
            {
                "id": session_id,
                "object": "checkout.session",
                "mode": p["mode"],
                "customer": p.get("customer"),
                "client_reference_id": p.get("client_reference_id"),
                "line_items_params": p["line_items"],
                "subscription_data": p.get("subscription_data", {}),
                "metadata": p.get("metadata", {}),
                "status": "open",
                "subscription": None,
                "url": f"https://checkout.stripe.test/c/pay/{session_id}",
            }
        ), 200

    def complete_checkout(self, session_id: str, status: str | None = None) -> dict[str, Any]:
        """What Stripe does when the customer pays: create the subscription, close the session."""
        session = self.store[session_id]
        line = session["line_items_params"]["0"]
        price = self.store[line["price"]]
        trial_end = session["subscription_data"].get("trial_end")
        subscription = self.put(
            {
                "id": self.new_id("sub"),
                "object": "subscription",
                "customer": session["customer"],
                "status": status or ("trialing" if trial_end else "active"),
                "trial_end": int(trial_end) if trial_end else None,
                "canceled_at": None,
                "ended_at": None,
                "cancel_at_period_end": False,
                "metadata": session["subscription_data"].get("metadata", {}),
                "items": {
                    "object": "list",
                    "data": [
                        {
                            "id": self.new_id("si"),
                            "object": "subscription_item",
                            "quantity": int(line["quantity"]),
                            "price": price,
                            "current_period_end": self.now + 30 * 86400,
                        }
                    ],
                    "has_more": False,
                    "url": "/v1/subscription_items",
                },
            }
        )
        session.update(status="complete", subscription=subscription["id"])
        return subscription

    # subscriptions
    def get_subscriptions_one(self, sub, p):  # type: ignore[no-untyped-def]
        return sub, 200

    def post_subscriptions_one(self, sub, p):  # type: ignore[no-untyped-def]
        for item_params in p.get("items", {}).values():
            for item in sub["items"]["data"]:
                if item["id"] == item_params["id"] and "quantity" in item_params:
                    item["quantity"] = int(item_params["quantity"])
        return sub, 200

    def set_subscription(self, sub_id: str, **changes: Any) -> dict[str, Any]:
        self.store[sub_id].update(changes)
        return self.store[sub_id]

    # invoices
    def post_invoices_create_preview(self, p):  # type: ignore[no-untyped-def]
        sub = self.store.get(p.get("subscription", ""))
        if sub is None:
            return self.not_found("subscription")
        item = sub["items"]["data"][0]
        amount = item["quantity"] * item["price"]["unit_amount"]
        return {
            "object": "invoice",
            "id": None,
            "customer": sub["customer"],
            "currency": item["price"]["currency"],
            "amount_due": amount,
            "total": amount,
            "period_end": item["current_period_end"],
            "next_payment_attempt": item["current_period_end"],
        }, 200

    def add_invoice(self, sub_id: str, status: str = "paid", amount: int = 30000) -> dict[str, Any]:
        sub = self.store[sub_id]
        currency = sub["items"]["data"][0]["price"]["currency"]
        return self.put(
            {
                "id": self.new_id("in"),
                "object": "invoice",
                "customer": sub["customer"],
                "status": status,
                "number": f"HY-{next(self.ids):04d}",
                "currency": currency,
                "total": amount,
                "amount_due": amount,
                "amount_paid": amount if status == "paid" else 0,
                "created": self.now,
                "period_start": self.now,
                "period_end": self.now + 30 * 86400,
                "hosted_invoice_url": "https://invoice.stripe.test/i/1",
                "invoice_pdf": "https://invoice.stripe.test/i/1.pdf",
                "parent": {"type": "subscription_details", "subscription_details": {"subscription": sub_id}},
            }
        )

    def get_invoices(self, p):  # type: ignore[no-untyped-def]
        found = [i for i in self.of("invoice") if i["customer"] == p.get("customer")]
        return self._list(found, "/v1/invoices"), 200


# --- webhooks -------------------------------------------------------------------------------------
_event_ids = itertools.count(1)


def event(event_type: str, obj: dict[str, Any], created: int | None = None) -> dict[str, Any]:
    return {
        "id": f"evt_fake{next(_event_ids)}_{int(time.time() * 1000)}",
        "object": "event",
        "type": event_type,
        "created": created if created is not None else int(time.time()),
        "livemode": False,
        "api_version": "2026-10-28.endive",
        "data": {"object": json.loads(json.dumps(obj))},
    }


def sign(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
