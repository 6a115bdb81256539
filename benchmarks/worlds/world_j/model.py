"""The simulated facts: orders, parcels, tracking events, after-sales, reviews and penalties.

These are the truth. The exports are views of them at a weekly moment, in a merchant's formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .catalog import Courier, Product, Sku

OUTCOMES = ("refused", "delivered", "returned_undelivered", "in_transit", "cancelled",
            "not_shipped", "fake_shipping", "lost", "refunded")
#: the labelling rule: where several causes act on one refusal, the first failing link wins —
#: the order itself (rule_violation), then the goods packed, then the transit, then the buyer's
#: opinion formed from reviews and prices.
CAUSES_BY_LINK = ("rule_violation", "product_quality", "logistics", "reviews")

NO_AFTER_SALES = "无售后或售后取消"


@dataclass
class Buyer:
    buyer_id: str
    name: str  # masked, e.g. 张**
    phone: str  # masked, e.g. 138****2291
    province: str
    city: str
    district: str
    street: str


@dataclass
class Line:
    product: Product
    sku: Sku
    quantity: int
    unit_price: float

    @property
    def total(self) -> float:
        return round(self.unit_price * self.quantity, 2)


@dataclass
class Event:
    at: datetime
    kind: str
    text: str
    city: str
    refusal_code: str = ""  # which code a refusal scan carries: "14", "203", "14+203"


@dataclass
class Parcel:
    tracking_no: str
    courier: Courier
    display_name: str
    shipped_at: datetime  # 发货时间 the merchant entered
    orders: list[Order] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # what happened to the goods and the trip (truth)
    defects: list[str] = field(default_factory=list)  # leak, wrong_shade, fake_batch, …
    damaged: bool = False
    locker: str = ""  # "", "notice", "silent"
    lateness_days: float = 0.0
    fate: str = ""  # delivered, refused, lost, address_bad, unreachable, locker_timeout
    fate_at: datetime | None = None  # signing, refusal, or the failure scan
    back_at: datetime | None = None  # back at the shop
    causes_fired: tuple[str, ...] = ()
    cause: str = ""


@dataclass
class AfterSale:
    case_id: str
    order: Order
    kind: str  # 仅退款, 退货退款, 换货, 补寄
    reason: str
    applied_at: datetime
    amount: float
    shipped_state: str  # 未发货 / 已发货
    return_tracking: str = ""
    statuses: list[tuple[datetime, str]] = field(default_factory=list)

    def status_at(self, moment: datetime) -> str:
        current = ""
        for at, status in self.statuses:
            if at <= moment:
                current = status
        return current


@dataclass
class Review:
    at: datetime
    order: Order
    product: Product
    score: int
    text: str
    reply: str


@dataclass
class Penalty:
    order: Order
    tracking_no: str
    kind: str
    amount: float
    at: datetime
    note: str


@dataclass
class Order:
    order_id: str
    buyer: Buyer
    created_at: datetime
    lines: list[Line]
    postage: float = 0.0
    shop_discount: float = 0.0
    platform_discount: float = 0.0
    pay_discount: float = 0.0
    note: str = ""
    message: str = ""
    is_trial: bool = False
    sf_upgrade: bool = False
    presale: bool = False
    group_id: str = ""
    paid_at: datetime | None = None
    promised_ship_at: datetime | None = None
    promised_delivery_at: datetime | None = None
    shipped_at: datetime | None = None
    confirmed_at: datetime | None = None
    parcel: Parcel | None = None
    tracking_no: str = ""  # what the order export shows (a reused number for fake shipping)
    courier_name: str = ""
    statuses: list[tuple[datetime, str, str]] = field(default_factory=list)
    # mechanisms (truth)
    plan: str = "ship"  # ship, cancel, refund_unshipped, stockout, fake_shipping
    brushed: bool = False
    ring: bool = False
    fake_track: bool = False
    merged_with: str = ""
    refund_at: datetime | None = None
    outcome: str = ""
    cause: str = ""

    @property
    def goods_total(self) -> float:
        return round(sum(line.total for line in self.lines), 2)

    @property
    def paid_total(self) -> float:
        return round(self.goods_total + self.postage - self.shop_discount - self.platform_discount
                     - self.pay_discount, 2)

    def status_at(self, moment: datetime) -> tuple[str, str]:
        current = ("", NO_AFTER_SALES)
        for at, status, after_sales in self.statuses:
            if at <= moment:
                current = (status, after_sales)
        return current
