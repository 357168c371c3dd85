"""TOTP against the RFC 6238 test vectors (SHA-1), and the otpauth URI apps read."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlparse

import pytest

from vendor import totp

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_rfc6238_sha1_vectors(at, expected):
    assert totp.hotp(totp._key(RFC_SECRET), totp.step_at(at), digits=8) == expected
    assert totp.code_at(RFC_SECRET, at) == expected[-6:]


def test_codes_match_within_one_step_of_drift_only():
    secret = totp.new_secret()
    now = 1_700_000_000
    for offset in (-1, 0, 1):
        code = totp.code_at(secret, now + offset * 30)
        assert totp.matching_step(secret, code, at=now) == totp.step_at(now) + offset
    assert totp.matching_step(secret, totp.code_at(secret, now - 90), at=now) is None
    assert totp.matching_step(secret, "12345", at=now) is None
    assert totp.matching_step(secret, "abcdef", at=now) is None


def test_secret_and_provisioning_uri():
    secret = totp.new_secret()
    assert len(secret) == 32 and secret.isalnum() and secret.upper() == secret
    uri = totp.provisioning_uri(secret, "ops@huiyuan.test")
    parsed = urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    assert parsed.path == "/Huiyuan%20vendor:ops@huiyuan.test"
    query = parse_qs(parsed.query)
    assert query == {
        "secret": [secret],
        "issuer": ["Huiyuan vendor"],
        "algorithm": ["SHA1"],
        "digits": ["6"],
        "period": ["30"],
    }
