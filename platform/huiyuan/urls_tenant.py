"""URLs of a shop (tenant host)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.api.views import handoff
from core.media import tenant_media
from core.views import service_worker, spa

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("vendor.api.tenant_urls")),  # support access (owner list/revoke, banner, entry)
    path("", include("pluginhost.urls")),
    path("", include("members.api.import_urls")),  # before members.api.urls: customers/<pk>/ is greedy
    path("", include("members.api.urls")),
    path("", include("loyalty.api.urls")),
    path("", include("loyalty.api.rewards_urls")),
    path("", include("catalog.api.urls")),
    path("", include("inventory.api.urls")),
    path("", include("orders.api.urls")),
    path("", include("expenses.api.urls")),
    path("", include("dashboard.api.urls")),
    path("", include("tenants.api.shop_urls")),
    path("", include("billing.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("auth/handoff/", handoff, name="auth-handoff"),
    # Uploaded files of this shop, for its signed-in staff (before the SPA catch-all).
    path("media/<path:path>", tenant_media, name="tenant-media"),
    path("sw.js", service_worker, name="service-worker"),  # the till's offline worker, scope "/"
    re_path(r"^(?!api/|static/|media/).*$", spa, name="spa"),
]
