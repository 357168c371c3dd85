from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class InsufficientStock(DomainError):
    code = "insufficient_stock"
    status = 409

    def __init__(self, message=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(message or _("Not enough stock."), **kwargs)


class MovementAlreadyReversed(DomainError):
    code = "already_reversed"
    status = 409

    def __init__(self, message=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(message or _("This stock movement has already been reversed."), **kwargs)


class TransferAlreadyReceived(DomainError):
    code = "already_received"
    status = 409

    def __init__(self, message=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(message or _("This transfer has already been received."), **kwargs)
