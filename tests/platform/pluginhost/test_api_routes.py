"""register_api_routes: views under /api/v1/ext/<plugin>/, answered only where the plugin is enabled.

URL patterns are built when the URLconf is imported, so the fixture reloads it after registering
the test plugin and again after unregistering it.
"""

from __future__ import annotations

import importlib

import pytest
from django.http import JsonResponse
from django.urls import NoReverseMatch, clear_url_caches, reverse

import huiyuan.urls_tenant
import pluginhost.urls
from huiyuan import hookimpl
from pluginhost import calls, manager
from pluginhost.types import ApiRoute
from tenants.models import TenantPlugin
from tests.conftest import make_client


def ping(request):  # type: ignore[no-untyped-def]
    return JsonResponse({"pong": True, "schema": request.tenant.schema_name})


def square(request, n: int):  # type: ignore[no-untyped-def]
    return JsonResponse({"square": n * n})


class RoutesPlugin:
    @hookimpl
    def register_api_routes(self) -> list[ApiRoute]:
        return [ApiRoute("ping/", ping, "ping"), ApiRoute("square/<int:n>/", square, "square")]


def reload_urls() -> None:
    importlib.reload(pluginhost.urls)
    importlib.reload(huiyuan.urls_tenant)
    clear_url_caches()


@pytest.fixture
def routes_plugin():  # type: ignore[no-untyped-def]
    manager.register_plugin(RoutesPlugin(), "testroutes")
    reload_urls()
    yield
    manager.unregister_plugin("testroutes")
    reload_urls()


def test_routes_of_installed_plugins_are_collected(routes_plugin):
    assert [(plugin, route.name) for plugin, route in calls.api_routes()] == [
        ("testroutes", "ping"),
        ("testroutes", "square"),
    ]
    assert reverse("ext-testroutes-ping") == "/api/v1/ext/testroutes/ping/"
    assert reverse("ext-testroutes-square", kwargs={"n": 3}) == "/api/v1/ext/testroutes/square/3/"


def test_route_answers_where_enabled_and_404_elsewhere(tenant_a, tenant_b, routes_plugin):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testroutes", enabled=True)
    response = make_client("alpha").get("/api/v1/ext/testroutes/ping/")
    assert response.status_code == 200
    assert response.json() == {"pong": True, "schema": tenant_a.schema_name}
    assert make_client("alpha").get("/api/v1/ext/testroutes/square/12/").json() == {"square": 144}

    assert make_client("beta").get("/api/v1/ext/testroutes/ping/").status_code == 404
    TenantPlugin.objects.create(tenant=tenant_b, plugin="testroutes", enabled=False)
    assert make_client("beta").get("/api/v1/ext/testroutes/ping/").status_code == 404
    assert make_client("beta").get("/api/v1/ext/testroutes/square/2/").status_code == 404


def test_routes_disappear_when_the_plugin_is_uninstalled(tenant_a, routes_plugin):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testroutes", enabled=True)
    assert make_client("alpha").get("/api/v1/ext/testroutes/ping/").status_code == 200
    manager.unregister_plugin("testroutes")
    reload_urls()
    assert make_client("alpha").get("/api/v1/ext/testroutes/ping/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("ext-testroutes-ping")


def test_route_names_are_unique_per_plugin_not_globally():
    """URLs carry the plugin name, so two plugins may both call a route "list"; one plugin twice may not."""
    from django.core.exceptions import ImproperlyConfigured

    from huiyuan import hookimpl
    from pluginhost.manager import register_plugin, unregister_plugin
    from pluginhost.types import ApiRoute

    def view(request):  # type: ignore[no-untyped-def]
        return None

    class One:
        @hookimpl
        def register_api_routes(self):  # type: ignore[no-untyped-def]
            return [ApiRoute("items/", view, "list")]

    class Two:
        @hookimpl
        def register_api_routes(self):  # type: ignore[no-untyped-def]
            return [ApiRoute("things/", view, "list")]

    class Twice:
        @hookimpl
        def register_api_routes(self):  # type: ignore[no-untyped-def]
            return [ApiRoute("a/", view, "dup"), ApiRoute("b/", view, "dup")]

    register_plugin(One(), "routeone")
    try:
        register_plugin(Two(), "routetwo")
        unregister_plugin("routetwo")
        with pytest.raises(ImproperlyConfigured, match="dup"):
            register_plugin(Twice(), "routetwice")
    finally:
        unregister_plugin("routeone")
        unregister_plugin("routetwo")
        unregister_plugin("routetwice")
