"""The world's ground truth: orders, parcels, tracking events and what happened after."""

from dataclasses import dataclass, field
from datetime import datetime

from .shop import Courier, Product, Region

OUTCOMES = ("refused", "delivered", "returned_undelivered", "in_transit", "cancelled",
            "not_shipped", "fake_shipping", "lost", "refunded")
CAUSES = ("product_quality", "logistics", "reviews", "rule_violation")


@dataclass
class Line:
    product: Product
    quantity: int
    goods_cents: int
    shop_discount_cents: int = 0
    platform_discount_cents: int = 0
    duoduo_discount_cents: int = 0

    @property
    def paid_cents(self) -> int:
        discounts = (self.shop_discount_cents + self.platform_discount_cents
                     + self.duoduo_discount_cents)
        return max(self.goods_cents - discounts, 0)

    @property
    def merchant_cents(self) -> int:
        return max(self.goods_cents - self.shop_discount_cents, 0)


@dataclass
class Event:
    at: datetime
    kind: str
    text: str
    city: str


@dataclass
class Parcel:
    tracking_no: str
    courier: Courier
    shipped_at: datetime
    events: list[Event] = field(default_factory=list)
    fate: str = "delivered"
    cause: str = ""
    refused_at: datetime | None = None
    settled_at: datetime | None = None
    late_days: float = 0.0


@dataclass
class AfterSale:
    case_id: str
    kind: str
    reason: str
    applied_at: datetime
    refund_cents: int
    shipped: bool
    steps: list[tuple[datetime, str]]


@dataclass
class Review:
    at: datetime
    product: Product
    score: int
    text: str
    reply: str


@dataclass
class Penalty:
    at: datetime
    kind: str
    amount_cents: int
    note: str


@dataclass
class Order:
    order_id: str
    created_at: datetime
    region: Region
    district: str
    street: str
    buyer_key: str
    lines: list[Line]
    paid_at: datetime | None = None
    promise_ship_at: datetime | None = None
    promise_deliver_at: datetime | None = None
    buyer_message: str = ""
    merchant_note: str = ""
    is_trial: bool = False
    boosting_code: str = ""
    cancelled_at: datetime | None = None
    shipped_at: datetime | None = None
    tracking_no: str = ""
    courier: Courier | None = None
    parcel: Parcel | None = None
    is_fake_shipping: bool = False
    signed_at: datetime | None = None
    confirmed_at: datetime | None = None
    refunded_at: datetime | None = None
    outcome: str = ""
    cause: str = ""
    group_id: str = ""
    pay_method: str = ""
    source: str = ""
    after_sales: list[AfterSale] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)

    @property
    def paid_cents(self) -> int:
        return sum(line.paid_cents for line in self.lines)
