"""`make run`'s demo salon data (tenants.demo_data): made once through the services, balanced
ledgers and stock, nothing doubled by a second run or by a rerun after a crash halfway."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django_tenants.utils import schema_context

from accounts.models import User
from tenants import demo_data
from tenants.management.commands.seed_demo import DEMO_PASSWORD
from tenants.models import Tenant
from tests.conftest import login_client

EXPECTED = {
    "services": 5,
    "products": 5,
    "members": 12,
    "cards": 7,
    "coupons": 2,
    "orders": 15,
    "expenses": 4,
}


SNAPSHOT = [  # every table the demo data writes
    "core.AuditLog",
    "catalog.Barcode",
    "catalog.Category",
    "catalog.Product",
    "expenses.Expense",
    "inventory.StockMovement",
    "inventory.StockMovementLine",
    "loyalty.Account",
    "loyalty.Card",
    "loyalty.CardType",
    "loyalty.Coupon",
    "loyalty.CouponRedemption",
    "loyalty.CouponTemplate",
    "loyalty.CustomerSpend",
    "loyalty.LedgerEntry",
    "loyalty.LedgerTransaction",
    "loyalty.Tier",
    "loyalty.TierChange",
    "loyalty.TopUpRule",
    "members.Customer",
    "orders.CommissionEntry",
    "orders.Order",
    "orders.OrderLine",
    "orders.Payment",
]


def snapshot() -> dict[str, int]:
    """Row counts of everything the demo data writes (in the current schema)."""
    from django.apps import apps

    return {name: apps.get_model(name).objects.count() for name in SNAPSHOT}


def assert_consistent(tenant: Tenant) -> None:
    """Every ledger and stock level reconciles, and stock on hand = received − sold."""
    from catalog.models import Product
    from inventory.models import StockLevel
    from inventory.reconcile import stock_drift_in_current_schema
    from loyalty.reconcile import drift_in_current_schema
    from orders.models import OrderLine

    out = StringIO()
    call_command("reconcile_ledgers", schemas=[tenant.schema_name], stdout=out, stderr=StringIO())
    assert ": 0 drift(s)." in out.getvalue()
    with schema_context(tenant.schema_name):
        assert drift_in_current_schema()[1] == []
        assert stock_drift_in_current_schema()[1] == []
        for item in demo_data.ITEMS:
            product = Product.objects.get(sku=item.sku)
            sold = OrderLine.objects.filter(product=product).aggregate(q=Sum("quantity"))["q"] or 0
            assert sold > 0, item.name
            level = StockLevel.objects.get(product=product)
            assert level.on_hand == Decimal(item.received) - sold, item.name


def test_seed_demo_makes_a_living_salon_once(db, settings):
    settings.TENANT_POOL_SIZE = 0
    first, second = StringIO(), StringIO()
    call_command("seed_demo", stdout=first)
    tenant = Tenant.objects.get(subdomain="demo")
    with schema_context(tenant.schema_name):
        before = snapshot()
    call_command("seed_demo", stdout=second)

    # The summary line comes before the ready banner, which is unchanged at the end.
    assert "Demo data created: 5 services, 5 products, 12 members, 7 cards, 2 coupons, 15 orders" in (
        first.getvalue()
    )
    assert "Demo data already present: 5 services" in second.getvalue()
    for out in (first, second):
        text = out.getvalue()
        assert text.index("Demo data") < text.index("Huiyuan is ready.")
        assert text.rstrip().splitlines()[-1].strip().startswith("API docs:")

    with schema_context(tenant.schema_name):
        assert snapshot() == before  # the second run added nothing
        assert demo_data.counts() == EXPECTED
        check_contents()
    assert_consistent(tenant)

    # The till shows the catalogue.
    cashier = login_client("demo", "cashier@demo.huiyuan.test", DEMO_PASSWORD)
    response = cashier.get("/api/v1/cashier/bootstrap/")
    assert response.status_code == 200, response.content
    products = {p["name"]: p for p in response.json()["products"]}
    names = [s.name for s in demo_data.SERVICES] + [i.name for i in demo_data.ITEMS]
    assert set(names) <= set(products)
    assert products["洗髮精"]["barcodes"]


def check_contents() -> None:
    """What a merchant opening the demo sees (current schema: the demo shop)."""
    from catalog.models import Product
    from inventory.services import low_stock
    from loyalty.models import Account, Card, Coupon
    from loyalty.services import tiers
    from members.models import Customer
    from orders.models import CommissionEntry, Order, Payment

    owner = User.objects.get(role=User.Role.OWNER)
    services = Product.objects.filter(kind="service")
    assert all(p.commission_type == "percent" and p.commission_value == 10 for p in services)
    assert all(p.duration_minutes for p in services)
    assert all(p.barcodes.exists() and p.cost for p in Product.objects.filter(kind="product"))
    assert [level.product.name for level in low_stock()] == ["面膜組"]

    members = {c.name: c for c in Customer.objects.all()}
    assert all(c.phone.startswith("+88691200") for c in members.values())
    assert tiers.current_tier(members["張雅婷"]).name == "金卡會員"  # set by hand
    assert tiers.current_tier(members["王怡君"]).name == "銀卡會員"  # earned by spend
    assert tiers.current_tier(members["許雅雯"]).name == "一般會員"
    # 10,000 topped up with the 1,500 bonus, then a 10%-off dye and serum (2,502) paid from it.
    card = Card.objects.get(customer=members["張雅婷"], card_type__kind="stored_value")
    stored = Account.objects.filter(card=card).aggregate(s=Sum("balance"))["s"]
    assert stored == Decimal("11500.00") - Decimal("2502.00")
    sessions = Account.objects.get(customer=members["陳志明"], kind="sessions")
    assert sessions.balance == 9
    assert Account.objects.filter(kind="points", card__isnull=True, balance__gt=0).count() >= 8
    assert Coupon.objects.filter(status="used").count() == 1

    orders = Order.objects.all()
    assert all(o.status == "paid" and o.cashier == owner for o in orders)
    assert orders.filter(customer__isnull=True).count() == 3
    assert orders.filter(change__gt=0).exists()
    methods = set(Payment.objects.values_list("method", flat=True))
    assert methods == {"cash", "card", "stored_value", "points"}
    assert orders.filter(lines__kind="count_card").count() == 2
    earners = set(CommissionEntry.objects.filter(amount__gt=0).values_list("staff__role", flat=True))
    assert earners == {"manager", "cashier"}


@pytest.mark.parametrize(
    ("module", "name", "fail_on_call"),
    [
        ("loyalty.services.coupons", "issue_coupon", 2),
        ("orders.services.checkout", "checkout", 8),
    ],
)
def test_a_rerun_after_a_crash_halfway_completes_without_doubling(
    tenant_a, monkeypatch, module, name, fail_on_call
):
    import importlib

    target = importlib.import_module(module)
    real = getattr(target, name)
    calls = []

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == fail_on_call:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    with schema_context(tenant_a.schema_name):
        owner = User.objects.get(role=User.Role.OWNER)
        manager = User.objects.create_user(
            "manager@alpha.test", "x-password-123", name="店長", role="manager"
        )
        cashier = User.objects.create_user(
            "cashier@alpha.test", "x-password-123", name="櫃台", role="cashier"
        )
    staff = {"owner": owner, "manager": manager, "cashier": cashier}

    monkeypatch.setattr(target, name, crash)
    with pytest.raises(RuntimeError, match="power cut"):
        demo_data.seed(tenant_a, **staff)
    monkeypatch.setattr(target, name, real)

    assert demo_data.seed(tenant_a, **staff).status == "created"
    with schema_context(tenant_a.schema_name):
        assert demo_data.counts() == EXPECTED
        done = snapshot()
    assert demo_data.seed(tenant_a, **staff).status == "present"
    with schema_context(tenant_a.schema_name):
        assert snapshot() == done
    assert_consistent(tenant_a)


def test_a_shop_with_its_own_catalogue_is_left_alone(tenant_a):
    from catalog.services import create_product
    from members.models import Customer

    with schema_context(tenant_a.schema_name):
        owner = User.objects.get(role=User.Role.OWNER)
        create_product({"name": "自家商品", "price": "100"}, actor=owner)
    result = demo_data.seed(tenant_a, owner=owner, manager=owner, cashier=owner)
    assert result.status == "skipped"
    assert result.summary().startswith("Demo data skipped")
    with schema_context(tenant_a.schema_name):
        assert not Customer.objects.exists()
        assert demo_data.counts()["products"] == 1
