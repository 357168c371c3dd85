"""Member import service: dry run, commit, idempotent re-runs, CSV and XLSX, Chinese headers."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django_tenants.utils import tenant_context

from core.models import AuditLog, Counter
from loyalty.models import Account, Card, CardType, CardTypeService, LedgerEntry, LedgerTransaction
from members import importing
from members.importing import ImportFileError, import_members, read_table
from members.models import Customer

# --- shared helpers (also used by the export, merge and API tests) ---------------------------------


@pytest.fixture
def shop_a(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        yield tenant_a


def make_card_types() -> dict[str, CardType]:
    gold = CardType.objects.create(name="Gold", kind=CardType.Kind.STORED_VALUE)
    facial = CardType.objects.create(name="美容10次", kind=CardType.Kind.COUNT)
    CardTypeService.objects.create(card_type=facial, service="facial", sessions=10)
    CardTypeService.objects.create(card_type=facial, service="massage", sessions=5)
    sauna = CardType.objects.create(name="Sauna", kind=CardType.Kind.TIME, minutes=600)
    vip = CardType.objects.create(name="VIP", kind=CardType.Kind.DISCOUNT, discount_rate=Decimal("0.9"))
    return {"gold": gold, "facial": facial, "sauna": sauna, "vip": vip}


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8-sig") -> bytes:
    import csv

    out = StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


TAIPEI = ZoneInfo("Asia/Taipei")
TABLES = (Customer, Card, Account, LedgerTransaction, LedgerEntry, AuditLog, Counter)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def assert_ledger_matches_balances() -> None:
    for account in Account.objects.all():
        total = LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        assert total == account.balance, account


HEADER = [
    "name",
    "phone",
    "birthday",
    "gender",
    "email",
    "tags",
    "member_no",
    "card_number",
    "card_type",
    "principal",
    "bonus",
    "points",
    "sessions",
    "joined_at",
]


def mixed_rows() -> list[list[object]]:
    """Row numbers in comments are sheet rows (the header is row 1)."""
    return [
        HEADER,
        [
            "王小明",
            "0912345678",
            "1990-05-01",
            "男",
            "ming@example.com",
            "VIP、常客",
            "",
            "",
            "Gold",
            "1000",
            "100",
            "50",
            "",
            "2023/4/5",
        ],  # 2 ok
        [
            "陳美麗",
            "0912-000-111",
            "1985/1/31",
            "female",
            "",
            "",
            "A001",
            "G-1",
            "Gold",
            "0",
            "",
            "",
            "",
            "",
        ],  # 3 ok
        ["Lin", "not-a-phone", "", "", "", "", "", "", "", "", "", "", "", ""],  # 4 bad phone
        ["Dup", "0912345678", "", "", "", "", "", "", "", "", "", "", "", ""],  # 5 dup phone in file
        ["Known", "0933000000", "", "", "", "", "", "", "", "", "", "", "", ""],  # 6 phone already in shop
        ["Type", "", "", "", "", "", "", "", "Platinum", "10", "", "", "", ""],  # 7 unknown card type
        ["Neg", "", "", "", "", "", "", "", "Gold", "-5", "", "", "", ""],  # 8 negative amount
        ["Date", "", "1990-13-45", "", "", "", "", "", "", "", "", "", "", ""],  # 9 bad date
        ["DupNo", "", "", "", "", "", "A001", "", "", "", "", "", "", ""],  # 10 dup member_no (file)
        ["", "0912888777", "", "", "", "", "", "", "", "", "", "", "", ""],  # 11 missing name
        ["DupCard", "", "", "", "", "", "", "G-1", "Gold", "", "", "", "", ""],  # 12 dup card number (file)
        ["TakenNo", "", "", "", "", "", "M-OLD", "", "", "", "", "", "", ""],  # 13 member_no in shop
        ["TakenCard", "", "", "", "", "", "", "OLD-CARD", "Gold", "", "", "", "", ""],  # 14 card in shop
        ["張三", "", "", "", "", "", "", "", "美容10次", "", "", "", "facial:3;massage:1", ""],  # 15 ok
        ["Points only", "+1 212 555 0100", "", "", "", "", "", "", "", "", "", "7", "", ""],  # 16 ok
    ]


EXPECTED_BAD = {
    (4, "phone"),
    (5, "phone"),
    (6, "phone"),
    (7, "card_type"),
    (8, "principal"),
    (9, "birthday"),
    (10, "member_no"),
    (11, "name"),
    (12, "card_number"),
    (13, "member_no"),
    (14, "card_number"),
}
GOOD_ROWS = {2, 3, 15, 16}


def existing_data(types: dict[str, CardType]) -> None:
    Customer.objects.create(name="Already here", phone="+886933000000")
    old = Customer.objects.create(name="Old member", member_no="M-OLD")
    Card.objects.create(number="OLD-CARD", customer=old, card_type=types["gold"])


# --- dry run -----------------------------------------------------------------------------------


def test_dry_run_reports_every_bad_row_and_writes_nothing(shop_a):
    types = make_card_types()
    existing_data(types)
    before = counts()
    report = import_members(csv_bytes(mixed_rows()), filename="members.csv", dry_run=True)
    assert counts() == before
    assert {(e.row, e.field) for e in report.errors} == EXPECTED_BAD
    assert report.total == 15
    assert report.valid == len(GOOD_ROWS)
    assert all(e.message for e in report.errors)
    dup = next(e for e in report.errors if e.row == 5)
    assert "2" in dup.message  # points at the first row with that phone
    body = report.as_dict()
    assert set(body) >= {"total", "valid", "errors"}
    assert body["errors"][0] == {"row": 4, "field": "phone", "message": report.errors[0].message}


# --- commit ------------------------------------------------------------------------------------


def test_commit_imports_exactly_the_good_rows_with_balances(shop_a):
    types = make_card_types()
    existing_data(types)
    customers_before = Customer.objects.count()
    report = import_members(csv_bytes(mixed_rows()), filename="members.csv", dry_run=False)
    assert report.imported == len(GOOD_ROWS)
    assert {(e.row, e.field) for e in report.errors} == EXPECTED_BAD
    assert Customer.objects.count() == customers_before + len(GOOD_ROWS)
    imported = Customer.objects.filter(extra__import__batch=report.batch)
    assert sorted(c.extra["import"]["row"] for c in imported) == sorted(GOOD_ROWS)

    ming = Customer.objects.get(phone="+886912345678")
    assert ming.member_no and ming.joined_at.astimezone(TAIPEI).date() == date(2023, 4, 5)
    assert ming.birthday == date(1990, 5, 1) and ming.gender == "male"
    assert ming.tags == ["VIP", "常客"]
    card = ming.cards.get()
    assert card.card_type == types["gold"] and card.number.startswith("C")
    balances = {a.kind: a.balance for a in card.accounts.all()}
    assert balances == {Account.Kind.PRINCIPAL: Decimal("1000.00"), Account.Kind.BONUS: Decimal("100.00")}
    points = Account.objects.get(customer=ming, card__isnull=True, kind=Account.Kind.POINTS)
    assert points.balance == Decimal("50.00")

    mei = Customer.objects.get(member_no="A001")
    assert mei.cards.get().number == "G-1"
    assert mei.birthday == date(1985, 1, 31)

    zhang = Customer.objects.get(name="張三")
    sessions = {a.service: a.balance for a in zhang.cards.get().accounts.all()}
    assert sessions == {"facial": Decimal("3.00"), "massage": Decimal("1.00")}
    assert Customer.objects.get(name="Points only").phone == "+12125550100"

    # Every balance came through the ledger, marked as this import.
    assert_ledger_matches_balances()
    txns = LedgerTransaction.objects.filter(source_type="import", source_id=report.batch)
    assert txns.count() == 4  # ming's card + points, zhang's card, the points-only row
    assert all(t.reason == "import" for t in txns)
    assert set(txns.values_list("kind", flat=True)) == {LedgerTransaction.Kind.IMPORT}
    assert set(txns.values_list("idempotency_key", flat=True)) == {
        f"import:{report.batch}:2:card",
        f"import:{report.batch}:2:points",
        f"import:{report.batch}:15:card",
        f"import:{report.batch}:16:points",
    }
    from loyalty.services import points as points_service

    assert points_service.check_invariants(ming)["ok"]
    # Search works for imported members.
    from members.selectors import lookup

    assert list(lookup("345678")) == [ming]
    assert list(lookup(card.number)) == [ming]
    assert AuditLog.objects.filter(action="members.import", target_id=report.batch).count() == 1


def test_rerunning_the_same_commit_does_not_double(shop_a):
    make_card_types()
    content = csv_bytes(mixed_rows())
    first = import_members(content, dry_run=False)
    after_first = counts()
    balances = dict(Account.objects.values_list("id", "balance"))
    second = import_members(content, dry_run=False)
    assert second.batch == first.batch
    assert second.imported == 0
    assert second.already_imported == first.imported
    assert counts() == after_first
    assert dict(Account.objects.values_list("id", "balance")) == balances
    again = import_members(content, dry_run=True)
    assert again.valid == 0 and again.already_imported == first.imported


def test_nothing_is_written_when_something_unexpected_fails(shop_a, monkeypatch):
    make_card_types()
    before = counts()

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importing, "_points_lots", boom)  # after customers, cards and ledger rows
    with pytest.raises(RuntimeError):
        import_members(csv_bytes(mixed_rows()), dry_run=False)
    assert counts() == before


def test_xlsx_with_chinese_headers_title_rows_and_excel_dates(shop_a):
    make_card_types()
    content = xlsx_bytes(
        [
            ["會員名單 2024"],  # a title row above the header
            [],
            [
                "姓名*",
                "手機（必填）",
                "生日",
                "性別",
                "電子郵件",
                "地址",
                "備註",
                "標籤",
                "卡種",
                "儲值餘額",
                "贈送餘額",
                "點數",
                "加入日期",
            ],
            [
                "林大華",
                912345678,
                datetime(1988, 2, 29),
                "男",
                "hua@example.com",
                "台北市",
                "愛喝茶",
                "A,B",
                "Gold",
                500,
                50.5,
                10,
                datetime(2022, 1, 2, 10, 30),
            ],
            ["周小芳", "0987654321", "民國75年3月2日", "女", "", "", "", "", "", "", "", "", "2024/1/31"],
            ["Bad", "0987654321", "", "?", "", "", "", "", "", "", "", "", ""],
        ]
    )
    dry = import_members(content, filename="members.xlsx", dry_run=True)
    assert {(e.row, e.field) for e in dry.errors} == {(6, "phone"), (6, "gender")}
    assert dry.valid == 2
    report = import_members(content, filename="members.xlsx", dry_run=False)
    assert report.imported == 2
    hua = Customer.objects.get(name="林大華")
    assert hua.phone == "+886912345678"
    assert hua.birthday == date(1988, 2, 29)
    assert hua.address == "台北市" and hua.notes == "愛喝茶" and hua.tags == ["A", "B"]
    card = hua.cards.get()
    assert {a.kind: a.balance for a in card.accounts.all()} == {
        Account.Kind.PRINCIPAL: Decimal("500.00"),
        Account.Kind.BONUS: Decimal("50.50"),
    }
    fang = Customer.objects.get(name="周小芳")
    assert fang.birthday == date(1986, 3, 2)
    assert fang.gender == "female"
    assert_ledger_matches_balances()


def test_csv_in_big5_from_excel_on_windows(shop_a):
    content = csv_bytes([["姓名", "電話"], ["黃先生", "02-2345-6789"]], encoding="cp950")
    report = import_members(content, filename="members.csv", dry_run=False)
    assert report.imported == 1
    assert Customer.objects.get(name="黃先生").phone == "+886223456789"


def test_semicolon_csv_and_excel_numbers_that_lost_their_plus(shop_a):
    content = "姓名;手機;點數\n甲;886912000001;1\n".encode()
    report = import_members(content, filename="members.csv", dry_run=False)
    assert report.errors == [] and report.imported == 1
    assert Customer.objects.get(name="甲").phone == "+886912000001"


def test_several_cards_of_one_member_on_following_rows(shop_a):
    make_card_types()
    content = csv_bytes(
        [
            [
                "member_no",
                "name",
                "phone",
                "card_number",
                "card_type",
                "principal",
                "sessions",
                "minutes",
                "points",
            ],
            ["M9", "Amy", "0911111111", "A-1", "Gold", "300", "", "", "20"],
            ["M9", "Amy", "0911111111", "A-2", "美容10次", "", "facial:2", "", ""],
            ["M9", "", "", "A-3", "Sauna", "", "", "90", ""],
            ["M9", "", "", "A-4", "Sauna", "", "", "", "5"],  # points only on the first row
        ]
    )
    report = import_members(content, dry_run=False)
    assert {(e.row, e.field) for e in report.errors} == {(5, "points")}
    amy = Customer.objects.get(member_no="M9")
    assert sorted(amy.cards.values_list("number", flat=True)) == ["A-1", "A-2", "A-3"]
    minutes = Account.objects.get(card__number="A-3")
    assert minutes.kind == Account.Kind.MINUTES and minutes.balance == Decimal("90.00")
    facial = Account.objects.get(card__number="A-2", service="facial")
    assert facial.balance == Decimal("2.00")
    assert Account.objects.get(card__number="A-2", service="massage").balance == 0
    assert_ledger_matches_balances()


def test_member_numbers_are_taken_in_bulk_and_skip_ones_in_use(shop_a):
    from loyalty.models import LoyaltySettings

    prefix = LoyaltySettings.current().member_no_prefix
    start = Counter.take("member_no", 1)[0]
    taken = f"{prefix}{start + 2:06d}"
    Customer.objects.create(name="Has it", member_no=taken)
    rows = [["name"], *([f"P{i}"] for i in range(5))]
    report = import_members(csv_bytes(rows), dry_run=False)
    assert report.imported == 5
    numbers = sorted(Customer.objects.filter(name__startswith="P").values_list("member_no", flat=True))
    assert len(set(numbers)) == 5 and taken not in numbers
    assert numbers[0] == f"{prefix}{start + 1:06d}"


def test_counter_take_returns_a_fresh_range(shop_a):
    first = Counter.take("test_range", 3)
    second = Counter.take("test_range", 2)
    assert list(first) == [1, 2, 3] and list(second) == [4, 5]
    assert Counter.next("test_range") == 6
    assert Counter.take("test_range", 0) == range(0)


@pytest.mark.parametrize(
    ("content", "filename", "fragment"),
    [
        (b"", "a.csv", "empty"),
        (b"   \n\n", "a.csv", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", ".xls"),
        (b"%PDF-1.4\x00\x01binary", "scan.pdf", "CSV or Excel"),
        (b"PK\x03\x04garbage", "broken.xlsx", "Excel"),
        (b"foo,bar\n1,2\n", "a.csv", "header"),
        (b"name,phone\n", "a.csv", "no members"),
        (b"name,phone,\xe5\xa7\x93\xe5\x90\x8d\nA,0912345678,B\n", "a.csv", "twice"),
    ],
)
def test_unreadable_files_are_clear_errors(shop_a, content, filename, fragment):
    with pytest.raises(ImportFileError) as caught:
        read_table(content, filename)
    assert fragment.lower() in str(caught.value.message).lower()
    assert caught.value.status == 400


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-01-31", date(2024, 1, 31)),
        ("2024/1/31", date(2024, 1, 31)),
        ("2024.01.31", date(2024, 1, 31)),
        ("2024年1月31日", date(2024, 1, 31)),
        ("20240131", date(2024, 1, 31)),
        ("113/1/31", date(2024, 1, 31)),
        ("31/01/2024", date(2024, 1, 31)),
        ("2024-01-31 00:00:00", date(2024, 1, 31)),
        (datetime(2024, 1, 31, 8, 0), date(2024, 1, 31)),
        (45322, date(2024, 1, 31)),
        ("", None),
    ],
)
def test_date_formats(shop_a, raw, expected):
    assert importing.parse_date(raw) == expected


def test_progress_callback_reaches_the_total(shop_a):
    calls: list[tuple[int, int]] = []
    rows = [["name"], *([f"R{i}"] for i in range(2500))]
    import_members(csv_bytes(rows), dry_run=False, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (2500, 2500)
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_management_command_dry_run_and_commit(tenant_a, tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(csv_bytes([["姓名", "手機"], ["甲", "0912000001"], ["乙", "bad"]]))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_members", str(path), "--dry-run", "--tenant", "alpha", stdout=out, stderr=err)
    assert caught.value.returncode == 2
    assert "3" in out.getvalue()  # the bad row is listed with its row number
    with tenant_context(tenant_a):
        assert not Customer.objects.filter(name="甲").exists()
    with pytest.raises(CommandError):
        call_command("import_members", str(path), "--tenant", "alpha", stdout=out, stderr=err)
    with tenant_context(tenant_a):
        assert Customer.objects.filter(name="甲").count() == 1
    with pytest.raises(CommandError, match="subdomain"):
        call_command("import_members", str(path), "--tenant", "nope", stdout=out, stderr=err)
