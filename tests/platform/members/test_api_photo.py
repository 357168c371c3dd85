"""Member photos: upload (type by content, size limit, random stored name), removal, and serving
under /media/ on the shop's own host to its signed-in staff only — never to another shop."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from members.models import Customer
from tests.conftest import make_client
from tests.platform.loyalty.test_api_support import create_customer, staff_client

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x02" * 200
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x03" * 200


@pytest.fixture
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    # TenantFileSystemStorage caches MEDIA_ROOT/<relative root> until this setting "changes".
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


def upload(client, customer_id: int, content: bytes, name: str = "me.jpg", content_type: str = "image/jpeg"):  # type: ignore[no-untyped-def]
    photo = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(f"/api/v1/customers/{customer_id}/photo/", {"photo": photo}, format="multipart")


def files_under(root: Any) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("content", "extension", "content_type"),
    [(JPEG, "jpg", "image/jpeg"), (PNG, "png", "image/png"), (WEBP, "webp", "image/webp")],
)
def test_staff_upload_a_photo_stored_under_a_random_name(
    media_root, owner_a, tenant_a, content, extension, content_type
):
    customer = create_customer(owner_a)
    assert customer["photo_url"] is None
    cashier = staff_client(tenant_a, "cashier")
    # The name and the declared type are the client's word: ignored, the content decides.
    response = upload(cashier, customer["id"], content, name="../../evil.exe", content_type="text/html")
    assert response.status_code == 200, response.content
    detail = response.json()
    assert detail["id"] == customer["id"] and "cards" in detail
    url = detail["photo_url"]
    assert re.fullmatch(rf"/media/{tenant_a.schema_name}/members/photos/[0-9a-f]{{32}}\.{extension}", url)
    stored = url.removeprefix("/media/")
    assert files_under(media_root) == [stored]
    assert (media_root / stored).read_bytes() == content
    assert cashier.get(f"/api/v1/customers/{customer['id']}/").json()["photo_url"] == url

    served = cashier.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == content_type
    assert served["X-Content-Type-Options"] == "nosniff"
    assert body(served) == content


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "me.png"),
        (b"GIF89a" + b"\x00" * 50, "me.gif"),
        (b"%PDF-1.7", "me.jpg"),
        (b"", "me.jpg"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "me.webp"),
        (JPEG + b"\x00" * (5 * 1024 * 1024), "big.jpg"),
    ],
)
def test_bad_photos_are_400_and_write_nothing(media_root, owner_a, tenant_a, content, name):
    customer = create_customer(owner_a)
    response = upload(owner_a, customer["id"], content, name=name)
    assert response.status_code == 400, response.content
    assert "photo" in response.json()["error"]["fields"], response.json()
    assert files_under(media_root) == []
    with schema_context(tenant_a.schema_name):
        assert not Customer.objects.get(pk=customer["id"]).photo


def test_missing_photo_is_400(media_root, owner_a):
    customer = create_customer(owner_a)
    response = owner_a.post(f"/api/v1/customers/{customer['id']}/photo/", {}, format="multipart")
    assert response.status_code == 400 and "photo" in response.json()["error"]["fields"]


def test_a_photo_of_exactly_5_mb_is_accepted(media_root, owner_a):
    customer = create_customer(owner_a)
    content = PNG + b"\x00" * (5 * 1024 * 1024 - len(PNG))
    assert upload(owner_a, customer["id"], content).status_code == 200


def test_replacing_and_removing_the_photo_deletes_the_old_file(
    media_root, owner_a, tenant_a, django_capture_on_commit_callbacks
):
    customer = create_customer(owner_a)
    with django_capture_on_commit_callbacks(execute=True):
        first = upload(owner_a, customer["id"], JPEG).json()["photo_url"]
        second = upload(owner_a, customer["id"], PNG).json()["photo_url"]
    assert first != second
    assert files_under(media_root) == [second.removeprefix("/media/")]
    assert owner_a.get(first).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        removed = owner_a.delete(f"/api/v1/customers/{customer['id']}/photo/")
    assert removed.status_code == 200, removed.content
    assert removed.json()["photo_url"] is None
    assert files_under(media_root) == []
    assert owner_a.get(second).status_code == 404
    with schema_context(tenant_a.schema_name):
        assert not Customer.objects.get(pk=customer["id"]).photo
    again = owner_a.delete(f"/api/v1/customers/{customer['id']}/photo/")  # nothing to remove: fine
    assert again.status_code == 200 and again.json()["photo_url"] is None


def test_photos_need_a_signed_in_staff_member_of_the_shop(media_root, owner_a, public_client):
    customer = create_customer(owner_a)
    url = upload(owner_a, customer["id"], JPEG).json()["photo_url"]
    anonymous = make_client("alpha")
    assert anonymous.get(url).status_code == 404
    assert anonymous.post(f"/api/v1/customers/{customer['id']}/photo/", {}).status_code in (401, 403)
    assert public_client.get(url).status_code == 404  # the public site serves no shop files
    assert owner_a.post(url).status_code == 405
    assert owner_a.get("/api/v1/customers/999999/photo/").status_code == 405


def test_another_shop_never_reaches_a_photo(media_root, owner_a, owner_b, tenant_a, tenant_b):
    customer = create_customer(owner_a)
    url = upload(owner_a, customer["id"], JPEG).json()["photo_url"]
    name = url.removeprefix(f"/media/{tenant_a.schema_name}/")
    assert owner_a.get(url).status_code == 200  # control
    a, b = tenant_a.schema_name, tenant_b.schema_name
    for path in (
        url,  # the exact path, on B's host
        f"/media/{b}/{name}",  # the same name inside B's folder
        f"/media/{b}/../{a}/{name}",
        f"/media/{b}/%2e%2e/{a}/{name}",
        f"/media/{b}/members/photos/../../{a}/{name}",
        f"/media/{b}//{a}/{name}",
        f"/media/{a}",
        f"/media/{b}",
        f"/media/{b}/",
        f"/media/{b}/members",
    ):
        response = owner_b.get(path)
        assert response.status_code == 404, (path, response.status_code)
    # B's API cannot touch A's customer either.
    assert upload(owner_b, customer["id"], PNG).status_code == 404
    assert owner_b.delete(f"/api/v1/customers/{customer['id']}/photo/").status_code == 404
    assert files_under(media_root) == [url.removeprefix("/media/")]
    assert owner_a.get(f"/api/v1/customers/{customer['id']}/").json()["photo_url"] == url


def test_staff_of_the_shop_cannot_escape_its_folder(media_root, owner_a, tenant_a, tenant_b):
    with schema_context(tenant_b.schema_name):
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        default_storage.save("members/photos/b.jpg", ContentFile(JPEG))
    a, b = tenant_a.schema_name, tenant_b.schema_name
    for path in (
        f"/media/{b}/members/photos/b.jpg",
        f"/media/{a}/../{b}/members/photos/b.jpg",
        f"/media/{a}/%2e%2e/{b}/members/photos/b.jpg",
        f"/media/{a}/members/photos/..%2f..%2f..%2f{b}/members/photos/b.jpg",
        f"/media/{a}/members/photos/%2F{media_root}/{b}/members/photos/b.jpg",
    ):
        assert owner_a.get(path).status_code == 404, path
