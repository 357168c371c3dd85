"""API routes of this app; included under /api/v1/ by huiyuan.urls_tenant."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from inventory.api import purchasing_views, stocktake_views, views

router = SimpleRouter(use_regex_path=False)
router.register("stock/movements", views.MovementViewSet, basename="stock-movement")
router.register("stock/transfers", views.TransferViewSet, basename="stock-transfer")
router.register("stock/levels", views.StockLevelViewSet, basename="stock-level")
router.register("stock", views.StockViewSet, basename="stock")
router.register("suppliers", purchasing_views.SupplierViewSet, basename="supplier")
router.register("purchase-orders", purchasing_views.PurchaseOrderViewSet, basename="purchase-order")
router.register("stocktakes", stocktake_views.StocktakeViewSet, basename="stocktake")

urlpatterns: list = [
    path("stock/settings/", views.InventorySettingsView.as_view(), name="inventory-settings"),
    *router.urls,
]
