"""API routes of the orders app; included under /api/v1/ by huiyuan.urls_tenant."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from orders.api import views

router = SimpleRouter(use_regex_path=False)
router.register("orders", views.OrderViewSet, basename="order")
router.register("timed-sessions", views.TimedSessionViewSet, basename="timed-session")

urlpatterns: list = [
    path("orders/quote/", views.quote, name="order-quote"),
    path("orders/checkout/", views.checkout, name="order-checkout"),
    path("orders/sync/", views.sync, name="order-sync"),
    path("checkout-settings/", views.CheckoutSettingsView.as_view(), name="checkout-settings"),
    path("cashier/bootstrap/", views.bootstrap, name="cashier-bootstrap"),
    path("cashier/members/", views.member_index, name="cashier-members"),
    *router.urls,
]
