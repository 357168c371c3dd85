"""Tenant-host billing routes, included under /api/v1/ (owner only)."""

from django.urls import path

from billing.api import views

urlpatterns = [
    path("billing/", views.BillingSummaryView.as_view(), name="billing-summary"),
    path("billing/invoices/", views.BillingInvoicesView.as_view(), name="billing-invoices"),
    path("billing/checkout/", views.BillingCheckoutView.as_view(), name="billing-checkout"),
    path("billing/portal/", views.BillingPortalView.as_view(), name="billing-portal"),
]
