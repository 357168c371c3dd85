"""API routes of this app; included under /api/v1/ by huiyuan.urls_tenant."""

from rest_framework.routers import SimpleRouter

from inventory.api import views

router = SimpleRouter(use_regex_path=False)
router.register("stock/movements", views.MovementViewSet, basename="stock-movement")
router.register("stock/transfers", views.TransferViewSet, basename="stock-transfer")
router.register("stock", views.StockViewSet, basename="stock")

urlpatterns: list = [*router.urls]
