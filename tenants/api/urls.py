from django.urls import path

from tenants.api import views

urlpatterns = [
    path("signup/", views.SignupView.as_view(), name="signup"),
    path("signup/options/", views.SignupOptionsView.as_view(), name="signup-options"),
    path("signup/check-subdomain/", views.SubdomainCheckView.as_view(), name="signup-check-subdomain"),
]
