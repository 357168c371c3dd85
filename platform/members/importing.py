"""Member import from CSV and Excel (.xlsx), the way shops moving off a spreadsheet need it.

* A header row names the columns, in English or Chinese (``COLUMNS``); title rows above it, extra
  columns, required-marks (``姓名*``) and notes in brackets (``手機（必填）``) are tolerated.
* A **dry run** validates every row and reports every bad one (sheet row number, column, translated
  reason) without writing anything (it even runs in a transaction that is rolled back).
* A **commit** imports every good row in one transaction (all of them, or none if something
  unexpected fails), skipping and reporting the bad ones. Customers, cards and accounts are bulk
  inserted; opening balances (stored value, count-card sessions, time-card minutes, points) are
  ledger transactions of kind ``IMPORT`` with reason ``"import"``, source ``("import", batch)`` and
  idempotency key ``import:<batch>:<row>:<card|points>``, written by ``_bulk_post``, the bulk twin
  of ``loyalty.ledger.post`` (same rows, same checks; one statement per chunk instead of six per
  row). Imported points get a points lot, as earned points do.
* The batch id defaults to a hash of the file, and every imported customer remembers
  ``extra["import"] = {"batch", "row"}``: committing the same file again skips the rows it already
  imported (a no-op, never a double import).
* A member may hold several cards: a row that repeats the member number of an earlier row (same
  name and phone, or those left blank) and carries only card columns adds a card to that member.
  That is how the export writes members with several cards, so an export can be re-imported.

Blank balances mean zero (a count card imported without a ``sessions`` value starts with none);
imported cards are active, expire only when ``expires_at`` says so, and may be of an inactive card
type (old members often hold discontinued cards).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.errors import DomainError
from core.models import Counter
from members.models import Customer
from members.phones import normalize_phone, region_for
from members.search import build_tokens

Progress = Callable[[int, int], None]

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
CHUNK = 1000
HEADER_SCAN_ROWS = 10

# Column key -> accepted header names (compared after ``_header_key``). The first Chinese alias in
# traditional and simplified script is also what the export writes for zh-hant / zh-hans users.
COLUMNS: dict[str, tuple[str, ...]] = {
    "member_no": ("member_no", "member number", "member no", "會員編號", "会员编号", "會員號", "会员号"),
    "name": ("name", "full name", "姓名", "名字", "會員姓名", "会员姓名", "客戶姓名", "客户姓名"),
    "phone": (
        "phone",
        "mobile",
        "tel",
        "手機",
        "手机",
        "電話",
        "电话",
        "手機號碼",
        "手机号码",
        "手機號",
        "手机号",
    ),
    "email": ("email", "e-mail", "電子郵件", "电子邮件", "郵箱", "邮箱", "信箱", "電郵", "电邮"),
    "birthday": ("birthday", "date of birth", "birth date", "生日", "出生日期"),
    "gender": ("gender", "sex", "性別", "性别"),
    "address": ("address", "地址"),
    "notes": ("notes", "note", "remarks", "備註", "备注"),
    "tags": ("tags", "tag", "標籤", "标签"),
    "joined_at": (
        "joined_at",
        "joined",
        "join date",
        "加入日期",
        "入會日期",
        "入会日期",
        "註冊日期",
        "注册日期",
    ),
    "card_number": ("card_number", "card number", "card no", "卡號", "卡号"),
    "card_type": ("card_type", "card type", "卡種", "卡种", "卡別", "卡别", "卡類型", "卡类型"),
    "principal": (
        "principal",
        "stored value",
        "balance",
        "儲值餘額",
        "储值余额",
        "儲值金",
        "储值金",
        "餘額",
        "余额",
    ),
    "bonus": ("bonus", "bonus balance", "贈送餘額", "赠送余额", "贈送金", "赠送金"),
    "sessions": ("sessions", "次數", "次数", "剩餘次數", "剩余次数"),
    "minutes": ("minutes", "分鐘", "分钟", "剩餘分鐘", "剩余分钟"),
    "expires_at": ("expires_at", "expires", "expiry", "到期日", "到期日期", "有效期限"),
    "points": ("points", "點數", "点数", "積分", "积分"),
}
CARD_COLUMNS = ("card_number", "card_type", "principal", "bonus", "sessions", "minutes", "expires_at")
LABELS = {
    "member_no": gettext_lazy("member number"),
    "name": gettext_lazy("name"),
    "phone": gettext_lazy("phone"),
    "email": gettext_lazy("email"),
    "birthday": gettext_lazy("birthday"),
    "gender": gettext_lazy("gender"),
    "address": gettext_lazy("address"),
    "notes": gettext_lazy("notes"),
    "tags": gettext_lazy("tags"),
    "joined_at": gettext_lazy("joined"),
    "card_number": gettext_lazy("card number"),
    "card_type": gettext_lazy("card type"),
    "principal": gettext_lazy("stored value"),
    "bonus": gettext_lazy("bonus"),
    "sessions": gettext_lazy("sessions"),
    "minutes": gettext_lazy("minutes"),
    "expires_at": gettext_lazy("expires"),
    "points": gettext_lazy("points"),
}
GENDERS = {
    Customer.Gender.FEMALE: ("female", "f", "woman", "w", "女", "女性", "小姐", "女士"),
    Customer.Gender.MALE: ("male", "m", "man", "男", "男性", "先生"),
    Customer.Gender.OTHER: ("other", "x", "其他", "其它"),
}


def _header_key(text: Any) -> str:
    text = str(text or "").strip().lower()
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", text)  # "手機（必填）" -> "手機"
    text = text.replace("*", "").replace("_", " ").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


ALIASES = {_header_key(alias): key for key, names in COLUMNS.items() for alias in names}


class ImportFileError(DomainError):
    """The file as a whole cannot be read (not CSV/XLSX, empty, no usable header): HTTP 400."""

    code = "import_file_invalid"
    status = 400


@dataclass(frozen=True)
class ImportBatch:
    """What the audit log points at for an import (no table of its own)."""

    pk: str


@dataclass
class RowError:
    row: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class ImportReport:
    batch: str
    dry_run: bool
    total: int = 0
    valid: int = 0
    imported: int = 0
    cards: int = 0
    already_imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "batch": self.batch,
            "total": self.total,
            "valid": self.valid,
            "errors": [e.as_dict() for e in self.errors],
            "ignored_columns": self.ignored_columns,
            "already_imported": self.already_imported,
        }
        if not self.dry_run:
            body.update(imported=self.imported, cards=self.cards)
        return body


@dataclass
class Table:
    columns: dict[int, str]
    ignored: list[str]
    rows: list[tuple[int, dict[str, Any]]]


# --- reading the file -----------------------------------------------------------------------------


def _region() -> str:
    return region_for(getattr(getattr(connection, "tenant", None), "currency", "TWD"))


def _zone() -> Any:
    name = getattr(getattr(connection, "tenant", None), "time_zone", "") or ""
    try:
        return ZoneInfo(name) if name else timezone.get_current_timezone()
    except (KeyError, ValueError):  # unknown zone name
        return timezone.get_current_timezone()


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Excel on a Chinese Windows saves "CSV" in the system code page.
    legacy = ("gb18030", "cp950") if _region() in {"CN", "SG", "MY"} else ("cp950", "gb18030")
    for encoding in legacy:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file's text encoding is not supported. Save it as CSV UTF-8 and try again."))


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    text = _decode(content)
    # The delimiter (comma; semicolon from European Excel; tab from "Unicode text") is the one the
    # first line uses most. Quoting stays Excel's (doubled quotes), whatever a sniffer would guess.
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc


def _xlsx_sheets(content: bytes) -> list[list[list[Any]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign zip: the merchant needs a message, not a 500
        raise ImportFileError(_("The Excel file could not be opened. Is it a valid .xlsx file?")) from exc
    try:
        sheets = [workbook.active, *workbook.worksheets]
        seen: set[int] = set()
        result = []
        for sheet in sheets:
            if sheet is None or id(sheet) in seen or not hasattr(sheet, "iter_rows"):
                continue
            seen.add(id(sheet))
            result.append([list(row) for row in sheet.iter_rows(values_only=True)])
        return result
    finally:
        workbook.close()


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[int, str], list[str]] | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[int, str] = {}
        ignored: list[str] = []
        for position, cell in enumerate(row):
            key = ALIASES.get(_header_key(cell))
            if key is None:
                if _text(cell):
                    ignored.append(_text(cell))
                continue
            if key in columns.values():
                raise ImportFileError(
                    _("The column “%(column)s” appears twice in the header.") % {"column": _text(cell)}
                )
            columns[position] = key
        if "name" in columns.values():
            return index, columns, ignored
    return None


def read_table(content: bytes, filename: str = "") -> Table:
    """Rows of a CSV or XLSX file as ``(sheet row number, {column key: raw value})``."""
    if not content or not content.strip():
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is too large (at most 20 MB)."))
    name = (filename or "").lower()
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("Old Excel files (.xls) are not supported: save the sheet as .xlsx or CSV."))
    if content.startswith(b"PK\x03\x04"):
        if not zipfile.is_zipfile(io.BytesIO(content)):
            raise ImportFileError(_("The Excel file could not be opened. Is it a valid .xlsx file?"))
        sheets = _xlsx_sheets(content)
    elif (
        name.endswith((".xlsx", ".xlsm", ".xls", ".numbers", ".ods", ".pdf", ".zip"))
        or b"\x00" in content[:1024]
    ):
        if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" (UTF-16, tabs)
            sheets = [list(_csv_rows(content))]
        else:
            raise ImportFileError(_("Upload a CSV or Excel (.xlsx) file."))
    else:
        sheets = [list(_csv_rows(content))]
    for rows in sheets:
        found = _find_header(rows)
        if found is None:
            continue
        header_index, columns, ignored = found
        table_rows = []
        for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
            values = {key: row[pos] for pos, key in columns.items() if pos < len(row)}
            if any(_text(v) for v in values.values()):
                table_rows.append((number, values))
        if not table_rows:
            raise ImportFileError(_("The file has a header row but no members under it."))
        if len(table_rows) > MAX_ROWS:
            raise ImportFileError(
                _("The file has too many rows (at most %(max)s): split it into several files.")
                % {"max": MAX_ROWS}
            )
        return Table(columns, ignored, table_rows)
    if not any(any(_text(c) for c in row) for rows in sheets for row in rows):
        raise ImportFileError(_("The file is empty."))
    raise ImportFileError(
        _(
            "No header row found: the first row must name the columns, at least “name” (姓名). "
            "Known columns: %(columns)s."
        )
        % {"columns": ", ".join(COLUMNS)}
    )


# --- parsing cells -----------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 0912345678 as the number 912345678
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in {"=", "+", "-", "@"}:
        text = text[1:]  # the export's guard against spreadsheet formulas
    return text


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_YMD = re.compile(r"^(\d{2,4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DMY = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$")
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = int(value)
        if 19000101 <= number <= 21001231:
            value = str(number)
        elif 1 <= number < 80000:  # an Excel serial day number that lost its date format
            return EXCEL_EPOCH + timedelta(days=number)
    text = _text(value)
    text = re.sub(r"^(民國|民国)\s*", "", text)
    roc = text != _text(value)
    text = re.split(r"[ T]", text, maxsplit=1)[0] if re.search(r"\d[ T]\d{1,2}:", text) else text
    try:
        if match := _YMD.match(text):
            year, month, day = (int(g) for g in match.groups())
            if roc or len(match.group(1)) == 3 or (len(match.group(1)) == 2 and _region() == "TW"):
                year += 1911  # 民國 (ROC) year, e.g. 113/1/31
            elif len(match.group(1)) == 2:
                raise _Bad(_("Write the year with four digits, e.g. 2024-01-31."))
            return date(year, month, day)
        if match := _COMPACT.match(text):
            return date(*(int(g) for g in match.groups()))
        if match := _DMY.match(text):
            first, second, year = (int(g) for g in match.groups())
            if first > 12 or (second <= 12 and _region() != "US"):
                return date(year, second, first)
            return date(year, first, second)
    except ValueError:
        raise _Bad(_("“%(value)s” is not a real date.") % {"value": _text(value)}) from None
    raise _Bad(_("“%(value)s” is not a date; use e.g. 2024-01-31 or 2024/1/31.") % {"value": _text(value)})


def parse_datetime(value: Any, *, end_of_day: bool = False) -> datetime | None:
    if value is None or value == "":
        return None
    zone = _zone()
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, zone)
    text = _text(value)
    moment: time | None = None
    parts = re.split(r"(?<=\d)[ T](?=\d{1,2}:)", text, maxsplit=1)
    if len(parts) == 2:
        clock = re.sub(r"(Z|[+-]\d{2}:?\d{2})$", "", parts[1])
        match = _TIME.match(clock)
        if match is None:
            from django.utils.dateparse import parse_datetime as iso

            parsed = iso(text)
            if parsed is None:
                raise _Bad(
                    _("“%(value)s” is not a date; use e.g. 2024-01-31 or 2024/1/31.") % {"value": text}
                )
            return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, zone)
        hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
        try:
            moment = time(hour, minute, second)
        except ValueError:
            raise _Bad(_("“%(value)s” is not a real date.") % {"value": text}) from None
        value = parts[0]
    day = parse_date(value)
    if day is None:
        return None
    if moment is None:
        moment = time(23, 59, 59) if end_of_day else time(0, 0)
    return timezone.make_aware(datetime.combine(day, moment), zone)


def parse_amount(value: Any, *, integer: bool = False) -> Decimal:
    if value is None or value == "":
        return Decimal(0).quantize(CENT)
    if isinstance(value, bool):
        raise _Bad(_("Enter a number."))
    text = str(value).strip() if not isinstance(value, float) else repr(value)
    text = re.sub(r"[\s,，]", "", text)
    text = re.sub(r"^[^\d+\-.]+", "", text)  # NT$, $, ¥, RM …
    text = re.sub(r"[^\d.]+$", "", text)  # 元, 點, 次 …
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise _Bad(_("“%(value)s” is not a number.") % {"value": _text(value)}) from None
    if not amount.is_finite():
        raise _Bad(_("“%(value)s” is not a number.") % {"value": _text(value)})
    if amount < 0:
        raise _Bad(_("Cannot be negative."))
    if amount > MAX_AMOUNT:
        raise _Bad(_("The amount is too large."))
    if integer and amount != amount.to_integral_value():
        raise _Bad(_("Enter a whole number."))
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _phone(text: str, region: str) -> tuple[str, str] | None:
    normalized = normalize_phone(text, region)
    if normalized is None and text.isdigit() and len(text) > 10:
        normalized = normalize_phone("+" + text, region)  # Excel ate the "+" of 886912345678
    return normalized


def _gender(value: Any) -> str:
    text = _text(value).lower()
    if not text:
        return ""
    for gender, words in GENDERS.items():
        if text in words or text == str(Customer.Gender(gender).label).lower():
            return gender
    raise _Bad(
        _("“%(value)s” is not a gender; use female/male/other or 女/男/其他.") % {"value": _text(value)}
    )


def _tags(value: Any) -> list[str]:
    tags: list[str] = []
    for tag in re.split(r"[,，、;；\n]+", _text(value)):
        tag = tag.strip()
        if not tag or tag in tags:
            continue
        if len(tag) > 40:
            raise _Bad(_("A tag can have at most 40 characters."))
        tags.append(tag)
    return tags


def _sessions(value: Any, card_type: Any) -> dict[str, Decimal]:
    """``"facial:5;massage:3"``; a bare number when the card type has a single service."""
    text = _text(value)
    if not text:
        return {}
    services = [s.service for s in card_type.services.all()] if card_type is not None else []
    result: dict[str, Decimal] = {}
    for part in re.split(r"[;；\n,，、]+", text):
        part = part.strip()
        if not part:
            continue
        if re.search(r"[:：=]", part):
            service, count = re.split(r"\s*[:：=]\s*", part, maxsplit=1)
        else:
            service, count = "", part
        service = service.strip()
        if not service:
            if len(services) != 1:
                raise _Bad(_("Write sessions per service, e.g. “facial:5;massage:3”."))
            service = services[0]
        matched = next((s for s in services if s.lower() == service.lower()), None)
        if matched is None:
            raise _Bad(
                _("“%(service)s” is not a service of this card type (%(services)s).")
                % {"service": service, "services": "、".join(services) or "—"}
            )
        amount = parse_amount(count, integer=True)
        if matched in result:
            raise _Bad(_("“%(service)s” is listed twice.") % {"service": matched})
        result[matched] = amount
    return result


# --- validation --------------------------------------------------------------------------------


@dataclass
class PlannedCard:
    row: int
    number: str
    card_type: Any
    principal: Decimal
    bonus: Decimal
    minutes: Decimal
    sessions: dict[str, Decimal]
    expires_at: datetime | None


@dataclass
class Planned:
    row: int
    values: dict[str, Any]
    national: str
    member_no: str
    points: Decimal
    cards: list[PlannedCard] = field(default_factory=list)
    valid: bool = True


def _check_length(errors: list[RowError], row: int, key: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors.append(
            RowError(
                row,
                key,
                _("At most %(limit)s characters (this has %(count)s).")
                % {"limit": limit, "count": len(value)},
            )
        )


class _Validator:
    def __init__(self) -> None:
        from loyalty.models import CardType

        self.region = _region()
        self.errors: list[RowError] = []
        self.card_types: dict[str, Any] = {}
        for card_type in CardType.objects.prefetch_related("services").order_by("-active", "id"):
            self.card_types.setdefault(card_type.name.strip().lower(), card_type)
        try:
            from loyalty.models import PointsSettings

            points_settings = PointsSettings.objects.filter(pk=1).first()  # read only: no get_or_create
            self.whole_points = not (points_settings and points_settings.fractional)
        except ImportError:  # pragma: no cover (before the points app existed)
            self.whole_points = False

    def error(self, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(row, key, str(message)))

    def field(self, row: int, key: str, parse: Callable[[], Any], default: Any = None) -> Any:
        try:
            return parse()
        except _Bad as bad:
            self.error(row, key, bad.message)
            return default

    def person(self, row: int, raw: dict[str, Any]) -> Planned:
        start = len(self.errors)
        name = re.sub(r"\s+", " ", _text(raw.get("name")))
        if not name:
            self.error(row, "name", _("The name is missing."))
        _check_length(self.errors, row, "name", name, 100)
        phone_text = _text(raw.get("phone"))
        phone, national = "", ""
        if phone_text:
            normalized = _phone(phone_text, self.region)
            if normalized is None:
                self.error(
                    row, "phone", _("“%(value)s” is not a valid phone number.") % {"value": phone_text}
                )
            else:
                phone, national = normalized
        email = _text(raw.get("email"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.error(row, "email", _("“%(value)s” is not a valid email address.") % {"value": email})
        _check_length(self.errors, row, "email", email, 254)
        birthday = self.field(row, "birthday", lambda: parse_date(raw.get("birthday")))
        if birthday and not (date(1900, 1, 1) <= birthday <= timezone.localdate()):
            self.error(row, "birthday", _("The birthday must be between 1900 and today."))
        joined_at = self.field(row, "joined_at", lambda: parse_datetime(raw.get("joined_at")))
        if joined_at and joined_at > timezone.now() + timedelta(days=1):
            self.error(row, "joined_at", _("The join date cannot be in the future."))
        address = _text(raw.get("address"))
        _check_length(self.errors, row, "address", address, 255)
        member_no = _text(raw.get("member_no"))
        _check_length(self.errors, row, "member_no", member_no, 32)
        planned = Planned(
            row=row,
            values={
                "name": name,
                "phone": phone,
                "email": email,
                "birthday": birthday,
                "gender": self.field(row, "gender", lambda: _gender(raw.get("gender")), ""),
                "address": address,
                "notes": _text(raw.get("notes")),
                "tags": self.field(row, "tags", lambda: _tags(raw.get("tags")), []),
                "joined_at": joined_at,
            },
            national=national,
            member_no=member_no,
            points=self.field(
                row, "points", lambda: parse_amount(raw.get("points"), integer=self.whole_points), Decimal(0)
            ),
        )
        card = self.card(row, raw)
        if card is not None:
            planned.cards.append(card)
        planned.valid = len(self.errors) == start
        return planned

    def card(self, row: int, raw: dict[str, Any]) -> PlannedCard | None:
        from loyalty.models import CardType

        if not any(_text(raw.get(key)) for key in CARD_COLUMNS):
            return None
        number = _text(raw.get("card_number"))
        _check_length(self.errors, row, "card_number", number, 32)
        type_name = _text(raw.get("card_type"))
        card_type = self.card_types.get(type_name.lower()) if type_name else None
        if not type_name:
            self.error(row, "card_type", _("Enter the card type of this card."))
        elif card_type is None:
            known = "、".join(list({ct.name for ct in self.card_types.values()})[:10]) or "—"
            self.error(
                row,
                "card_type",
                _("Unknown card type “%(name)s”: create it first or use one of: %(known)s.")
                % {"name": type_name, "known": known},
            )
        principal = self.field(row, "principal", lambda: parse_amount(raw.get("principal")), Decimal(0))
        bonus = self.field(row, "bonus", lambda: parse_amount(raw.get("bonus")), Decimal(0))
        minutes = self.field(
            row, "minutes", lambda: parse_amount(raw.get("minutes"), integer=True), Decimal(0)
        )
        sessions = self.field(row, "sessions", lambda: _sessions(raw.get("sessions"), card_type), {})
        expires_at = self.field(
            row, "expires_at", lambda: parse_datetime(raw.get("expires_at"), end_of_day=True)
        )
        kind = card_type.kind if card_type is not None else None
        if kind is not None:
            if (principal or bonus) and kind != CardType.Kind.STORED_VALUE:
                self.error(
                    row,
                    "principal" if principal else "bonus",
                    _("Only stored-value cards hold stored value; “%(name)s” is a %(kind)s.")
                    % {"name": card_type.name, "kind": card_type.get_kind_display()},
                )
            if _text(raw.get("sessions")) and kind != CardType.Kind.COUNT:
                self.error(row, "sessions", _("Only count cards hold sessions."))
            if minutes and kind != CardType.Kind.TIME:
                self.error(row, "minutes", _("Only time cards hold minutes."))
        return PlannedCard(row, number, card_type, principal, bonus, minutes, sessions, expires_at)


def _continuation(planned: Planned, raw: dict[str, Any], validator: _Validator) -> bool:
    """Does this row only add a card to ``planned`` (same member number, same or blank name/phone)?"""
    name = re.sub(r"\s+", " ", _text(raw.get("name")))
    if name and name != planned.values["name"]:
        return False
    phone_text = _text(raw.get("phone"))
    if phone_text:
        normalized = _phone(phone_text, validator.region)
        if normalized is None or normalized[0] != planned.values["phone"]:
            return False
    return any(_text(raw.get(key)) for key in CARD_COLUMNS)


def _batch_id(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:24]


def validate(
    table: Table, batch: str, progress: Progress | None = None
) -> tuple[list[Planned], _Validator, int]:
    """Plans for the good rows; every problem lands in ``validator.errors``. Reads only."""
    from loyalty.models import Card

    validator = _Validator()
    done_rows = _imported_rows(batch)
    already = 0
    people: list[Planned] = []
    by_member_no: dict[str, Planned] = {}
    by_phone: dict[str, int] = {}
    card_rows: dict[str, int] = {}
    total = len(table.rows)
    for index, (row, raw) in enumerate(table.rows, start=1):
        member_no = _text(raw.get("member_no"))
        primary = by_member_no.get(member_no) if member_no else None
        if primary is not None and _continuation(primary, raw, validator):
            if primary.row in done_rows:
                already += 1
                continue
            start = len(validator.errors)
            card = validator.card(row, raw)
            if validator.field(row, "points", lambda raw=raw: parse_amount(raw.get("points")), Decimal(0)):
                validator.error(
                    row,
                    "points",
                    _("Points belong on the member's first row (row %(row)s).") % {"row": primary.row},
                )
            if not primary.valid:
                validator.error(
                    row,
                    "member_no",
                    _("The member's first row (row %(row)s) has errors.") % {"row": primary.row},
                )
            if card is not None and len(validator.errors) == start:
                primary.cards.append(card)  # a bad card row is skipped alone; the member still imports
        else:
            planned = validator.person(row, raw)
            if row in done_rows:
                already += 1
                validator.errors = [e for e in validator.errors if e.row != row]
                planned.valid = False
                if member_no:
                    by_member_no.setdefault(member_no, planned)
                continue
            if primary is not None:
                validator.error(
                    row,
                    "member_no",
                    _("Member number %(no)s is also on row %(row)s.") % {"no": member_no, "row": primary.row},
                )
                planned.valid = False
            elif member_no:
                by_member_no[member_no] = planned
            phone = planned.values["phone"]
            if phone:
                if phone in by_phone:
                    validator.error(
                        row,
                        "phone",
                        _("This phone number is also on row %(row)s.") % {"row": by_phone[phone]},
                    )
                    planned.valid = False
                else:
                    by_phone[phone] = row
            people.append(planned)
        if progress and (index % CHUNK == 0 or index == total):
            progress(index, total)
    # Card numbers repeated inside the file.
    for planned in people:
        for card in planned.cards:
            if not card.number:
                continue
            if card.number in card_rows:
                validator.error(
                    card.row,
                    "card_number",
                    _("Card number %(no)s is also on row %(row)s.")
                    % {"no": card.number, "row": card_rows[card.number]},
                )
                if card.row == planned.row:
                    planned.valid = False
            else:
                card_rows[card.number] = card.row
    # What the shop already has.
    phones = {p.values["phone"] for p in people if p.valid and p.values["phone"]}
    taken_phones = set(
        Customer.objects.filter(phone__in=phones, merged_into__isnull=True).values_list("phone", flat=True)
    )
    member_nos = {p.member_no for p in people if p.valid and p.member_no}
    taken_nos = set(Customer.objects.filter(member_no__in=member_nos).values_list("member_no", flat=True))
    numbers = {c.number for p in people if p.valid for c in p.cards if c.number}
    taken_cards = set(Card.objects.filter(number__in=numbers).values_list("number", flat=True))
    for planned in people:
        if not planned.valid:
            continue
        if planned.values["phone"] in taken_phones:
            validator.error(
                planned.row, "phone", _("A customer with this phone number already exists in this shop.")
            )
            planned.valid = False
        if planned.member_no in taken_nos:
            validator.error(
                planned.row,
                "member_no",
                _("Member number %(no)s is already in use.") % {"no": planned.member_no},
            )
            planned.valid = False
        kept = []
        for card in planned.cards:
            if card.number in taken_cards:
                validator.error(
                    card.row, "card_number", _("Card number %(no)s is already in use.") % {"no": card.number}
                )
                if card.row == planned.row:
                    planned.valid = False
                continue
            kept.append(card)
        planned.cards = kept
    # A card row left over from a row that turned out bad is bad too.
    bad_rows = {e.row for e in validator.errors}
    for planned in people:
        if planned.valid and planned.row in bad_rows:
            planned.valid = False
        if not planned.valid:
            for card in planned.cards:
                if card.row != planned.row and card.row not in bad_rows:
                    validator.error(
                        card.row,
                        "member_no",
                        _("The member's first row (row %(row)s) has errors.") % {"row": planned.row},
                    )
                    bad_rows.add(card.row)
        else:
            planned.cards = [c for c in planned.cards if c.row == planned.row or c.row not in bad_rows]
    validator.errors.sort(key=lambda e: e.row)
    return [p for p in people if p.valid], validator, already


def _imported_rows(batch: str) -> set[int]:
    rows = Customer.objects.filter(extra__contains={"import": {"batch": batch}}).values_list(
        "extra", flat=True
    )
    return {int(extra["import"]["row"]) for extra in rows}


# --- writing -----------------------------------------------------------------------------------


def _fresh_numbers(
    counter: str,
    count: int,
    fmt: Callable[[int], str],
    taken: Callable[[list[str]], set[str]],
    reserved: set[str],
) -> list[str]:
    """``count`` new numbers from a counter, skipping any already used (imported by hand)."""
    result: list[str] = []
    while len(result) < count:
        candidates = [fmt(v) for v in Counter.take(counter, count - len(result))]
        used = taken(candidates) | reserved
        result.extend(c for c in candidates if c not in used)
    return result


@dataclass
class _Opening:
    """One ledger transaction to write in bulk: what ``ledger.post`` would be asked."""

    key: str
    fingerprint: str
    customer: Customer
    card: Any
    postings: list[tuple[Any, Decimal]]
    points: Decimal = Decimal(0)  # > 0: also a points lot, as points.earn writes it


def _bulk_post(openings: list[_Opening], batch: str, actor: Any) -> None:
    """Opening balances through ``ledger.post_many`` (a few statements per chunk instead of six per
    row: 10,000 members would otherwise take minutes). Points also get their lot (the invariant of
    ``loyalty.services.points``: lots add up to the balance), expiring like earned points."""
    from loyalty import ledger
    from loyalty.models import LedgerTransaction

    by_key = {o.key: o for o in openings}
    items = [
        ledger.BulkItem(
            o.key, o.fingerprint, o.customer, o.card, [ledger.Posting(a, x) for a, x in o.postings]
        )
        for o in openings
    ]
    written = ledger.post_many(
        LedgerTransaction.Kind.IMPORT, items, actor=actor, reason="import", source=("import", batch)
    )
    _points_lots(
        [
            (by_key[item.idempotency_key], header)
            for item, header in written
            if by_key[item.idempotency_key].points > 0
        ]
    )


def _points_lots(pairs: list[tuple[_Opening, Any]]) -> None:
    if not pairs:
        return
    from loyalty.models import PointsLot, PointsLotEntry, PointsSettings

    days = PointsSettings.current().expiry_days
    expires = timezone.now() + timedelta(days=days) if days else None
    lots = [
        PointsLot(
            account=o.postings[0][0],
            earned_by=header,
            points=o.points,
            remaining=o.points,
            expires_at=expires,
        )
        for o, header in pairs
    ]
    PointsLot.objects.bulk_create(lots)
    PointsLotEntry.objects.bulk_create(
        [
            PointsLotEntry(lot=lot, transaction=header, amount=lot.points)
            for lot, (_o, header) in zip(lots, pairs, strict=True)
        ]
    )


def _fingerprint(batch: str, row: int, what: str, pairs: list[tuple[Any, Decimal]]) -> str:
    from loyalty import ledger

    return ledger.fingerprint(
        op="import",
        batch=batch,
        row=row,
        what=what,
        amounts=sorted([a.kind, a.service, str(x)] for a, x in pairs),
    )


def _write(people: list[Planned], batch: str, actor: Any, progress: Progress | None) -> tuple[int, int]:
    from loyalty.models import Account, Card, CardType, LoyaltySettings

    prefix = LoyaltySettings.current().member_no_prefix
    reserved_nos = {p.member_no for p in people if p.member_no}
    new_nos = iter(
        _fresh_numbers(
            "member_no",
            sum(1 for p in people if not p.member_no),
            lambda v: f"{prefix}{v:06d}",
            lambda c: set(Customer.objects.filter(member_no__in=c).values_list("member_no", flat=True)),
            reserved_nos,
        )
    )
    reserved_cards = {c.number for p in people for c in p.cards if c.number}
    new_cards = iter(
        _fresh_numbers(
            "card_no",
            sum(1 for p in people for c in p.cards if not c.number),
            lambda v: f"C{v:08d}",
            lambda c: set(Card.objects.filter(number__in=c).values_list("number", flat=True)),
            reserved_cards,
        )
    )
    now = timezone.now()
    cards_done = 0
    total = len(people)
    for start in range(0, total, CHUNK):
        chunk = people[start : start + CHUNK]
        customers = []
        for planned in chunk:
            planned.member_no = planned.member_no or next(new_nos)
            for card in planned.cards:
                card.number = card.number or next(new_cards)
            values = dict(planned.values)
            values["joined_at"] = values["joined_at"] or now
            customers.append(
                Customer(
                    **values,
                    member_no=planned.member_no,
                    extra={"import": {"batch": batch, "row": planned.row}},
                    search_tokens=build_tokens(
                        values["name"],
                        values["phone"],
                        planned.national,
                        [planned.member_no, *(c.number for c in planned.cards)],
                    ),
                )
            )
        Customer.objects.bulk_create(customers)
        cards: list[tuple[Customer, PlannedCard, Card]] = []
        for customer, planned in zip(customers, chunk, strict=True):
            for plan in planned.cards:
                card = Card(
                    number=plan.number,
                    customer=customer,
                    card_type=plan.card_type,
                    expires_at=plan.expires_at,
                )
                cards.append((customer, plan, card))
        Card.objects.bulk_create([card for _customer, _plan, card in cards])
        accounts: list[Account] = []
        openings: list[_Opening] = []
        for customer, plan, card in cards:
            kind = plan.card_type.kind
            pairs: list[tuple[Account, Decimal]] = []
            if kind == CardType.Kind.STORED_VALUE:
                pairs = [
                    (Account(customer=customer, card=card, kind=Account.Kind.PRINCIPAL), plan.principal),
                    (Account(customer=customer, card=card, kind=Account.Kind.BONUS), plan.bonus),
                ]
            elif kind == CardType.Kind.COUNT:
                pairs = [
                    (
                        Account(customer=customer, card=card, kind=Account.Kind.SESSIONS, service=s.service),
                        plan.sessions.get(s.service, Decimal(0)),
                    )
                    for s in plan.card_type.services.all()
                ]
            elif kind == CardType.Kind.TIME and plan.card_type.minutes:
                pairs = [(Account(customer=customer, card=card, kind=Account.Kind.MINUTES), plan.minutes)]
            accounts.extend(account for account, _amount in pairs)
            if any(amount for _account, amount in pairs):
                openings.append(_Opening(f"import:{batch}:{plan.row}:card", "", customer, card, pairs))
        for customer, planned in zip(customers, chunk, strict=True):
            if planned.points > 0:
                account = Account(customer=customer, kind=Account.Kind.POINTS)
                accounts.append(account)
                pairs = [(account, planned.points)]
                openings.append(
                    _Opening(
                        f"import:{batch}:{planned.row}:points", "", customer, None, pairs, planned.points
                    )
                )
        Account.objects.bulk_create(accounts)
        for opening in openings:
            row, what = opening.key.rsplit(":", 2)[1:]
            opening.fingerprint = _fingerprint(batch, int(row), what, opening.postings)
        _bulk_post(openings, batch, actor)
        cards_done += len(cards)
        if progress:
            progress(min(start + CHUNK, total), total)
    return total, cards_done


def import_members(
    content: bytes,
    *,
    filename: str = "",
    dry_run: bool = True,
    actor: Any = None,
    batch: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate (``dry_run``) or import a member file; see the module docstring."""
    table = read_table(content, filename)
    batch = (batch or _batch_id(content))[:40]
    report = ImportReport(batch=batch, dry_run=dry_run, total=len(table.rows), ignored_columns=table.ignored)
    if dry_run:
        with transaction.atomic():
            people, validator, already = validate(table, batch, progress)
            transaction.set_rollback(True)  # a dry run never leaves anything behind
        report.valid = len(table.rows) - len({e.row for e in validator.errors}) - already
        report.errors = validator.errors
        report.already_imported = already
        return report
    try:
        with transaction.atomic():
            _lock_imports()
            people, validator, already = validate(table, batch)
            report.errors = validator.errors
            report.already_imported = already
            report.valid = len(table.rows) - len({e.row for e in validator.errors}) - already
            report.imported, report.cards = _write(people, batch, actor, progress)
            if report.imported:
                audit.record(
                    "members.import",
                    ImportBatch(batch),
                    actor=actor,
                    after={
                        "file": filename,
                        "rows": report.total,
                        "imported": report.imported,
                        "cards": report.cards,
                        "skipped": len({e.row for e in report.errors}),
                    },
                )
    except IntegrityError as exc:
        raise DomainError(
            _("The shop's data changed while importing, so nothing was imported. Please try again."),
            code="import_conflict",
            status=409,
        ) from exc
    if progress and not people:
        progress(report.total, report.total)
    return report


def _lock_imports() -> None:
    """One import at a time per shop, so two commits of one file cannot both pass validation."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{connection.schema_name}:members.import"]
        )


EXPORT_HEADERS = {
    "zh-hant": {
        "member_no": "會員編號", "name": "姓名", "phone": "手機", "email": "電子郵件", "birthday": "生日",
        "gender": "性別", "address": "地址", "notes": "備註", "tags": "標籤", "joined_at": "加入日期",
        "card_number": "卡號", "card_type": "卡種", "principal": "儲值餘額", "bonus": "贈送餘額",
        "sessions": "次數", "minutes": "分鐘", "expires_at": "到期日", "points": "點數",
    },
    "zh-hans": {
        "member_no": "会员编号", "name": "姓名", "phone": "手机", "email": "电子邮件", "birthday": "生日",
        "gender": "性别", "address": "地址", "notes": "备注", "tags": "标签", "joined_at": "加入日期",
        "card_number": "卡号", "card_type": "卡种", "principal": "储值余额", "bonus": "赠送余额",
        "sessions": "次数", "minutes": "分钟", "expires_at": "到期日", "points": "点数",
    },
}  # fmt: skip


def header_label(key: str, language: str = "en") -> str:
    """The column name the export writes (and the import reads back) in ``language``."""
    language = (language or "en").lower()
    if language.startswith("zh"):
        simplified = language in {"zh-hans", "zh-cn", "zh-sg"}
        return EXPORT_HEADERS["zh-hans" if simplified else "zh-hant"][key]
    return key


def iter_errors(errors: Iterable[RowError]) -> Iterator[str]:
    """Human lines for a terminal: ``row 5, phone: …``."""
    for error in errors:
        label = LABELS.get(error.field, error.field)
        yield _("Row %(row)s, %(field)s: %(message)s") % {
            "row": error.row,
            "field": label,
            "message": error.message,
        }
