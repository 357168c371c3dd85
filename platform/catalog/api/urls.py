"""API routes of this app; included under /api/v1/ by huiyuan.urls_tenant."""

from rest_framework.routers import SimpleRouter

from catalog.api import views

router = SimpleRouter(use_regex_path=False)
router.register("stores", views.StoreViewSet, basename="store")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("products", views.ProductViewSet, basename="product")

urlpatterns: list = [*router.urls]
