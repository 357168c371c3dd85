"""Small ORM helpers shared by the apps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Model


def prime(instance: Model, relation: str, rows: Sequence[Any]) -> None:
    """Hand ``instance.<relation>.all()`` the rows just written, as ``prefetch_related`` would have
    read them: a caller rendering what it inserted does not read it back. Only for rows that are
    the whole relation (a header and the lines written with it)."""
    queryset = getattr(instance, relation).all()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    cache: dict[str, Any] = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[relation] = queryset
