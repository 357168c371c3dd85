"""The owner's billing API on a tenant host: summary, invoices, Checkout and Portal links."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from billing import services
from billing.api.serializers import BillingRedirectSerializer, BillingSummarySerializer, InvoiceListSerializer
from core.api.permissions import role_required
from tenants.services.signup import tenant_base_url

OWNER = role_required(User.Role.OWNER)


class BillingSummaryView(APIView):
    permission_classes = [OWNER]

    @extend_schema(
        responses={200: BillingSummarySerializer},
        summary="Billing summary (owner)",
        description="`configured` is false when the server has no Stripe key: the page then only "
        "shows the local trial. `next_invoice` comes from Stripe's invoice preview.",
    )
    def get(self, request: Request) -> Response:
        return Response(services.summary(request.tenant))


class BillingInvoicesView(APIView):
    permission_classes = [OWNER]

    @extend_schema(
        responses={200: InvoiceListSerializer},
        summary="Invoice history (owner)",
    )
    def get(self, request: Request) -> Response:
        return Response(services.invoices(request.tenant))


class BillingCheckoutView(APIView):
    permission_classes = [OWNER]

    @extend_schema(
        request=None,
        responses={200: BillingRedirectSerializer},
        summary="Start a subscription with Stripe Checkout (owner)",
        description="Quantity = the shop's current number of active staff. 409 `already_subscribed` "
        "when a subscription exists (use the portal); 503 `billing_not_configured`.",
    )
    def post(self, request: Request) -> Response:
        return Response(
            {"url": services.create_checkout(request.tenant, tenant_base_url(request.tenant.subdomain))}
        )


class BillingPortalView(APIView):
    permission_classes = [OWNER]

    @extend_schema(
        request=None,
        responses={200: BillingRedirectSerializer},
        summary="Open the Stripe Customer Portal: card, invoices, cancellation (owner)",
        description="Seats cannot be changed in the portal: they follow the staff list.",
    )
    def post(self, request: Request) -> Response:
        return Response(
            {"url": services.create_portal(request.tenant, tenant_base_url(request.tenant.subdomain))}
        )
