"""Member export to CSV (streamed) and Excel, in the columns the import reads back.

One row per member with the profile, the first card and the points balance; each further card of
the member follows on a row of its own that repeats only the member number, name and phone, which
the import reads as "another card of the member above". Merged-away customers and replaced cards
(whose balances moved to the new card) are left out.

Headers follow the user's language (English keys, or the Chinese names the import also accepts).
Text that a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) gets a leading
apostrophe, which the import strips again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import phonenumbers
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django_tenants.utils import tenant_context

from members.importing import COLUMNS, _region, _zone, header_label
from members.models import Customer

EXPORT_COLUMNS = (
    "member_no",
    "name",
    "phone",
    "email",
    "birthday",
    "gender",
    "address",
    "notes",
    "tags",
    "joined_at",
    "points",
    "card_number",
    "card_type",
    "principal",
    "bonus",
    "sessions",
    "minutes",
    "expires_at",
)
assert set(EXPORT_COLUMNS) == set(COLUMNS)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def customers() -> QuerySet[Customer]:
    from loyalty.models import Account, Card

    cards = (
        Card.objects.exclude(status=Card.Status.REPLACED)
        .select_related("card_type")
        .prefetch_related("accounts")
        .order_by("id")
    )
    points = Account.objects.filter(card__isnull=True, kind=Account.Kind.POINTS)
    return (
        Customer.objects.filter(merged_into__isnull=True)
        .order_by("id")
        .prefetch_related(
            Prefetch("cards", queryset=cards, to_attr="export_cards"),
            Prefetch("accounts", queryset=points, to_attr="points_accounts"),
        )
    )


def _phone(e164: str, region: str) -> str:
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _number(value: Decimal) -> Decimal | int:
    return int(value) if value == value.to_integral_value() else value


def _card_values(card: Any) -> dict[str, Any]:
    from loyalty.models import Account

    by_kind: dict[str, Decimal] = {}
    sessions = []
    for account in card.accounts.all():
        if account.kind == Account.Kind.SESSIONS:
            sessions.append(f"{account.service}:{_number(account.balance)}")
        else:
            by_kind[account.kind] = account.balance
    return {
        "card_number": card.number,
        "card_type": card.card_type.name,
        "principal": by_kind.get(Account.Kind.PRINCIPAL),
        "bonus": by_kind.get(Account.Kind.BONUS),
        "sessions": ";".join(sessions),
        "minutes": _number(by_kind[Account.Kind.MINUTES]) if Account.Kind.MINUTES in by_kind else None,
        "expires_at": card.expires_at,
    }


def rows() -> Iterator[dict[str, Any]]:
    """Export rows as ``{column key: python value}`` (dates as date/datetime)."""
    region = _region()
    for customer in customers().iterator(chunk_size=500):
        phone = _phone(customer.phone, region)
        points = sum((a.balance for a in customer.points_accounts), Decimal(0))
        head = {
            "member_no": customer.member_no or "",
            "name": customer.name,
            "phone": phone,
            "email": customer.email,
            "birthday": customer.birthday,
            "gender": customer.gender,
            "address": customer.address,
            "notes": customer.notes,
            "tags": ", ".join(customer.tags),
            "joined_at": customer.joined_at,
            "points": _number(points) if customer.points_accounts else None,
        }
        cards = customer.export_cards
        yield {**head, **(_card_values(cards[0]) if cards else {})}
        for card in cards[1:]:
            yield {
                "member_no": head["member_no"],
                "name": customer.name,
                "phone": phone,
                **_card_values(card),
            }


def _local(value: datetime) -> datetime:
    return timezone.localtime(value, _zone()).replace(tzinfo=None, microsecond=0)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _local(value).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(language: str = "en") -> Iterator[str]:
    """The CSV (UTF-8 with BOM, so Excel shows Chinese correctly), a few hundred rows per chunk.

    The shop is captured now, not when the server starts pulling chunks from the generator."""
    tenant = getattr(connection, "tenant", None)
    return _csv_chunks(tenant, language)


def _csv_chunks(tenant: Any, language: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    with tenant_context(tenant) if tenant is not None else nullcontext():
        yield "\ufeff" + writer.writerow([header_label(k, language) for k in EXPORT_COLUMNS])
        buffer: list[str] = []
        for row in rows():
            buffer.append(writer.writerow([_csv_cell(row.get(k)) for k in EXPORT_COLUMNS]))
            if len(buffer) >= 200:
                yield "".join(buffer)
                buffer = []
        if buffer:
            yield "".join(buffer)


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return _local(value)
    if isinstance(value, str) and value.startswith("="):
        return "'" + value  # openpyxl would store it as a formula
    return value


def xlsx_bytes(language: str = "en") -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("members")
    bold = Font(bold=True)
    header = []
    for key in EXPORT_COLUMNS:
        cell = WriteOnlyCell(sheet, value=header_label(key, language))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows():
        cells = []
        for key in EXPORT_COLUMNS:
            cell = WriteOnlyCell(sheet, value=_xlsx_cell(row.get(key)))
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
