"""Uploaded files of a shop, served on its own host to its signed-in staff only.

Files live under ``MEDIA_ROOT/<schema>/`` (django_tenants' TenantFileSystemStorage), so their URLs
are ``/media/<schema>/<name>``. This view answers only when ``<schema>`` is the current tenant's
and the request carries a staff session of that shop; anything else is a 404 (not a 403), so
another shop cannot even learn whether a path exists.
"""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

# Served types; anything else goes out as a download that the browser will not render.
CONTENT_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _is_staff(request: HttpRequest) -> bool:
    from accounts.models import User

    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "role", None) in User.Role.values
    )


def _tenant_relative_name(request: HttpRequest, path: str) -> str:
    """``path`` without the tenant folder, or Http404 when it is not inside the tenant's folder."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == settings.PUBLIC_SCHEMA_NAME:
        raise Http404
    folder, _, name = path.partition("/")
    parts = name.split("/")
    if folder != tenant.schema_name or not name or "\\" in name or "\x00" in name:
        raise Http404
    if any(part in ("", ".", "..") for part in parts):
        raise Http404
    return name


@require_safe
def tenant_media(request: HttpRequest, path: str) -> FileResponse:
    if not _is_staff(request):
        raise Http404
    name = _tenant_relative_name(request, path)
    try:
        if not default_storage.exists(name):  # the current tenant's folder only
            raise Http404
        handle = default_storage.open(name, "rb")
    except (SuspiciousFileOperation, IsADirectoryError, FileNotFoundError, PermissionError):
        raise Http404 from None
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = CONTENT_TYPES.get(extension)
    response = FileResponse(
        handle,
        content_type=content_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
        as_attachment=content_type is None,
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Vary"] = "Cookie"
    return response
