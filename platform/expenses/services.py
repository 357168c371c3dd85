"""Every change to expenses, their categories and attachments goes through here.

Each write runs in one transaction and refuses with DomainError (400 with field errors, 403 for a
store the person is not assigned to, 409 for a voided expense), so a refused change writes nothing.
Expenses are corrected, never deleted: each change and each void is written to the audit log with
the values before and after.
"""

from __future__ import annotations

import os
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.stores import ensure_store_allowed
from catalog.models import Store
from core import audit
from core.errors import DomainError
from core.uploads import image_extension
from expenses.models import CENT, Expense, ExpenseAttachment, ExpenseCategory

ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal("999999999999.99")
EXPENSE_FIELDS = ("store", "category", "amount", "spent_on", "payee", "note")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "pdf": "application/pdf"}


def _invalid(field: str, message: Any) -> DomainError:
    return DomainError(message, fields={field: [message]})


# --- categories -------------------------------------------------------------------------------------


def _category_name(category: ExpenseCategory, name: Any) -> str:
    name = str(name or "").strip()
    if not name and not category.code:  # a built-in category may go back to its translated name
        raise _invalid("name", _("This field is required."))
    taken = ExpenseCategory.objects.filter(name__iexact=name).exclude(pk=category.pk) if name else None
    if taken is not None and taken.exists():
        raise _invalid("name", _("Another category already has this name."))
    return name[:100]


def save_category(
    category: ExpenseCategory | None, data: dict[str, Any], *, actor: Any = None
) -> ExpenseCategory:
    """Create (``category`` None) or change a category: name, active, order."""
    with transaction.atomic():
        if category is None:
            category = ExpenseCategory()
        else:
            category = ExpenseCategory.objects.select_for_update().get(pk=category.pk)
        if "name" in data or category.pk is None:
            category.name = _category_name(category, data.get("name"))
        if "active" in data:
            category.active = bool(data["active"])
        if data.get("order") is not None:
            category.order = int(data["order"])
        category.save()
        return category


def delete_category(category: ExpenseCategory, *, actor: Any = None) -> None:
    """Only a category no expense uses may go; one in use is deactivated instead, so the expenses
    filed under it keep their category."""
    with transaction.atomic():
        category = ExpenseCategory.objects.select_for_update().get(pk=category.pk)
        if category.expenses.exists():
            raise DomainError(
                _("Expenses are filed under this category; deactivate it instead."), code="in_use", status=409
            )
        audit.record("expense.category.delete", category, actor=actor, before={"name": category.display_name})
        category.delete()


# --- expenses ---------------------------------------------------------------------------------------


def _amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        amount = Decimal("NaN")
    if not amount.is_finite() or amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise _invalid("amount", _("Enter an amount with at most two decimals."))
    if amount <= ZERO or amount > MAX_AMOUNT:
        raise _invalid("amount", _("Enter an amount greater than 0."))
    return amount.quantize(CENT)


def _resolve(model: type, field: str, value: Any) -> Any:
    if value is None or isinstance(value, model):
        obj = value
    else:
        obj = model.objects.filter(pk=value).first() if str(value).isdigit() else None
    if obj is None:
        raise _invalid(
            field, _("This field is required.") if value is None else _("Choose one of the offered options.")
        )
    return obj


def _snapshot(expense: Expense) -> dict[str, Any]:
    return {
        "store": expense.store_id,
        "category": expense.category_id,
        "amount": str(expense.amount),
        "spent_on": expense.spent_on.isoformat() if expense.spent_on else None,
        "payee": expense.payee,
        "note": expense.note,
    }


def _apply(expense: Expense, data: dict[str, Any], actor: Any) -> None:
    for key in EXPENSE_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key == "store":
            value = _resolve(Store, "store", value)
            ensure_store_allowed(actor, value)
        elif key == "category":
            value = _resolve(ExpenseCategory, "category", value)
            if not value.active and value.pk != expense.category_id:
                raise _invalid("category", _("This category is no longer used; choose another one."))
        elif key == "amount":
            value = _amount(value)
        elif key == "spent_on":
            if not isinstance(value, date):
                raise _invalid("spent_on", _("Enter a valid date."))
        else:
            value = str(value or "").strip()
        setattr(expense, key, value)


def _require(expense: Expense) -> None:
    missing = {
        field: [_("This field is required.")]
        for field in ("store", "category", "amount", "spent_on")
        if getattr(expense, f"{field}_id" if field in ("store", "category") else field) is None
    }
    if missing:
        raise DomainError(_("Please correct the highlighted fields."), fields=missing)


def create_expense(data: dict[str, Any], *, actor: Any = None) -> Expense:
    """Record money spent at a store the person is assigned to."""
    with transaction.atomic():
        expense = Expense(created_by=actor if getattr(actor, "pk", None) else None)
        _apply(expense, data, actor)
        _require(expense)
        expense.save()
        audit.record("expense.create", expense, actor=actor, after=_snapshot(expense))
        return expense


def _locked(expense: Expense, actor: Any) -> Expense:
    """The row, locked for the change; a voided expense, or one of a store the person is not
    assigned to, cannot be changed."""
    expense = Expense.objects.select_for_update().get(pk=expense.pk)
    ensure_store_allowed(actor, expense.store_id)
    if expense.voided:
        raise DomainError(
            _("This expense was voided and can no longer be changed."), code="voided", status=409
        )
    return expense


def update_expense(expense: Expense, data: dict[str, Any], *, actor: Any = None) -> Expense:
    """Correct an expense; the fields that changed are audited with their old and new values."""
    with transaction.atomic():
        expense = _locked(expense, actor)
        before = _snapshot(expense)
        _apply(expense, data, actor)
        after = _snapshot(expense)
        changed = [key for key in before if before[key] != after[key]]
        if changed:
            expense.save()
            audit.record(
                "expense.update",
                expense,
                actor=actor,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
        return expense


def void_expense(expense: Expense, reason: str, *, actor: Any = None) -> Expense:
    """Take an expense out of the books without losing it: it stays, marked voided, with why."""
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Say why this expense is voided."))
    with transaction.atomic():
        expense = _locked(expense, actor)
        expense.voided = True
        expense.voided_at = timezone.now()
        expense.voided_by = actor if getattr(actor, "pk", None) else None
        expense.void_reason = reason
        expense.save(update_fields=["voided", "voided_at", "voided_by", "void_reason", "updated_at"])
        audit.record("expense.void", expense, actor=actor, reason=reason, before=_snapshot(expense))
        return expense


# --- attachments ------------------------------------------------------------------------------------


def attachment_extension(head: bytes) -> str | None:
    """jpg, png, webp or pdf from the file's first bytes (never from its name or declared type)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    return image_extension(head)


def _clean_name(name: str, extension: str) -> str:
    """The client's file name, for showing and downloading only: no path, no control characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return (base or f"attachment.{extension}")[-255:]


@dataclass(frozen=True)
class _Checked:
    upload: UploadedFile
    extension: str


def _check_upload(upload: UploadedFile) -> _Checked:
    if upload.size is not None and upload.size > ATTACHMENT_MAX_BYTES:
        raise _invalid("files", _("Each file may be at most 10 MB."))
    upload.seek(0)
    extension = attachment_extension(upload.read(12))
    upload.seek(0)
    if extension is None:
        raise _invalid("files", _("Attach a JPEG, PNG or WebP image or a PDF."))
    return _Checked(upload, extension)


def add_attachments(
    expense: Expense, uploads: Iterable[UploadedFile], *, actor: Any = None
) -> list[ExpenseAttachment]:
    """Attach receipts (images or PDFs, at most 10 MB each, at most 10 per expense); every file is
    checked before any is stored, so a bad one stores none."""
    checked = [_check_upload(upload) for upload in uploads]
    if not checked:
        raise _invalid("files", _("Choose at least one file."))
    with transaction.atomic():
        expense = _locked(expense, actor)
        present = expense.attachments.filter(removed_at__isnull=True).count()
        if present + len(checked) > MAX_ATTACHMENTS:
            raise _invalid(
                "files", _("An expense can have at most %(count)d attachments.") % {"count": MAX_ATTACHMENTS}
            )
        created = []
        for item in checked:
            attachment = ExpenseAttachment(
                expense=expense,
                original_name=_clean_name(item.upload.name or "", item.extension),
                content_type=CONTENT_TYPES[item.extension],
                size=item.upload.size or 0,
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )
            attachment.file.save(f"{uuid.uuid4().hex}.{item.extension}", item.upload, save=False)
            attachment.save()
            created.append(attachment)
        audit.record(
            "expense.attachment.add",
            expense,
            actor=actor,
            after={"attachments": [a.pk for a in created], "names": [a.original_name for a in created]},
        )
        return created


def remove_attachment(attachment: ExpenseAttachment, *, actor: Any = None) -> ExpenseAttachment:
    """Hide an attachment from the expense; the file and row stay, as the audit log refers to them."""
    with transaction.atomic():
        _locked(attachment.expense, actor)
        attachment = ExpenseAttachment.objects.select_for_update().get(pk=attachment.pk)
        if attachment.removed_at is None:
            attachment.removed_at = timezone.now()
            attachment.removed_by = actor if getattr(actor, "pk", None) else None
            attachment.save(update_fields=["removed_at", "removed_by"])
            audit.record(
                "expense.attachment.remove",
                attachment.expense,
                actor=actor,
                before={"attachment": attachment.pk, "name": attachment.original_name},
            )
        return attachment


# --- totals -----------------------------------------------------------------------------------------


def _money(value: Decimal | None) -> str:
    return str((value or ZERO).quantize(CENT))


def totals(queryset: QuerySet[Expense]) -> dict[str, Any]:
    """Sum and count of the (not voided) expenses in ``queryset``, overall and per category, store
    and day: what the expense report shows."""
    queryset = queryset.filter(voided=False).order_by()
    overall = queryset.aggregate(total=Sum("amount"), count=Count("id"))
    by_category = list(
        queryset.values("category")
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("-total", "category")
    )
    categories = {
        c.pk: c for c in ExpenseCategory.objects.filter(pk__in=[r["category"] for r in by_category])
    }
    by_store = list(
        queryset.values("store", "store__name")
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("-total", "store")
    )
    by_day = list(
        queryset.values("spent_on").annotate(total=Sum("amount"), count=Count("id")).order_by("spent_on")
    )
    return {
        "total": _money(overall["total"]),
        "count": overall["count"],
        "by_category": [
            {
                "category": row["category"],
                "name": categories[row["category"]].display_name,
                "total": _money(row["total"]),
                "count": row["count"],
            }
            for row in by_category
        ],
        "by_store": [
            {
                "store": row["store"],
                "name": row["store__name"],
                "total": _money(row["total"]),
                "count": row["count"],
            }
            for row in by_store
        ],
        "by_day": [
            {"date": row["spent_on"].isoformat(), "total": _money(row["total"]), "count": row["count"]}
            for row in by_day
        ],
    }
