"""Suspending and resuming a shop. Nothing is deleted: a suspended shop's host answers with a
"suspended" page (tenants.middleware) until it is resumed, and every row and file stays as it was."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from tenants.models import Tenant


def _locked(tenant: Tenant) -> Tenant:
    locked = Tenant.objects.select_for_update().get(pk=tenant.pk)
    if locked.schema_name in (settings.PUBLIC_SCHEMA_NAME, settings.TEMPLATE_SCHEMA_NAME):
        raise DomainError(
            _("The public site and the template are not shops."), code="invalid_state", status=409
        )
    return locked


def suspend(tenant: Tenant) -> Tenant:
    """Active → suspended. Refuses the public, template and pooled rows."""
    with transaction.atomic():
        locked = _locked(tenant)
        if locked.state != Tenant.State.ACTIVE:
            raise DomainError(_("Only an active shop can be suspended."), code="invalid_state", status=409)
        locked.state = Tenant.State.SUSPENDED
        locked.save(update_fields=["state"])
    tenant.state = locked.state
    return locked


def resume(tenant: Tenant) -> Tenant:
    """Suspended → active."""
    with transaction.atomic():
        locked = _locked(tenant)
        if locked.state != Tenant.State.SUSPENDED:
            raise DomainError(_("Only a suspended shop can be resumed."), code="invalid_state", status=409)
        locked.state = Tenant.State.ACTIVE
        locked.save(update_fields=["state"])
    tenant.state = locked.state
    return locked
