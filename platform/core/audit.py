"""Writing the audit log: one call per sensitive action, inside the action's transaction."""

from __future__ import annotations

from typing import Any

from core.models import AuditLog


def record(
    action: str,
    target: Any,
    *,
    actor: Any = None,
    reason: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLog:
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower if hasattr(target, "_meta") else str(type(target).__name__),
        target_id=str(getattr(target, "pk", target)),
        reason=reason,
        before=_jsonable(before or {}),
        after=_jsonable(after or {}),
    )


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v if isinstance(v, (int, float, bool, type(None), list, dict)) else str(v))
        for k, v in values.items()
    }
