"""The world's records: orders, after-sales requests, reviews, penalties, and id issuing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from random import Random

from .parcels import Parcel
from .shop import (
    Product,
    Region,
    Sku,
)


# ---------------------------------------------------------------- the world's records
@dataclass
class Buyer:
    name: str
    phone: str
    region: Region


@dataclass
class Line:
    sku: Sku
    qty: int


@dataclass
class AfterSale:
    number: str
    order: Order
    kind: str  # 仅退款 / 退货退款 / 换货
    reason: str
    applied_at: datetime
    refund_cents: int
    shipped: bool  # 发货状态 at application
    return_number: str = ""
    log: list[tuple[datetime, str]] = field(default_factory=list)


@dataclass
class Review:
    order: Order
    at: datetime
    score: int
    text: str
    reply: str = ""


@dataclass
class Penalty:
    order: Order
    number: str
    kind: str
    amount_cents: int
    at: datetime
    note: str
    bill: str  # compensation (消费者补偿明细) or violation (违规记录)


@dataclass
class Trigger:
    at: datetime
    detail: str
    mode: str  # transit: decided before delivery; door: at the door / station
    priority: int


@dataclass
class Order:
    order_id: str
    deal_at: datetime
    buyer: Buyer
    lines: list[Line]
    role: str = "normal"  # normal, boost, competitor
    zero_trial: bool = False
    sf_upgrade: bool = False
    postage: int = 0
    shop_discount: int = 0
    platform_discount: int = 0
    pay_discount: int = 0
    message: str = ""
    note: str = ""
    partner: Order | None = None
    sibling_style: bool = False
    paid_at: datetime | None = None
    cancelled_at: datetime | None = None
    refund_unshipped_at: datetime | None = None
    stockout: bool = False
    uploaded_at: datetime | None = None
    parcel: Parcel | None = None
    fake: str | None = None  # reuse, presale_never, boost_no_pickup
    presale_fake: bool = False
    picked_wrong: bool = False
    issue: str | None = None  # the product-side mechanism active on this order, if any
    issue_p: float = 0.0
    triggers: list[Trigger] = field(default_factory=list)
    winner: Trigger | None = None
    applied: AfterSale | None = None
    outcome: str = ""
    cause: str = ""
    log: list[tuple[datetime, str, str]] = field(default_factory=list)
    confirm_at: datetime | None = None
    after_sales: list[AfterSale] = field(default_factory=list)
    review: Review | None = None
    draft_review: Review | None = None

    @property
    def goods_cents(self) -> int:
        return sum(line.sku.product.price_cents * line.qty for line in self.lines)

    @property
    def paid_cents(self) -> int:
        return max(
            0,
            self.goods_cents
            + self.postage
            - self.shop_discount
            - self.platform_discount
            - self.pay_discount,
        )

    @property
    def product(self) -> Product:
        return self.lines[0].sku.product


@dataclass
class World:
    seed: int
    orders: list[Order]
    parcels: list[Parcel]
    after_sales: list[AfterSale] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)
    store_scores: list[tuple[date, float, float, float, float]] = field(default_factory=list)


class Ids:
    """Order ids, tracking numbers and after-sales numbers, unique within the world."""

    def __init__(self, rng: Random):
        self.rng = rng
        self.used: set[str] = set()

    def _unique(self, make) -> str:
        value = make()
        while value in self.used:
            value = make()
        self.used.add(value)
        return value

    def order_id(self, deal_at: datetime) -> str:
        return self._unique(lambda: f"{deal_at:%y%m%d}-{self.rng.randrange(10**14, 10**15 - 1)}")

    def tracking(self, courier) -> str:
        return self._unique(lambda: courier.number(self.rng))

    def after_sale(self) -> str:
        return self._unique(lambda: str(self.rng.randrange(10**11, 10**12)))
