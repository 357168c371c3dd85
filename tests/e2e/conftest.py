"""Browser tests: a real threaded WSGI server over the test database, driven by headless Chromium.

Data must be committed for the server threads to see it, so these tests use `committed_db` (never
the rolled-back `db` fixture) and clean up the shops they create. They get the test database through
`django_db_setup` (tests/conftest.py), even when a file runs on its own and no test asks for `db`.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in this thread; our ORM calls in tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def live_server_port(django_db_setup, django_db_blocker) -> Iterator[int]:  # type: ignore[no-untyped-def]
    """A threaded server for the whole session. It requests ``django_db_setup`` so that it starts
    only once the test database exists and the settings name it (its threads connect by them)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format, *args):  # type: ignore[no-untyped-def]
            pass

    with django_db_blocker.unblock():
        server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
        server.set_app(WSGIHandler())
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield server.server_address[1]
        finally:
            server.shutdown()
            server.server_close()


@pytest.fixture
def live(live_server_port, committed_db, settings):  # type: ignore[no-untyped-def]
    """Base URLs of the live server; links the app builds point at the same port."""
    settings.PUBLIC_PORT = str(live_server_port)

    class Live:
        port = live_server_port

        @staticmethod
        def url(subdomain: str | None = None, path: str = "/") -> str:
            host = f"{subdomain}.localhost" if subdomain else "localhost"
            return f"http://{host}:{live_server_port}{path}"

    return Live


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
