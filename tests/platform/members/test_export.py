"""Member export: CSV (streamed) and XLSX, re-importable, and only ever the caller's shop."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db.models import Sum
from django.urls import NoReverseMatch, include, path, reverse
from django.utils import translation
from django_tenants.utils import tenant_context

from huiyuan.urls_tenant import api_v1
from huiyuan.urls_tenant import urlpatterns as tenant_urlpatterns
from loyalty.models import Account, LedgerEntry
from members import exporting
from members.importing import import_members
from members.models import Customer
from tests.platform.members.test_import_service import csv_bytes, make_card_types

# Until members.api.import_urls is included in huiyuan.urls_tenant, these tests route through
# this module (the same api/v1/ tree plus the import routes, ahead of members.api.urls).
urlpatterns = [
    path("api/v1/", include([path("", include("members.api.import_urls")), *api_v1])),
    *tenant_urlpatterns,
]


@pytest.fixture
def shop_a(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        yield tenant_a


@pytest.fixture(autouse=True)
def _import_routes(settings):  # type: ignore[no-untyped-def]
    try:
        reverse("customer-import", urlconf="huiyuan.urls_tenant")
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__


HEADER = ["member_no", "name", "phone", "email", "birthday", "gender", "address", "notes", "tags"]
HEADER += ["joined_at", "card_number", "card_type", "principal", "bonus", "sessions", "minutes", "expires_at"]
HEADER += ["points"]
MING = ["M1", "王小明", "0912345678", "m@example.com", "1990-05-01", "male", "台北", "line 1\nline 2"]
MING += ["VIP,常客", "2023-04-05 10:20:30", "G-1", "Gold", "1000", "100", "", "", "2030-12-31", "50"]
EVIL = ["M2", '=HYPERLINK("http://evil")', "+1 212 555 0100", *[""] * 14, "7.5"]
SOURCE = [
    HEADER,
    MING,
    ["M1", "王小明", "0912345678", *[""] * 7, "F-1", "美容10次", "", "", "facial:3;massage:1", "", "", ""],
    ["M1", "", "", *[""] * 7, "S-1", "Sauna", "", "", "", "90", "", ""],
    EVIL,
    ["", "No card", *[""] * 16],
]


def seed() -> None:
    make_card_types()
    from loyalty.models import PointsSettings

    PointsSettings.objects.update_or_create(pk=1, defaults={"fractional": True})
    report = import_members(csv_bytes(SOURCE), dry_run=False)
    assert report.errors == [], report.errors


def snapshot() -> list[tuple]:
    """Everything a round trip must keep, keyed by member number."""
    result = []
    for customer in Customer.objects.filter(merged_into__isnull=True).order_by("name"):
        cards = sorted(
            (
                card.number,
                card.card_type.name,
                tuple(sorted((a.kind, a.service, a.balance) for a in card.accounts.all())),
                card.expires_at,
            )
            for card in customer.cards.all()
        )
        points = Account.objects.filter(
            customer=customer, card__isnull=True, kind=Account.Kind.POINTS
        ).aggregate(s=Sum("balance"))["s"]
        result.append(
            (
                customer.member_no if customer.member_no in {"M1", "M2"} else "",
                customer.name,
                customer.phone,
                customer.email,
                customer.birthday,
                customer.gender,
                customer.address,
                customer.notes,
                tuple(customer.tags),
                customer.joined_at if customer.member_no == "M1" else None,
                tuple(cards),
                points or Decimal(0),
            )
        )
    return result


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_export_has_the_import_columns_and_one_row_per_card(shop_a):
    seed()
    content = "".join(exporting.csv_chunks("en")).encode("utf-8")
    assert content.startswith("\ufeff".encode())  # Excel needs the BOM for Chinese
    rows = read_csv(content)
    assert rows[0] == list(exporting.EXPORT_COLUMNS)
    by_card = {row[rows[0].index("card_number")]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_card["G-1"]["principal"] == "1000.00" and by_card["G-1"]["points"] == "50"
    assert by_card["G-1"]["phone"] == "0912 345 678"
    assert by_card["F-1"]["sessions"] == "facial:3;massage:1" and by_card["F-1"]["points"] == ""
    assert by_card["S-1"]["minutes"] == "90"
    evil = next(row for row in rows if row[0] == "M2")
    assert evil[1].startswith("'=")  # never a live formula in a spreadsheet
    assert len(rows) == 1 + 5


def test_chinese_headers_follow_the_language(shop_a):
    seed()
    with translation.override("zh-hant"):
        header = read_csv("".join(exporting.csv_chunks(translation.get_language())).encode())[0]
    assert header[:3] == ["會員編號", "姓名", "手機"]
    assert read_csv("".join(exporting.csv_chunks("zh-hans")).encode())[0][2] == "手机"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_into_another_shop_round_trips(tenant_a, tenant_b, owner_a, kind):
    with tenant_context(tenant_a):
        seed()
        expected = snapshot()
    response = owner_a.get(f"/api/v1/customers/export/?format={kind}")
    assert response.status_code == 200, response.content
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert [c.value for c in sheet[1]] == list(exporting.EXPORT_COLUMNS)
    tenant_b.currency = "TWD"  # same country, so local phone numbers read the same
    tenant_b.time_zone = tenant_a.time_zone
    with tenant_context(tenant_b):
        make_card_types()
        from loyalty.models import PointsSettings

        PointsSettings.objects.update_or_create(pk=1, defaults={"fractional": True})
        report = import_members(content, filename=f"export.{kind}", dry_run=False)
        assert report.errors == [], report.errors
        assert report.imported == 3
        assert snapshot() == expected
        for account in Account.objects.all():
            total = LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"]
            assert (total or Decimal(0)) == account.balance


def test_export_is_only_for_managers_and_only_the_callers_shop(tenant_a, owner_a, owner_b):
    with tenant_context(tenant_a):
        seed()
    b_export = owner_b.get("/api/v1/customers/export/?format=csv")
    assert b_export.status_code == 200
    body = b"".join(b_export.streaming_content).decode("utf-8-sig")
    assert "王小明" not in body and "M1" not in body
    assert len(read_csv(body.encode())) == 1  # the header only
    b_xlsx = owner_b.get("/api/v1/customers/export/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b_xlsx.content)).active
    assert sheet.max_row == 1
    assert owner_a.get("/api/v1/customers/export/?format=pdf").status_code == 400
    from tests.conftest import make_client

    assert make_client("alpha").get("/api/v1/customers/export/").status_code in (401, 403)


def test_merged_customers_are_not_exported(shop_a):
    seed()
    from members.merge import merge_customers

    keep = Customer.objects.get(member_no="M1")
    merge_customers(keep, Customer.objects.get(name="No card"), reason="same person")
    names = [row[1] for row in read_csv("".join(exporting.csv_chunks()).encode())[1:]]
    assert "No card" not in names
