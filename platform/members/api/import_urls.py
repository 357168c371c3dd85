"""Import, export and merge routes; included under /api/v1/ *before* ``members.api.urls`` (whose
``customers/<pk>/`` route would otherwise catch ``customers/import/``)."""

from django.urls import path

from members.api import import_views

urlpatterns = [
    path("customers/import/", import_views.CustomerImportView.as_view(), name="customer-import"),
    path("customers/export/", import_views.CustomerExportView.as_view(), name="customer-export"),
    path("customers/<int:pk>/merge/", import_views.CustomerMergeView.as_view(), name="customer-merge"),
]
