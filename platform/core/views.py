"""Serves the single-page app with a small bootstrap object describing the site and tenant."""

from __future__ import annotations

import json
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.utils import translation
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from pluginhost.manager import CORE_VERSION


@lru_cache(maxsize=1)
def _index_html(mtime: float) -> str:
    return (settings.FRONTEND_DIST / "index.html").read_text(encoding="utf-8")


def _load_index() -> str | None:
    index = settings.FRONTEND_DIST / "index.html"
    if not index.exists():
        return None
    return _index_html(index.stat().st_mtime)


@ensure_csrf_cookie
def spa(request: HttpRequest) -> HttpResponse:
    tenant = getattr(request, "tenant", None)
    is_public = tenant is None or tenant.schema_name == settings.PUBLIC_SCHEMA_NAME
    user = getattr(request, "user", None)
    language = (
        (
            user.language
            if user is not None and user.is_authenticated and getattr(user, "language", "")
            else ""
        )
        or (None if is_public else tenant.language)
        or translation.get_language()
    )
    boot = {
        "site": "public" if is_public else "tenant",
        "tenant": None if is_public else {"name": tenant.name, "subdomain": tenant.subdomain},
        "baseDomain": settings.BASE_DOMAIN,
        "language": language,
        "version": CORE_VERSION,
    }
    html = _load_index()
    if html is None:
        return HttpResponse(
            "<h1>Huiyuan</h1><p>The frontend is not built yet: run <code>make run</code>.</p>", status=503
        )
    payload = json.dumps(boot, ensure_ascii=False).replace("</", "<\\/")
    script = f"<script>window.__HUIYUAN__ = {payload};</script>"
    return HttpResponse(html.replace("</head>", f"{script}</head>", 1))


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The till's offline service worker (frontend/src/cashier/sw.js, built into dist/sw.js).

    Served from the root, not /static/app/, so that it may control the whole shop host (its scope
    is "/"), and never cached by the browser, so that a new build's worker is picked up at once.
    """
    worker = settings.FRONTEND_DIST / "sw.js"
    if not worker.is_file():
        return HttpResponseNotFound("The frontend is not built yet.", content_type="text/plain")
    response = HttpResponse(worker.read_bytes(), content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
