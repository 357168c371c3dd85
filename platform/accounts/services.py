"""Every change to staff accounts goes through here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.stores import check_assignable
from accounts.tokens import handoff_tokens, invitation_tokens, make_token, user_for_token
from billing.seats import queue_seat_sync
from core.errors import DomainError


class LoginThrottled(DomainError):
    code = "throttled"
    status = 429


class InvalidCredentials(DomainError):
    code = "invalid_credentials"


def _failure_key(email: str, ip: str) -> str:
    # The cache key function prefixes the tenant schema, so counters never mix shops.
    return f"login-failures:{email.lower()}:{ip}"


def log_in(request: HttpRequest, email: str, password: str) -> User:
    """Authenticate and start a session; repeated failures for one email and address are throttled."""
    ip = request.META.get("REMOTE_ADDR", "")
    key = _failure_key(email, ip)
    failures = cache.get(key, 0)
    if failures >= settings.LOGIN_FAILURE_LIMIT:
        raise LoginThrottled(_("Too many failed log-in attempts. Please wait a few minutes and try again."))
    user = authenticate(request, email=email.strip().lower(), password=password)
    if user is None:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW_SECONDS)
        raise InvalidCredentials(_("The email or password is not correct."))
    cache.delete(key)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return user


def create_owner(email: str, password: str, name: str, language: str) -> User:
    """The shop's first account; called inside the sign-up transaction, in the tenant schema."""
    return User.objects.create_user(
        email, password, name=name, role=User.Role.OWNER, language=language, is_staff=False
    )


def handoff_url(user: User, host: str) -> str:
    token = make_token(handoff_tokens, user)
    return f"{host}/auth/handoff/?token={token}"


def consume_handoff(request: HttpRequest, token: str) -> User | None:
    user = user_for_token(handoff_tokens, token)
    if user is None or not user.is_active:
        return None
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")  # sets last_login: token dies
    return user


@dataclass(frozen=True)
class Invitation:
    user: User
    url: str


def invite_staff(
    inviter: User, email: str, name: str, role: str, base_url: str, stores: Iterable[Any] = ()
) -> Invitation:
    """Create an inactive-password account and email a link to choose a password; ``stores``
    limits the new account to those stores (empty: every store, see accounts.stores)."""
    email = email.strip().lower()
    if role not in User.Role.values:
        raise DomainError(_("Unknown role."), fields={"role": [_("Unknown role.")]})
    if inviter.role != User.Role.OWNER and role != User.Role.CASHIER:
        raise DomainError(
            _("Only the owner can invite managers or owners."),
            code="permission_denied",
            status=403,
        )
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise DomainError(
                _("This email already has an account at this shop."),
                fields={"email": [_("This email already has an account at this shop.")]},
            )
        store_ids = check_assignable(inviter, role, stores)
        user = User.objects.create_user(
            email, None, name=name, role=role, invited_by=inviter, invitation_sent_at=timezone.now()
        )
        if store_ids:
            user.stores.set(store_ids)
    url = f"{base_url}/accept-invite?token={make_token(invitation_tokens, user)}"
    tenant_name = getattr(getattr(connection, "tenant", None), "name", "") or "Huiyuan"
    with translation.override(inviter.language or translation.get_language()):
        subject = _("You are invited to %(shop)s on Huiyuan") % {"shop": tenant_name}
        body = _("%(inviter)s invited you to join %(shop)s. Choose your password here: %(url)s") % {
            "inviter": inviter.get_full_name(),
            "shop": tenant_name,
            "url": url,
        }
    transaction.on_commit(lambda: send_mail(subject, body, None, [email], fail_silently=True))
    return Invitation(user, url)


def invited_user(token: str) -> User | None:
    user = user_for_token(invitation_tokens, token)
    if user is None or user.has_usable_password():
        return None
    return user


def accept_invitation(request: HttpRequest, token: str, password: str) -> User:
    with transaction.atomic():
        user = invited_user(token)
        if user is None:
            raise DomainError(
                _("This invitation link is invalid, used or expired."), code="not_found", status=404
            )
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError(
                _("Please choose a stronger password."), fields={"password": exc.messages}
            ) from exc
        user.set_password(password)
        user.save(update_fields=["password"])
        queue_seat_sync()  # an accepted invitation is a new seat (billing; synced to Stripe after commit)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return user


def set_language(user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unsupported language."), fields={"language": [_("Unsupported language.")]})
    user.language = language
    user.save(update_fields=["language"])


def set_staff_active(user: User, active: bool, *, actor: Any) -> User:
    """Deactivate (or reactivate) a staff account. A deactivated account cannot log in, its
    sessions and API token stop working at once, and it stops being a billed seat: the seat
    count is queued for Stripe in the same transaction (never calling Stripe in the request).

    Owners manage anyone but themselves; managers manage cashiers. The last active owner cannot
    be deactivated (the shop would be locked out)."""
    from core import audit

    role = getattr(actor, "role", "")
    if user.pk == getattr(actor, "pk", None):
        raise DomainError(_("You cannot deactivate your own account."), code="permission_denied", status=403)
    if role != User.Role.OWNER and not (role == User.Role.MANAGER and user.role == User.Role.CASHIER):
        raise DomainError(_("You may not change this staff member."), code="permission_denied", status=403)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active == active:
            return user
        if not active and user.role == User.Role.OWNER:
            owners = User.objects.filter(role=User.Role.OWNER, is_active=True).exclude(pk=user.pk)
            if not owners.exists():
                raise DomainError(_("The last owner cannot be deactivated."), code="last_owner", status=409)
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            _end_sessions(user)
        audit.record(
            "staff.activate" if active else "staff.deactivate",
            user,
            actor=actor,
            before={"is_active": not active},
            after={"is_active": active},
        )
        queue_seat_sync()
        return user


def _end_sessions(user: User) -> None:
    """Log a deactivated account out everywhere: its API token and its sessions in this shop."""
    from django.contrib.sessions.models import Session
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    doomed = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now())
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=doomed).delete()
