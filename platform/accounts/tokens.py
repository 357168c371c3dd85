"""One-time tokens bound to a user's state and to the tenant schema.

Built on Django's password-reset generator: the hash covers the password hash and last login,
so a token dies as soon as it is used (password set, or logged in), and the schema name is mixed
in so a token minted for one shop is void at every other shop, even for the same user id.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import connection
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.models import User


class _TenantBoundTokenGenerator(PasswordResetTokenGenerator):
    def __init__(self, salt: str, timeout_setting: str) -> None:
        super().__init__()
        self.key_salt = salt
        self._timeout_setting = timeout_setting

    def check_token(self, user, token):  # type: ignore[no-untyped-def]
        self.timeout = getattr(settings, self._timeout_setting)
        return super().check_token(user, token)

    def _make_hash_value(self, user, timestamp):  # type: ignore[no-untyped-def]
        return f"{connection.schema_name}:{super()._make_hash_value(user, timestamp)}"


handoff_tokens = _TenantBoundTokenGenerator("huiyuan.accounts.handoff", "HANDOFF_MAX_AGE_SECONDS")
invitation_tokens = _TenantBoundTokenGenerator("huiyuan.accounts.invitation", "INVITATION_MAX_AGE_SECONDS")


def make_token(generator: PasswordResetTokenGenerator, user: User) -> str:
    return f"{urlsafe_base64_encode(force_bytes(user.pk))}.{generator.make_token(user)}"


def user_for_token(generator: PasswordResetTokenGenerator, token: str) -> User | None:
    """The user the token was minted for, or None when it is malformed, used, expired or foreign."""
    uid, _, secret = (token or "").partition(".")
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None or not generator.check_token(user, secret):
        return None
    return user
