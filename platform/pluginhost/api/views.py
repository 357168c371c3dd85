from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pluginhost.calls import cashier_modes, enabled_plugin_names
from pluginhost.manager import plugin_infos


class PluginListView(APIView):
    @extend_schema(responses={200: dict}, summary="Installed plugins, their versions and enablement here")
    def get(self, request: Request) -> Response:
        enabled = enabled_plugin_names(request.tenant)
        return Response(
            {
                "plugins": [
                    {
                        "name": info.name,
                        "version": info.version,
                        "default": info.default,
                        "enabled": info.name in enabled,
                        "description": info.description,
                    }
                    for info in sorted(plugin_infos().values(), key=lambda i: (not i.default, i.name))
                ],
                "cashier_modes": [
                    {"key": m.key, "label": str(m.label), "icon": m.icon, "order": m.order}
                    for m in cashier_modes(request.tenant)
                ],
            }
        )
