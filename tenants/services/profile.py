"""The shop's own profile, as its owner edits it: name, language and time zone.

Currency and subdomain stay as chosen at sign-up: every amount already recorded is in that
currency, and the subdomain is every link, bookmark and till's address.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core import audit
from tenants.models import Tenant

EDITABLE = ("name", "language", "time_zone")


def update_profile(tenant: Tenant, changes: dict[str, Any], *, actor: Any) -> Tenant:
    """Apply the validated ``changes`` (a subset of EDITABLE) and audit them in the shop's log."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        row = Tenant.objects.select_for_update().get(pk=tenant.pk)
        before = {name: getattr(row, name) for name in changes}
        changed = {name: value for name, value in changes.items() if before[name] != value}
        if not changed:
            return row
        for name, value in changed.items():
            setattr(row, name, value)
        row.save(update_fields=list(changed))
        audit.record(
            "shop.profile",
            row,
            actor=actor,
            before={name: before[name] for name in changed},
            after=changed,
        )
    for name, value in changed.items():  # the request's own copy, for the rest of this request
        setattr(tenant, name, value)
    return row
