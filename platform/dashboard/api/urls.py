from django.urls import path

from dashboard.api import views

urlpatterns = [path("dashboard/", views.dashboard, name="dashboard")]
