"""GET /sw.js on a shop's host: the till's offline service worker, from the root so its scope is "/"."""

from __future__ import annotations

from django.test import Client

WORKER = b"self.addEventListener('fetch', () => {});\n"


def test_service_worker_is_served_from_the_root_with_its_headers(tenant_a, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.FRONTEND_DIST = tmp_path
    (tmp_path / "sw.js").write_bytes(WORKER)

    response = Client(HTTP_HOST="alpha.localhost").get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert response.content == WORKER  # no session needed: the browser fetches it on its own


def test_service_worker_is_not_the_spa_when_the_frontend_is_not_built(tenant_a, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.FRONTEND_DIST = tmp_path  # no sw.js in it

    response = Client(HTTP_HOST="alpha.localhost").get("/sw.js")

    assert response.status_code == 404
    assert not response["Content-Type"].startswith("text/html")


def test_service_worker_refuses_writes(tenant_a, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.FRONTEND_DIST = tmp_path
    (tmp_path / "sw.js").write_bytes(WORKER)

    assert Client(HTTP_HOST="alpha.localhost").post("/sw.js").status_code == 405
