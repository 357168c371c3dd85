"""API routes of this app; included under /api/v1/ by huiyuan.urls_tenant."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
