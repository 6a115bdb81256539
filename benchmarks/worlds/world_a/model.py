"""The simulated world's records: what happened, before any export is written."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Sku:
    spec: str
    price: float
    style_id: str
    code: str


@dataclass(frozen=True)
class Product:
    key: str
    title: str
    categories: tuple[str, ...]
    skus: tuple[Sku, ...]
    popularity: float
    quality_risk: float
    defects: tuple[str, ...]
    defect_words: tuple[str, ...]
    product_id: str
    code: str


@dataclass(frozen=True)
class Address:
    province: str
    city: str
    district: str
    street: str
    zone: int
    hub: str
    via: str


@dataclass(frozen=True)
class Buyer:
    name: str
    phone: str
    id_number: str
    address: Address
    is_studio: bool = False  # an account of the boosting (刷单) studio


@dataclass
class Line:
    product: Product
    sku: Sku
    quantity: int
    defect: str = ""  # "", "bad_batch" or "wrong_item"

    @property
    def amount(self) -> float:
        return round(self.sku.price * self.quantity, 2)


@dataclass
class Timeline:
    """A field's value over time: (moment, value) changes, the latest at or before t wins."""

    changes: list[tuple[datetime, str]] = field(default_factory=list)

    def set(self, moment: datetime, value: str) -> None:
        self.changes.append((moment, value))

    def at(self, moment: datetime, default: str = "") -> str:
        self.changes.sort(key=lambda change: change[0])
        index = bisect_right([change[0] for change in self.changes], moment)
        return self.changes[index - 1][1] if index else default


@dataclass
class Event:
    """One courier scan. `kind` is the world's own event vocabulary, coded per provider."""

    at: datetime
    kind: str
    text: str
    city: str
    code_noise: float  # decides, once, whether an export shows its code missing or wrong


@dataclass
class Parcel:
    tracking_no: str
    courier: str  # key into the couriers table
    shipped_at: datetime
    destination: Address
    origin_city: str
    events: list[Event] = field(default_factory=list)
    outcome: str = "in_transit"  # delivered, refused, returned, in_transit, no_pickup
    outcome_at: datetime | None = None
    cause: str = ""
    order_ids: list[str] = field(default_factory=list)


@dataclass
class Order:
    order_id: str
    buyer: Buyer
    lines: list[Line]
    deal_at: datetime
    paid_at: datetime | None
    postage: float
    shop_discount: float
    platform_discount: float
    pay_discount: float
    kind: str = "real"  # real, boosted, trial
    boost_mode: str = ""  # empty (empty parcel), reuse (reused number), nopickup
    merchant_note: str = ""
    buyer_message: str = ""
    sf_upgrade: bool = False
    pay_method: str = "微信支付"
    source: str = "拼多多"
    team_id: str = ""
    group: int = -1  # merge group: orders of one buyer shipped together
    out_of_stock: bool = False
    ship_plan_at: datetime | None = None
    pickup_plan_at: datetime | None = None
    shipped_at: datetime | None = None
    confirm_at: datetime | None = None
    parcel: Parcel | None = None
    reused_number: bool = False  # shipped on another order's tracking number
    status: Timeline = field(default_factory=Timeline)
    aftersale_status: Timeline = field(default_factory=Timeline)

    @property
    def promised_ship_at(self) -> datetime:
        return self.deal_at + timedelta(hours=48)

    @property
    def goods_amount(self) -> float:
        return round(sum(line.amount for line in self.lines), 2)

    @property
    def paid_amount(self) -> float:
        total = self.goods_amount + self.postage
        total -= self.shop_discount + self.platform_discount + self.pay_discount
        return round(max(total, 0.0), 2)

    @property
    def products(self) -> list[Product]:
        return [line.product for line in self.lines]


@dataclass
class AfterSale:
    aftersale_id: str
    order: Order
    kind: str  # 仅退款, 退货退款, 换货, 补寄
    reason: str
    applied_at: datetime
    amount: float
    shipped: bool
    return_tracking: str = ""
    states: Timeline = field(default_factory=Timeline)


@dataclass
class Review:
    order: Order
    product: Product
    at: datetime
    score: int
    text: str
    reply: str = ""
    service: int = 5  # the hidden 服务态度 rating behind the store score
    logistics: int = 5  # the hidden 物流服务 rating behind the store score


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
    orders: list[Order]
    parcels: list[Parcel]
    aftersales: list[AfterSale]
    reviews: list[Review]
    penalties: list[Penalty]
    store_scores: list[tuple[str, float, float, float, float]]
    summary: dict[str, object]
