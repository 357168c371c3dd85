"""Daily running costs of a shop (rent, utilities, wages …) per store, with receipts attached.

Expenses are never deleted: a mistaken one is voided with a reason, and every change is written to
the audit log, so the books can always be explained afterwards.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONEY = {"max_digits": 14, "decimal_places": 2}
CENT = Decimal("0.01")

# Categories every shop starts with (data migration 0002). Their names are not stored: they are
# shown in each reader's language until the shop renames them.
DEFAULT_CATEGORIES = {
    "rent": _("Rent"),
    "utilities": _("Utilities"),
    "wages": _("Wages"),
    "supplies": _("Supplies"),
    "marketing": _("Marketing"),
    "other": _("Other"),
}


class ExpenseCategory(models.Model):
    code = models.CharField(
        pgettext_lazy("expense category", "code"),
        max_length=32,
        blank=True,
        help_text=_("Set on the built-in categories only."),
    )
    name = models.CharField(pgettext_lazy("expense category", "name"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="expense_category_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The shop's own name, or the built-in name in the current language."""
        if self.name:
            return self.name
        default = DEFAULT_CATEGORIES.get(self.code)
        return str(default) if default is not None else self.code


class Expense(models.Model):
    store = models.ForeignKey(
        "catalog.Store", on_delete=models.PROTECT, related_name="expenses", verbose_name=_("store")
    )
    category = models.ForeignKey(
        ExpenseCategory, on_delete=models.PROTECT, related_name="expenses", verbose_name=_("category")
    )
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(CENT)], **MONEY)
    spent_on = models.DateField(_("date"))
    payee = models.CharField(_("payee"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    voided = models.BooleanField(_("voided"), default=False)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True)

    class Meta:
        ordering = ["-spent_on", "-id"]
        indexes = [
            models.Index(fields=["spent_on"], name="expense_spent_on"),
            models.Index(fields=["store", "spent_on"], name="expense_store_spent_on"),
            models.Index(fields=["category", "spent_on"], name="expense_category_spent_on"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="expense_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.amount}"


class ExpenseAttachment(models.Model):
    """A receipt or invoice (image or PDF). Removing one only hides it: the file is kept."""

    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="expenses/attachments/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
