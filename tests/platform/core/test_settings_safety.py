"""Settings safety: production refuses to boot when misconfigured, and hardens cookies when it boots.

Each case runs ``django.setup()`` in a fresh interpreter with a controlled environment, because the
checks run at import time of the settings module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GOOD_KEY = "k" * 32 + "0123456789abcdef0123456789abcdef"  # 64 characters, not the dev default
GOOD_DB = "postgresql://postgres@127.0.0.1:5432/postgres"
# Variables the settings read: removed from the inherited environment so only the test decides.
CONTROLLED = (
    "HUIYUAN_ENV",
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "SENTRY_DSN",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "DJANGO_SETTINGS_MODULE",
    "PYTHONPATH",
)
PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": getattr(s, "SECURE_HSTS_INCLUDE_SUBDOMAINS", False),
    "SECURE_SSL_REDIRECT": getattr(s, "SECURE_SSL_REDIRECT", False),
    "SECURE_PROXY_SSL_HEADER": getattr(s, "SECURE_PROXY_SSL_HEADER", None),
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "DB_HOST": s.DATABASES["default"]["HOST"],
}))
"""


def run_setup(env_overrides: dict[str, str], code: str = "import django; django.setup()"):
    env = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    env.update(
        DJANGO_SETTINGS_MODULE="huiyuan.settings",
        PYTHONPATH=os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
        HUIYUAN_ENV="production",
    )
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def dev_secret_key() -> str:
    from huiyuan.settings import DEV_SECRET_KEY

    return DEV_SECRET_KEY


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "1", "SECRET_KEY": GOOD_KEY, "DATABASE_URL": GOOD_DB}, "DEBUG is on in production"),
        ({"DEBUG": "true", "SECRET_KEY": GOOD_KEY, "DATABASE_URL": GOOD_DB}, "DEBUG is on in production"),
        ({"DEBUG": "0", "DATABASE_URL": GOOD_DB}, "SECRET_KEY is missing"),
        ({"DEBUG": "0", "SECRET_KEY": "", "DATABASE_URL": GOOD_DB}, "SECRET_KEY is missing"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 49, "DATABASE_URL": GOOD_DB}, "SECRET_KEY is missing"),
        ({"DEBUG": "0", "SECRET_KEY": "<dev>", "DATABASE_URL": GOOD_DB}, "SECRET_KEY is missing"),
        ({"DEBUG": "0", "SECRET_KEY": GOOD_KEY}, "DATABASE_URL must be set in production"),
        (
            {"DEBUG": "0", "SECRET_KEY": GOOD_KEY, "DATABASE_URL": ""},
            "DATABASE_URL must be set in production",
        ),
    ],
    ids=[
        "debug-1",
        "debug-true",
        "no-secret-key",
        "empty-secret-key",
        "short-secret-key",
        "dev-default-secret-key",
        "no-database-url",
        "empty-database-url",
    ],
)
def test_production_refuses_to_start_when_misconfigured(env: dict[str, str], message: str) -> None:
    if env.get("SECRET_KEY") == "<dev>":
        env = {**env, "SECRET_KEY": dev_secret_key()}
    result = run_setup(env)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "ImproperlyConfigured" in result.stderr
    assert "Refusing to start" in result.stderr
    assert message in result.stderr, result.stderr[-2000:]


def test_debug_defaults_to_off_in_production() -> None:
    """No DEBUG variable at all: production must not fall back to debug mode."""
    result = run_setup({"SECRET_KEY": GOOD_KEY, "DATABASE_URL": GOOD_DB}, PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1])["DEBUG"] is False


def test_correct_production_env_starts_with_secure_cookies_and_hsts() -> None:
    result = run_setup({"DEBUG": "0", "SECRET_KEY": GOOD_KEY, "DATABASE_URL": GOOD_DB}, PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr[-2000:]
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # The database comes from DATABASE_URL (not the embedded development server).
    assert values["DB_HOST"] == "127.0.0.1"
    # Development conveniences are not allowed hosts in production.
    assert "testserver" not in values["ALLOWED_HOSTS"]
    assert "127.0.0.1" not in values["ALLOWED_HOSTS"]


def test_development_mode_does_not_set_secure_cookies() -> None:
    """The counterpart: the secure flags come from production mode, not hard-coded on."""
    result = run_setup({"HUIYUAN_ENV": "development", "DATABASE_URL": GOOD_DB}, PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr[-2000:]
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_password_hasher_is_argon2() -> None:
    from django.conf import settings
    from django.contrib.auth.hashers import check_password, make_password

    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    encoded = make_password("correct-horse-battery-42")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("correct-horse-battery-42", encoded)
    assert not check_password("wrong-password-42", encoded)
