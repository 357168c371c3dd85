"""Receipts attached to expenses: images and PDFs recognised by content, 10 MB and 10 files at
most, downloaded through the API by the shop's owners and managers only, removed without loss."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from core.models import AuditLog
from expenses.models import ExpenseAttachment
from tests.platform.expenses.support import JPEG, PDF, PNG, body, category_id, create_expense, stores, upload
from tests.platform.loyalty.test_api_support import staff_client


@pytest.fixture
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    # TenantFileSystemStorage caches MEDIA_ROOT/<relative root> until this setting "changes".
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def expense(media_root, owner_a) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    shop = stores(owner_a)
    return create_expense(owner_a, shop["main"], category_id(owner_a))


def files_under(root: Any) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_attach_several_files_and_download_them(media_root, owner_a, tenant_a, expense):
    response = upload(
        owner_a, expense["id"], ("receipt.jpg", JPEG), ("../../bill\x00.pdf", PDF), ("a.png", PNG)
    )
    assert response.status_code == 200, response.content
    attachments = response.json()["attachments"]
    assert [(a["original_name"], a["content_type"], a["size"]) for a in attachments] == [
        ("receipt.jpg", "image/jpeg", len(JPEG)),
        ("bill.pdf", "application/pdf", len(PDF)),
        ("a.png", "image/png", len(PNG)),
    ]
    stored = files_under(media_root)
    assert len(stored) == 3
    assert all(
        re.fullmatch(rf"{tenant_a.schema_name}/expenses/attachments/[0-9a-f]{{32}}\.(jpg|pdf|png)", s)
        for s in stored
    )
    assert owner_a.get(f"/api/v1/expenses/{expense['id']}/").json()["attachments"] == attachments

    jpeg = owner_a.get(attachments[0]["url"])
    assert jpeg.status_code == 200
    assert jpeg["Content-Type"] == "image/jpeg"
    assert (
        jpeg["Content-Disposition"].startswith("attachment;") and "receipt.jpg" in jpeg["Content-Disposition"]
    )
    assert jpeg["X-Content-Type-Options"] == "nosniff"
    assert body(jpeg) == JPEG
    shown = owner_a.get(attachments[0]["url"], {"inline": "1"})
    assert shown["Content-Disposition"].startswith("inline")
    pdf = owner_a.get(attachments[1]["url"], {"inline": "1"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")  # a PDF is never shown in the page
    assert body(pdf) == PDF
    with schema_context(tenant_a.schema_name):
        log = AuditLog.objects.get(action="expense.attachment.add")
        assert log.target_id == str(expense["id"]) and len(log.after["attachments"]) == 3


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "r.png"),
        (b"GIF89a" + b"\x00" * 50, "r.gif"),
        (b"<html><script>alert(1)</script>", "r.pdf"),
        (b"", "r.jpg"),
        (b"PK\x03\x04" + b"\x00" * 50, "r.pdf"),
        (PDF + b"\x00" * (10 * 1024 * 1024), "big.pdf"),
    ],
)
def test_bad_files_are_400_and_store_nothing(media_root, owner_a, tenant_a, expense, content, name):
    # A good file next to the bad one is not stored either: all or nothing.
    response = upload(owner_a, expense["id"], ("ok.jpg", JPEG), (name, content))
    assert response.status_code == 400, response.content
    assert "files" in response.json()["error"]["fields"], response.json()
    assert files_under(media_root) == []
    with schema_context(tenant_a.schema_name):
        assert not ExpenseAttachment.objects.exists()


def test_no_file_is_400(owner_a, expense):
    response = owner_a.post(f"/api/v1/expenses/{expense['id']}/attachments/", {}, format="multipart")
    assert response.status_code == 400 and "files" in response.json()["error"]["fields"]


def test_a_file_of_exactly_10_mb_is_accepted(owner_a, expense):
    content = PDF + b"\x00" * (10 * 1024 * 1024 - len(PDF))
    assert upload(owner_a, expense["id"], ("big.pdf", content)).status_code == 200


def test_at_most_ten_attachments(owner_a, expense):
    assert upload(owner_a, expense["id"], *[(f"{i}.jpg", JPEG) for i in range(8)]).status_code == 200
    too_many = upload(owner_a, expense["id"], ("8.jpg", JPEG), ("9.jpg", JPEG), ("10.jpg", JPEG))
    assert too_many.status_code == 400 and "files" in too_many.json()["error"]["fields"]
    assert upload(owner_a, expense["id"], ("8.jpg", JPEG), ("9.jpg", JPEG)).status_code == 200


def test_removing_hides_the_attachment_but_keeps_the_file(media_root, owner_a, tenant_a, expense):
    first, second = upload(owner_a, expense["id"], ("a.jpg", JPEG), ("b.png", PNG)).json()["attachments"]
    removed = owner_a.delete(first["url"])
    assert removed.status_code == 200, removed.content
    assert [a["id"] for a in removed.json()["attachments"]] == [second["id"]]
    assert owner_a.get(first["url"]).status_code == 404
    assert owner_a.delete(first["url"]).status_code == 404
    assert len(files_under(media_root)) == 2  # nothing lost
    with schema_context(tenant_a.schema_name):
        row = ExpenseAttachment.objects.get(pk=first["id"])
        assert row.removed_at is not None and row.removed_by is not None
        log = AuditLog.objects.get(action="expense.attachment.remove")
        assert log.before == {"attachment": first["id"], "name": "a.jpg"}


def test_a_voided_expense_takes_no_attachment_changes(owner_a, expense):
    attached = upload(owner_a, expense["id"], ("a.jpg", JPEG)).json()["attachments"][0]
    owner_a.post(f"/api/v1/expenses/{expense['id']}/void/", {"reason": "duplicate"}, format="json")
    refused = upload(owner_a, expense["id"], ("b.jpg", JPEG))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "voided"
    assert owner_a.delete(attached["url"]).status_code == 409
    assert owner_a.get(attached["url"]).status_code == 200  # still there to explain the void


def test_only_owners_and_managers_reach_attachments(owner_a, tenant_a, expense):
    attached = upload(owner_a, expense["id"], ("a.jpg", JPEG)).json()["attachments"][0]
    cashier = staff_client(tenant_a, "cashier")
    assert cashier.get(attached["url"]).status_code == 403
    assert cashier.delete(attached["url"]).status_code == 403
    photo = SimpleUploadedFile("c.jpg", JPEG)
    assert (
        cashier.post(
            f"/api/v1/expenses/{expense['id']}/attachments/", {"files": [photo]}, format="multipart"
        ).status_code
        == 403
    )
    manager = staff_client(tenant_a, "manager")
    assert body(manager.get(attached["url"])) == JPEG
    other = f"/api/v1/expenses/{expense['id']}/attachments/999999/"
    assert owner_a.get(other).status_code == 404
