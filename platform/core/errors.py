"""Domain errors carry a code, an HTTP status, a translated message and optional field errors,
so services can refuse an action without knowing about HTTP and the API renders them uniformly."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "invalid"
    status = 400

    def __init__(
        self,
        message: Any,
        *,
        code: str | None = None,
        status: int | None = None,
        fields: dict[str, list[Any]] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.fields = fields or {}
