"""Helpers for files staff upload (member photos, product images, expense receipts)."""

from __future__ import annotations

import contextlib

from django.db import transaction


def image_extension(head: bytes) -> str | None:
    """The image type from the file's first 12 bytes ("jpg", "png" or "webp"), never from its name
    or the client's content type: both are whatever the sender says."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def delete_file_on_commit(name: str) -> None:
    """Delete a stored file once the transaction that replaced it commits (a rollback keeps it)."""
    if not name:
        return
    from django.core.files.storage import default_storage

    def delete() -> None:
        with contextlib.suppress(OSError):  # already gone: nothing to clean up
            default_storage.delete(name)

    transaction.on_commit(delete)
