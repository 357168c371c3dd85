"""Secrets the application must read back, encrypted at rest (Fernet: AES-128-CBC + HMAC-SHA256).

Why: a password is stored as a hash, but a TOTP shared secret cannot be: the server needs it to
compute the expected code. In plain text, a database dump, a backup or a read-only SQL injection
would hand out every console administrator's second factor. Sealed, the database alone is not
enough; the key lives in the environment.

Keys: ``FIELD_ENCRYPTION_KEYS`` (Fernet keys, the first seals, all unseal); when it is empty, one
key is derived from ``SECRET_KEY`` and one from each of ``SECRET_KEY_FALLBACKS`` (HKDF-SHA256), so
rotating the secret key the Django way (old key moved to the fallbacks) keeps sealed values
readable until ``manage.py reseal_secrets`` re-seals them with the new one.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "sealed:v1:"


class SealError(ValueError):
    """A sealed value that no configured key opens (wrong key, or tampered with)."""


def seal(text: str) -> str:
    """``text`` encrypted with the current key, marked so it is never mistaken for plain text."""
    return PREFIX + _box(*_keys()).encrypt(text.encode()).decode()


def unseal(value: str) -> str:
    if not is_sealed(value):
        raise SealError("not a sealed value")
    try:
        return _box(*_keys()).decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise SealError("no configured key opens this value") from error


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def reseal(value: str) -> str:
    """``value`` sealed with the current key (after a key rotation); the same plain text."""
    return seal(unseal(value))


def _keys() -> tuple[str, ...]:
    configured = tuple(getattr(settings, "FIELD_ENCRYPTION_KEYS", ()) or ())
    if configured:
        return configured
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())]
    return tuple(_derive(secret) for secret in secrets)


@lru_cache(maxsize=8)
def _derive(secret: str) -> str:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"huiyuan.sealing.v1").derive(
        secret.encode()
    )
    return base64.urlsafe_b64encode(key).decode()


@lru_cache(maxsize=8)
def _box(*keys: str) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])
