"""Data export: a background job whose zip holds every table of the tenant's schema (JSON lines),
its uploaded files and a manifest; credentials redacted; downloadable by vendor admins only."""

from __future__ import annotations

import io
import json
import zipfile

from django.db import connection
from django_tenants.utils import schema_context

from vendor.models import TenantExport

TENANTS = "/api/v1/vendor/tenants/"


def schema_base_tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type = 'BASE TABLE'",
            [schema],
        )
        return {row[0] for row in cursor.fetchall()}


def run_export(vendor_client, tenant, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = vendor_client.post(f"{TENANTS}{tenant.pk}/exports/")
    assert response.status_code == 202, response.content
    return response.json()


def test_export_contains_every_table_of_the_schema(
    vendor_client, tenant_a, media_root, django_capture_on_commit_callbacks
):
    with schema_context(tenant_a.schema_name):
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        default_storage.save("members/photo.png", ContentFile(b"\x89PNG fake"))
    queued = run_export(vendor_client, tenant_a, django_capture_on_commit_callbacks)
    assert queued["status"] == "queued"

    status = vendor_client.get(f"/api/v1/vendor/exports/{queued['id']}/").json()
    assert status["status"] == "done", status
    assert status["progress"] == 100 and status["tables_done"] == status["tables_total"]
    export = TenantExport.objects.get(pk=queued["id"])
    # Stored under the tenant's media folder.
    assert export.file_name.startswith("vendor-exports/alpha-")
    assert (media_root / tenant_a.schema_name / export.file_name).is_file()

    download = vendor_client.get(status["download"])
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = set(archive.namelist())

    expected = schema_base_tables(tenant_a.schema_name)
    assert len(expected) > 30  # the whole tenant schema, not a sample
    assert {f"tables/{t}.jsonl" for t in expected} <= names
    assert {n for n in names if n.startswith("tables/")} == {f"tables/{t}.jsonl" for t in expected}
    manifest = json.loads(archive.read("manifest.json"))
    assert {t["name"] for t in manifest["tables"]} == expected
    assert manifest["tenant"]["subdomain"] == "alpha" and manifest["format"] == "huiyuan-tenant-export/1"
    assert export.tables_total == len(expected)
    assert "media/members/photo.png" in names and archive.read("media/members/photo.png") == b"\x89PNG fake"
    assert not any(n.startswith("media/vendor-exports") for n in names)

    users = [json.loads(line) for line in archive.read("tables/accounts_user.jsonl").splitlines()]
    owner = next(u for u in users if u["email"] == "owner@alpha.test")
    assert owner["password"] == "[redacted]" and owner["role"] == "owner"
    rows = {t["name"]: t["rows"] for t in manifest["tables"]}
    assert rows["accounts_user"] == len(users)
    assert rows["django_migrations"] > 10  # every row of every table
    assert export.rows == sum(rows.values())


def test_only_one_export_at_a_time_and_admins_only(vendor_client, support_client, tenant_a, media_root):
    first = vendor_client.post(f"{TENANTS}{tenant_a.pk}/exports/")  # not run: on_commit never fires here
    assert first.status_code == 202
    assert vendor_client.post(f"{TENANTS}{tenant_a.pk}/exports/").status_code == 409
    assert support_client.post(f"{TENANTS}{tenant_a.pk}/exports/").status_code == 403
    listed = support_client.get(f"{TENANTS}{tenant_a.pk}/exports/").json()["results"]
    assert [e["id"] for e in listed] == [first.json()["id"]]


def test_download_is_vendor_admin_only(
    vendor_client, support_client, tenant_a, media_root, django_capture_on_commit_callbacks
):
    from tests.conftest import login_client

    queued = run_export(vendor_client, tenant_a, django_capture_on_commit_callbacks)
    url = f"/api/v1/vendor/exports/{queued['id']}/download/"
    assert support_client.get(url).status_code == 403
    from tests.conftest import make_client

    assert make_client(None).get(url).status_code == 403
    owner = login_client("alpha", "owner@alpha.test")
    assert owner.get(url).status_code == 404  # not served on shop hosts


def test_a_failing_export_is_marked_failed(
    vendor_client, tenant_a, media_root, monkeypatch, django_capture_on_commit_callbacks
):
    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr("vendor.exports._add_media", boom)
    queued = run_export(vendor_client, tenant_a, django_capture_on_commit_callbacks)
    export = TenantExport.objects.get(pk=queued["id"])
    assert export.status == "failed" and "disk full" in export.error
    assert not list((media_root / tenant_a.schema_name / "vendor-exports").glob("*"))
