"""The records world_g simulates: orders, parcels, tracking events, after-sales, reviews, bills."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .catalogue import Courier, Product, Region, Sku


@dataclass
class Buyer:
    name: str
    phone: str
    region: Region
    district: str
    street: str


@dataclass
class Line:
    product: Product
    sku: Sku
    quantity: int
    shop_discount: float
    platform_discount: float


@dataclass
class Event:
    at: datetime
    kind: str  # a key of tracking.CODES
    text: str
    location: str
    codes_missing: bool = False
    codes_wrong: bool = False


@dataclass
class AfterSale:
    case_id: str
    kind: str  # 仅退款 / 退货退款 / 补寄 ...
    reason: str
    amount: float
    ship_state: str  # 未发货 / 已发货
    return_number: str
    steps: list[tuple[datetime, str]]

    @property
    def applied_at(self) -> datetime:
        return self.steps[0][0]


@dataclass
class Review:
    at: datetime
    order_id: str
    goods_id: str
    score: int
    text: str
    reply: str


@dataclass
class Penalty:
    order_id: str
    tracking_number: str
    kind: str
    amount: float
    at: datetime
    note: str
    bill: str  # compensation (消费者补偿明细) or violation (违规记录)


@dataclass
class Parcel:
    number: str
    courier: Courier
    declared_at: datetime  # 发货时间 as the merchant clicked it
    picked_at: datetime | None  # the courier's first scan; None for a reused number
    orders: list[Order] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    subscribed: bool = True  # the tracking aggregator follows it
    fate: str = "in_transit"  # delivered / refused / returned_undelivered / lost / in_transit
    fate_at: datetime | None = None  # signed, refused, or sent back
    back_home_at: datetime | None = None  # the return signed at the warehouse
    door_at: datetime | None = None
    damaged: bool = False
    excess_days: float = 0.0
    upstairs_dispute: bool = False
    cause: str = ""
    mechanism: str = ""
    fired: list[str] = field(default_factory=list)
    refusal_scan_lost: bool = False  # the aggregator never received the refusal scan


@dataclass
class Order:
    order_id: str
    deal_at: datetime
    paid_at: datetime | None
    lines: list[Line]
    buyer: Buyer
    buyer_message: str = ""
    merchant_note: str = ""
    is_brushing: bool = False
    brushing_cluster: bool = False
    fake_shipped: bool = False
    reused_number: bool = False
    late_shipped: bool = False
    parcel: Parcel | None = None
    closed_at: datetime | None = None  # unpaid order closed by the platform
    cancelled_at: datetime | None = None  # refunded before shipping
    stockout: bool = False
    refunded_at: datetime | None = None  # money back after shipping (any reason)
    confirmed_at: datetime | None = None  # 确认收货时间
    after_sales: list[AfterSale] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)
    sf_upgrade: bool = False

    @property
    def promised_ship_at(self) -> datetime:
        return self.deal_at + timedelta(hours=48)

    @property
    def product_keys(self) -> list[str]:
        return [line.product.key for line in self.lines]

    @property
    def main_line(self) -> Line:
        return self.lines[0]

    def total(self) -> float:
        return round(sum(line.sku.price * line.quantity for line in self.lines), 2)

    def paid_amount(self) -> float:
        return round(
            sum(
                line.sku.price * line.quantity - line.shop_discount - line.platform_discount
                for line in self.lines
            ),
            2,
        )
