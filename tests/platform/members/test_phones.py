"""Phones are stored in E.164 and shown as staff read them: national form for the shop's own
country, international otherwise."""

from __future__ import annotations

import pytest

from members.phones import display_phone
from tests.platform.loyalty.test_api_support import create_customer


@pytest.mark.parametrize(
    ("stored", "region", "shown"),
    [
        ("+886912345678", "TW", "0912 345 678"),
        ("+886223456789", "TW", "02 2345 6789"),
        ("+85291234567", "TW", "+852 9123 4567"),
        ("+85291234567", "HK", "9123 4567"),
        ("+14155550177", "US", "(415) 555-0177"),
        ("", "TW", ""),
        ("not a number", "TW", "not a number"),
    ],
)
def test_display_phone(stored, region, shown):
    assert display_phone(stored, region) == shown


def test_the_api_shows_the_national_form_beside_the_stored_one(owner_a):
    customer = create_customer(owner_a, phone="0912 345 678")
    detail = owner_a.get(f"/api/v1/customers/{customer['id']}/").json()
    assert (detail["phone"], detail["phone_display"]) == ("+886912345678", "0912 345 678")  # a TWD shop
    listed = owner_a.get("/api/v1/customers/").json()["results"][0]
    assert listed["phone_display"] == detail["phone_display"]
    index = owner_a.get("/api/v1/cashier/members/").json()["results"]
    assert [m["phone_display"] for m in index if m["id"] == customer["id"]] == [detail["phone_display"]]
