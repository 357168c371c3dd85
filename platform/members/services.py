"""Every change to a customer goes through here."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError
from core.models import Counter
from core.uploads import delete_file_on_commit, image_extension
from members.custom_fields import validate_extra
from members.models import Customer
from members.phones import normalize_phone, shop_region
from members.search import build_tokens

PROFILE_FIELDS = (
    "name",
    "phone",
    "email",
    "birthday",
    "gender",
    "address",
    "notes",
    "tags",
    "home_store",
    "consent_sms",
    "consent_email",
    "referrer",
)


def clean_phone(raw: str) -> tuple[str, str]:
    result = normalize_phone(raw, shop_region())
    if result is None:
        message = _("Enter a valid phone number, e.g. +886 912 345 678.")
        raise DomainError(message, fields={"phone": [message]})
    return result


def refresh_search_tokens(customer: Customer, save: bool = True) -> None:
    _, national = normalize_phone(customer.phone, shop_region()) or ("", "")
    numbers: Iterable[str] = (
        [customer.member_no or "", *customer.cards.values_list("number", flat=True)]
        if (customer.pk)
        else [customer.member_no or ""]
    )
    customer.search_tokens = build_tokens(customer.name, customer.phone, national, numbers)
    if save:
        Customer.objects.filter(pk=customer.pk).update(search_tokens=customer.search_tokens)


def create_customer(data: dict[str, Any], *, actor: Any = None, join: bool = False) -> Customer:
    with transaction.atomic():
        values = {k: v for k, v in data.items() if k in PROFILE_FIELDS or k == "extra"}
        if "extra" in values:
            values["extra"] = validate_extra(values["extra"])
        if "phone" in values:
            values["phone"], _national = clean_phone(values["phone"])
        customer = Customer(**values)
        refresh_search_tokens(customer, save=False)
        customer.save()
        if join:
            customer = join_membership(customer, actor=actor)
        return customer


def update_customer(customer: Customer, data: dict[str, Any], *, actor: Any = None) -> Customer:
    with transaction.atomic():
        for key, value in data.items():
            if key == "phone":
                value, _national = clean_phone(value)
            if key == "extra":
                value = validate_extra(value)
            if key in PROFILE_FIELDS or key == "extra":
                setattr(customer, key, value)
        customer.save()
        refresh_search_tokens(customer)
        return customer


def next_member_no() -> str:
    from loyalty.models import LoyaltySettings

    prefix = LoyaltySettings.current().member_no_prefix
    return f"{prefix}{Counter.next('member_no'):06d}"


def join_membership(customer: Customer, *, actor: Any = None) -> Customer:
    """Attach membership to the person record (no copy): a member number and a join date."""
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if customer.member_no:
            return customer
        customer.member_no = next_member_no()
        customer.joined_at = timezone.now()
        customer.save(update_fields=["member_no", "joined_at", "updated_at"])
        refresh_search_tokens(customer)
        audit.record("member.join", customer, actor=actor, after={"member_no": customer.member_no})
        from loyalty.services.points import on_member_joined

        on_member_joined(customer, actor=actor)  # sign-up and referral bonuses
        return customer


def duplicates_by_phone(phone: str, exclude_id: int | None = None) -> list[Customer]:
    e164, _national = clean_phone(phone)
    if not e164:
        return []
    qs = Customer.objects.filter(phone=e164, merged_into__isnull=True)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return list(qs)


# --- photo ------------------------------------------------------------------------------------------

PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _photo_error(message: Any) -> DomainError:
    return DomainError(message, fields={"photo": [message]})


def set_photo(customer: Customer, upload: UploadedFile, *, actor: Any = None) -> Customer:
    """Store a JPEG, PNG or WebP photo (at most 5 MB) under a random name; the old file goes once
    the change is committed."""
    if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
        raise _photo_error(_("The photo may be at most 5 MB."))
    upload.seek(0)
    extension = image_extension(upload.read(12))
    upload.seek(0)
    if extension is None:
        raise _photo_error(_("Upload a JPEG, PNG or WebP image."))
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        old = customer.photo.name
        customer.photo.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
        customer.save(update_fields=["photo", "updated_at"])
        delete_file_on_commit(old)
        return customer


def remove_photo(customer: Customer, *, actor: Any = None) -> Customer:
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        old = customer.photo.name
        if old:
            customer.photo = ""
            customer.save(update_fields=["photo", "updated_at"])
            delete_file_on_commit(old)
        return customer
