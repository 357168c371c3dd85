"""Support access: a vendor staff member enters a shop for a stated reason, for a limited time.

* A :class:`~vendor.models.SupportGrant` (public schema) records who, which shop, why, from when,
  until when, and who ended it.
* In the shop, the vendor acts as one dedicated **support identity**: a staff account with the
  reserved address :data:`SUPPORT_EMAIL`, role *manager* (least privilege that can still see the
  shop's screens; it cannot manage owners or see the support-access list), no usable password and
  no invitation — nobody can log in as it except through a vendor hand-off. Its rows in the shop's
  audit log are therefore clearly the vendor's, whoever of the vendor staff entered.
* Entering uses a one-time hand-off link: a signed envelope (grant id + schema, two minutes) around
  a tenant-bound hand-off token of the support identity (``accounts.tokens.handoff_tokens``, void
  once used because logging in changes ``last_login``).
* ``vendor.middleware.SupportSessionMiddleware`` audits every request of the session with the grant
  id and ends the session as soon as the grant expires or is revoked.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.core import signing
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core import audit
from core.errors import DomainError
from tenants.models import Tenant
from vendor import conf
from vendor.models import SupportGrant

SUPPORT_EMAIL = "support@vendor.huiyuan.invalid"  # .invalid: can never be a real mailbox
SUPPORT_NAME = "Huiyuan support"
SESSION_GRANT = "support_grant_id"
_ENTER_SALT = "huiyuan.vendor.support-enter"


def is_support_user(user: Any) -> bool:
    return bool(user is not None and getattr(user, "email", None) == SUPPORT_EMAIL)


def ensure_support_user() -> Any:
    """The shop's support identity (current schema), created or repaired: role manager, active,
    no usable password, not an invitation. Repairing also kills any session someone might have
    obtained on an account that squatted the reserved address (the session hash covers the
    password hash)."""
    from accounts.models import User

    user = User.objects.filter(email__iexact=SUPPORT_EMAIL).first()
    if user is None:
        return User.objects.create_user(
            SUPPORT_EMAIL, None, name=SUPPORT_NAME, role=User.Role.MANAGER, is_staff=False
        )
    changed = []
    if user.has_usable_password():
        user.set_unusable_password()
        changed.append("password")
    for field, value in (
        ("role", User.Role.MANAGER),
        ("is_active", True),
        ("is_staff", False),
        ("is_superuser", False),
        ("name", SUPPORT_NAME),
        ("invitation_sent_at", None),
        ("invited_by", None),
    ):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if changed:
        user.save(update_fields=changed)
    return user


def _minutes(value: int | None) -> int:
    minutes = conf.get("SUPPORT_DEFAULT_MINUTES") if value is None else int(value)
    low, high = conf.get("SUPPORT_MIN_MINUTES"), conf.get("SUPPORT_MAX_MINUTES")
    if not low <= minutes <= high:
        message = _("Support access lasts between %(low)d and %(high)d minutes.") % {"low": low, "high": high}
        raise DomainError(message, fields={"minutes": [message]})
    return minutes


def open_grant(tenant: Tenant, vendor_user: Any, reason: str, minutes: int | None = None) -> SupportGrant:
    reason = (reason or "").strip()
    if len(reason) < 5:
        message = _("Please give the reason for entering this shop.")
        raise DomainError(message, fields={"reason": [message]})
    minutes = _minutes(minutes)
    if tenant.state != Tenant.State.ACTIVE:
        raise DomainError(_("Support access is only possible for an active shop."), code="invalid_state")
    now = timezone.now()
    with transaction.atomic():
        grant = SupportGrant.objects.create(
            tenant=tenant,
            tenant_label=tenant.subdomain or tenant.schema_name,
            vendor_user=vendor_user,
            vendor_email=vendor_user.email,
            vendor_name=getattr(vendor_user, "name", "") or "",
            reason=reason,
            started_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
        audit.record(
            "vendor.support_granted",
            tenant,
            actor=vendor_user,
            reason=reason,
            after={"grant": grant.pk, "expires_at": grant.expires_at.isoformat()},
        )
        with schema_context(tenant.schema_name):
            support_user = ensure_support_user()
            audit.record(
                "support.granted",
                grant,
                actor=support_user,
                reason=reason,
                after={
                    "grant": grant.pk,
                    "vendor": grant.vendor_email,
                    "expires_at": grant.expires_at.isoformat(),
                },
            )
    return grant


def enter_url(grant: SupportGrant) -> str:
    """A one-time, two-minute link that signs the vendor into the shop as its support identity."""
    from accounts.tokens import handoff_tokens, make_token
    from tenants.services.signup import tenant_base_url

    tenant = grant.tenant
    if tenant is None or not grant.is_active():
        raise DomainError(_("This support access has ended."), code="grant_ended", status=409)
    with schema_context(tenant.schema_name):
        token = make_token(handoff_tokens, ensure_support_user())
    envelope = signing.dumps({"g": grant.pk, "s": tenant.schema_name, "t": token}, salt=_ENTER_SALT)
    return f"{tenant_base_url(tenant.subdomain)}/api/v1/support-access/enter/?token={envelope}"


def enter(request: HttpRequest, envelope: str) -> SupportGrant | None:
    """On the shop's host: check the link, log in as the support identity, bind the grant to the
    session (which expires with the grant). None when anything does not match."""
    from accounts.tokens import handoff_tokens, user_for_token

    try:
        data = signing.loads(envelope, salt=_ENTER_SALT, max_age=settings.HANDOFF_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    tenant = getattr(request, "tenant", None)
    if tenant is None or data.get("s") != connection.schema_name or data.get("s") != tenant.schema_name:
        return None
    grant = SupportGrant.objects.filter(pk=data.get("g"), tenant_id=tenant.pk).first()
    if grant is None or not grant.is_active():
        return None
    user = user_for_token(handoff_tokens, str(data.get("t", "")))
    if user is None or not is_support_user(user) or not user.is_active:
        return None
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")  # the token dies here
    request.session[SESSION_GRANT] = grant.pk
    request.session.set_expiry(grant.expires_at)
    audit.record("support.session_started", grant, actor=user, reason=grant.reason, after={"grant": grant.pk})
    return grant


def end_grant(grant: SupportGrant, *, by: str, email: str = "", tenant_actor: Any = None) -> SupportGrant:
    """Revoke (owner) or end (vendor) a grant, noted in the shop's audit log; the middleware ends
    its sessions on their next request."""
    with transaction.atomic():
        locked = SupportGrant.objects.select_for_update().get(pk=grant.pk)
        if locked.ended_at is not None or locked.expires_at <= timezone.now():
            raise DomainError(_("This support access has already ended."), code="grant_ended", status=409)
        locked.ended_at = timezone.now()
        locked.ended_by = by
        locked.ended_by_email = email
        locked.save(update_fields=["ended_at", "ended_by", "ended_by_email"])
        if locked.tenant_id:
            schema = Tenant.objects.values_list("schema_name", flat=True).get(pk=locked.tenant_id)
            with schema_context(schema):
                audit.record(
                    "support.ended",
                    locked,
                    actor=tenant_actor,
                    after={"grant": locked.pk, "by": by, "email": email},
                )
    return locked


def active_grants(tenant: Tenant) -> list[SupportGrant]:
    now = timezone.now()
    return list(
        SupportGrant.objects.filter(tenant_id=tenant.pk, ended_at__isnull=True, expires_at__gt=now)
        .filter(started_at__lte=now)
        .order_by("expires_at")
    )
