"""GET /healthz: answered on any host (before tenant routing), 200 when healthy, 503 with JSON when not."""

from __future__ import annotations

import json
import socket

import pytest
from django.test import Client

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def redis_reachable() -> bool:
    try:
        import redis

        return bool(
            redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_timeout=1, socket_connect_timeout=1).ping()
        )
    except Exception:
        return False


def healthz(host: str):  # type: ignore[no-untyped-def]
    response = Client(HTTP_HOST=host).get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


@pytest.mark.parametrize(
    "host",
    [
        "localhost",  # public site
        "alpha.localhost",  # a shop
        "no-such-shop.localhost",  # unknown subdomain: would be the friendly 404 anywhere else
        "10.1.2.3",  # a load balancer probing by IP: not even an allowed host
    ],
)
def test_healthz_ok_on_any_host(db, settings, host: str) -> None:  # type: ignore[no-untyped-def]
    settings.REDIS_URL = ""
    response, body = healthz(host)
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok"}
    assert isinstance(body["ms"], int | float)


def test_other_paths_on_unknown_host_are_not_answered_by_health_check(db) -> None:  # type: ignore[no-untyped-def]
    response = Client(HTTP_HOST="no-such-shop.localhost").get("/healthz/extra")
    assert response.status_code == 404
    assert "application/json" not in response["Content-Type"]


@pytest.fixture
def unreachable_database():  # type: ignore[no-untyped-def]
    """A real database connection to a closed port (same engine and credentials as the tests)."""
    from django.db import connection
    from django.db.utils import load_backend

    with socket.socket() as probe:  # find a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings_dict = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": str(port)}
    settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "connect_timeout": 2}
    broken = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="healthz-broken")
    yield broken
    broken.close()


def test_healthz_503_when_database_is_down(db, settings, monkeypatch, unreachable_database) -> None:  # type: ignore[no-untyped-def]
    settings.REDIS_URL = ""
    monkeypatch.setattr("core.middleware.connection", unreachable_database)
    response, body = healthz("alpha.localhost")
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["database"].startswith("error: ")
    assert body["checks"]["database"] == "error: OperationalError"


def test_healthz_reports_redis_ok(db, settings) -> None:  # type: ignore[no-untyped-def]
    if not redis_reachable():
        pytest.skip(f"no Redis at {REDIS_HOST}:{REDIS_PORT}")
    settings.REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/0"
    response, body = healthz("localhost")
    assert response.status_code == 200, body
    assert body["checks"] == {"database": "ok", "redis": "ok"}


def test_healthz_503_when_redis_is_down(db, settings) -> None:  # type: ignore[no-untyped-def]
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response, body = healthz("beta.localhost")
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("error: ")
