"""Merging two records of one person: cards, balances, points lots, history, audit, refusals, API."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import NoReverseMatch, include, path, reverse
from django_tenants.utils import tenant_context

from accounts.models import User
from core.errors import DomainError
from core.models import AuditLog
from huiyuan.urls_tenant import api_v1
from huiyuan.urls_tenant import urlpatterns as tenant_urlpatterns
from loyalty.models import Account, Card, LedgerEntry, LedgerTransaction
from loyalty.services import cards as card_service
from loyalty.services import points
from loyalty.services import stored_value as sv
from members.merge import merge_customers, merged_family_ids
from members.models import Customer
from members.selectors import lookup
from members.services import create_customer, refresh_search_tokens
from tests.conftest import PASSWORD, login_client
from tests.platform.members.test_import_service import make_card_types

urlpatterns = [
    path("api/v1/", include([path("", include("members.api.import_urls")), *api_v1])),
    *tenant_urlpatterns,
]


@pytest.fixture(autouse=True)
def _import_routes(settings):  # type: ignore[no-untyped-def]
    try:
        reverse("customer-merge", args=[1], urlconf="huiyuan.urls_tenant")
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__


@pytest.fixture
def shop_a(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        yield tenant_a


def key() -> str:
    return uuid.uuid4().hex


def two_records() -> tuple[Customer, Customer, dict]:
    types = make_card_types()
    keep = create_customer(
        {"name": "林小美", "phone": "0912345678", "tags": ["VIP"], "notes": "likes tea"}, join=True
    )
    remove = create_customer(
        {
            "name": "林小美 (old)",
            "phone": "0912345678",
            "email": "mei@example.com",
            "birthday": date(1990, 5, 1),
            "gender": "female",
            "address": "台北市",
            "tags": ["常客", "VIP"],
            "notes": "allergic to lavender",
        },
        join=True,
    )
    friend = create_customer({"name": "Friend", "referrer": remove})
    keep_card = card_service.issue_card(keep, types["gold"], idempotency_key=key())
    sv.top_up(keep_card, "500", idempotency_key=key())
    old_card = card_service.issue_card(remove, types["gold"], idempotency_key=key(), number="OLD-1")
    sv.top_up(old_card, "1000", idempotency_key=key())
    sv.spend(old_card, "200", idempotency_key=key())
    count_card = card_service.issue_card(remove, types["facial"], idempotency_key=key(), number="OLD-2")
    return (
        keep,
        remove,
        {"friend": friend, "old_card": old_card, "count_card": count_card, "keep_card": keep_card},
    )


def assert_ledger_matches(customer: Customer) -> None:
    for account in Account.objects.filter(customer=customer):
        total = LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        assert total == account.balance


def test_merge_moves_cards_balances_and_profile_and_writes_audit(shop_a):
    keep, remove, extra = two_records()
    owner = User.objects.get(role=User.Role.OWNER)
    old_history = set(LedgerTransaction.objects.filter(customer=remove).values_list("pk", flat=True))
    merged = merge_customers(keep, remove, actor=owner, reason="same phone")

    remove.refresh_from_db()
    assert remove.merged_into == merged
    assert set(Card.objects.filter(customer=merged).values_list("number", flat=True)) >= {"OLD-1", "OLD-2"}
    assert not Card.objects.filter(customer=remove).exists()
    assert sv.balances(extra["old_card"]) == {"principal": Decimal("800.00"), "bonus": Decimal("0.00")}
    assert not Account.objects.filter(customer=remove, card__isnull=False).exists()
    assert_ledger_matches(merged)
    # History is not rewritten (append-only) but stays reachable through the moved accounts.
    assert set(LedgerTransaction.objects.filter(customer=remove).values_list("pk", flat=True)) == old_history
    reachable = set(
        LedgerTransaction.objects.filter(entries__account__customer=merged).values_list("pk", flat=True)
    )
    assert old_history <= reachable | set(
        LedgerTransaction.objects.filter(customer__in=merged_family_ids(merged)).values_list("pk", flat=True)
    )
    assert merged_family_ids(merged) == [merged.pk, remove.pk]

    assert merged.email == "mei@example.com" and merged.birthday == date(1990, 5, 1)
    assert merged.gender == "female" and merged.address == "台北市"
    assert merged.name == "林小美"  # keep's own values win
    assert merged.tags == ["VIP", "常客"]
    assert "likes tea" in merged.notes and "allergic to lavender" in merged.notes
    extra["friend"].refresh_from_db()
    assert extra["friend"].referrer == merged

    assert list(lookup("OLD-1")) == [merged]
    assert list(lookup("345678")) == [merged]  # the merged-away twin no longer shows up
    entry = AuditLog.objects.get(action="customer.merge")
    assert entry.target_id == str(merged.pk) and entry.actor == owner and entry.reason == "same phone"
    assert entry.before["remove"]["email"] == "mei@example.com" and entry.before["keep"]["email"] == ""
    assert entry.after["keep"]["email"] == "mei@example.com"
    assert set(entry.after["cards"]) == {"OLD-1", "OLD-2"}


def test_points_move_with_a_pair_of_postings_and_keep_their_lots(shop_a):
    keep, remove, _extra = two_records()
    points.earn(keep, 30, reason="test", idempotency_key=key())
    points.earn(remove, 45, reason="test", idempotency_key=key())
    merge_customers(keep, remove, reason="dup")
    available = Account.objects.get(customer=keep, card__isnull=True, kind=Account.Kind.POINTS)
    emptied = Account.objects.get(customer=remove, card__isnull=True, kind=Account.Kind.POINTS)
    assert available.balance == Decimal("75.00") and emptied.balance == 0
    move = LedgerTransaction.objects.get(source_type="merge", source_id=str(remove.pk))
    assert sorted(move.entries.values_list("amount", flat=True)) == [Decimal("-45.00"), Decimal("45.00")]
    assert points.check_invariants(keep)["ok"]
    assert points.check_invariants(remove)["ok"]


def test_points_account_moves_whole_when_keep_has_none(shop_a):
    keep, remove, _extra = two_records()
    points.earn(remove, 12, reason="test", idempotency_key=key())
    account = Account.objects.get(customer=remove, card__isnull=True, kind=Account.Kind.POINTS)
    merge_customers(keep, remove)
    account.refresh_from_db()
    assert account.customer == keep and account.balance == Decimal("12.00")
    assert points.check_invariants(keep)["ok"]
    assert not LedgerTransaction.objects.filter(source_type="merge").exists()


def test_member_number_moves_when_keep_has_none(shop_a):
    keep = create_customer({"name": "Prospect"})
    member = create_customer({"name": "Member"}, join=True)
    number = member.member_no
    merged = merge_customers(keep, member)
    member.refresh_from_db()
    assert merged.member_no == number and member.member_no is None
    assert merged.joined_at == Customer.objects.get(pk=keep.pk).joined_at
    refresh_search_tokens(merged)
    assert list(lookup(number.lower())) == [merged]


def test_refusals(shop_a):
    keep, remove, _extra = two_records()
    third = create_customer({"name": "Third"})
    with pytest.raises(DomainError):
        merge_customers(keep, keep)
    merge_customers(keep, remove)
    with pytest.raises(DomainError, match="already been merged"):
        merge_customers(third, remove)
    with pytest.raises(DomainError, match="merged into another"):
        merge_customers(remove, third)
    assert AuditLog.objects.filter(action="customer.merge").count() == 1


def test_merge_over_the_api_and_tenant_isolation(tenant_a, owner_a, owner_b):
    with tenant_context(tenant_a):
        keep, remove, _extra = two_records()
        User.objects.create_user("cashier@alpha.test", PASSWORD, role=User.Role.CASHIER)
    url = f"/api/v1/customers/{keep.pk}/merge/"
    # Another shop cannot reach these ids (they do not exist there).
    refused = owner_b.post(url, {"remove": remove.pk, "reason": "x"}, format="json")
    assert refused.status_code in (400, 404)
    cashier = login_client("alpha", "cashier@alpha.test")
    assert cashier.post(url, {"remove": remove.pk}, format="json").status_code == 403
    with tenant_context(tenant_a):
        assert Customer.objects.get(pk=remove.pk).merged_into_id is None
    bad = owner_a.post(url, {"remove": keep.pk}, format="json")
    assert bad.status_code == 409 and bad.json()["error"]["code"] == "merge_refused"
    missing = owner_a.post(url, {"remove": 999999}, format="json")
    assert missing.status_code == 400 and "remove" in missing.json()["error"]["fields"]
    done = owner_a.post(url, {"remove": remove.pk, "reason": "same phone"}, format="json")
    assert done.status_code == 200, done.content
    assert done.json() == {"id": keep.pk, "name": "林小美", "member_no": keep.member_no}
    with tenant_context(tenant_a):
        assert Customer.objects.get(pk=remove.pk).merged_into_id == keep.pk
