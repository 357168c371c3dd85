"""Request-wide middleware: health checks before tenant routing, and per-request context."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse


def check_health() -> tuple[bool, dict[str, str]]:
    checks: dict[str, str] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:
        healthy = False
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            healthy = False
            checks["redis"] = f"error: {exc.__class__.__name__}"
    return healthy, checks


class HealthCheckMiddleware:
    """Answers /healthz on any host (load balancers probe by IP), before tenant routing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path != "/healthz":
            return self.get_response(request)
        started = time.monotonic()
        healthy, checks = check_health()
        body = {"status": "ok" if healthy else "error", "checks": checks}
        body["ms"] = round((time.monotonic() - started) * 1000, 1)
        return HttpResponse(json.dumps(body), status=200 if healthy else 503, content_type="application/json")


class RequestContextMiddleware:
    """Tags error reports with the tenant (never with personal data)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.SENTRY_DSN:
            return self.get_response(request)
        from core.observability import report_if_slow, tag_request

        tag_request(request)
        started = time.monotonic()
        response = self.get_response(request)
        report_if_slow(request, response, (time.monotonic() - started) * 1000)
        return response
