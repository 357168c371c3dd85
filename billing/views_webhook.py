"""POST /billing/webhook/ on the public host (CSRF exempt: Stripe signs the body instead)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing.webhooks import WebhookRejected, process, verify

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        event = verify(request.body, request.headers.get("Stripe-Signature"))
    except WebhookRejected as exc:
        return JsonResponse({"error": exc.code}, status=exc.status)
    outcome = process(event)  # an exception → 500 → Stripe redelivers; nothing was recorded
    return JsonResponse({"received": True, "outcome": outcome})
