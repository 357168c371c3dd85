"""API routes of this app; included under /api/v1/ by huiyuan.urls_tenant."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from members.api import views

router = SimpleRouter(use_regex_path=False)
router.register("customers", views.CustomerViewSet, basename="customer")
router.register("custom-fields", views.CustomFieldDefinitionViewSet, basename="custom-field")

urlpatterns: list = [
    path("customers/<int:pk>/ledger/", views.CustomerLedgerView.as_view(), name="customer-ledger"),
    *router.urls,
]
