from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class InsufficientBalance(DomainError):
    code = "insufficient_balance"
    status = 409

    def __init__(self, message=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(message or _("Insufficient balance."), **kwargs)


class IdempotencyConflict(DomainError):
    code = "idempotency_conflict"
    status = 409

    def __init__(self, message=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(
            message or _("This idempotency key was already used for a different request."), **kwargs
        )


class AlreadyReversed(DomainError):
    code = "already_reversed"
    status = 409

    def __init__(self, message=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(message or _("This transaction has already been reversed."), **kwargs)


class CardNotUsable(DomainError):
    code = "card_not_usable"
    status = 409
