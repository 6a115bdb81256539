"""The simulated shop's entities: products, buyers, orders, parcels, events and records.

Times are naive datetimes in China time (Asia/Shanghai); money is yuan as float.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

CAUSES = ("product_quality", "logistics", "reviews", "rule_violation")


@dataclass
class Sku:
    style_id: str
    spec: str
    code: str
    price: float


@dataclass
class Product:
    key: str
    product_id: str
    title: str
    categories: list[str]
    goods_code: str
    weight: float
    quality: float
    fragility: float
    skus: list[Sku]
    is_topup: bool = False
    is_launch: bool = False


@dataclass
class Region:
    province: str
    weight: float
    tier: int
    group: str
    hub: str
    cities: list[tuple[str, list[str]]]


@dataclass
class Courier:
    key: str
    names: list[str]
    k100: str
    kdn: str
    share: float
    speed: float
    damage: float
    prefix: str
    digits: int
    hub_suffix: list[str]
    brand: str


@dataclass
class Buyer:
    buyer_id: int
    name: str
    phone: str
    region: Region
    city: str
    district: str
    town: str
    kind: str = "regular"  # regular | booster | scraped | attacker
    id_number: str = ""


@dataclass
class Line:
    product: Product
    sku: Sku
    qty: int
    goods_total: float = 0.0
    postage: float = 0.0
    shop_discount: float = 0.0
    platform_discount: float = 0.0
    pay_discount: float = 0.0
    paid: float = 0.0
    received: float = 0.0
    defective: bool = False
    wrong_item: bool = False


@dataclass
class AfterSale:
    aftersale_id: str
    kind: str  # 仅退款 | 退货退款 | 换货 | 补寄 | 维修
    reason: str
    note: str
    applied_at: datetime
    refund: float
    shipped: bool
    statuses: list[tuple[datetime, str]] = field(default_factory=list)
    return_no: str = ""


@dataclass
class Order:
    order_id: str
    buyer: Buyer
    lines: list[Line]
    created_at: datetime
    paid_at: datetime | None
    kind: str = "regular"  # regular | boosted | attacker | followup
    boost_mode: str = ""  # empty | scraped | cluster | none_pickup
    zero_trial: bool = False
    buyer_message: str = ""
    message_kind: str = ""
    pay_method: str = "微信支付"
    source: str = "拼多多APP"
    group_id: str = ""
    sf_surcharge: bool = False
    parent: Order | None = None
    followups: list[Order] = field(default_factory=list)
    cancelled_at: datetime | None = None
    cancel_kind: str = ""  # unpaid | buyer | stockout | late
    fake_ship: bool = False  # marked shipped before the courier had it (虚假发货)
    reuse_number: bool = False  # later order sent on an earlier parcel's number
    late_ship: bool = False
    ready_at: datetime | None = None
    marked_shipped_at: datetime | None = None
    parcel: Parcel | None = None
    confirmed_at: datetime | None = None
    refunded_at: datetime | None = None
    after_sales: list[AfterSale] = field(default_factory=list)
    notes: list[tuple[datetime, str]] = field(default_factory=list)

    @property
    def total_paid(self) -> float:
        return round(sum(line.paid for line in self.lines), 2)

    @property
    def promised_ship_at(self) -> datetime | None:
        return self.paid_at + timedelta(hours=48) if self.paid_at else None


@dataclass
class Event:
    at: datetime
    kind: str
    text: str
    location: str = ""


@dataclass
class Parcel:
    tracking_no: str
    courier: Courier
    orders: list[Order]
    shipped_at: datetime
    pickup_at: datetime | None
    expected_days: float
    events: list[Event] = field(default_factory=list)
    outcome: str = "in_transit"  # delivered | refused | returned_undelivered | in_transit
    outcome_at: datetime | None = None
    cause: str = ""
    damaged: bool = False
    delayed_days: float = 0.0
    fake_delay_days: float = 0.0
    stuck: bool = False
    attempt_at: datetime | None = None
    decided_at: datetime | None = None  # when the buyer made up their mind to refuse
    returned_at: datetime | None = None
    undelivered_kind: str = ""
    refusal_style: str = ""
    via_locker: bool = False
    reused_by: list[Order] = field(default_factory=list)

    @property
    def main(self) -> Order:
        return self.orders[0]


@dataclass
class Review:
    at: datetime
    order: Order
    product: Product
    score: int
    text: str
    reply: str = ""
    logistics_score: int = 5
    service_score: int = 5
    reply_at: datetime | None = None


@dataclass
class Penalty:
    order: Order
    tracking_no: str
    kind: str
    amount: float
    at: datetime
    note: str


@dataclass
class World:
    seed: int
    start: datetime
    end: datetime
    export_times: list[datetime]
    products: list[Product]
    couriers: list[Courier]
    orders: list[Order]
    parcels: list[Parcel]
    reviews: list[Review]
    penalties: list[Penalty]
    store_scores: list[tuple[str, float, float, float, float]]
    windows: dict = field(default_factory=dict)
