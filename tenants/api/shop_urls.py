from django.urls import path

from tenants.api.shop import ShopProfileView

urlpatterns = [path("shop/", ShopProfileView.as_view(), name="shop-profile")]
