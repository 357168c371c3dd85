"""URLs of the public site: marketing pages, sign-up, vendor admin."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.views import spa

api_v1 = [
    path("", include("tenants.api.urls")),
    path("schema/", SpectacularAPIView.as_view(urlconf="huiyuan.urls_public"), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("", include("vendor.urls")),  # the vendor console API, /api/v1/vendor/
    path("", include("billing.urls_public")),  # POST /billing/webhook/ (Stripe)
    re_path(r"^(?!api/|static/|media/|admin/).*$", spa, name="spa"),
]
