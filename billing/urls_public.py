"""Public-host billing routes (Stripe webhooks)."""

from django.urls import path

from billing.views_webhook import stripe_webhook

urlpatterns = [path("billing/webhook/", stripe_webhook, name="billing-webhook")]
