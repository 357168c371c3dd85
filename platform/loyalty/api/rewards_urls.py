"""Routes of points, tiers and coupons; included under /api/v1/ next to loyalty.api.urls."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from loyalty.api import coupons, points, tiers

router = SimpleRouter(use_regex_path=False)
router.register("points/rules", points.PointsRuleViewSet, basename="points-rule")
router.register("tiers", tiers.TierViewSet, basename="tier")
router.register("coupon-templates", coupons.CouponTemplateViewSet, basename="coupon-template")

urlpatterns: list = [
    path("points/settings/", points.PointsSettingsView.as_view(), name="points-settings"),
    path("points/preview/", points.PointsPreviewView.as_view(), name="points-preview"),
    path(
        "points/reservations/<int:pk>/release/",
        points.ReservationActionView.as_view(operation="release"),
        name="points-reservation-release",
    ),
    path(
        "points/reservations/<int:pk>/confirm/",
        points.ReservationActionView.as_view(operation="confirm"),
        name="points-reservation-confirm",
    ),
    path(
        "points/transactions/<int:pk>/reverse/",
        points.PointsReverseView.as_view(),
        name="points-transaction-reverse",
    ),
    path("customers/<int:customer_id>/points/", points.CustomerPointsView.as_view(), name="customer-points"),
    path(
        "customers/<int:customer_id>/points/earn/",
        points.CustomerPointsEarnView.as_view(),
        name="customer-points-earn",
    ),
    path(
        "customers/<int:customer_id>/points/redeem/",
        points.CustomerPointsRedeemView.as_view(),
        name="customer-points-redeem",
    ),
    path(
        "customers/<int:customer_id>/points/reservations/",
        points.CustomerReservationsView.as_view(),
        name="customer-points-reservations",
    ),
    path("tiers/settings/", tiers.TierSettingsView.as_view(), name="tier-settings"),
    path("customers/<int:customer_id>/tier/", tiers.CustomerTierView.as_view(), name="customer-tier"),
    path("customers/<int:customer_id>/spend/", tiers.CustomerSpendView.as_view(), name="customer-spend"),
    path("coupons/", coupons.CouponListView.as_view(), name="coupon-list"),
    path("coupons/<str:code>/", coupons.CouponDetailView.as_view(), name="coupon-detail"),
    path("coupons/<str:code>/preview/", coupons.CouponPreviewView.as_view(), name="coupon-preview"),
    path("coupons/<str:code>/use/", coupons.CouponUseView.as_view(), name="coupon-use"),
    path("coupons/<str:code>/void/", coupons.CouponVoidView.as_view(operation="void"), name="coupon-void"),
    path(
        "coupons/<str:code>/restore/",
        coupons.CouponVoidView.as_view(operation="restore"),
        name="coupon-restore",
    ),
    *router.urls,
]
