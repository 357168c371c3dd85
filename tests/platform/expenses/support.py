"""Helpers shared by the expense tests (no tests here)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x02" * 200
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"1 0 obj\n<<>>\nendobj\n" * 10


def stores(owner) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The shop's main store and a second one, East."""
    main = owner.get("/api/v1/stores/").json()["results"][0]["id"]
    east = owner.post("/api/v1/stores/", {"name": "East", "code": "east"}, format="json")
    assert east.status_code == 201, east.content
    return {"main": main, "east": east.json()["id"]}


def category_id(owner, code: str = "rent") -> int:  # type: ignore[no-untyped-def]
    rows = owner.get("/api/v1/expense-categories/").json()["results"]
    return next(row["id"] for row in rows if row["code"] == code)


def create_expense(client, store: int, category: int, **data: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    body = {"store": store, "category": category, "amount": "100.00", "spent_on": "2026-03-01", **data}
    response = client.post("/api/v1/expenses/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def upload(client, expense_id: int, *files: tuple[str, bytes]):  # type: ignore[no-untyped-def]
    payload = {"files": [SimpleUploadedFile(name, content) for name, content in files]}
    return client.post(f"/api/v1/expenses/{expense_id}/attachments/", payload, format="multipart")


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)
