"""Support access on a shop's host (included in huiyuan.urls_tenant under /api/v1/)."""

from django.urls import path

from vendor.api import tenant_views

urlpatterns = [
    path("support-access/", tenant_views.SupportAccessListView.as_view(), name="support-access"),
    path(
        "support-access/active/", tenant_views.SupportAccessActiveView.as_view(), name="support-access-active"
    ),
    path(
        "support-access/<int:pk>/revoke/",
        tenant_views.SupportAccessRevokeView.as_view(),
        name="support-access-revoke",
    ),
    path("support-access/enter/", tenant_views.enter, name="support-access-enter"),
]
