"""Product images: upload by owners and managers (type by content, size limit, random stored name),
removal, image_url served on the shop's own host to its staff only — never to another shop."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from catalog.models import Product
from core.models import AuditLog
from tests.conftest import make_client
from tests.platform.loyalty.test_api_support import staff_client

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x02" * 200
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x03" * 200


@pytest.fixture
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def product(media_root, owner_a) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = owner_a.post("/api/v1/products/", {"name": "Shampoo", "price": "120"}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def upload(client, product_id: int, content: bytes, name: str = "p.jpg"):  # type: ignore[no-untyped-def]
    image = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return client.post(f"/api/v1/products/{product_id}/image/", {"image": image}, format="multipart")


def files_under(root: Any) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("content", "extension", "content_type"),
    [(JPEG, "jpg", "image/jpeg"), (PNG, "png", "image/png"), (WEBP, "webp", "image/webp")],
)
def test_upload_an_image_shown_to_staff(
    media_root, owner_a, tenant_a, product, content, extension, content_type
):
    assert product["image_url"] is None
    response = upload(owner_a, product["id"], content, name="../../evil.exe")
    assert response.status_code == 200, response.content
    url = response.json()["image_url"]
    assert re.fullmatch(rf"/media/{tenant_a.schema_name}/catalog/images/[0-9a-f]{{32}}\.{extension}", url)
    assert files_under(media_root) == [url.removeprefix("/media/")]
    assert owner_a.get(f"/api/v1/products/{product['id']}/").json()["image_url"] == url
    listed = owner_a.get("/api/v1/products/").json()["results"]
    assert [p["image_url"] for p in listed if p["id"] == product["id"]] == [url]
    cashier = staff_client(tenant_a, "cashier")  # the counter shows product pictures
    served = cashier.get(url)
    assert served.status_code == 200 and served["Content-Type"] == content_type
    assert body(served) == content
    with schema_context(tenant_a.schema_name):
        assert (
            AuditLog.objects.filter(action="catalog.product.image", target_id=str(product["id"])).count() == 1
        )


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "p.png"),
        (b"GIF89a" + b"\x00" * 50, "p.gif"),
        (b"%PDF-1.7", "p.jpg"),
        (b"", "p.jpg"),
        (JPEG + b"\x00" * (5 * 1024 * 1024), "big.jpg"),
    ],
)
def test_bad_images_are_400_and_store_nothing(media_root, owner_a, tenant_a, product, content, name):
    response = upload(owner_a, product["id"], content, name=name)
    assert response.status_code == 400, response.content
    assert "image" in response.json()["error"]["fields"]
    assert files_under(media_root) == []
    with schema_context(tenant_a.schema_name):
        assert not Product.objects.get(pk=product["id"]).image


def test_missing_file_is_400(owner_a, product):
    response = owner_a.post(f"/api/v1/products/{product['id']}/image/", {}, format="multipart")
    assert response.status_code == 400 and "image" in response.json()["error"]["fields"]


def test_replace_and_remove_delete_the_old_file(
    media_root, owner_a, product, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = upload(owner_a, product["id"], JPEG).json()["image_url"]
        second = upload(owner_a, product["id"], PNG).json()["image_url"]
    assert files_under(media_root) == [second.removeprefix("/media/")]
    assert owner_a.get(first).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        removed = owner_a.delete(f"/api/v1/products/{product['id']}/image/")
    assert removed.status_code == 200 and removed.json()["image_url"] is None
    assert files_under(media_root) == []
    again = owner_a.delete(f"/api/v1/products/{product['id']}/image/")
    assert again.status_code == 200 and again.json()["image_url"] is None


def test_only_owners_and_managers_change_images(owner_a, tenant_a, product):
    cashier = staff_client(tenant_a, "cashier")
    assert upload(cashier, product["id"], JPEG).status_code == 403
    assert cashier.delete(f"/api/v1/products/{product['id']}/image/").status_code == 403
    assert make_client("alpha").post(f"/api/v1/products/{product['id']}/image/", {}).status_code in (401, 403)
    manager = staff_client(tenant_a, "manager")
    assert upload(manager, product["id"], JPEG).status_code == 200


def test_another_shop_never_reaches_a_product_image(
    media_root, owner_a, owner_b, tenant_a, tenant_b, product
):
    url = upload(owner_a, product["id"], JPEG).json()["image_url"]
    name = url.removeprefix(f"/media/{tenant_a.schema_name}/")
    a, b = tenant_a.schema_name, tenant_b.schema_name
    assert owner_a.get(url).status_code == 200  # control
    for path in (url, f"/media/{b}/{name}", f"/media/{b}/../{a}/{name}", f"/media/{b}/%2e%2e/{a}/{name}"):
        assert owner_b.get(path).status_code == 404, path
    assert make_client("alpha").get(url).status_code == 404  # not signed in
    # B's API cannot touch A's product either.
    assert upload(owner_b, product["id"], PNG).status_code == 404
    assert owner_b.delete(f"/api/v1/products/{product['id']}/image/").status_code == 404
    assert files_under(media_root) == [url.removeprefix("/media/")]
    assert owner_a.get(f"/api/v1/products/{product['id']}/").json()["image_url"] == url
