"""Which stores a staff member may work in.

A staff member with no stores listed (``User.stores`` empty) works in every store; owners always
do. Apps that act on one store call :func:`ensure_store_allowed` before the change and filter their
lists with :func:`filter_allowed`; the check lives here so every app refuses with the same message.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from core import audit
from core.errors import DomainError

ModelT = TypeVar("ModelT", bound=Model)


def allowed_store_ids(user: Any) -> set[int] | None:
    """The ids of the stores ``user`` may act on, or None for every store.

    None for owners, for staff without stores, and for ``None`` (system work, no person acting).
    Anyone else who is not a signed-in staff member gets the empty set: no store at all."""
    if user is None:
        return None
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", None) not in User.Role.values:
        return set()
    if user.role == User.Role.OWNER:
        return None
    ids = set(user.stores.values_list("pk", flat=True))
    return ids or None


def is_store_allowed(user: Any, store: Any) -> bool:
    allowed = allowed_store_ids(user)
    return allowed is None or _store_id(store) in allowed


def ensure_store_allowed(user: Any, store: Any, *, field: str = "store") -> None:
    """Refuse (403, code ``store_not_allowed``) when ``user`` may not act on ``store`` (a Store or
    its id). ``field`` names the input that chose the store, so a form can mark it."""
    if is_store_allowed(user, store):
        return
    message = _("You can only work with the stores you are assigned to.")
    raise DomainError(message, code="store_not_allowed", status=403, fields={field: [message]})


def filter_allowed(queryset: QuerySet[ModelT], user: Any, field: str = "store") -> QuerySet[ModelT]:
    """``queryset`` limited to rows whose ``field`` is a store ``user`` may see."""
    allowed = allowed_store_ids(user)
    if allowed is None:
        return queryset
    return queryset.filter(**{f"{field}__in": allowed})


def _store_id(store: Any) -> int | None:
    value = getattr(store, "pk", store)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def check_assignable(actor: User, role: str, stores: Iterable[Any]) -> list[int]:
    """The store ids ``actor`` may give a staff member of ``role``; refuses unknown stores, limits
    on owners, and a limited manager handing out more than their own stores."""
    from catalog.models import Store

    ids = sorted({i for i in (_store_id(s) for s in stores) if i is not None})
    if role == User.Role.OWNER and ids:
        message = _("An owner always works in every store.")
        raise DomainError(message, fields={"stores": [message]})
    if len(ids) != Store.objects.filter(pk__in=ids).count():
        message = _("This store does not exist.")
        raise DomainError(message, fields={"stores": [message]})
    own = allowed_store_ids(actor)
    if own is not None and (not ids or not set(ids) <= own):
        message = _("You can only give access to the stores you are assigned to yourself.")
        raise DomainError(message, code="store_not_allowed", status=403, fields={"stores": [message]})
    return ids


def set_stores(user: User, stores: Iterable[Any], *, actor: User) -> User:
    """Limit ``user`` to ``stores`` (empty: every store). Owners set anyone's (an owner is never
    limited); managers set cashiers' only, as with invitations. Audited."""
    if actor.role != User.Role.OWNER and (user.role != User.Role.CASHIER or user.pk == actor.pk):
        raise DomainError(
            _("Only the owner can change the stores of managers and owners."),
            code="permission_denied",
            status=403,
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        ids = check_assignable(actor, user.role, stores)
        before = sorted(user.stores.values_list("pk", flat=True))
        if before != ids:
            user.stores.set(ids)
            audit.record("staff.stores", user, actor=actor, before={"stores": before}, after={"stores": ids})
        return user
