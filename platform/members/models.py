"""A customer is every person the shop deals with; a member is a customer who joined (has a member
number). Keeping one record means a prospect becomes a member without copying data."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _


class Customer(models.Model):
    class Gender(models.TextChoices):
        UNSPECIFIED = "", _("Unspecified")
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)  # E.164
    email = models.EmailField(_("email"), blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    photo = models.FileField(_("photo"), upload_to="members/photos/", blank=True)
    notes = models.TextField(_("notes"), blank=True)
    tags = ArrayField(models.CharField(max_length=40), default=list, blank=True, verbose_name=_("tags"))
    member_no = models.CharField(_("member number"), max_length=32, unique=True, null=True, blank=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    referrer = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        verbose_name=_("referrer"),
    )
    home_store = models.CharField(_("home store"), max_length=64, blank=True)
    consent_sms = models.BooleanField(_("SMS consent"), default=False)
    consent_email = models.BooleanField(_("email consent"), default=False)
    extra = models.JSONField(_("custom fields"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_visit_at = models.DateTimeField(_("last visit"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Every string a cashier may type to find this person (name substrings, phone prefixes and
    # suffixes, member and card numbers), so lookup is one GIN-indexed containment query.
    search_tokens = ArrayField(models.CharField(max_length=40), default=list, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            GinIndex(fields=["search_tokens"], name="customer_search_tokens"),
            GinIndex(fields=["tags"], name="customer_tags"),
            GinIndex(fields=["extra"], name="customer_extra"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.member_no or self.phone or self.pk})"

    @property
    def is_member(self) -> bool:
        return bool(self.member_no)


class CustomFieldDefinition(models.Model):
    """A tenant-defined field; values live in ``Customer.extra["custom"][key]``, validated."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")
        MULTI_CHOICE = "multi_choice", _("Multiple choice")
        BOOLEAN = "boolean", _("Yes/no")

    key = models.SlugField(_("key"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=100)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    choices = ArrayField(models.CharField(max_length=60), default=list, blank=True, verbose_name=_("choices"))
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveIntegerField(default=100)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.key
