"""The ``Idempotency-Key`` header of money-changing API calls.

The key is handed to the service, which stores it on the ledger transaction: a retry with the same
key and the same request replays the first result, the same key with a different request is a
conflict (409 ``idempotency_conflict``). Views only read and check the header here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from core.errors import DomainError

HEADER = "Idempotency-Key"
MAX_LENGTH = 128
FIELD = "idempotency_key"

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name=HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description=(
        "1–128 characters, unique per intended operation (e.g. a UUID generated when the form opens). "
        "Repeating a request with the same key and body replays the first result; the same key with a "
        "different body is refused with 409 idempotency_conflict."
    ),
)

OPTIONAL_IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name=HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Optional here; when given (1–128 characters) a retry replays the first result.",
)


def idempotency_key(request: Any, *, required: bool = True) -> str | None:
    """The request's key, stripped; a missing (when required) or malformed key is a 400."""
    raw = request.headers.get(HEADER)
    key = (raw or "").strip()
    if not key:
        if not required and raw is None:
            return None
        message = _("The Idempotency-Key header is required for this request.")
        raise DomainError(message, fields={FIELD: [message]})
    if len(key) > MAX_LENGTH:
        message = _("The Idempotency-Key header must be at most %(max)d characters.") % {"max": MAX_LENGTH}
        raise DomainError(message, fields={FIELD: [message]})
    return key


def keyed_input(request: Any, serializer_class: type[Any]) -> tuple[str, dict[str, Any]]:
    """What a money-changing action starts with: the request's key (400 if missing) and its body
    validated by ``serializer_class`` (400 with field errors), in that order."""
    key = idempotency_key(request)
    assert key is not None  # required
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return key, serializer.validated_data
