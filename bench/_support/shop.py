"""A shop to sell in for the order benchmarks: products with plenty of stock, members with
stored-value cards topped up far beyond what a run can spend, and a cashier with an API token.

Everything is made through the services (the same code the back office calls), inside the shop's
schema, before any measured request.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Member:
    customer: int
    card: int | None  # stored-value card (when topped up)


@dataclass(frozen=True)
class Shop:
    tenant: Any
    host: str  # the Host header that routes to the shop
    token: str  # a cashier's API token
    store: int
    products: list[tuple[int, Decimal]]  # (id, list price)
    members: list[Member]


def stock_shop(
    tenant: Any, *, products: int, stock: int, members: int = 0, balance: Decimal = Decimal(0)
) -> Shop:
    """``products`` products (prices 30–300, 5% tax) with ``stock`` units each received into the
    shop's store, and ``members`` members, each with a stored-value card holding ``balance`` when
    it is above zero."""
    from django.conf import settings
    from django_tenants.utils import schema_context
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from catalog.models import Product
    from catalog.services import default_store
    from inventory import services as inventory
    from loyalty.models import CardType
    from loyalty.services import cards
    from loyalty.services import stored_value as sv
    from members.services import create_customer

    with schema_context(tenant.schema_name):
        store = default_store()
        made = [
            Product.objects.create(
                name=f"商品 {i + 1}",
                sku=f"B{i + 1:04d}",
                price=Decimal(30 + (i * 37) % 271),
                tax_rate=Decimal("5.00"),
            )
            for i in range(products)
        ]
        inventory.receive(
            store,
            [inventory.Line(product, stock, Decimal("10")) for product in made],
            idempotency_key="bench-stock",
        )
        wallet = CardType.objects.create(name="儲值卡", kind=CardType.Kind.STORED_VALUE)
        people = []
        for i in range(members):
            customer = create_customer({"name": f"會員{i}", "phone": f"09{70000000 + i:08d}"}, join=True)
            card = None
            if balance > 0:
                card = cards.issue_card(customer, wallet, idempotency_key=f"bench-card-{i}")
                sv.top_up(card, balance, idempotency_key=f"bench-top-up-{i}")
            people.append(Member(customer.pk, card.pk if card else None))
        cashier = User.objects.create_user(
            f"cashier@{tenant.subdomain}.test", "bench-password-123", role="cashier", name="Bench Cashier"
        )
        token = Token.objects.create(user=cashier).key
    return Shop(
        tenant=tenant,
        host=f"{tenant.subdomain}.{settings.BASE_DOMAIN}",
        token=token,
        store=store.pk,
        products=[(p.pk, p.price) for p in made],
        members=people,
    )


def reconcile(tenant: Any) -> tuple[bool, str]:
    """``manage.py reconcile_ledgers --schema <shop>``: every cached balance and on-hand stock
    equals its ledger; (ok, the command's report)."""
    import io

    from django.core.management import CommandError, call_command

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("reconcile_ledgers", schemas=[tenant.schema_name], stdout=out, stderr=err)
    except CommandError as error:
        return False, f"{out.getvalue().strip()} {error}"
    return True, out.getvalue().strip()
