"""Plugin API routes: mounted for every installed plugin, answered only where it is enabled."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.http import Http404
from django.urls import URLPattern, path

from pluginhost.api.views import PluginListView
from pluginhost.calls import api_routes, enabled_plugin_names


def only_where_enabled(plugin: str, view: Any) -> Any:
    @wraps(view)
    def wrapper(request, *args, **kwargs):  # type: ignore[no-untyped-def]
        if plugin not in enabled_plugin_names(getattr(request, "tenant", None)):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def plugin_route_patterns() -> list[URLPattern]:
    return [
        path(
            f"ext/{plugin}/{route.path}",
            only_where_enabled(plugin, route.view),
            name=f"ext-{plugin}-{route.name}",
        )
        for plugin, route in api_routes()
    ]


urlpatterns = [path("plugins/", PluginListView.as_view(), name="plugin-list"), *plugin_route_patterns()]
