"""End-to-end: create a member, issue a stored-value card, top up with a bonus rule, and see the
principal and bonus balances, then the ledger with its running balance."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context

from tests.e2e.test_browser_flows import PASSWORD, expect_text, log_in, make_shop, pick


@pytest.mark.e2e
def test_member_stored_value_top_up_with_bonus(page, live):
    make_shop("cardshop", "Card Shop")
    from loyalty.models import CardType, TopUpRule
    from tenants.models import Tenant

    with schema_context(Tenant.objects.get(subdomain="cardshop").schema_name):
        CardType.objects.create(name="Gold Wallet", kind=CardType.Kind.STORED_VALUE)
        TopUpRule.objects.create(name="Pay 1000 get 1100", min_amount=1000, bonus_amount=100)

    log_in(page, live, "cardshop", "owner@cardshop.test", PASSWORD)
    page.get_by_test_id("nav-members").click()
    page.get_by_test_id("member-new").click()
    page.get_by_test_id("member-form-name").fill("Mei Lin")
    page.get_by_test_id("member-form-phone").fill("+1 415 555 0177")
    page.get_by_test_id("member-form-submit").click()
    expect_text(page, "member-name", "Mei Lin")
    expect_text(page, "member-no", "M")

    page.get_by_test_id("card-issue-open").click()
    pick(page, "card-issue-type", "Gold")
    page.get_by_test_id("card-issue-submit").click()
    card = page.get_by_test_id("member-cards").locator("[data-testid^='card-C']").first
    card.wait_for()

    card.get_by_test_id("card-topup-open").click()
    page.get_by_test_id("topup-amount").fill("1000")
    expect_text(page, "topup-preview", "100")
    page.get_by_test_id("topup-submit").click()
    expect_text(page, "balance-principal", "1,000")
    expect_text(page, "balance-bonus", "100")
    expect_text(page, "balance-total", "1,100")

    from loyalty.models import Account, LedgerTransaction
    from members.models import Customer

    with schema_context(Tenant.objects.get(subdomain="cardshop").schema_name):
        customer = Customer.objects.get(name="Mei Lin")
        assert customer.phone == "+14155550177" and customer.member_no
        balances = {a.kind: a.balance for a in Account.objects.filter(customer=customer)}
        assert str(balances["principal"]) == "1000.00" and str(balances["bonus"]) == "100.00"
        assert LedgerTransaction.objects.filter(kind="top_up").count() == 1  # one click, one top-up
    ledger = page.get_by_test_id("member-ledger")
    ledger.get_by_text(re.compile(r"1,?100|1,?000")).first.wait_for()
