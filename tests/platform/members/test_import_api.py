"""POST /api/v1/customers/import/: dry run 200, commit 201, bad files 400, managers only, per shop."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, include, path, reverse
from django_tenants.utils import tenant_context

from accounts.models import User
from huiyuan.urls_tenant import api_v1
from huiyuan.urls_tenant import urlpatterns as tenant_urlpatterns
from loyalty.models import Account, LedgerTransaction
from members.models import Customer
from tests.conftest import PASSWORD, login_client
from tests.platform.members.test_import_service import (
    EXPECTED_BAD,
    GOOD_ROWS,
    csv_bytes,
    existing_data,
    make_card_types,
    mixed_rows,
    xlsx_bytes,
)

urlpatterns = [
    path("api/v1/", include([path("", include("members.api.import_urls")), *api_v1])),
    *tenant_urlpatterns,
]
URL = "/api/v1/customers/import/"


@pytest.fixture(autouse=True)
def _import_routes(settings):  # type: ignore[no-untyped-def]
    try:
        reverse("customer-import", urlconf="huiyuan.urls_tenant")
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__


def upload(content: bytes, name: str = "members.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_dry_run_then_commit(tenant_a, owner_a):
    with tenant_context(tenant_a):
        types = make_card_types()
        existing_data(types)
        before = Customer.objects.count()
    content = csv_bytes(mixed_rows())
    dry = owner_a.post(URL, {"file": upload(content), "dry_run": "true"}, format="multipart")
    assert dry.status_code == 200, dry.content
    body = dry.json()
    assert body["total"] == 15 and body["valid"] == len(GOOD_ROWS)
    assert {(e["row"], e["field"]) for e in body["errors"]} == EXPECTED_BAD
    assert all(set(e) == {"row", "field", "message"} and e["message"] for e in body["errors"])
    with tenant_context(tenant_a):
        assert Customer.objects.count() == before

    done = owner_a.post(URL, {"file": upload(content), "dry_run": "false"}, format="multipart")
    assert done.status_code == 201, done.content
    result = done.json()
    assert result["imported"] == len(GOOD_ROWS) and result["batch"]
    assert {(e["row"], e["field"]) for e in result["errors"]} == EXPECTED_BAD
    with tenant_context(tenant_a):
        assert Customer.objects.count() == before + len(GOOD_ROWS)
        assert LedgerTransaction.objects.filter(source_type="import", source_id=result["batch"]).count() == 4

    again = owner_a.post(URL, {"file": upload(content), "dry_run": "false"}, format="multipart")
    assert again.status_code == 201
    assert again.json()["imported"] == 0 and again.json()["already_imported"] == len(GOOD_ROWS)
    with tenant_context(tenant_a):
        assert Customer.objects.count() == before + len(GOOD_ROWS)


def test_xlsx_upload_commits(tenant_a, owner_a):
    content = xlsx_bytes([["姓名", "手機", "點數"], ["甲", "0912000001", 10], ["乙", "0912000002", ""]])
    done = owner_a.post(URL, {"file": upload(content, "members.xlsx"), "dry_run": "0"}, format="multipart")
    assert done.status_code == 201, done.content
    assert done.json()["imported"] == 2
    with tenant_context(tenant_a):
        assert Account.objects.get(customer__name="甲", kind=Account.Kind.POINTS).balance == 10


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"", "empty.csv"),
        (b"%PDF-1.7\x00\x00\x00binary", "scan.pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old.xls"),
        (b"PK\x03\x04not really a zip", "broken.xlsx"),
        (b"foo,bar\n1,2\n", "wrong.csv"),
        (b"name\n", "header-only.csv"),
    ],
)
def test_bad_files_are_400_with_a_message(tenant_a, owner_a, content, name):
    response = owner_a.post(URL, {"file": upload(content, name), "dry_run": "true"}, format="multipart")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["message"]


def test_missing_file_and_bad_flag_are_400(tenant_a, owner_a):
    missing = owner_a.post(URL, {"dry_run": "true"}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()["error"]["fields"]
    flag = owner_a.post(URL, {"file": upload(b"name\nA\n"), "dry_run": "maybe"}, format="multipart")
    assert flag.status_code == 400 and "dry_run" in flag.json()["error"]["fields"]


def test_cashiers_cannot_import_and_shops_stay_apart(tenant_a, tenant_b, owner_b):
    with tenant_context(tenant_a):
        User.objects.create_user("cashier@alpha.test", PASSWORD, role=User.Role.CASHIER)
    cashier = login_client("alpha", "cashier@alpha.test")
    content = csv_bytes([["name", "phone"], ["Only B", "+1 212 555 0100"]])
    assert (
        cashier.post(URL, {"file": upload(content), "dry_run": "false"}, format="multipart").status_code
        == 403
    )
    done = owner_b.post(URL, {"file": upload(content), "dry_run": "false"}, format="multipart")
    assert done.status_code == 201
    with tenant_context(tenant_b):
        assert Customer.objects.filter(name="Only B").exists()
    with tenant_context(tenant_a):
        assert not Customer.objects.filter(name="Only B").exists()
