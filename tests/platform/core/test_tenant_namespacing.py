"""Cache keys and uploaded files belong to the tenant that wrote them."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tenants.utils import schema_context


def test_cache_keys_are_namespaced_per_tenant(tenant_a, tenant_b) -> None:  # type: ignore[no-untyped-def]
    key = f"greeting-{uuid.uuid4().hex}"
    with schema_context(tenant_a.schema_name):
        cache.set(key, "hello from A", 60)
        assert cache.get(key) == "hello from A"
    with schema_context(tenant_b.schema_name):
        assert cache.get(key) is None
        assert not cache.has_key(key)
        cache.set(key, "hello from B", 60)
    assert cache.get(key) is None  # public
    with schema_context(tenant_a.schema_name):
        assert cache.get(key) == "hello from A"
        cache.delete(key)
    with schema_context(tenant_b.schema_name):
        assert cache.get(key) == "hello from B"  # A's delete did not touch B's entry
        cache.delete(key)


@pytest.fixture
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    # TenantFileSystemStorage caches MEDIA_ROOT/<relative root> in `relative_media_root` and only
    # drops it when MULTITENANT_RELATIVE_MEDIA_ROOT changes (django-tenants 4.0.1), so "change" that too.
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


def test_uploaded_files_land_under_the_tenant_schema(media_root, tenant_a, tenant_b) -> None:  # type: ignore[no-untyped-def]
    with schema_context(tenant_a.schema_name):
        name = default_storage.save("receipts/x.txt", ContentFile(b"receipt of shop A"))
        assert name == "receipts/x.txt"
        assert default_storage.exists(name)
        assert default_storage.url(name) == f"/media/{tenant_a.schema_name}/receipts/x.txt"
    on_disk = media_root / tenant_a.schema_name / "receipts" / "x.txt"
    assert on_disk.read_bytes() == b"receipt of shop A"
    assert not (media_root / "receipts").exists()  # nothing outside the tenant's folder

    with schema_context(tenant_b.schema_name):
        assert not default_storage.exists(name)
        with pytest.raises(FileNotFoundError):
            default_storage.open(name)
        # B saving the same name gets its own file, not A's (and not a renamed "x_abc.txt").
        assert default_storage.save("receipts/x.txt", ContentFile(b"receipt of shop B")) == "receipts/x.txt"
        assert default_storage.url(name) == f"/media/{tenant_b.schema_name}/receipts/x.txt"

    assert (media_root / tenant_b.schema_name / "receipts" / "x.txt").read_bytes() == b"receipt of shop B"
    assert on_disk.read_bytes() == b"receipt of shop A"
    with schema_context(tenant_a.schema_name):
        default_storage.delete(name)
    assert not on_disk.exists()
    assert (media_root / tenant_b.schema_name / "receipts" / "x.txt").exists()
