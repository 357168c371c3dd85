"""What hooks return: small frozen records, so the core never guesses at dict shapes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

FieldTarget = Literal["member", "product", "order"]
FIELD_TARGETS: tuple[str, ...] = ("member", "product", "order")
ROLES: tuple[str, ...] = ("owner", "manager", "cashier")


@dataclass(frozen=True)
class CashierMode:
    """A way of ringing up a sale, shown in the cashier's mode switcher."""

    key: str
    label: Any  # a (lazy) translated string
    icon: str = "ShoppingCartOutlined"
    order: int = 100
    description: Any = ""
    # True when the till can ring the mode up without the server (it touches no balance that must be
    # checked live); the offline queue replays such sales later, exactly once.
    offline: bool = False


# Product.kind is stored in a CharField of this length: a longer key could never be saved.
PRODUCT_KIND_MAX_LENGTH = 40


@dataclass(frozen=True)
class ProductKind:
    """A kind of catalog item (``Product.kind``), e.g. the core's "product" and "service".

    ``tracks_stock`` decides whether the item has stock levels and whether selling or refunding it
    moves stock; ``is_service`` whether it behaves like a service (whole quantities, a duration,
    timed billing). A product whose kind is not registered by an enabled plugin keeps no stock.
    """

    key: str
    label: Any  # a (lazy) translated string
    tracks_stock: bool
    is_service: bool = False
    order: int = 100


@dataclass(frozen=True)
class FieldSet:
    """Extra fields for a core record, described as a JSON Schema object.

    Values are stored under ``extra[namespace]`` of the record and validated against ``schema``.
    """

    target: FieldTarget
    namespace: str
    schema: dict[str, Any]


@dataclass(frozen=True)
class ApiRoute:
    """An API view mounted at /api/v1/ext/<plugin>/<path>; 404 for tenants without the plugin."""

    path: str
    view: Callable[..., Any]
    name: str


@dataclass(frozen=True)
class MenuEntry:
    """A navigation entry of the merchant app; ``roles`` empty means every signed-in staff."""

    key: str
    label: Any
    path: str
    icon: str = "AppstoreOutlined"
    order: int = 100
    roles: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ScheduledJob:
    """A Celery task run once a day per tenant at ``hour:minute`` in the tenant's own time zone."""

    name: str
    task: str
    hour: int
    minute: int = 0
