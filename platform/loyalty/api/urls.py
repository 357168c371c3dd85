"""API routes of this app; included under /api/v1/ by huiyuan.urls_tenant."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from loyalty.api import views

router = SimpleRouter(use_regex_path=False)
router.register("card-types", views.CardTypeViewSet, basename="card-type")
router.register("top-up-rules", views.TopUpRuleViewSet, basename="top-up-rule")
router.register("cards", views.CardViewSet, basename="card")

urlpatterns: list = [
    *router.urls,
    path(
        "ledger-transactions/<int:pk>/refund/", views.RefundView.as_view(), name="ledger-transaction-refund"
    ),
    path("audit-log/", views.AuditLogView.as_view(), name="audit-log"),
    path("loyalty-settings/", views.LoyaltySettingsView.as_view(), name="loyalty-settings"),
]
