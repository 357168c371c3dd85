"""Secrets sealed at rest: never stored in clear, opened only with a configured key, readable
through a key rotation and re-sealed by the command."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from core import sealing


def test_sealed_value_hides_the_text_and_opens_again():
    sealed = sealing.seal("JBSWY3DPEHPK3PXP")
    assert sealing.is_sealed(sealed) and "JBSWY3DPEHPK3PXP" not in sealed
    assert sealing.seal("JBSWY3DPEHPK3PXP") != sealed  # a fresh IV each time
    assert sealing.unseal(sealed) == "JBSWY3DPEHPK3PXP"


def test_tampered_foreign_or_plain_values_are_refused():
    sealed = sealing.seal("secret")
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with pytest.raises(sealing.SealError):
        sealing.unseal(tampered)
    with pytest.raises(sealing.SealError):
        sealing.unseal("JBSWY3DPEHPK3PXP")  # plain text is never taken for a sealed value
    other = Fernet(Fernet.generate_key())
    with pytest.raises(sealing.SealError):
        sealing.unseal(sealing.PREFIX + other.encrypt(b"secret").decode())


def test_keys_derived_from_the_secret_key_follow_its_rotation(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    settings.SECRET_KEY = "old-" + "x" * 60
    sealed = sealing.seal("secret")
    settings.SECRET_KEY = "new-" + "y" * 60
    with pytest.raises(sealing.SealError):
        sealing.unseal(sealed)  # another secret key: another derived key
    settings.SECRET_KEY_FALLBACKS = ["old-" + "x" * 60]
    assert sealing.unseal(sealed) == "secret"
    resealed = sealing.reseal(sealed)
    settings.SECRET_KEY_FALLBACKS = []
    assert sealing.unseal(resealed) == "secret"


@pytest.mark.django_db
def test_reseal_command_moves_console_secrets_to_the_new_key(settings):
    from tests.platform.vendor.conftest import make_staff
    from vendor.models import VendorStaff

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    staff = make_staff("rotate@huiyuan.test")
    secret = VendorStaff.objects.get(pk=staff.pk).totp_key
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = StringIO()
    call_command("reseal_secrets", stdout=out)
    assert "1/1 re-sealed" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone: the secret still opens
    assert VendorStaff.objects.get(pk=staff.pk).totp_key == secret


@pytest.mark.django_db
def test_the_migration_seals_secrets_stored_in_clear_before():
    import importlib

    from django.apps import apps

    from tests.platform.vendor.conftest import make_staff
    from vendor.models import VendorStaff

    staff = make_staff("legacy@huiyuan.test")
    already = VendorStaff.objects.get(pk=staff.pk).totp_secret
    legacy = make_staff("legacy-plain@huiyuan.test")
    VendorStaff.objects.filter(pk=legacy.pk).update(totp_secret="JBSWY3DPEHPK3PXP")  # as 0001 stored it
    migration = importlib.import_module("vendor.migrations.0002_seal_totp_secrets")
    migration.seal_plain_secrets(apps, None)
    assert VendorStaff.objects.get(pk=legacy.pk).totp_key == "JBSWY3DPEHPK3PXP"
    assert sealing.is_sealed(VendorStaff.objects.get(pk=legacy.pk).totp_secret)
    assert VendorStaff.objects.get(pk=staff.pk).totp_secret == already  # sealed ones are left alone
