"""Vendor console API, mounted on the public host only (huiyuan.urls_public)."""

from django.urls import include, path

from vendor.api import views

api = [
    path("auth/session/", views.SessionView.as_view(), name="vendor-session"),
    path("auth/login/", views.LoginView.as_view(), name="vendor-login"),
    path("auth/enrollment/", views.EnrollmentView.as_view(), name="vendor-enrollment"),
    path("auth/verify/", views.VerifyView.as_view(), name="vendor-verify"),
    path("auth/logout/", views.LogoutView.as_view(), name="vendor-logout"),
    path("auth/recovery-codes/", views.RecoveryCodesView.as_view(), name="vendor-recovery-codes"),
    path("options/", views.OptionsView.as_view(), name="vendor-options"),
    path("metrics/", views.MetricsView.as_view(), name="vendor-metrics"),
    path("tenants/", views.TenantListView.as_view(), name="vendor-tenants"),
    path("tenants/<int:pk>/", views.TenantDetailView.as_view(), name="vendor-tenant"),
    path("tenants/<int:pk>/suspend/", views.SuspendView.as_view(), name="vendor-tenant-suspend"),
    path("tenants/<int:pk>/resume/", views.ResumeView.as_view(), name="vendor-tenant-resume"),
    path("tenants/<int:pk>/plugins/", views.PluginView.as_view(), name="vendor-tenant-plugins"),
    path("tenants/<int:pk>/exports/", views.TenantExportsView.as_view(), name="vendor-tenant-exports"),
    path("tenants/<int:pk>/deletion/", views.DeletionView.as_view(), name="vendor-tenant-deletion"),
    path(
        "tenants/<int:pk>/deletion/cancel/",
        views.DeletionCancelView.as_view(),
        name="vendor-tenant-deletion-cancel",
    ),
    path("tenants/<int:pk>/support/", views.SupportGrantCreateView.as_view(), name="vendor-tenant-support"),
    path("exports/<int:pk>/", views.ExportDetailView.as_view(), name="vendor-export"),
    path("exports/<int:pk>/download/", views.ExportDownloadView.as_view(), name="vendor-export-download"),
    path("support-grants/", views.SupportGrantListView.as_view(), name="vendor-support-grants"),
    path(
        "support-grants/<int:pk>/enter/", views.SupportGrantEnterView.as_view(), name="vendor-support-enter"
    ),
    path("support-grants/<int:pk>/end/", views.SupportGrantEndView.as_view(), name="vendor-support-end"),
]

urlpatterns = [path("api/v1/vendor/", include(api))]
