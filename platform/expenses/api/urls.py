"""API routes of this app; included under /api/v1/ by huiyuan.urls_tenant."""

from rest_framework.routers import SimpleRouter

from expenses.api import views

router = SimpleRouter(use_regex_path=False)
router.register("expense-categories", views.ExpenseCategoryViewSet, basename="expense-category")
router.register("expenses", views.ExpenseViewSet, basename="expense")

urlpatterns: list = [*router.urls]
