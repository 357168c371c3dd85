"""Phone numbers in international (E.164) form; local numbers use the shop's country."""

from __future__ import annotations

import phonenumbers

CURRENCY_REGION = {
    "TWD": "TW",
    "CNY": "CN",
    "HKD": "HK",
    "MOP": "MO",
    "SGD": "SG",
    "MYR": "MY",
    "USD": "US",
    "EUR": "DE",
    "GBP": "GB",
    "JPY": "JP",
    "AUD": "AU",
    "CAD": "CA",
}


def region_for(currency: str) -> str:
    return CURRENCY_REGION.get(currency, "TW")


def normalize_phone(raw: str, region: str) -> tuple[str, str] | None:
    """(E.164, national digits) or None when the number is not valid for any region."""
    raw = (raw or "").strip()
    if not raw:
        return "", ""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return e164, "".join(ch for ch in national if ch.isdigit())


def display_phone(e164: str, region: str) -> str:
    """How staff read a stored number: the national form for the shop's own country (0912 345 678
    in Taiwan), the international form otherwise (+852 9123 4567); as stored if it cannot be read."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    same_country = phonenumbers.region_code_for_number(number) == region
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if same_country
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def shop_region() -> str:
    """The current shop's country for phone numbers (from its currency)."""
    from django.db import connection

    return region_for(getattr(getattr(connection, "tenant", None), "currency", "TWD"))
