"""The demo shop's data: a small Taiwanese beauty salon that looks lived in.

Catalogue (services, retail products with stock), membership tiers, a stored-value card with a
top-up bonus, a count card, a coupon, twelve members, this month's expenses and a day of paid orders,
all written through the same services the API calls (with the owner as actor), so every ledger,
stock movement, commission and tier change is exactly what a real shop would have.

Safe to run again, and safe after a crash halfway:

* a shop whose catalogue has anything the demo did not put there is left alone;
* the last demo order is the "done" mark: once it exists, nothing is written;
* otherwise every step finds what an earlier run made (products by SKU, members by phone, card
  types, tiers and templates by name, expenses by their details) and every balance-moving call uses
  a fixed idempotency key (``demo:…``), every order a fixed client id (uuid5), so a second run
  completes the first without doubling anything.

Names and texts here are the shop's own data (in its language), not interface text.
"""

from __future__ import annotations

import datetime
import math
import uuid
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django_tenants.utils import tenant_context

KEY = "demo:"  # prefix of every idempotency key the demo data uses
NAMESPACE = uuid.UUID("5d0c3f0e-6b8a-4e55-9a51-1f6f3a2c7e10")  # order client ids: uuid5(NAMESPACE, "order-N")
TAX_RATE = "5.00"  # Taiwan's business tax, included in the prices
COMMISSION = "10.00"  # percent of the price, for the stylist on a service line

CATEGORIES = [("hair", "剪燙染"), ("skin", "臉部保養"), ("retail", "零售商品")]


@dataclass(frozen=True)
class Service:
    sku: str
    name: str
    category: str
    price: int
    minutes: int


@dataclass(frozen=True)
class Item:
    sku: str
    name: str
    price: int
    cost: int
    unit: str
    received: int  # units received into the store when the demo opens
    threshold: int  # low-stock alert at or below this


SERVICES = [
    Service("S001", "洗剪吹", "hair", 600, 60),
    Service("S002", "染髮", "hair", 1800, 120),
    Service("S003", "燙髮", "hair", 2200, 150),
    Service("S004", "臉部深層清潔", "skin", 1200, 90),
    Service("S005", "頭皮護理", "hair", 900, 60),
]
ITEMS = [
    Item("P001", "洗髮精", 450, 180, "瓶", 40, 10),
    Item("P002", "護髮素", 420, 170, "瓶", 36, 10),
    Item("P003", "精華液", 980, 420, "瓶", 24, 5),
    Item("P004", "髮蠟", 350, 120, "罐", 30, 8),
    # Popular: the day's sales take it to its alert level, so the low-stock list is not empty.
    Item("P005", "面膜組", 600, 260, "盒", 20, 12),
]
DEMO_SKUS = [s.sku for s in SERVICES] + [i.sku for i in ITEMS]

TIERS = [
    {"name": "一般會員", "rank": 1},
    {
        "name": "銀卡會員",
        "rank": 2,
        "min_spend": "5000.00",
        "discount_rate": "0.950",
        "birthday_gift": "生日當月頭皮護理一次",
    },
    {
        "name": "金卡會員",
        "rank": 3,
        "min_spend": "20000.00",
        "discount_rate": "0.900",
        "points_multiplier": "1.500",
        "birthday_gift": "生日當月臉部深層清潔一次",
        "birthday_points": "200.00",
    },
]
GOLD = "金卡會員"

STORED_VALUE_TYPE = "儲值卡"
COUNT_CARD_TYPE = "洗剪吹 10 次卡"
COUNT_SERVICE = "洗剪吹"
TOP_UP_RULES = [("儲值 5,000 送 500", "5000.00", "500.00"), ("儲值 10,000 送 1,500", "10000.00", "1500.00")]
COUPON_TEMPLATE = "新客折 100"


@dataclass(frozen=True)
class Member:
    name: str
    phone: str  # 0912-000-0xx: obviously not a real person's number, valid for Taiwan
    gender: str = ""
    birthday: datetime.date | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""


D = datetime.date
MEMBERS = [
    Member(
        "張雅婷",
        "0912-000-001",
        "female",
        D(1990, 3, 15),
        ("VIP",),
        "指定陳店長；對部分染劑過敏，染髮前先做皮膚測試",
    ),
    Member("李佳穎", "0912-000-002", "female", D(1988, 7, 2), ("儲值客",)),
    Member("王怡君", "0912-000-003", "female", D(1995, 11, 20), ("染髮",)),
    Member("陳志明", "0912-000-004", "male", D(1985, 5, 8), (), "每月固定剪髮，喜歡短髮推高"),
    Member("林淑芬", "0912-000-005", "female", D(1979, 9, 30), ("VIP", "儲值客")),
    Member("黃詩涵", "0912-000-006", "female", D(2001, 1, 12), ("學生", "新客")),
    Member("吳宗翰", "0912-000-007", "male"),
    Member("劉欣怡", "0912-000-008", "female", D(1993, 12, 5)),
    Member("蔡依玲", "0912-000-009", "female"),
    Member("楊家豪", "0912-000-010", "male", D(1991, 4, 22)),
    Member("許雅雯", "0912-000-011", "female", None, ("新客",)),
    Member("鄭美玲", "0912-000-012", "female", D(1970, 6, 18), (), "喜歡安靜，服務時不需聊天"),
]
STORED_VALUE = {0: "10000", 1: "5000", 4: "5000", 7: "3000", 11: "2000"}  # member index → top-up
COUNT_CARDS = [3, 6]  # member indexes with a 洗剪吹 count card
COUPON_HOLDERS = [5, 10]  # member indexes given the new-customer coupon
GOLD_MEMBERS = [0]  # moved to gold by hand (an old customer carried over from the paper cards)

# (built-in expense category code, day of the month, amount, payee, note)
EXPENSES = [
    ("rent", 1, "36000", "房東 陳先生", "本月店面租金"),
    ("utilities", 5, "3860", "台灣電力公司", "電費"),
    ("utilities", 8, "720", "台北自來水事業處", "水費"),
    ("supplies", 10, "2350", "美髮材料行", "染膏、毛巾、一次性手套"),
]


# --- orders -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    sku: str = ""  # a service or a product
    quantity: int = 1
    staff: tuple[str, ...] = ()  # "manager" / "cashier": who did the service (commission, even split)
    count_card: bool = False  # one 洗剪吹 session from the member's count card


@dataclass(frozen=True)
class Sale:
    member: int | None  # index into MEMBERS; None: a walk-in
    lines: tuple[Line, ...]
    # (method, amount): "points" amounts are points; None is "the rest" (cash: rounded up, with change)
    payments: tuple[tuple[str, Any], ...]
    coupon: bool = False
    exact_cash: bool = False
    note: str = ""


def _svc(sku: str, *staff: str) -> Line:
    return Line(sku, 1, staff)


def _item(sku: str, quantity: int = 1) -> Line:
    return Line(sku, quantity)


REST = None
SALES = [
    Sale(None, (_svc("S001", "manager"),), (("cash", REST),)),
    Sale(None, (_svc("S005", "cashier"), _item("P001")), (("card", REST),)),
    Sale(0, (_svc("S002", "manager"), _item("P003")), (("stored_value", REST),)),
    Sale(
        2,
        (_svc("S002", "manager"), _svc("S003", "manager", "cashier"), _item("P003"), _item("P001")),
        (("card", REST),),
        note="染燙一起做",
    ),
    Sale(3, (Line(count_card=True), _item("P004")), (("cash", REST),)),
    Sale(5, (_svc("S004", "cashier"),), (("cash", REST),), coupon=True, exact_cash=True),
    Sale(1, (_svc("S004", "cashier"), _item("P005", 2)), (("stored_value", REST),)),
    Sale(None, (_item("P005", 3), _item("P002")), (("card", REST),)),
    Sale(4, (_svc("S003", "manager"), _item("P002")), (("stored_value", REST),)),
    Sale(6, (Line(count_card=True), _svc("S005", "cashier")), (("cash", REST),)),
    Sale(7, (_svc("S001", "cashier"), _item("P005", 2)), (("stored_value", "1000"), ("cash", REST))),
    Sale(8, (_svc("S001", "manager"),), (("cash", REST),), exact_cash=True),
    Sale(9, (_svc("S005", "manager"), _item("P004")), (("card", REST),)),
    Sale(2, (_svc("S001", "cashier"), _item("P001")), (("points", "200"), ("cash", REST))),
    Sale(11, (_svc("S004", "cashier"), _item("P005", 2)), (("stored_value", "2000"), ("card", REST))),
]


def order_client_id(index: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"order-{index}")


LAST_ORDER = order_client_id(len(SALES) - 1)  # its existence marks the demo data complete


# --- result -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    status: str  # "created", "present" or "skipped" (the shop has a catalogue of its own)
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        figures = ", ".join(f"{count} {name}" for name, count in self.counts.items())
        heading = {
            "created": "Demo data created",
            "present": "Demo data already present",
            "skipped": "Demo data skipped (the shop has products of its own)",
        }[self.status]
        return f"{heading}: {figures}."


def counts() -> dict[str, int]:
    from catalog.models import Product
    from expenses.models import Expense
    from loyalty.models import Card, Coupon
    from members.models import Customer
    from orders.models import Order

    return {
        "services": Product.objects.filter(kind="service").count(),
        "products": Product.objects.filter(kind="product").count(),
        "members": Customer.objects.filter(member_no__isnull=False).count(),
        "cards": Card.objects.count(),
        "coupons": Coupon.objects.count(),
        "orders": Order.objects.count(),
        "expenses": Expense.objects.filter(voided=False).count(),
    }


# --- seeding ----------------------------------------------------------------------------------------


def seed(tenant: Any, *, owner: Any, manager: Any, cashier: Any) -> Result:
    """Fill ``tenant`` (a shop whose catalogue is empty or the demo's) with the demo salon's data.

    Runs with the real tenant (currency, time zone and plugins matter to checkout) and the shop's
    language (the few texts the services store, e.g. a count-card line's name)."""
    from catalog.models import Product
    from orders.models import Order

    with tenant_context(tenant), translation.override(tenant.language or None):
        if Product.objects.exclude(sku__in=DEMO_SKUS).exists():
            return Result("skipped", counts())
        if Order.objects.filter(client_id=LAST_ORDER).exists():
            return Result("present", counts())
        _Seeder(tenant, owner, {"manager": manager, "cashier": cashier}).run()
        return Result("created", counts())


def _valid(serializer_class: type, data: dict[str, Any]) -> dict[str, Any]:
    """The API's own input checks (a demo typo fails loudly, as the back office would refuse it)."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _ean13(body: str) -> str:
    """A 13-digit code with its check digit; prefix 20 is for in-store labels (never a real product)."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


class _Seeder:
    def __init__(self, tenant: Any, owner: Any, staff: dict[str, Any]) -> None:
        from catalog.services import default_store

        self.tenant = tenant
        self.owner = owner
        self.staff = staff
        self.store = default_store()
        self.products: dict[str, Any] = {}
        self.members: list[Any] = []
        self.stored_value: dict[int, Any] = {}
        self.count_cards: dict[int, Any] = {}
        self.coupons: dict[int, Any] = {}

    def run(self) -> None:
        self.catalogue()
        self.stock()
        self.tiers()
        card_types = self.card_types()
        template = self.coupon_template()
        self.people()
        self.cards(*card_types)
        self.issue_coupons(template)
        self.expenses()
        self.sales()  # last: the last order marks the demo data complete

    # catalogue and stock

    def catalogue(self) -> None:
        from catalog.api.serializers import CategorySerializer, ProductWriteSerializer
        from catalog.models import Category, Product
        from catalog.services import create_product

        categories = {}
        for order, (code, name) in enumerate(CATEGORIES, start=1):
            category = Category.objects.filter(name=name).first()
            if category is None:
                serializer = CategorySerializer(data={"name": name, "order": order * 10})
                serializer.is_valid(raise_exception=True)
                category = serializer.save()
            categories[code] = category
        wanted: list[tuple[str, dict[str, Any]]] = [
            (
                s.sku,
                {
                    "kind": "service",
                    "name": s.name,
                    "sku": s.sku,
                    "category": categories[s.category].pk,
                    "price": str(s.price),
                    "tax_rate": TAX_RATE,
                    "unit": "次",
                    "duration_minutes": s.minutes,
                    "commission_type": "percent",
                    "commission_value": COMMISSION,
                },
            )
            for s in SERVICES
        ]
        wanted += [
            (
                i.sku,
                {
                    "kind": "product",
                    "name": i.name,
                    "sku": i.sku,
                    "barcodes": [_ean13(f"20000000{n:04d}")],
                    "category": categories["retail"].pk,
                    "price": str(i.price),
                    "cost": str(i.cost),
                    "tax_rate": TAX_RATE,
                    "unit": i.unit,
                },
            )
            for n, i in enumerate(ITEMS, start=1)
        ]
        for sku, data in wanted:
            product = Product.objects.filter(sku=sku).first()
            if product is None:
                product = create_product(_valid(ProductWriteSerializer, data), actor=self.owner)
            self.products[sku] = product

    def stock(self) -> None:
        from inventory import services as inventory

        inventory.receive(
            self.store,
            [inventory.Line(self.products[i.sku], i.received, i.cost) for i in ITEMS],
            idempotency_key=f"{KEY}stock:opening",
            actor=self.owner,
            reason="開幕進貨",
        )
        for i in ITEMS:
            inventory.set_threshold_for(self.store, self.products[i.sku], i.threshold, actor=self.owner)

    # loyalty set-up

    def tiers(self) -> None:
        from loyalty.api.tiers import TierSerializer
        from loyalty.models import Tier

        for data in TIERS:
            if not Tier.objects.filter(name=data["name"]).exists():
                if Tier.objects.filter(rank=data["rank"]).exists():  # the shop's own tiers come first
                    top = Tier.objects.order_by("-rank").values_list("rank", flat=True).first()
                    data = {**data, "rank": top + 1}
                serializer = TierSerializer(data=data)
                serializer.is_valid(raise_exception=True)
                serializer.save()

    def card_types(self) -> tuple[Any, Any]:
        from loyalty.api.serializers import CardTypeSerializer, TopUpRuleSerializer
        from loyalty.models import CardType, TopUpRule

        def card_type(data: dict[str, Any]) -> Any:
            found = CardType.objects.filter(name=data["name"], kind=data["kind"]).first()
            if found is not None:
                return found
            serializer = CardTypeSerializer(data=data)
            serializer.is_valid(raise_exception=True)
            return serializer.save()

        wallet = card_type({"name": STORED_VALUE_TYPE, "kind": "stored_value"})
        sessions = card_type(
            {
                "name": COUNT_CARD_TYPE,
                "kind": "count",
                "price": "5000.00",
                "validity_days": 365,
                "services": [{"service": COUNT_SERVICE, "sessions": 10}],
            }
        )
        for name, minimum, bonus in TOP_UP_RULES:
            if not TopUpRule.objects.filter(name=name).exists():
                data = {"name": name, "card_type": wallet.pk, "min_amount": minimum, "bonus_amount": bonus}
                serializer = TopUpRuleSerializer(data=data)
                serializer.is_valid(raise_exception=True)
                serializer.save()
        return wallet, sessions

    def coupon_template(self) -> Any:
        from loyalty.api.coupons import CouponTemplateSerializer
        from loyalty.models import CouponTemplate

        found = CouponTemplate.objects.filter(name=COUPON_TEMPLATE).first()
        if found is not None:
            return found
        data = {
            "name": COUPON_TEMPLATE,
            "kind": "amount",
            "value": "100.00",
            "threshold": "500.00",
            "valid_days": 60,
            "per_member_limit": 1,
        }
        serializer = CouponTemplateSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.save()

    # members, cards, coupons

    def people(self) -> None:
        from loyalty.models import Tier
        from loyalty.services import tiers
        from members.models import Customer
        from members.services import clean_phone, create_customer

        for member in MEMBERS:
            e164, _national = clean_phone(member.phone)
            customer = Customer.objects.filter(phone=e164, merged_into__isnull=True).first()
            if customer is None:
                data = {
                    "name": member.name,
                    "phone": member.phone,
                    "gender": member.gender,
                    "birthday": member.birthday,
                    "tags": list(member.tags),
                    "notes": member.notes,
                    "consent_sms": True,
                }
                customer = create_customer(data, actor=self.owner, join=True)
            self.members.append(customer)
        for customer in self.members:  # everyone starts in the entry tier
            tiers.evaluate(customer, actor=self.owner)
        gold = Tier.objects.get(name=GOLD)
        for index in GOLD_MEMBERS:
            customer = self.members[index]
            if tiers.current_tier(customer) != gold:
                tiers.override(customer, gold, reason="紙本金卡舊客轉入", actor=self.owner)

    def cards(self, wallet: Any, sessions: Any) -> None:
        from loyalty.services import cards, stored_value

        for index, amount in STORED_VALUE.items():
            card = cards.issue_card(
                self.members[index], wallet, idempotency_key=f"{KEY}card:sv:{index}", actor=self.owner
            )
            stored_value.top_up(card, amount, idempotency_key=f"{KEY}top-up:{index}", actor=self.owner)
            self.stored_value[index] = card
        for index in COUNT_CARDS:
            self.count_cards[index] = cards.issue_card(
                self.members[index], sessions, idempotency_key=f"{KEY}card:count:{index}", actor=self.owner
            )

    def issue_coupons(self, template: Any) -> None:
        from loyalty.services import coupons

        for index in COUPON_HOLDERS:
            self.coupons[index] = coupons.issue_coupon(
                template,
                self.members[index],
                actor=self.owner,
                idempotency_key=f"{KEY}coupon:{index}",
                note="新客體驗",
            )

    # expenses

    def expenses(self) -> None:
        from expenses.models import Expense, ExpenseCategory
        from expenses.services import create_expense

        try:
            zone = zoneinfo.ZoneInfo(self.tenant.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = None
        today = timezone.localdate(timezone=zone)
        for code, day, amount, payee, note in EXPENSES:
            category = ExpenseCategory.objects.get(code=code)
            done = Expense.objects.filter(
                store=self.store, category=category, amount=amount, payee=payee, note=note, voided=False
            )
            if done.exists():
                continue
            data = {
                "store": self.store,
                "category": category,
                "amount": amount,
                "spent_on": today.replace(day=min(day, today.day)),
                "payee": payee,
                "note": note,
            }
            create_expense(data, actor=self.owner)

    # orders

    def sales(self) -> None:
        from orders.models import Order

        for index, sale in enumerate(SALES):
            client_id = order_client_id(index)
            if not Order.objects.filter(client_id=client_id).exists():
                self.sell(client_id, sale)

    def _line(self, sale: Sale, line: Line) -> dict[str, Any]:
        if line.count_card:
            assert sale.member is not None
            card = self.count_cards[sale.member]
            return {
                "kind": "count_card",
                "card": card.pk,
                "service": COUNT_SERVICE,
                "sessions": line.quantity,
            }
        product = self.products[line.sku]
        body: dict[str, Any] = {"kind": product.kind, "product": product.pk, "quantity": str(line.quantity)}
        if line.staff:
            body["staff"] = [{"user": self.staff[role].pk} for role in line.staff]
        return body

    def sell(self, client_id: uuid.UUID, sale: Sale) -> None:
        from loyalty.models import PointsSettings
        from loyalty.services.points import points_value
        from orders.api.serializers import CheckoutInput, QuoteInput
        from orders.services import checkout

        body: dict[str, Any] = {
            "store": self.store.pk,
            "mode": "sale",
            "lines": [self._line(sale, line) for line in sale.lines],
        }
        if sale.member is not None:
            body["customer"] = self.members[sale.member].pk
        if sale.coupon:
            assert sale.member is not None
            body["coupon_code"] = self.coupons[sale.member].code
        # As the till does: quote the cart, then take payments for its total.
        total = checkout.quote(_valid(QuoteInput, body), actor=self.owner).priced.total
        due = total
        payments = []
        for method, amount in sale.payments:
            payment: dict[str, Any] = {"method": method}
            if method == "points":
                payment["points"] = amount
                due -= points_value(Decimal(amount), PointsSettings.current().point_value)
            else:
                value = due if amount is None else Decimal(amount)
                if method == "cash" and amount is None and not sale.exact_cash:
                    step = 1000 if value > 500 else 100
                    value = Decimal(math.ceil(value / step) * step)  # a note handed over: change is due
                payment["amount"] = str(value)
                due -= min(value, due)
            if method == "stored_value":
                assert sale.member is not None
                payment["card"] = self.stored_value[sale.member].pk
            payments.append(payment)
        body.update(client_id=str(client_id), payments=payments, note=sale.note)
        checkout.checkout(_valid(CheckoutInput, body), actor=self.owner)
