"""The truth of the world: orders, parcels, tracking events, after-sales, reviews and bills.

Exports are views of this truth at a snapshot time; labels are its state at the final snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .catalog import Courier, Product, Province, Sku


@dataclass
class Buyer:
    name: str
    phone: str
    province: Province
    city: str
    district: str
    street: str
    cluster: str = ""  # "", "boost:<n>" or "trial:<n>"

    @property
    def rural(self) -> bool:
        return self.district.endswith(("县", "镇")) or self.street.endswith("镇")


@dataclass
class Line:
    product: Product
    sku: Sku
    qty: int

    @property
    def goods(self) -> float:
        return round(self.sku.price * self.qty, 2)


@dataclass
class Event:
    at: datetime
    kind: str  # semantic kind (pickup, hub_in, dispatch, refused, …)
    text: str
    place: str
    #: (Kuaidi100 state, advanced code, Kuaidi Niao State, StateEx), as the aggregator reports them
    codes: tuple[str, str, str, str]


@dataclass
class AfterSale:
    as_id: str
    order: Order
    kind: str  # 仅退款, 退货退款, 换货, 补寄
    reason: str
    applied_at: datetime
    amount: float
    ship_state: str  # 未发货 / 已发货
    history: list[tuple[datetime, str]] = field(default_factory=list)
    return_number: str = ""

    def state_at(self, when: datetime) -> str:
        state = ""
        for at, value in self.history:
            if at <= when:
                state = value
        return state


@dataclass
class Parcel:
    number: str
    courier: Courier
    orders: list[Order]
    uploaded_at: datetime  # 发货时间 of its first order
    events: list[Event] = field(default_factory=list)
    tracked: bool = True  # subscribed at the tracking aggregator
    origin_site: str = ""
    origin_city: str = "汕头市"
    empty: bool = False  # a 刷单 parcel with nothing (or a trinket) inside
    # physical journey
    pickup_at: datetime | None = None
    attempt_at: datetime | None = None
    mode: str = "door"  # door or station
    damaged: bool = False
    lost: bool = False
    expected_at: datetime | None = None
    available_at: datetime | None = None  # handed over at the door, or placed at the 驿站
    redelivered: bool = False
    other_return: str = ""  # bad_address, unreachable, locker_timeout
    return_trigger_at: datetime | None = None
    ctx: dict[str, str] = field(default_factory=dict)
    transit_hours: float = 0.0
    # outcome
    outcome: str = ""  # delivered, refused, returned_undelivered, intercepted, lost
    cause: str = ""
    facet: str = ""
    refused_at: datetime | None = None
    intercepted_at: datetime | None = None
    signed_at: datetime | None = None
    returned_at: datetime | None = None


@dataclass
class Order:
    idx: int
    order_id: str
    created_at: datetime
    buyer: Buyer
    lines: list[Line]
    kind: str  # genuine, boost, trial
    paid_at: datetime | None = None
    cancelled_at: datetime | None = None
    promise_ship_at: datetime | None = None
    promise_deliver_at: datetime | None = None
    postage: float = 0.0
    shop_discount: float = 0.0
    platform_discount: float = 0.0
    duoduo_discount: float = 0.0
    paid_amount: float = 0.0
    merchant_amount: float = 0.0
    buyer_message: str = ""
    notes: list[tuple[datetime, str]] = field(default_factory=list)
    group_id: str = ""
    source: str = "拼多多APP"
    pay_method: str = "微信支付"
    sf_upgrade: bool = False
    installments: int = 0
    gift_deadline: datetime | None = None
    sibling_of: Order | None = None
    # fulfilment
    ship_ready_at: datetime | None = None  # when the goods really leave
    uploaded_at: datetime | None = None  # 发货时间 as exported
    courier: Courier | None = None
    parcel: Parcel | None = None
    fake_ship: str = ""  # "", reused, no_pickup
    pre_uploaded: bool = False
    regret_at: datetime | None = None  # buyer wants out soon after paying
    defects: list[str] = field(default_factory=list)  # what is wrong with the goods inside
    signed_at: datetime | None = None  # 已签收 (parcel signed, or a 刷单 order confirmed)
    preship_refund_at: datetime | None = None
    refund_at: datetime | None = None  # money back after shipping
    confirm_at: datetime | None = None
    aftersales: list[AfterSale] = field(default_factory=list)
    # truth at the end
    outcome: str = ""
    cause: str = ""

    @property
    def goods(self) -> float:
        return round(sum(line.goods for line in self.lines), 2)

    @property
    def products(self) -> list[Product]:
        return [line.product for line in self.lines]


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
    number: str
    kind: str
    amount: float
    at: datetime
    note: str


@dataclass
class World:
    orders: list[Order]
    parcels: list[Parcel]
    aftersales: list[AfterSale]
    reviews: list[Review]
    penalties: list[Penalty]
    scores: list[tuple[str, float, float, float, float]]
