"""Vendor staff log-in: password, then a TOTP code (or a one-time recovery code).

The password step does not log anyone in: it leaves a short-lived "pending" marker in the session.
Only the second factor calls ``django.contrib.auth.login`` and stamps the session as verified; the
console's permission class requires that stamp, so a password-only session (e.g. from /admin/)
never reaches the console API. A first log-in enrols the authenticator: the secret lives in the
session until the first code proves the app has it, and the response carries the recovery codes
once (only keyed hashes are stored).

Failures are counted in the cache: per email and address for the password, per staff member for
the second factor (whatever the address, so a 6-digit code cannot be brute-forced from many
machines). Reaching the limit pauses log-ins for the window and drops the pending log-in.
"""

from __future__ import annotations

import secrets
import time

from django.contrib.auth import authenticate, login
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from core import sealing
from core.errors import DomainError
from vendor import conf, totp
from vendor.models import RecoveryCode, VendorStaff

PENDING = "vendor_pending"
ENROLL_SECRET = "vendor_enroll_secret"  # noqa: S105 (a session key, not a secret)
VERIFIED = "vendor_verified_at"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class InvalidCredentials(DomainError):
    code = "invalid_credentials"


class Throttled(DomainError):
    code = "throttled"
    status = 429


class InvalidCode(DomainError):
    code = "invalid_code"


class NoPendingLogin(DomainError):
    code = "login_required"
    status = 401


# --- failure counters -----------------------------------------------------------------------------


def _failures(key: str) -> int:
    return int(cache.get(key, 0))


def _fail(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, conf.get("LOGIN_FAILURE_WINDOW_SECONDS"))


def _password_key(email: str, ip: str) -> str:
    return f"vendor-login-failures:{email.strip().lower()}:{ip}"


def _second_factor_key(staff: VendorStaff) -> str:
    return f"vendor-2fa-failures:{staff.pk}"


def _throttled() -> Throttled:
    return Throttled(_("Too many failed attempts. Please wait a few minutes and try again."))


# --- steps ----------------------------------------------------------------------------------------


def begin(request: HttpRequest, email: str, password: str) -> VendorStaff:
    """Check the password of a vendor staff member; anyone else gets the same error."""
    key = _password_key(email, request.META.get("REMOTE_ADDR", ""))
    if _failures(key) >= conf.get("LOGIN_FAILURE_LIMIT"):
        raise _throttled()
    user = authenticate(request, email=email.strip().lower(), password=password)
    staff = (
        VendorStaff.objects.select_related("user").filter(user=user, is_active=True).first()
        if user is not None and user.is_active
        else None
    )
    if staff is None:
        _fail(key)
        raise InvalidCredentials(_("The email or password is not correct."))
    cache.delete(key)
    request.session.flush()  # drop whatever session this browser had (new key, no old login)
    request.session[PENDING] = {"uid": staff.user_id, "at": time.time()}
    return staff


def pending_staff(request: HttpRequest) -> VendorStaff | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("at", 0)) > conf.get("PENDING_LOGIN_SECONDS"):
        request.session.pop(PENDING, None)
        request.session.pop(ENROLL_SECRET, None)
        return None
    return (
        VendorStaff.objects.select_related("user").filter(user_id=pending.get("uid"), is_active=True).first()
    )


def _require_pending(request: HttpRequest) -> VendorStaff:
    staff = pending_staff(request)
    if staff is None:
        raise NoPendingLogin(_("Please log in with your email and password first."))
    if _failures(_second_factor_key(staff)) >= conf.get("LOGIN_FAILURE_LIMIT"):
        _drop_pending(request)
        raise _throttled()
    return staff


def _drop_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING, None)
    request.session.pop(ENROLL_SECRET, None)


def _second_factor_failed(request: HttpRequest, staff: VendorStaff) -> InvalidCode:
    key = _second_factor_key(staff)
    _fail(key)
    if _failures(key) >= conf.get("LOGIN_FAILURE_LIMIT"):
        _drop_pending(request)
    return InvalidCode(_("The code is not correct."), fields={"code": [_("The code is not correct.")]})


def enrollment(request: HttpRequest) -> tuple[str, str]:
    """The secret to enrol (kept in the session until confirmed) and its otpauth URI."""
    staff = _require_pending(request)
    if staff.enrolled:
        raise DomainError(_("Two-factor authentication is already set up."), code="already_enrolled")
    held = request.session.get(ENROLL_SECRET)
    secret = _unseal_or_empty(held) or totp.new_secret()
    request.session[ENROLL_SECRET] = sealing.seal(secret)  # sessions are stored too: sealed there
    return secret, totp.provisioning_uri(secret, staff.user.email)


def _unseal_or_empty(value: str | None) -> str:
    """The enrolment secret held in the session ("" if none, or if it no longer opens: the staff
    member simply starts the set-up again)."""
    if not value:
        return ""
    try:
        return sealing.unseal(value)
    except sealing.SealError:
        return ""


def confirm_enrollment(request: HttpRequest, code: str) -> tuple[VendorStaff, list[str]]:
    staff = _require_pending(request)
    secret = _unseal_or_empty(request.session.get(ENROLL_SECRET))
    if staff.enrolled or not secret:
        raise DomainError(_("Start the set-up again."), code="enrollment_required")
    step = totp.matching_step(secret, code)
    if step is None:
        raise _second_factor_failed(request, staff)
    with transaction.atomic():
        staff = VendorStaff.objects.select_for_update().select_related("user").get(pk=staff.pk)
        if staff.enrolled:
            raise DomainError(_("Two-factor authentication is already set up."), code="already_enrolled")
        staff.totp_key = secret
        staff.totp_confirmed_at = timezone.now()
        staff.totp_last_step = step
        staff.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
        codes = replace_recovery_codes(staff)
    _complete(request, staff)
    return staff, codes


def verify(request: HttpRequest, code: str = "", recovery_code: str = "") -> VendorStaff:
    staff = _require_pending(request)
    if not staff.enrolled:
        raise DomainError(_("Set up two-factor authentication first."), code="enrollment_required")
    with transaction.atomic():
        locked = VendorStaff.objects.select_for_update().select_related("user").get(pk=staff.pk)
        if recovery_code:
            ok = _use_recovery_code(locked, recovery_code)
        else:
            step = totp.matching_step(locked.totp_key, code)
            ok = step is not None and step > locked.totp_last_step  # each code works once
            if ok:
                locked.totp_last_step = step
                locked.save(update_fields=["totp_last_step"])
    if not ok:
        raise _second_factor_failed(request, staff)
    _complete(request, locked)
    return locked


def _complete(request: HttpRequest, staff: VendorStaff) -> None:
    cache.delete(_second_factor_key(staff))
    _drop_pending(request)
    login(request, staff.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[VERIFIED] = time.time()
    request.session.set_expiry(conf.get("SESSION_SECONDS"))


def verified_staff(request: HttpRequest) -> VendorStaff | None:
    """The vendor staff member of a session that passed both factors, else None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if not request.session.get(VERIFIED):
        return None
    staff = getattr(request, "_vendor_staff", None)
    if staff is None:
        staff = VendorStaff.objects.filter(user_id=user.pk, is_active=True).first()
        request._vendor_staff = staff  # type: ignore[attr-defined]
    if staff is None or not staff.enrolled:
        return None
    return staff


# --- recovery codes -------------------------------------------------------------------------------


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _hash(code: str) -> str:
    return salted_hmac("huiyuan.vendor.recovery-code", _normalise(code), algorithm="sha256").hexdigest()


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def replace_recovery_codes(staff: VendorStaff) -> list[str]:
    """A fresh set of codes (the old ones stop working); shown once, stored hashed."""
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.filter(staff=staff).delete()
    RecoveryCode.objects.bulk_create([RecoveryCode(staff=staff, code_hash=_hash(c)) for c in codes])
    return codes


def _use_recovery_code(staff: VendorStaff, code: str) -> bool:
    if len(_normalise(code)) != 12:
        return False
    used = RecoveryCode.objects.filter(staff=staff, code_hash=_hash(code), used_at__isnull=True).update(
        used_at=timezone.now()
    )
    return used == 1


def regenerate_recovery_codes(staff: VendorStaff, code: str) -> list[str]:
    """New recovery codes for a signed-in staff member who proves the authenticator with a code."""
    key = _second_factor_key(staff)
    if _failures(key) >= conf.get("LOGIN_FAILURE_LIMIT"):
        raise _throttled()
    with transaction.atomic():
        locked = VendorStaff.objects.select_for_update().get(pk=staff.pk)
        step = totp.matching_step(locked.totp_key, code) if locked.enrolled else None
        if step is None or step <= locked.totp_last_step:
            _fail(key)
            raise InvalidCode(_("The code is not correct."), fields={"code": [_("The code is not correct.")]})
        locked.totp_last_step = step
        locked.save(update_fields=["totp_last_step"])
        codes = replace_recovery_codes(locked)
    cache.delete(key)
    return codes


def reset_second_factor(staff: VendorStaff) -> None:
    """For a lost authenticator (management command): the next log-in enrols again."""
    staff.totp_secret = ""
    staff.totp_confirmed_at = None
    staff.totp_last_step = 0
    staff.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    RecoveryCode.objects.filter(staff=staff).delete()
