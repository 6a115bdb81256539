"""What the simulated shop is made of: orders, parcels, tracking events, after-sales records,
reviews and penalty bills. Money is held in fen (integer cents) so that sums stay exact."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .catalog import Product, Sku
from .geography import Courier, Place


@dataclass(frozen=True)
class Buyer:
    name: str
    phone: str
    place: Place


@dataclass
class Line:
    sku: Sku
    qty: int
    unit_cents: int
    #: a temporary packer put the wrong size in the bag (发错码)
    wrong_size: bool = False

    @property
    def total_cents(self) -> int:
        return self.unit_cents * self.qty


@dataclass
class Order:
    order_id: str
    #: "normal", "boosted" (刷单, the shop pays the buyer back) or "trial" (the ¥0.01 ring)
    kind: str
    buyer: Buyer
    placed_at: datetime
    lines: list[Line]
    shop_discount: int = 0
    platform_discount: int = 0
    pay_discount: int = 0
    paid_at: datetime | None = None
    note: str = ""
    message: str = ""
    sf_upgrade: bool = False
    group_id: str = ""
    promise_ship_at: datetime | None = None
    #: an unpaid order closed by the platform
    closed_at: datetime | None = None
    #: the buyer (or the shop, out of stock) cancelled before the parcel left
    cancel_at: datetime | None = None
    cancel_reason: str = ""
    stockout: bool = False
    #: when the shop would pack it, had nothing intervened
    ready_at: datetime | None = None
    ship_at: datetime | None = None
    tracking_no: str = ""
    courier: Courier | None = None
    parcel: Parcel | None = None
    #: shipped with an old tracking number (虚假发货): no parcel of its own
    reused_number: bool = False
    #: the buyer (or the 刷手) confirmed receipt
    confirmed_at: datetime | None = None
    #: the shop refunded without an after-sales record (after a returned parcel came back)
    quiet_refund_at: datetime | None = None
    after_sales: list[AfterSale] = field(default_factory=list)
    outcome: str = ""
    cause: str = ""

    @property
    def goods_cents(self) -> int:
        return sum(line.total_cents for line in self.lines)

    @property
    def paid_cents(self) -> int:
        return self.goods_cents - self.shop_discount - self.platform_discount - self.pay_discount

    @property
    def signed_at(self) -> datetime | None:
        """When the goods reached the buyer (a boosted order with no parcel: when the 刷手
        confirmed receipt)."""
        if self.parcel is not None and self.parcel.ending == "signed":
            return self.parcel.ending_at
        if self.parcel is not None and self.parcel.ending == "no_parcel":
            return self.confirmed_at
        return None


@dataclass
class Event:
    at: datetime
    kind: str
    text: str
    city: str
    #: how the tracking aggregators mis-code this event, if they do ("" = coded right)
    miscode: str = ""


@dataclass
class Parcel:
    tracking_no: str
    courier: Courier
    orders: list[Order]
    ship_at: datetime
    place: Place
    origin: str
    events: list[Event] = field(default_factory=list)
    #: signed, refused, intercepted, unreachable, address, station_overdue, lost, no_parcel
    ending: str = ""
    #: the moment that decides the ending (signature, refusal, interception, the failed delivery)
    ending_at: datetime | None = None
    #: the returned parcel was signed for at the shop
    returned_at: datetime | None = None
    attempt_at: datetime | None = None
    excess_days: float = 0.0
    damaged: bool = False
    cause: str = ""
    fired: tuple[str, ...] = ()
    #: the buyer applied for a refund before the parcel reached her, and the shop agreed
    refund_applied_at: datetime | None = None
    refund_agreed_at: datetime | None = None


@dataclass
class AfterSale:
    number: str
    order: Order
    kind: str
    reason: str
    applied_at: datetime
    amount_cents: int
    shipped: bool
    states: list[tuple[datetime, str]]
    return_no: str = ""

    def state_at(self, moment: datetime) -> str | None:
        current = None
        for at, state in self.states:
            if at <= moment:
                current = state
        return current

    def refunded_at(self) -> datetime | None:
        for at, state in self.states:
            if state == "退款成功":
                return at
        return None


@dataclass(frozen=True)
class Review:
    at: datetime
    order: Order
    #: the product of the order the review is about
    product: Product
    score: int
    text: str
    reply: str


@dataclass(frozen=True)
class Penalty:
    at: datetime
    order: Order
    tracking_no: str
    kind: str
    amount_cents: int
    note: str


@dataclass(frozen=True)
class StoreScore:
    day: datetime
    overall: float
    description: float
    logistics: float
    service: float


@dataclass
class World:
    orders: list[Order]
    parcels: list[Parcel]
    after_sales: list[AfterSale]
    reviews: list[Review]
    penalties: list[Penalty]
    store_scores: list[StoreScore]
